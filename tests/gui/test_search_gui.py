"""Project search from the window: find a name across documents and claims and open the right span."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QTreeWidgetItem

from annotator.gui.main_window import MainWindow
from annotator.gui.search_dialog import SearchDialog
from gui_support import LUKASHENKA_TITLE, document_id_titled, select_text

PAPER = "From strategic partner to co-aggressor: Russia’s attempts to lure Belarus into the war in Ukraine"


def _group(dialog: SearchDialog, kind_title: str) -> QTreeWidgetItem:
    groups = [dialog.results.topLevelItem(i) for i in range(dialog.results.topLevelItemCount())]
    return next(group for group in groups if group.text(0).startswith(kind_title))


def _titles(dialog: SearchDialog, kind_title: str) -> list[str]:
    item = _group(dialog, kind_title)
    return [item.child(i).text(0).splitlines()[0] for i in range(item.childCount())]


def test_search_finds_documents_and_claims_and_opens_the_span(
    qtbot, sample_project: Path, open_window: Callable[[Path], MainWindow]
) -> None:  # type: ignore[no-untyped-def]
    window = open_window(sample_project)
    window.document_list.select(document_id_titled(window, LUKASHENKA_TITLE))
    select_text(window, "we are not going to join the war")
    window.tag_selection("prediction")
    claim_id = window.panel.claim.id if window.panel.claim else ""
    window.panel.statement.setText("Minsk keeps its soldiers at home")
    window.panel.statement.editingFinished.emit()

    window.actions_by_name["actionSearch"].trigger()
    dialog = next(d for d in window.open_dialogs if isinstance(d, SearchDialog))
    dialog.query.setText("Țicălău")
    dialog.run_search()
    assert _titles(dialog, "Documents") == [PAPER]

    # A claim found by its statement opens in its document, selected.
    window.panel.select_claim(None)
    dialog.query.setText('"keeps its soldiers"')
    dialog.run_search()
    assert _titles(dialog, "Claims") == ["Minsk keeps its soldiers at home"]
    dialog._activate(_group(dialog, "Claims").child(0))
    assert window.panel.claim is not None and window.panel.claim.id == claim_id

    # A document hit opens the document with the first match selected.
    dialog.query.setText("Hulevich")
    dialog.run_search()
    dialog._activate(dialog.first_hit_item())
    assert window.document_view.textCursor().selectedText() == "Hulevich"
