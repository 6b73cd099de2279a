"""Project search from the window: find a name across documents and claims and open the right span."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QTreeWidgetItem

from annotator.domain.models import ImportedDocument
from annotator.gui.main_window import MainWindow
from annotator.gui.search_dialog import SearchDialog
from annotator.ops.documents import add_document
from annotator.store import search as search_module
from annotator.store.project import open_project
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


def test_a_chinese_or_japanese_hit_opens_scrolled_to_it_and_selected(
    qtbot, sample_project: Path, open_window: Callable[[Path], MainWindow]
) -> None:  # type: ignore[no-untyped-def]
    # Starts with 𠮷 (outside the BMP: two UTF-16 units), so a code-point offset used as UTF-16 would be off.
    japanese = "𠮷野記者の報告。" + "ロシア軍はベラルーシ領内からキーウに向けて進軍した。" * 3
    with open_project(sample_project) as project:
        add_document(
            project,
            ImportedDocument(text=japanese, source_format="text", source_filename="ja.txt", title="報告"),
        )
    window = open_window(sample_project)
    window.actions_by_name["actionSearch"].trigger()
    dialog = next(d for d in window.open_dialogs if isinstance(d, SearchDialog))
    view = window.document_view
    for query, title in (("战争", PAPER), ("白", PAPER), ("ベラルーシ", "報告"), ("軍", "報告")):
        view.verticalScrollBar().setValue(0)
        dialog.query.setText(query)
        dialog.run_search()
        assert _titles(dialog, "Documents") == [title], query
        assert f"«{query}»" in _group(dialog, "Documents").child(0).text(0)
        dialog._activate(_group(dialog, "Documents").child(0))
        assert view.textCursor().selectedText() == query
        start = view.offsets.to_codepoint(view.textCursor().selectionStart())
        assert start == view.text.index(query)
        qtbot.waitUntil(lambda: view.viewport().rect().contains(view.cursorRect().center()))
    # The Chinese match is far down the paper: opening it scrolled there.
    dialog.query.setText("战争")
    dialog.run_search()
    dialog._activate(_group(dialog, "Documents").child(0))
    assert view.verticalScrollBar().value() > 0


def test_a_common_query_shows_the_best_recent_matches_then_every_kinds_count(
    qtbot, sample_project: Path, open_window: Callable[[Path], MainWindow]
) -> None:  # type: ignore[no-untyped-def]
    window = open_window(sample_project)
    window.actions_by_name["actionSearch"].trigger()
    dialog = next(d for d in window.open_dialogs if isinstance(d, SearchDialog))
    dialog.rank_window = 2  # as if the project were large enough for "Lukashenk*" to be common
    dialog.query.setText("Lukashenk*")
    with qtbot.waitSignal(dialog.totalsCounted):
        dialog.run_search()
        # The first page is on screen before the counting: the best of the two newest matches.
        assert dialog.summary.text() == "More than 2 results; the best of the 2 most recently added are shown"
        headers = [dialog.results.topLevelItem(i).text(0) for i in range(dialog.results.topLevelItemCount())]
        assert sum(int(header.split("(")[1].split(")")[0]) for header in headers) == 2, headers
    everything = search_module.count_matches(window.session.project, "Lukashenk*")
    assert everything["document"] == 5
    assert _group(dialog, "Documents").text(0).startswith("Documents (5)")
    assert dialog.summary.text().startswith(f"{sum(everything.values())} results; the best of the 2 most")
    assert _group(dialog, "Documents").childCount() <= 2
    # Typing on drops the pending count of the older query.
    dialog.query.setText("Hulevich")
    dialog.run_search()
    assert _titles(dialog, "Documents") and "recently added" not in dialog.summary.text()


def test_a_common_short_chinese_query_shows_the_newest_matches_then_counts_them(
    qtbot, sample_project: Path, open_window: Callable[[Path], MainWindow]
) -> None:  # type: ignore[no-untyped-def]
    # One or two characters are found by a scan of the texts, newest first, which stops after the window;
    # every match is counted after the first page.
    with open_project(sample_project) as project:
        for number in range(2):
            add_document(
                project,
                ImportedDocument(
                    text=f"明斯克的白色大楼 {number}", source_format="text", source_filename=f"{number}.txt"
                ),
            )
    window = open_window(sample_project)
    window.actions_by_name["actionSearch"].trigger()
    dialog = next(d for d in window.open_dialogs if isinstance(d, SearchDialog))
    dialog.rank_window = 2
    dialog.query.setText("白")
    with qtbot.waitSignal(dialog.totalsCounted):
        dialog.run_search()
        assert dialog.summary.text() == "More than 2 results; the best of the 2 most recently added are shown"
        assert _group(dialog, "Documents").childCount() == 2 and PAPER not in _titles(dialog, "Documents")
    assert dialog.summary.text() == "3 results; the best of the 2 most recently added are shown"
    assert _group(dialog, "Documents").text(0).startswith("Documents (3)")
