"""The busy pointer over a claim list long enough to make a sort felt (claim_list_model.BUSY_FROM claims):
shown while the list re-sorts and while the sorted rows are held afterwards, gone once they are, and
never shown for a short list."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from annotator.gui.claim_list_model import BUSY_FROM
from annotator.gui.main_window import MainWindow
from annotator.ops import claims
from annotator.ops.importing import import_paths
from annotator.store import queries
from annotator.store.project import open_project
from annotator.store.rows import to_row


def _project(folder: Path, count: int) -> tuple[Path, str]:
    """A project with one document of `count` sentences, each sentence a claim. The claims are the ones
    tagging makes (ops.claims.new_claim) but written at once, as a restore writes them: tagging 20,000
    one by one would take this test 8 s."""
    source = folder / f"{count} sentences.txt"
    source.write_text(" ".join(f"Sentence {n:05d} says little." for n in range(count)), encoding="utf-8")
    path = folder / f"{count}.sqlite"
    with open_project(path) as project:
        [outcome] = import_paths(project, [source])
        document_id = outcome.document_id
        assert document_id is not None
        text = queries.get_document(project, document_id).text
        length = len("Sentence 00000 says little.")
        rows = [
            to_row(claims.new_claim(text, document_id, n * (length + 1), n * (length + 1) + length))
            for n in range(count)
        ]
        with project.transaction() as db:
            db.table("claims").insert_all(rows)
    return path, document_id


def _pointer() -> Qt.CursorShape | None:
    cursor = QGuiApplication.overrideCursor()
    return None if cursor is None else cursor.shape()


@pytest.mark.parametrize("count", [BUSY_FROM, 40])
def test_sorting_a_long_claim_list_shows_the_busy_pointer_until_its_rows_are_held(
    qtbot: Any, tmp_path: Path, open_window: Callable[[Path], MainWindow], count: int
) -> None:
    path, document_id = _project(tmp_path, count)
    window = open_window(path)
    window.document_list.select(document_id)
    model, view = window.panel.model, window.panel.list
    assert model.claim_count() == count
    seen: list[Qt.CursorShape | None] = []
    # Emitted inside the re-sort, between the list's old and new order.
    model.layoutAboutToBeChanged.connect(lambda *_: seen.append(_pointer()))
    view.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    long_list = count >= BUSY_FROM
    assert seen == [Qt.CursorShape.BusyCursor if long_list else None]
    assert _pointer() is None  # the sorted first page is on screen: the pointer is back
    assert model.index(0, 1).data(Qt.ItemDataRole.ToolTipRole) == f"Sentence {count - 1:05d} says little."
    # The sorted rows are then held on the event loop's next turns, under the busy pointer again: seen
    # from SQLite's trace of the statement that copies them into the list's temporary table.
    held: list[Qt.CursorShape | None] = []
    rows = model.rows
    assert rows is not None and rows.live
    connection = window.session.project.conn
    connection.set_trace_callback(
        lambda sql: held.append(_pointer()) if "INSERT INTO claim_list_rows" in sql else None
    )
    try:
        qtbot.waitUntil(lambda: not rows.live)
    finally:
        connection.set_trace_callback(None)
    assert held == [Qt.CursorShape.BusyCursor if long_list else None]
    assert _pointer() is None
    assert rows.count == count
