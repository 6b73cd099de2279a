"""Unexpected errors in the GUI: logged to a file in the data folder and shown in a dialog, never silent."""

from __future__ import annotations

import logging
import logging.handlers
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QApplication, QMessageBox

from annotator.store.project import ProjectError

LOG_NAME = "annotator.log"
logger = logging.getLogger("annotator")


def log_path() -> Path:
    folder = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation))
    folder.mkdir(parents=True, exist_ok=True)
    return folder / LOG_NAME


def install_excepthook() -> Path:
    """Log unexpected errors to a file and show each in a dialog; returns the log file's path."""
    path = log_path()
    if not any(getattr(handler, "baseFilename", None) == str(path) for handler in logger.handlers):
        # Rotated, so a loop of errors cannot fill the disk.
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
        )
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
    sys.excepthook = show_unexpected_error
    return path


def show_unexpected_error(
    kind: type[BaseException], error: BaseException, trace: TracebackType | None
) -> None:
    """sys.excepthook: Qt calls it for an exception escaping a slot or an event handler."""
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, error, trace)
        return
    logger.error("Unexpected error", exc_info=(kind, error, trace))
    details = "".join(traceback.format_exception(kind, error, trace))
    print(details, file=sys.stderr, end="")
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    if any(box.isVisible() for box in _shown):
        return  # one dialog at a time: an error repeated on every repaint must not bury the window
    if isinstance(error, ProjectError):
        # Expected trouble that reached no handler (a read-only or busy project): its reason says it all.
        title, summary = "Not saved", f"{error.path.name} {error.reason}"
    else:
        title, summary = "Unexpected error", f"Something went wrong: {kind.__name__}: {error}"
    box = QMessageBox(
        QMessageBox.Icon.Critical,
        title,
        f"{summary}\n\nannotator keeps running, and every change saved before this is safe. "
        f"The details were written to\n{log_path()}",
        parent=app.activeWindow(),
    )
    box.setObjectName("unexpectedError")
    box.setDetailedText(details)
    # Held here, since with no window active the box has no parent to keep it alive.
    _shown.append(box)
    box.finished.connect(lambda _result: _shown.remove(box))
    box.open()


_shown: list[QMessageBox] = []
