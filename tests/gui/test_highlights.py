"""Highlights and the claim filter follow each edit in place: only what the edit touched is redone."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtGui import QColor

from annotator.domain.filters import ClaimFilter
from annotator.gui import preferences
from annotator.gui.main_window import MainWindow
from annotator.gui.style import KIND_COLOURS
from annotator.gui.undo.claims import EditClaimCommand
from gui_support import LUKASHENKA_TITLE, document_id_titled, painted_colour_at, select_span, select_text

WILL_BELARUS = "Will Belarus join the war now?"
WHITE = QColor("#ffffff")


def test_a_claim_over_two_paragraphs_is_painted_and_unpainted_in_both(
    qtbot, sample_project: Path, open_window: Callable[[Path], MainWindow]
) -> None:  # type: ignore[no-untyped-def]
    window = open_window(sample_project)
    window.document_list.select(document_id_titled(window, LUKASHENKA_TITLE))
    text = window.document_view.text
    # The paragraph break after the first 200 characters, and a low letter (no ascender to meet the
    # sampled top edge of the line) just before and just after it.
    low = set("acemnorsuvwxz")
    brk = text.index("\n", 200)
    before = max(i for i in range(brk - 12, brk) if text[i] in low)
    after = min(i for i in range(brk, brk + 30) if text[i] in low)
    select_text(window, "Lukashenka")  # a claim elsewhere, so the view paints (and keeps) highlights
    assert window.tag_selection("factual")
    # Both paragraphs are painted (and their highlights kept) before the claim exists.
    assert painted_colour_at(window, before) == WHITE
    assert painted_colour_at(window, after) == WHITE
    select_span(window, before - 2, after + 2)
    assert window.tag_selection("quote")
    quote = QColor(KIND_COLOURS["quote"])
    assert painted_colour_at(window, before) == quote
    assert painted_colour_at(window, after) == quote
    window.session.undo_stack.undo()
    assert painted_colour_at(window, before) == WHITE
    assert painted_colour_at(window, after) == WHITE


def test_new_colours_reach_highlights_already_painted(
    qtbot, sample_project: Path, open_window: Callable[[Path], MainWindow]
) -> None:  # type: ignore[no-untyped-def]
    window = open_window(sample_project)
    window.document_list.select(document_id_titled(window, LUKASHENKA_TITLE))
    start, _ = select_text(window, "we are not going to join the war")
    assert window.tag_selection("opinion")
    assert painted_colour_at(window, start) == QColor(KIND_COLOURS["opinion"])
    chosen = preferences.Preferences(name="Tester", kind_colours={**KIND_COLOURS, "opinion": "#123456"})
    previous, original = preferences.current, dict(KIND_COLOURS)
    try:
        chosen.apply()
        window.document_view.recolour()
        assert painted_colour_at(window, start) == QColor("#123456")
    finally:
        previous.apply()
        KIND_COLOURS.update(original)


def _listed(window: MainWindow) -> list[str]:
    return [claim.id for claim in window.panel.visible_claims()]


def _documents(window: MainWindow) -> set[str]:
    model = window.document_list.model
    return {model.data(model.index(row, 0)) for row in range(model.rowCount())}


def test_under_a_filter_each_edit_shows_or_hides_just_its_claim(
    qtbot, sample_project: Path, open_window: Callable[[Path], MainWindow]
) -> None:  # type: ignore[no-untyped-def]
    window = open_window(sample_project)
    window.document_list.select(document_id_titled(window, WILL_BELARUS))
    select_text(window, "it likely will not happen")
    assert window.tag_selection("prediction")
    window.document_list.select(document_id_titled(window, LUKASHENKA_TITLE))
    window.panel.filter_bar.set_filter(ClaimFilter(kinds=frozenset({"prediction"})))
    assert _documents(window) == {WILL_BELARUS}
    assert _listed(window) == []

    select_text(window, "we are not going to join the war")
    assert window.tag_selection("prediction")
    prediction = window.panel.claim.id if window.panel.claim else ""
    qtbot.waitUntil(lambda: _listed(window) == [prediction])
    # The list asks SQL at once; the document list follows when the window has re-filtered.
    qtbot.waitUntil(lambda: _documents(window) == {WILL_BELARUS, LUKASHENKA_TITLE})

    select_text(window, "Lukashenka")
    assert window.tag_selection("factual")  # does not pass: stays out of the list
    qtbot.waitUntil(lambda: window.panel.count_label.text() == "1 of 2 claims shown")
    assert _listed(window) == [prediction]

    window.panel.select_claim(prediction)
    window.panel.set_kind("opinion")  # edited out of the filter: the list and the document list follow
    qtbot.waitUntil(lambda: _listed(window) == [])
    qtbot.waitUntil(lambda: _documents(window) == {WILL_BELARUS})
    window.session.undo_stack.undo()
    qtbot.waitUntil(lambda: _listed(window) == [prediction])
    qtbot.waitUntil(lambda: _documents(window) == {WILL_BELARUS, LUKASHENKA_TITLE})
    # The same result as filtering the whole project afresh.
    window.panel.filter_bar.set_filter(ClaimFilter(kinds=frozenset({"prediction"})))
    assert _listed(window) == [prediction]
    assert _documents(window) == {WILL_BELARUS, LUKASHENKA_TITLE}


def test_undoing_a_tag_leaves_the_document_where_it_was(
    qtbot, sample_project: Path, open_window: Callable[[Path], MainWindow]
) -> None:  # type: ignore[no-untyped-def]
    window = open_window(sample_project)
    window.document_list.select(document_id_titled(window, LUKASHENKA_TITLE))
    view = window.document_view
    text = view.text
    select_text(window, text[:40].split()[1])  # a claim at the top
    assert window.tag_selection("factual")
    late = len(text) * 3 // 4
    select_span(window, late, late + 12)  # and one far below, which scrolls the view down to it
    assert window.tag_selection("quote")
    scrolled = view.verticalScrollBar().value()
    assert scrolled > 0
    window.session.undo_stack.undo()
    # The list's current row moved to the other claim; that selects nothing and scrolls nowhere.
    assert window.panel.claim is None
    assert view.selected_claim is None
    assert view.verticalScrollBar().value() == scrolled


def test_the_second_document_view_shows_a_tag_retag_and_undo_made_in_the_first(
    qtbot, sample_project: Path, open_window: Callable[[Path], MainWindow]
) -> None:  # type: ignore[no-untyped-def]
    """Both views on one document: an edit in the first is painted in the second (it kept the old
    highlights before)."""
    window = open_window(sample_project)
    document_id = document_id_titled(window, LUKASHENKA_TITLE)
    window.document_list.select(document_id)
    window.actions_by_name["actionSecondDocument"].trigger()
    window.reference.show_document(document_id)
    reference = window.reference.view
    qtbot.waitUntil(reference.isVisible)
    start, _ = select_text(window, "all serious trade")
    assert painted_colour_at(window, start, reference) == WHITE  # painted, and kept, before the tag
    assert window.tag_selection("prediction")
    assert painted_colour_at(window, start, reference) == QColor(KIND_COLOURS["prediction"])
    claim = window.panel.claim
    assert claim is not None
    assert window.session.push(EditClaimCommand(window.session, claim, {"kind": "quote"}, "Edit kind"))
    assert painted_colour_at(window, start, reference) == QColor(KIND_COLOURS["quote"])
    window.session.undo_stack.undo()
    assert painted_colour_at(window, start, reference) == QColor(KIND_COLOURS["prediction"])
    window.session.undo_stack.undo()
    assert painted_colour_at(window, start, reference) == WHITE
