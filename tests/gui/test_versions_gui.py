"""A claim tagged in an article survives re-import of a lightly edited copy as a new version."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from annotator.gui.main_window import MainWindow
from annotator.store import queries
from gui_support import document_id_titled, select_text

TITLE = "Will Belarus join the war now?"
PREDICTION = "this has not happened, and it likely will not happen"
EDITED = "It is one thing to offer bases for Russian troops, it is entirely another thing"


def test_new_version_keeps_claims_asks_to_confirm_and_undoes(
    qtbot, tmp_path: Path, sample_project: Path, seeds_dir: Path, open_window: Callable[[Path], MainWindow]
) -> None:  # type: ignore[no-untyped-def]
    window = open_window(sample_project)
    old_id = document_id_titled(window, TITLE)
    window.document_list.select(old_id)
    select_text(window, PREDICTION)
    window.tag_selection("prediction")
    prediction = window.panel.claim.id if window.panel.claim else ""
    select_text(window, EDITED)
    window.tag_selection("factual")
    edited_claim = window.panel.claim.id if window.panel.claim else ""

    original = (seeds_dir / "004_8f9e010c70d96ada.txt").read_text(encoding="utf-8")
    copy = tmp_path / "will-belarus-updated.txt"
    copy.write_text(
        original.replace(
            "An interesting dynamic", "Editor's note: updated.\n\nAn interesting dynamic"
        ).replace("entirely another thing", "quite another thing"),
        encoding="utf-8",
    )
    assert window.import_new_version(copy) is True
    new_id = window.document_id
    assert new_id != old_id
    project = window.session.project
    assert queries.get_claim(project, prediction).document_id == new_id
    assert queries.get_claim(project, prediction).anchor_status == "moved"
    assert (
        window.document_view.text[
            queries.get_claim(project, prediction).start : queries.get_claim(project, prediction).end
        ]
        == PREDICTION
    )

    window.panel.select_claim(edited_claim)
    assert window.panel.confirm_anchor.isVisibleTo(window.panel)
    assert "Before: “" + EDITED in window.panel.anchor_bar.text()
    window.panel.confirm_anchor.click()
    assert queries.get_claim(project, edited_claim).anchor_status == "ok"
    titles = {s.display_title for s in queries.document_summaries(project)}
    assert f"{TITLE} (v1, superseded)" in titles and f"{TITLE} (v2)" in titles

    for _ in range(2):
        window.actions_by_name["actionUndo"].trigger()
    assert queries.get_claim(project, prediction).document_id == old_id
    assert window.document_id == old_id  # the version it showed is gone; its claims are back here
    assert {c.id for c in window.panel.model.claims} == {prediction, edited_claim}
    assert len(queries.document_summaries(project)) == 5
