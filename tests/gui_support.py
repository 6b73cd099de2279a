"""Helpers for GUI tests: find seed documents and select text the way a user's drag would."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QColor, QTextCursor

from annotator.gui.document_view import DocumentView
from annotator.gui.main_window import MainWindow
from annotator.store import queries
from annotator.store.project import open_project

LUKASHENKA_TITLE = "Will Lukashenka join Putin in invading Ukraine?"


def document_id_titled(path_or_window: Path | MainWindow, title: str) -> str:
    if isinstance(path_or_window, MainWindow):
        summaries = queries.document_summaries(path_or_window.session.project)
    else:
        with open_project(path_or_window) as project:
            summaries = queries.document_summaries(project)
    return next(summary.id for summary in summaries if summary.title == title)


def select_span(window: MainWindow, start: int, end: int) -> None:
    """Select code points start..end in the document view, as a user dragging over them would."""
    view = window.document_view
    cursor = view.textCursor()
    cursor.setPosition(view.offsets.to_utf16(start))
    cursor.setPosition(view.offsets.to_utf16(end), QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)


def select_text(window: MainWindow, phrase: str) -> tuple[int, int]:
    """Select `phrase` in the document view as a user dragging over it would; returns its code points."""
    start = window.document_view.text.index(phrase)
    end = start + len(phrase)
    select_span(window, start, end)
    return start, end


def painted_colour_at(window: MainWindow, codepoint: int, view: DocumentView | None = None) -> QColor:
    """The colour painted behind the character at `codepoint` in a document view (the window's first
    one unless given), read from the rendered viewport.

    Sampled at the top edge of the line, above the glyphs, so the text itself does not interfere.
    """
    view = view or window.document_view
    view.select_claim(view.selected_claim, scroll=False)
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.offsets.to_utf16(codepoint))
    view.setTextCursor(cursor)  # scrolls it into view
    left = view.cursorRect(cursor)
    cursor.setPosition(view.offsets.to_utf16(codepoint + 1))
    right = view.cursorRect(cursor)
    image = view.viewport().grab().toImage()
    return image.pixelColor((left.left() + right.left()) // 2, left.top() + 1)


def claims_in_view(window: MainWindow) -> list[str]:
    """Ids of the claims the document view highlights, in text order (it reads them from the store)."""
    view = window.document_view
    return [span.id for span in view.spans_touching(0, len(view.text) + 1)]


def shown_preview(qtbot, dialog) -> None:  # type: ignore[no-untyped-def]
    """Rebuild the export dialog's preview and wait until Chromium has drawn the page."""
    with qtbot.waitSignal(dialog.preview.loaded, timeout=60_000, check_params_cb=lambda ok: ok):
        dialog.refresh_preview()


def page_text(qtbot, view) -> str:  # type: ignore[no-untyped-def]
    """The text of the page a QWebEngineView shows, as Chromium laid it out."""
    got: list[str] = []
    view.page().toPlainText(got.append)
    qtbot.waitUntil(lambda: bool(got), timeout=30_000)
    return got[0]


def page_value(qtbot, view, expression: str) -> object:  # type: ignore[no-untyped-def]
    """What a JavaScript expression evaluates to in the page, run in Qt's own script world: the
    page's scripts are off (the preview never runs any), this is the test looking at what it drew."""
    from PySide6.QtWebEngineCore import QWebEngineScript

    got: list[object] = []
    world = QWebEngineScript.ScriptWorldId.ApplicationWorld
    view.page().runJavaScript(expression, world, got.append)
    qtbot.waitUntil(lambda: bool(got), timeout=30_000)
    return got[0]
