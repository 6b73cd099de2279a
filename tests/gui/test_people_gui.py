"""Review > People on the real window: an alias joins a second spelling to the person, undoably."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt

from annotator.gui.main_window import MainWindow
from annotator.gui.people_dialog import PeopleDialog
from annotator.store import findings
from gui_support import LUKASHENKA_TITLE, document_id_titled, select_text


def _name_claimant(window: MainWindow, phrase: str, name: str) -> str:
    window.document_list.select(document_id_titled(window, LUKASHENKA_TITLE))
    select_text(window, phrase)
    window.tag_selection("prediction")
    assert window.panel.claim is not None
    window.panel.claimant.setText(name)
    window.panel.claimant.editingFinished.emit()
    return window.panel.claim.id


def test_an_alias_in_the_people_view_joins_a_second_spelling_and_undo_splits_it(
    qtbot, sample_project: Path, open_window: Callable[[Path], MainWindow]
) -> None:  # type: ignore[no-untyped-def]
    window = open_window(sample_project)
    _name_claimant(window, "we are not going to join the war", "Alexander Lukashenka")
    _name_claimant(window, "Lukashenka", "Alexander Lukashenko")
    window.actions_by_name["actionPeople"].trigger()
    dialog = window.findChild(PeopleDialog, "peopleDialog")
    assert dialog is not None
    assert [dialog.list.item(row).text() for row in range(dialog.list.count())] == [
        "Alexander Lukashenka (1)",
        "Alexander Lukashenko (1)",
    ]
    dialog.select("Alexander Lukashenka")
    dialog.alias.setText("Alexander Lukashenko")
    qtbot.keyClick(dialog.alias, Qt.Key.Key_Return)
    assert [dialog.list.item(row).text() for row in range(dialog.list.count())] == [
        "Alexander Lukashenka (2)"
    ]
    assert [dialog.aliases.item(row).text() for row in range(dialog.aliases.count())] == [
        "Alexander Lukashenko"
    ]
    records = {record.name: record.total for record in findings.track_records(window.session.project)[0]}
    assert records == {"Alexander Lukashenka": 2}
    # The alias now completes in the panel and names him at once.
    third = _name_claimant(window, "Belarusian", "alexander lukashenko")
    assert findings.claims_per_actor(window.session.project) == {
        window.session.project.conn.execute(
            "SELECT claimant_id FROM claims WHERE id = ?", [third]
        ).fetchone()[0]: 3
    }
    for _ in range(2):  # the third claim's claimant and its tagging
        window.actions_by_name["actionUndo"].trigger()
    # Split off again: the merged-in spelling is a person once more, with the claim it had.
    dialog.select("Alexander Lukashenka")
    dialog.aliases.setCurrentRow(0)
    dialog.split.click()
    assert [dialog.list.item(row).text() for row in range(dialog.list.count())] == [
        "Alexander Lukashenka (1)",
        "Alexander Lukashenko (1)",
    ]
    window.actions_by_name["actionUndo"].trigger()  # the split
    window.actions_by_name["actionUndo"].trigger()  # the alias
    assert dialog.list.count() == 2
    dialog.close()
