"""Builds and writes an export on a worker thread with its own connection, with progress and Cancel."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QThread, Signal

from annotator.export.errors import ExportError
from annotator.export.formats import FORMATS, export_report
from annotator.export.model import ReportFilter
from annotator.store.project import ProjectError, open_project
from annotator.store.report_settings import ReportSettings

log = logging.getLogger(__name__)


class ExportCancelled(Exception):
    """Raised from the progress callback when the user cancels."""


class ExportWorker(QObject):
    """Exports `name` to `path`; exactly one of `finished`, `failed` and `cancelled` is emitted.
    The file is written beside the target and renamed, so a failure never leaves half a report."""

    progress = Signal(int, int, str)  # done, total, what is happening
    finished = Signal(str, int)  # the path written, its size in bytes
    failed = Signal(str)
    cancelled = Signal()

    def __init__(
        self, project_path: Path, name: str, where: ReportFilter, settings: ReportSettings, path: Path
    ) -> None:
        super().__init__()
        self.project_path = project_path
        self.name = name
        self.where = where
        self.settings = settings
        self.path = path
        self._cancelled = False

    def cancel(self) -> None:
        self._cancelled = True

    def _progress(self, done: int, total: int) -> None:
        if self._cancelled:
            raise ExportCancelled
        self.progress.emit(done, total, f"{FORMATS[self.name].description}: {done:,} of {total:,} claims")

    def run(self) -> None:
        partial = self.path.with_name(self.path.name + ".partial")
        try:
            if self._cancelled:
                raise ExportCancelled
            with open_project(self.project_path, create=False) as project:
                self.progress.emit(0, 0, "Reading the project…")
                content = export_report(project, self.name, self.where, self.settings, self._progress)
            if self._cancelled:
                raise ExportCancelled
            data = content if isinstance(content, bytes) else content.encode("utf-8")
            partial.write_bytes(data)
            partial.replace(self.path)
        except ExportCancelled:
            partial.unlink(missing_ok=True)
            self.cancelled.emit()
        except OSError as error:
            partial.unlink(missing_ok=True)
            self.failed.emit(f"{self.path}\n\n{error.strerror or error}")
        except (ProjectError, ExportError) as error:
            self.failed.emit(str(error))
        except Exception as error:  # a bug must not leave the dialog waiting forever
            log.exception("the export stopped unexpectedly")
            self.failed.emit(f"The export stopped unexpectedly: {type(error).__name__}: {error}")
        else:
            self.finished.emit(str(self.path), len(data))


def start_export(worker: ExportWorker) -> QThread:
    thread = QThread()
    worker.moveToThread(thread)
    thread.started.connect(worker.run)
    for signal in (worker.finished, worker.failed, worker.cancelled):
        signal.connect(thread.quit, Qt.ConnectionType.DirectConnection)
    thread.start()
    return thread
