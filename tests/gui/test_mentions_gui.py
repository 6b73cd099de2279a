"""People's mentions in the window, on the sample corpus: a suggested name picked in the Suggestions
list, "Tag All Occurrences" (Shift+P, and Shift+A on a person) tags every occurrence of Alexander
Lukashenka in one step, drawn apart from claims and suggestions; Ctrl+Z takes exactly that step back,
redo gives it again."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QTextCursor

from annotator.gui.document_view import MENTION_COLOUR
from annotator.gui.main_window import MainWindow
from annotator.gui.people_dialog import PeopleDialog
from annotator.gui.style import SUGGESTION_COLOUR
from annotator.ops import actors as actor_ops
from annotator.ops import claims as claim_ops
from annotator.store import mention_queries, queries
from annotator.store.project import open_project
from gui_support import LUKASHENKA_TITLE, document_id_titled

NAME = "Alexander Lukashenka"


def _with_people(path: Path) -> Path:
    with open_project(path) as project:
        actor_ops.create_actor(project, NAME, aliases=["Lukashenko", "Aliaksandr Lukashenka"])
        actor_ops.create_actor(project, "Vladimir Putin", aliases=["Putin"])
    return path


def _names_him(text: str) -> list[tuple[int, int]]:
    """Where the text names him (full name, alias or surname), found apart from the app's matcher."""
    pattern = re.compile(r"(?<!\w)(?:Alexander Lukashenka|Aliaksandr Lukashenka|Lukashenko|Lukashenka)(?!\w)")
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


def _rows(window: MainWindow) -> list[tuple[object, ...]]:
    return sorted(map(tuple, window.session.project.conn.execute("SELECT * FROM mentions")), key=repr)


def _suggested_people(window: MainWindow) -> set[str]:
    return {s.speaker for s in window.document_view.suggestions if s.kind == "person"}


def _assert_underlined(window: MainWindow, span: tuple[int, int]) -> None:
    """Along the foot of the line under the name, the mentions' colour (no claim fill, no dashes)."""
    view = window.document_view
    window.actions_by_name["actionShowSuggestions"].trigger()  # suggestions hidden: only mentions drawn
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.offsets.to_utf16(span[0] + 1))
    view.setTextCursor(cursor)
    view.ensureCursorVisible()
    rect = view.cursorRect(cursor)
    image = view.viewport().grab().toImage()
    foot = {
        image.pixelColor(x, y).name()
        for x in range(rect.left(), rect.left() + 20)
        for y in range(rect.bottom() - 4, rect.bottom() + 1)
    }
    assert QColor(MENTION_COLOUR).name() in foot
    assert QColor(SUGGESTION_COLOUR).name() not in foot
    window.actions_by_name["actionShowSuggestions"].trigger()


def _pick_person(qtbot: Any, window: MainWindow) -> str:
    """Open the document, wait for its suggestions and pick one of his names in the Suggestions list."""
    document_id = document_id_titled(window, LUKASHENKA_TITLE)
    window.document_list.select(document_id)
    qtbot.waitUntil(lambda: any(s.kind == "person" for s in window.document_view.suggestions), timeout=20000)
    his = next(s for s in window.suggestions.current if s.kind == "person" and s.speaker == NAME)
    window.panel.select_suggestion(his.key)  # as a click on its row does
    assert window.suggestions.selected() == his
    action = window.actions_by_name["actionTagAllOccurrences"]
    assert action.isEnabled() and NAME in action.text()
    window.document_view.setFocus()
    return document_id


def test_tag_all_occurrences_undo_redo(
    qtbot: Any, sample_project: Path, open_window: Callable[[Path], MainWindow]
) -> None:
    window = open_window(_with_people(sample_project))
    document_id = _pick_person(qtbot, window)
    project = window.session.project
    expected = _names_him(queries.get_document(project, document_id).text)
    assert len(expected) >= 5
    before = _rows(window)
    assert before == [] and window.document_view.mentions == []

    qtbot.keyClick(window.document_view, Qt.Key.Key_P, Qt.KeyboardModifier.ShiftModifier)

    tagged = mention_queries.mentions_for_document(project, document_id)
    assert [(m.start, m.end) for m in tagged] == expected
    assert {queries.get_actor(project, m.actor_id).name for m in tagged} == {NAME}
    assert window.document_view.mentions == expected
    assert queries.claim_count(project) == 0  # a mention is no claim
    assert f"Tagged {len(expected)} mentions of {NAME}" in window.statusBar().currentMessage()
    assert window.session.undo_stack.undoText() == f"Tag all occurrences of {NAME}"
    # His names are no longer suggested (recomputed in the background); Putin's still are.
    qtbot.waitUntil(lambda: _suggested_people(window) == {"Vladimir Putin"}, timeout=20000)
    _assert_underlined(window, expected[0])
    after = _rows(window)

    qtbot.keyClick(window.document_view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _rows(window) == before
    assert window.document_view.mentions == []
    qtbot.waitUntil(lambda: _suggested_people(window) == {NAME, "Vladimir Putin"}, timeout=20000)

    window.session.redo()
    assert _rows(window) == after  # the very same rows: ids and times
    assert window.document_view.mentions == expected


def test_shift_a_on_a_person_and_a_single_accept_tag_mentions_counted_in_people(
    qtbot: Any, sample_project: Path, open_window: Callable[[Path], MainWindow]
) -> None:
    window = open_window(_with_people(sample_project))
    document_id = _pick_person(qtbot, window)
    project = window.session.project
    picked = window.suggestions.selected()
    assert picked is not None
    qtbot.keyClick(window.document_view, Qt.Key.Key_A)  # accept this one name
    [one] = mention_queries.mentions_for_document(project, document_id)
    assert (one.start, one.end) == (picked.start, picked.end)
    window.session.undo()
    assert mention_queries.mentions_for_document(project, document_id) == []

    qtbot.waitUntil(lambda: picked.key in {s.key for s in window.suggestions.current}, timeout=20000)
    window.panel.select_suggestion(picked.key)
    window.document_view.setFocus()
    qtbot.keyClick(window.document_view, Qt.Key.Key_A, Qt.KeyboardModifier.ShiftModifier)
    count = len(mention_queries.mentions_for_document(project, document_id))
    assert count == len(_names_him(queries.get_document(project, document_id).text))

    people = PeopleDialog(window.session, window)
    qtbot.addWidget(people)
    people.select(NAME)
    assert f"{count} tagged mentions" in people.summary.text()


def test_tag_all_occurrences_of_the_selected_claims_claimant(
    qtbot: Any, sample_project: Path, open_window: Callable[[Path], MainWindow]
) -> None:
    path = _with_people(sample_project)
    with open_project(path) as project:
        document_id = document_id_titled(path, LUKASHENKA_TITLE)
        text = queries.get_document(project, document_id).text
        start = text.index("we are not going to join the war")
        claim = claim_ops.tag(project, document_id, start, start + 32, "quote").value
        him = next(a.id for a in queries.actors(project) if a.name == NAME)
        claim_ops.update_claim(project, claim.id, {"claimant_id": him})
    window = open_window(path)
    window.open_claim(claim.id)
    action = window.actions_by_name["actionTagAllOccurrences"]
    assert action.isEnabled() and action.text() == f"Tag All &Occurrences of {NAME}"
    action.trigger()
    tagged = mention_queries.mentions_for_document(window.session.project, document_id)
    assert [(m.start, m.end) for m in tagged] == _names_him(text)
    assert window.document_view.mentions == _names_him(text)
