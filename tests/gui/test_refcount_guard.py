"""Guards against the PySide6 6.12.0 / Python 3.11 bug that drops a reference to None on void Qt calls.

With that combination the interpreter aborts (Fatal Python error: none_dealloc) after a few thousand
calls; pyproject.toml holds Python 3.11 below PySide6 6.12 so that it cannot reach a user.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QPlainTextEdit

CALLS = 10_000


class _Emitter(QObject):
    fired = Signal(bool)


def test_void_qt_calls_and_emits_keep_none_and_true_alive(qtbot) -> None:  # type: ignore[no-untyped-def]
    editor = QPlainTextEdit()
    qtbot.addWidget(editor)
    editor.setPlainText("x" * 100)
    cursor = QTextCursor(editor.document())
    emitter = _Emitter()
    received: list[bool] = []
    emitter.fired.connect(received.append)

    none_before = sys.getrefcount(None)
    true_before = sys.getrefcount(True)
    for index in range(CALLS):
        editor.resize(200 + index % 50, 100)
        cursor.setPosition(index % 100)
        emitter.fired.emit(True)
    # On 3.12+ None and True are immortal and their counts are constant; on 3.11 a leak shows as a fall.
    assert sys.getrefcount(None) >= none_before - 100
    assert sys.getrefcount(True) >= true_before - 100
    assert len(received) == CALLS
