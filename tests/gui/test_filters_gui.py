"""Filtering the claim and document lists, combining criteria, remembered per project."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from annotator.gui.main_window import MainWindow
from annotator.ops import events as event_ops
from gui_support import LUKASHENKA_TITLE, document_id_titled, select_text

WILL_BELARUS = "Will Belarus join the war now?"


def _tag(window: MainWindow, title: str, phrase: str, kind: str) -> str:
    window.document_list.select(document_id_titled(window, title))
    select_text(window, phrase)
    window.tag_selection(kind)
    assert window.panel.claim is not None
    return window.panel.claim.id


def _visible_documents(window: MainWindow) -> set[str]:
    model = window.document_list.model
    return {model.data(model.index(row, 0)) for row in range(model.rowCount())}


def test_filters_combine_narrow_both_lists_and_are_remembered(
    qtbot, sample_project: Path, open_window: Callable[[Path], MainWindow]
) -> None:  # type: ignore[no-untyped-def]
    window = open_window(sample_project)
    prediction = _tag(window, LUKASHENKA_TITLE, "we are not going to join the war", "prediction")
    _tag(window, LUKASHENKA_TITLE, "Minsk can do little but follow Moscow’s war plans", "factual")
    _tag(window, WILL_BELARUS, "it likely will not happen", "prediction")
    bar = window.panel.filter_bar

    bar.toggle("kinds", "prediction")
    assert _visible_documents(window) == {LUKASHENKA_TITLE, WILL_BELARUS}
    window.document_list.select(document_id_titled(window, LUKASHENKA_TITLE))
    assert [c.id for c in window.panel.visible_claims()] == [prediction]
    assert window.panel.count_label.text() == "1 of 2 claims shown"

    # A second criterion narrows further: only claims linked to the invasion.
    invasion = event_ops.create_event(window.session.project, "Russia invades Ukraine", "24 February 2022")
    event_ops.link_claim(window.session.project, prediction, invasion.id, "about")
    bar.toggle("events", invasion.id)
    assert _visible_documents(window) == {LUKASHENKA_TITLE}
    assert "kind: 1; event: 1" in bar.summary.text()

    window.close()
    window = open_window(sample_project)
    assert window.panel.filter_bar.claim_filter.kinds == {"prediction"}
    assert _visible_documents(window) == {LUKASHENKA_TITLE}
    window.panel.filter_bar.clear.click()
    assert len(_visible_documents(window)) == 5
    window.document_list.select(document_id_titled(window, LUKASHENKA_TITLE))
    assert window.panel.count_label.text() == "2 claims"
