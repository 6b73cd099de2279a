"""Unexpected errors: logged to the data folder's log file and shown in a dialog, the app keeps running."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from annotator.gui import error_hook
from annotator.store.project import ProjectReadOnly


def _visible_error_boxes() -> list[QMessageBox]:
    return [
        widget
        for widget in QApplication.topLevelWidgets()
        if isinstance(widget, QMessageBox) and widget.objectName() == "unexpectedError" and widget.isVisible()
    ]


@pytest.fixture
def hook(monkeypatch: pytest.MonkeyPatch, qapp: QApplication):  # type: ignore[no-untyped-def]
    """The hook installed as run_gui installs it; the previous sys.excepthook comes back afterwards."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    path = error_hook.install_excepthook()
    yield path
    for box in _visible_error_boxes():
        box.done(0)


def _raise_and_catch() -> tuple[type[BaseException], BaseException, object]:
    try:
        {"claims": []}["verdicts"]
    except KeyError:
        kind, error, trace = sys.exc_info()
        assert kind is not None and error is not None
        return kind, error, trace
    raise AssertionError("unreachable")


def test_an_unexpected_error_is_logged_and_shown_with_its_traceback(qtbot, hook) -> None:  # type: ignore[no-untyped-def]
    log = hook
    assert sys.excepthook is error_hook.show_unexpected_error
    kind, error, trace = _raise_and_catch()
    sys.excepthook(kind, error, trace)  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: len(_visible_error_boxes()) == 1)
    box = _visible_error_boxes()[0]
    assert "KeyError: 'verdicts'" in box.text()
    assert str(log) in box.text()
    assert "_raise_and_catch" in box.detailedText() and "Traceback" in box.detailedText()
    for handler in error_hook.logger.handlers:
        handler.flush()
    logged = log.read_text(encoding="utf-8")
    assert "Unexpected error" in logged and "KeyError: 'verdicts'" in logged and "_raise_and_catch" in logged
    # A second error while the first is on screen is logged, not stacked in another dialog.
    sys.excepthook(kind, error, trace)  # type: ignore[arg-type]
    assert len(_visible_error_boxes()) == 1


@pytest.mark.qt_no_exception_capture
def test_an_error_escaping_a_qt_slot_reaches_the_dialog(qtbot, hook) -> None:  # type: ignore[no-untyped-def]
    def broken_slot() -> None:
        raise RuntimeError("a slot that fails")

    QTimer.singleShot(0, broken_slot)
    qtbot.waitUntil(lambda: len(_visible_error_boxes()) == 1)
    box = _visible_error_boxes()[0]
    assert "RuntimeError: a slot that fails" in box.text()
    assert "broken_slot" in box.detailedText()


def test_a_project_error_no_handler_caught_is_shown_by_its_reason(qtbot, hook, tmp_path) -> None:  # type: ignore[no-untyped-def]
    try:
        raise ProjectReadOnly(tmp_path / "shared.sqlite", "the file is read-only")
    except ProjectReadOnly:
        sys.excepthook(*sys.exc_info())  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: len(_visible_error_boxes()) == 1)
    box = _visible_error_boxes()[0]
    assert box.windowTitle() == "Not saved"
    assert "shared.sqlite is open read-only (the file is read-only): nothing was changed" in box.text()
