"""Work a window leaves until it is on screen: run once a widget's first paint has been drawn."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class _AfterFirstPaint(QObject):
    def __init__(self, widget: QWidget, callback: Callable[[], None]) -> None:
        super().__init__(widget)  # goes with the widget: a window closed unpainted never calls back
        self._callback = callback
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            # Queued behind this paint, and the paint of every child drawn with it (one pass over the
            # window's backing store): the window reaches the screen first, then the work runs.
            QTimer.singleShot(0, self, self._run)
        return False

    def _run(self) -> None:
        self.deleteLater()
        self._callback()


def after_first_paint(widget: QWidget, callback: Callable[[], None]) -> None:
    """Call `callback` once, in the event loop turn after `widget` is first painted (so never if it
    never is). For what the first look at a window can do without: it is on screen that much sooner."""
    if widget.isVisible():
        QTimer.singleShot(0, widget, callback)  # on screen already (another project opened in it)
    else:
        _AfterFirstPaint(widget, callback)
