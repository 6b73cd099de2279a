"""Imports files on a worker thread with its own database connection, so the window stays responsive."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QThread, Signal

from annotator.ops.importing import ImportOutcome, archive_evidence_url, import_paths, import_url
from annotator.store.project import ProjectError, open_project

log = logging.getLogger(__name__)


class ImportWorker(QObject):
    """Runs `import_paths` and reports each file; cancelling stops between files and within one (between
    a PDF's pages). Exactly one of `finished` and `failed` is emitted, whatever happens."""

    started = Signal(int, int, str)  # number (from 1) and total of the file being read, its path
    progress = Signal(int, int, str, str)  # done, total, a line describing the last file, its status
    finished = Signal(list)  # list[ImportOutcome]
    # Why the import stopped, and the outcomes of the files handled (and committed) before that.
    failed = Signal(str, list)

    def __init__(
        self,
        project_path: Path,
        paths: list[Path],
        annotator_id: str,
        passwords: dict[Path, str] | None = None,
        urls: list[str] | None = None,
        evidence_ids: list[str] | None = None,
    ) -> None:
        super().__init__()
        self.urls = list(urls or [])  # web pages to fetch after the files (File > Import URL)
        self.evidence_ids = list(evidence_ids or [])  # URL evidence to archive now, after the pages
        self.project_path = project_path
        self.paths = paths
        self.annotator_id = annotator_id
        self.passwords = dict(passwords or {})
        self._cancelled = False

    def cancel(self) -> None:
        self._cancelled = True

    def run(self) -> None:
        committed: list[ImportOutcome] = []
        try:
            with open_project(self.project_path, create=False) as project:

                def report(done: int, total: int, outcome: ImportOutcome) -> None:
                    self.progress.emit(done, total, outcome.describe(), status_of(outcome))

                def starting(number: int, total: int, path: Path) -> None:
                    self.started.emit(number, total, str(path))

                outcomes = import_paths(
                    project,
                    self.paths,
                    self.annotator_id,
                    on_progress=report,
                    should_cancel=lambda: self._cancelled,
                    password_for=self.passwords.get,
                    on_committed=committed.extend,
                    on_file=starting,
                )
                for number, url in enumerate(self.urls, start=1):
                    if self._cancelled:
                        break
                    outcome = import_url(project, url, self.annotator_id)
                    committed.append(outcome)
                    outcomes.append(outcome)
                    self.progress.emit(number, len(self.urls), outcome.describe(), status_of(outcome))
                for number, evidence_id in enumerate(self.evidence_ids, start=1):
                    if self._cancelled:
                        break
                    outcome = archive_evidence_url(project, evidence_id, self.annotator_id)
                    committed.append(outcome)
                    outcomes.append(outcome)
                    self.progress.emit(number, len(self.evidence_ids), outcome.describe(), "")
        except ProjectError as error:
            self.failed.emit(str(error), committed)
        except Exception as error:  # a bug must not leave the window waiting for an import forever
            log.exception("the import stopped unexpectedly")
            self.failed.emit(f"The import stopped unexpectedly: {type(error).__name__}: {error}", committed)
        else:
            self.finished.emit(outcomes)


def status_of(outcome: ImportOutcome) -> str:
    """What the progress dialog counts the outcome as: "imported", "duplicate", "failed" or ""."""
    if not outcome.ok:
        return "failed"
    if outcome.duplicate_of is not None:
        return "duplicate"
    return "imported" if outcome.added_document else ""


def start_import(worker: ImportWorker) -> QThread:
    thread = QThread()
    worker.moveToThread(thread)
    thread.started.connect(worker.run)
    # Direct: quit() is thread-safe, and a queued call would wait for the GUI thread, which may itself
    # be waiting for this thread to end.
    worker.finished.connect(thread.quit, Qt.ConnectionType.DirectConnection)
    worker.failed.connect(thread.quit, Qt.ConnectionType.DirectConnection)
    thread.start()
    return thread
