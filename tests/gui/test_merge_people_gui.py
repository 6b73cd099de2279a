"""Merge these people: after File > Merge, and from the People view, look-alike claimants are shown side
by side with their claims and aliases and merged in one undoable step."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox, QPushButton

from annotator.gui.main_window import MainWindow
from annotator.gui.merge_people_dialog import MergePeopleDialog
from annotator.gui.people_dialog import PeopleDialog
from annotator.ops import actors as actor_ops
from annotator.ops import claims as claim_ops
from annotator.ops.annotators import ensure_annotator
from annotator.store import findings, queries
from annotator.store.project import open_project
from gui_support import LUKASHENKA_TITLE, document_id_titled


def _tag(path: Path, phrase: str, claimant: str, who: str) -> str:
    with open_project(path) as project:
        author = ensure_annotator(project, who)
        document_id = document_id_titled(path, LUKASHENKA_TITLE)
        start = queries.get_document(project, document_id).text.index(phrase)
        claim = claim_ops.tag_claim(project, document_id, start, start + len(phrase), "prediction", author)
        claim_ops.set_claimant(project, claim.id, claimant, author)
        return claim.id


def _side_by_side(dialog: MergePeopleDialog) -> list[list[str]]:
    table = dialog.table
    return [[table.item(row, column).text() for column in range(2)] for row in range(table.rowCount())]


def _names(window: MainWindow) -> list[str]:
    return sorted(actor.name for actor in queries.actors(window.session.project))


def test_a_merge_that_brings_a_look_alike_offers_to_merge_them_undoably(
    qtbot: Any, tmp_path: Path, sample_project: Path, open_window: Callable[[Path], MainWindow]
) -> None:
    ours, theirs = sample_project, tmp_path / "boris.sqlite"
    shutil.copy(ours, theirs)
    _tag(ours, "we are not going to join the war", "Alexander Lukashenka", "Anna")
    _tag(ours, "Belarusian", "Alexander Lukashenka", "Anna")
    _tag(theirs, "Lukashenka", "Alexander Lukashenko", "Boris")
    with open_project(theirs) as project:
        actor_ops.add_actor_alias(project, "Alexander Lukashenko", "Lukashenko")
    window = open_window(ours)
    assert window.merge_project(theirs)
    box = window.findChild(QMessageBox, "mergeSummary")
    assert box is not None and "Alexander Lukashenko looks like Alexander Lukashenka" in box.text()
    offer = box.findChild(QPushButton, "mergeSummaryMergePeople")
    assert offer is not None and offer.text() == "Merge these people…"
    QTest.mouseClick(offer, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not box.isVisible())
    dialog = next(d for d in window.open_dialogs if isinstance(d, MergePeopleDialog))
    assert [dialog.list.item(r).text() for r in range(dialog.list.count())] == [
        "Alexander Lukashenka and Alexander Lukashenko (95% alike)"
    ]
    assert _side_by_side(dialog) == [
        ["Alexander Lukashenka (person)", "Alexander Lukashenko (person)"],
        ["2 claims", "1 claim"],
        ["—", "Lukashenko"],
    ]
    # The name with more claims is kept unless the user picks the other.
    assert dialog.keep_first.isChecked() and dialog.keep_first.text() == "Alexander Lukashenka"
    steps = window.session.undo_stack.count()
    QTest.mouseClick(dialog.merge, Qt.MouseButton.LeftButton)
    assert window.session.undo_stack.count() == steps + 1
    assert _names(window) == ["Alexander Lukashenka"]
    [kept] = queries.actors(window.session.project)
    assert sorted(kept.aliases) == ["Alexander Lukashenko", "Lukashenko"]
    assert findings.claims_per_actor(window.session.project) == {kept.id: 3}
    assert dialog.list.count() == 0 and dialog.summary.text() == "No people left that look alike."
    assert not dialog.merge.isEnabled()

    window.actions_by_name["actionUndo"].trigger()
    assert _names(window) == ["Alexander Lukashenka", "Alexander Lukashenko"]
    assert dialog.list.count() == 1 and _side_by_side(dialog)[1] == ["2 claims", "1 claim"]
    dialog.close()


def test_the_people_view_offers_look_alikes_and_keeps_the_name_chosen(
    qtbot: Any, sample_project: Path, open_window: Callable[[Path], MainWindow]
) -> None:
    _tag(sample_project, "we are not going to join the war", "Alexander Lukashenka", "Anna")
    _tag(sample_project, "Lukashenka", "Alexander Lukashenko", "Anna")
    _tag(sample_project, "Belarusian", "Volodymyr Zelensky", "Anna")
    window = open_window(sample_project)
    window.actions_by_name["actionPeople"].trigger()
    people = window.findChild(PeopleDialog, "peopleDialog")
    assert people is not None
    assert people.look_alikes.isVisible()
    assert people.look_alikes.text() == "Merge these people… (1 pair looks alike)"
    QTest.mouseClick(people.look_alikes, Qt.MouseButton.LeftButton)
    dialog = people.merge_people
    assert dialog is not None and dialog.isVisible()
    # Not the same person: the pair leaves the list for now, and merges nothing.
    QTest.mouseClick(dialog.skip, Qt.MouseButton.LeftButton)
    assert dialog.list.count() == 0 and len(_names(window)) == 3
    dialog.close()
    qtbot.waitUntil(lambda: people.merge_people is None)
    QTest.mouseClick(people.look_alikes, Qt.MouseButton.LeftButton)
    dialog = people.merge_people
    assert dialog is not None and dialog.list.count() == 1
    QTest.mouseClick(dialog.keep_second, Qt.MouseButton.LeftButton)
    QTest.mouseClick(dialog.merge, Qt.MouseButton.LeftButton)
    assert _names(window) == ["Alexander Lukashenko", "Volodymyr Zelensky"]
    assert [people.list.item(r).text() for r in range(people.list.count())] == [
        "Alexander Lukashenko (2)",
        "Volodymyr Zelensky (1)",
    ]
    assert not people.look_alikes.isVisible()
    window.actions_by_name["actionUndo"].trigger()
    assert len(_names(window)) == 3 and people.look_alikes.isVisible()
    people.close()
