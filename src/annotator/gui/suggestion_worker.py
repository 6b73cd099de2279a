"""Computes suggestions on a worker thread with its own database connection, so the window never waits
for them: after an import (for the new documents) and whenever a document is opened or asked for."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QThread, Signal

from annotator.ops import suggestions as suggestion_ops
from annotator.store.project import ProjectError, open_project

log = logging.getLogger(__name__)


class SuggestionWorker(QObject):
    """Suggestions for each document asked for, reported one document at a time; then `finished`."""

    computed = Signal(str, int, list)  # document id, the request's generation, list[Suggestion]
    failed = Signal(str)
    finished = Signal()

    def __init__(self, project_path: Path, document_ids: list[str], generation: int) -> None:
        super().__init__()
        self.project_path = project_path
        self.document_ids = list(document_ids)
        # Which state of the decisions it computed from: the window drops an answer older than them.
        self.generation = generation
        self._cancelled = False

    def cancel(self) -> None:
        self._cancelled = True

    def run(self) -> None:
        try:
            with open_project(self.project_path, create=False) as project:
                trained = suggestion_ops.model(project)  # trained once for every document asked for
                for document_id in self.document_ids:
                    if self._cancelled:
                        break
                    try:
                        found = suggestion_ops.document_suggestions(project, document_id, trained=trained)
                    except LookupError:
                        continue  # the document was removed meanwhile (an undone import)
                    self.computed.emit(document_id, self.generation, found)
        except ProjectError as error:
            self.failed.emit(str(error))
        except Exception as error:  # a bug must not leave the window waiting forever
            log.exception("suggestions stopped unexpectedly")
            self.failed.emit(f"Suggestions stopped unexpectedly: {type(error).__name__}: {error}")
        finally:
            self.finished.emit()


def start_suggestions(worker: SuggestionWorker) -> QThread:
    thread = QThread()
    worker.moveToThread(thread)
    thread.started.connect(worker.run)
    worker.finished.connect(thread.quit, Qt.ConnectionType.DirectConnection)
    thread.start()
    return thread
