"""The walking skeleton's promise, tried as a user would on the real window and a real project file:
open the sample, tag a claim, edit it, undo and redo, quit, relaunch, and find it where it was left."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QTextCursor

from annotator.gui.main_window import MainWindow
from annotator.gui.style import KIND_COLOURS
from annotator.store import queries
from gui_support import LUKASHENKA_TITLE, document_id_titled, painted_colour_at, select_text

PHRASE = "we are not going to join the war"


def _highlight_at(window: MainWindow, codepoint: int) -> QColor:
    return painted_colour_at(window, codepoint)


def _open_lukashenka(window: MainWindow) -> str:
    document_id = document_id_titled(window, LUKASHENKA_TITLE)
    window.document_list.select(document_id)
    assert window.document_id == document_id
    return document_id


def test_tag_edit_quit_relaunch_undo_redo(
    qtbot, sample_project: Path, open_window: Callable[[Path], MainWindow]
) -> None:  # type: ignore[no-untyped-def]
    window = open_window(sample_project)
    assert window.findChild(object, "documentList") is not None
    document_id = _open_lukashenka(window)

    start, end = select_text(window, PHRASE)
    window.document_view.setFocus()
    qtbot.keyClick(window.document_view, Qt.Key.Key_3)  # 3 = tag as prediction
    panel = window.panel
    assert panel.claim is not None, "pressing 3 with text selected tags a prediction"
    assert (panel.claim.exact, panel.claim.kind) == (PHRASE, "prediction")
    assert _highlight_at(window, start) == QColor(KIND_COLOURS["prediction"])

    # Claimant: a new actor is created on the fly.
    panel.claimant.setFocus()
    panel.claimant.setText("Alexander Lukashenka")
    qtbot.keyClick(panel.claimant, Qt.Key.Key_Return)
    # Stated date: the document has no date yet, so "17 March" waits for a year...
    panel.stated.setFocus()
    panel.stated.setText("17 March")
    qtbot.keyClick(panel.stated, Qt.Key.Key_Return)
    assert "set the document's date" in panel.stated_parsed.text()
    # It sends the user to the real place and key: Document > Document Details… (Alt+Return), not Import.
    details = window.actions_by_name["actionDocumentDetails"]
    assert f"Document > Document Details… ({details.shortcut().toString()})" in panel.stated_parsed.text()
    assert "Ctrl+I" not in panel.stated_parsed.text()
    # ...and offers the years the article's own text suggests, for the user to confirm by typing one.
    # (This article names no year after 2021: the offer says what the text says, the user decides.)
    assert "The text names years up to 2021 (2020 most often)" in panel.stated_parsed.text()
    assert "“17 March 2021”?" in panel.stated_parsed.text()
    # ...until the user confirms the document's date, which resolves it.
    from annotator.gui.undo.documents import EditDocumentCommand

    window.session.push(EditDocumentCommand(window.session, document_id, {"published": "2022-03"}))
    assert panel.claim.stated_lo == "2022-03-17"
    assert panel.stated_parsed.text() == "→ 2022-03-17 (day)"
    panel.statement.setText("Belarus will not join Russia's war against Ukraine")
    qtbot.keyClick(panel.statement, Qt.Key.Key_Return)
    panel.tags.setText("belarus, war, belarus")
    qtbot.keyClick(panel.tags, Qt.Key.Key_Return)
    panel.note.setFocus()
    qtbot.keyClicks(panel.note, "Said to TBS.")
    window.document_view.setFocus()  # leaving the note commits it

    claim_id = panel.claim.id
    stored = queries.get_claim(window.session.project, claim_id)
    assert stored.tags == ["belarus", "war"]
    assert stored.note == "Said to TBS."
    assert stored.stated_precision == "day"
    assert queries.get_actor(window.session.project, stored.claimant_id or "").name == "Alexander Lukashenka"

    # Undo walks every edit back, down to the tag itself; redo brings it all back.
    stack = window.session.undo_stack
    steps = stack.count()
    undo = window.actions_by_name["actionUndo"]
    for _ in range(steps):
        undo.trigger()
    assert queries.claims_for_document(window.session.project, document_id) == []
    assert panel.model.claims == []
    assert _highlight_at(window, start) != QColor(KIND_COLOURS["prediction"])
    assert queries.actors(window.session.project) == []  # the actor made on the fly went with it
    redo = window.actions_by_name["actionRedo"]
    for _ in range(steps):
        redo.trigger()
    # Redo re-applies each edit, so only the edit time may differ from before the undo.
    assert replace(queries.get_claim(window.session.project, claim_id), updated_at="") == replace(
        stored, updated_at=""
    )
    assert _highlight_at(window, start) == QColor(KIND_COLOURS["prediction"])

    window.close()

    # Relaunch: the claim is there, highlighted and listed, with every field.
    window = open_window(sample_project)
    _open_lukashenka(window)
    assert [claim.id for claim in window.panel.model.claims] == [claim_id]
    assert _highlight_at(window, start) == QColor(KIND_COLOURS["prediction"])
    window.panel.select_claim(claim_id)
    assert window.panel.claimant.text() == "Alexander Lukashenka"
    assert window.panel.stated_parsed.text() == "→ 2022-03-17 (day)"
    assert window.document_view.text[start:end] == PHRASE
    # A fresh session starts with an empty undo stack; the edits are in the file, not in memory.
    assert window.session.undo_stack.count() == 0


def test_clicking_a_highlight_selects_its_claim_even_when_claims_overlap(
    qtbot, sample_project: Path, open_window: Callable[[Path], MainWindow]
) -> None:  # type: ignore[no-untyped-def]
    window = open_window(sample_project)
    _open_lukashenka(window)
    outer = "Belarus may be the only country to support Russia in current conditions"
    select_text(window, outer)
    window.actions_by_name["actionTagQuote"].trigger()
    outer_id = window.panel.claim.id if window.panel.claim else ""
    start, _ = select_text(window, "the only country")
    window.actions_by_name["actionTagFactual"].trigger()
    inner_id = window.panel.claim.id if window.panel.claim else ""
    assert outer_id and inner_id and outer_id != inner_id

    view = window.document_view
    # Both stay visible: the inner one on top, the overlap drawn darker than a lone highlight.
    assert _highlight_at(window, start) != QColor(KIND_COLOURS["factual"])
    assert _highlight_at(window, start - 3) == QColor(KIND_COLOURS["quote"])

    cursor = QTextCursor(view.document())
    cursor.setPosition(view.offsets.to_utf16(start + 2))
    point = view.cursorRect(cursor).center()
    window.panel.select_claim(None)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert window.panel.claim is not None and window.panel.claim.id == inner_id
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert window.panel.claim is not None and window.panel.claim.id == outer_id


def test_next_previous_and_delete_with_the_keyboard(
    qtbot, sample_project: Path, open_window: Callable[[Path], MainWindow]
) -> None:  # type: ignore[no-untyped-def]
    window = open_window(sample_project)
    document_id = _open_lukashenka(window)
    for phrase in (
        "Minsk can do little",
        "Belarus is tightly linked with Russia",
        "dependence on Russia has skyrocketed",
    ):
        select_text(window, phrase)
        window.actions_by_name["actionTagClaim"].trigger()
    claims = window.panel.model.claims
    assert queries.get_claim(window.session.project, claims[0].id).exact == "Minsk can do little"
    window.panel.select_claim(claims[0].id)
    qtbot.keyClick(window, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert window.panel.claim is not None and window.panel.claim.id == claims[1].id
    qtbot.keyClick(window, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert window.panel.claim is not None and window.panel.claim.id == claims[0].id

    window.document_view.setFocus()
    qtbot.keyClick(window.document_view, Qt.Key.Key_Delete)
    remaining = queries.claims_for_document(window.session.project, document_id)
    assert [c.exact for c in remaining] == [
        "Belarus is tightly linked with Russia",
        "dependence on Russia has skyrocketed",
    ]
    window.actions_by_name["actionUndo"].trigger()
    assert len(queries.claims_for_document(window.session.project, document_id)) == 3


def test_tag_without_selection_explains_itself(
    qtbot, sample_project: Path, open_window: Callable[[Path], MainWindow]
) -> None:  # type: ignore[no-untyped-def]
    window = open_window(sample_project)
    _open_lukashenka(window)
    assert window.tag_selection() is False
    assert "Select some text" in window.statusBar().currentMessage()
    assert window.session.undo_stack.count() == 0
