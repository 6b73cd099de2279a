"""Computes suggestions on a worker thread, so the window never waits for them: after an import (for the
new documents) and whenever a document is opened or asked for. The window reads what they need (text,
actors, decisions) on its own connection first: the worker only computes, from memory, and never opens
the project file beside the window's connection and other processes' writes."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Qt, QThread, Signal

from annotator.ops import suggestions as suggestion_ops
from annotator.ops.suggestion_model import DecisionModel
from annotator.store.suggestion_queries import Decision

log = logging.getLogger(__name__)


class SuggestionWorker(QObject):
    """Suggestions for each document given, reported one document at a time; then `finished`."""

    computed = Signal(str, int, list)  # document id, the request's generation, list[Suggestion]
    failed = Signal(str)
    finished = Signal()

    def __init__(
        self, documents: list[suggestion_ops.SuggestionInputs], decisions: list[Decision], generation: int
    ) -> None:
        super().__init__()
        self.documents = documents
        self.decisions = decisions
        # Which state of the decisions it computed from: the window drops an answer older than them.
        self.generation = generation
        self._cancelled = False

    def cancel(self) -> None:
        self._cancelled = True

    def run(self) -> None:
        try:
            trained = DecisionModel(self.decisions)  # trained once for every document asked for
            for given in self.documents:
                if self._cancelled:
                    break
                self.computed.emit(given.document_id, self.generation, suggestion_ops.compute(given, trained))
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
