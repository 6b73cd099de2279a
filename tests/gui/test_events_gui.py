"""Editing and deleting an event from a claim's Events tab, with undo."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from annotator.gui.event_dialog import EventDialog
from annotator.gui.main_window import MainWindow
from annotator.gui.undo.events import EditEventCommand
from annotator.store import findings
from gui_support import LUKASHENKA_TITLE, document_id_titled, select_text


def test_edit_and_delete_an_event_from_the_events_tab(
    qtbot, sample_project: Path, open_window: Callable[[Path], MainWindow]
) -> None:  # type: ignore[no-untyped-def]
    window = open_window(sample_project)
    window.document_list.select(document_id_titled(window, LUKASHENKA_TITLE))
    select_text(window, "we are not going to join the war")
    window.tag_selection("prediction")
    tab = window.panel.events_tab
    tab.create_event_with({"title": "Invasion", "date_text": "24 February 2022"})
    [event] = findings.events(window.session.project)

    dialog = EventDialog(event, parent=window)
    qtbot.addWidget(dialog)
    dialog.title.setText("Russia invades Ukraine")
    dialog.date.setText("February-March 2022")
    assert dialog.date_parsed.text() == "→ 2022-02-01 – 2022-03-31 (range)"
    window.session.push(EditEventCommand(window.session, event.id, dialog.fields()))
    assert tab.links.item(0).text() == "About: February-March 2022 · Russia invades Ukraine"

    tab.links.setCurrentRow(0)
    tab.delete_current()
    assert findings.events(window.session.project) == [] and tab.links.count() == 0
    window.actions_by_name["actionUndo"].trigger()
    assert [e.title for e in findings.events(window.session.project)] == ["Russia invades Ukraine"]
    assert tab.links.count() == 1
