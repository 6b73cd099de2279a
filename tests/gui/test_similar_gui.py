"""The claim panel's Similar tab: what is like the selected claim, "Same claim", "Cite verdict"."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from annotator.gui.main_window import MainWindow
from annotator.ops import verdicts as verdict_ops
from annotator.store import findings
from annotator.store.project import open_project
from annotator.store.similar import same_as_ids
from similar_support import MOBILISATION_REVIEW, build_similar_world


def test_selecting_the_2023_claim_lists_the_2022_claims_and_links_and_cites_them(
    qtbot: Any, tmp_path: Path, open_window: Callable[[Path], MainWindow]
) -> None:
    world = build_similar_world(tmp_path / "similar.sqlite")
    with open_project(world.path) as project:
        verdict_ops.add_verdict(
            project,
            world.ids["troops"],
            "confirmed",
            "2022-10-10",
            conclusion="None sent",
            created_by=world.me,
        )
        mine = verdict_ops.add_verdict(
            project, world.ids["paper"], "pending", "2023-10-05", created_by=world.me
        )
    window = open_window(world.path)
    panel, tab = window.panel, window.panel.similar_tab
    window.open_claim(world.ids["paper"])
    panel.show_tab(tab)
    qtbot.waitUntil(lambda: tab.model.rowCount() >= 3)
    shown = [tab.model.hit_at(row) for row in range(tab.model.rowCount())]
    assert {hit.id for hit in shown[:3] if hit} == {world.ids[key] for key in ("join", "soldiers", "troops")}
    assert "Similar (" in panel.tabs.tabText(panel.tabs.currentIndex())
    top = shown[0]
    assert top is not None and top.id == world.ids["troops"]
    assert tab.model.index(0, 2).data() == "Confirmed (2022-10-10)"
    assert "published verdict: Confirmed as of 2022-10-10" in tab.detail.text()

    # Same claim: one click links them, the row says so, undo takes it back.
    assert tab.same_button.isEnabled()
    qtbot.mouseClick(tab.same_button, Qt.MouseButton.LeftButton)
    assert same_as_ids(window.session.project, world.ids["paper"]) == {world.ids["troops"]}
    qtbot.waitUntil(lambda: tab.model.index(0, 1).data().startswith("= Same claim: Lukashenko"))
    assert tab.same_button.text() == "Not the &same claim"
    window.session.undo()
    assert same_as_ids(window.session.project, world.ids["paper"]) == set()

    # Cite: evidence on my verdict, dated by the earlier verdict; my verdict stays mine.
    tab.list.selectRow(0)
    tab.stance.setCurrentText("supports")
    assert tab.cite_button.isEnabled()
    qtbot.mouseClick(tab.cite_button, Qt.MouseButton.LeftButton)
    [evidence] = findings.evidence_for_claim(window.session.project, world.ids["paper"])
    assert (evidence.verdict_id, evidence.dated, evidence.stance) == (mine.id, "2022-10-10", "supports")
    assert [v.label for v in findings.verdict_history(window.session.project, world.ids["paper"])] == [
        "pending"
    ]

    # A 2022 claim without a published verdict has nothing to cite.
    rows = {tab.model.hit_at(row).id: row for row in range(tab.model.rowCount())}  # type: ignore[union-attr]
    tab.list.selectRow(rows[world.ids["join"]])
    assert not tab.cite_button.isEnabled() and tab.same_button.isEnabled()

    # Double-clicking a similar claim opens it.
    tab.list.doubleClicked.emit(tab.model.index(rows[world.ids["join"]], 2))
    assert panel.claim is not None and panel.claim.id == world.ids["join"]


def test_a_suggestions_text_can_be_looked_up_without_a_claim(
    qtbot: Any, tmp_path: Path, open_window: Callable[[Path], MainWindow]
) -> None:
    world = build_similar_world(tmp_path / "similar.sqlite")
    window = open_window(world.path)
    tab = window.panel.similar_tab
    tab.show_similar_for_text("Lukashenko says Belarusian troops will not fight in Ukraine")
    assert tab.model.hit_at(0) is not None and tab.model.hit_at(0).id == world.ids["troops"]  # type: ignore[union-attr]
    assert not tab.same_button.isEnabled() and not tab.cite_button.isEnabled()  # no claim selected
    tab.show_similar_for_text("zebra crossing")
    assert tab.model.rowCount() == 0 and "Nothing similar" in tab.status.text()


def test_importing_a_fact_check_file_alone_refreshes_the_selected_claims_similar_tab(
    qtbot: Any, tmp_path: Path, open_window: Callable[[Path], MainWindow]
) -> None:
    world = build_similar_world(tmp_path / "similar.sqlite")
    window = open_window(world.path)
    panel, tab = window.panel, window.panel.similar_tab
    window.open_claim(world.ids["paper"])
    panel.show_tab(tab)
    qtbot.waitUntil(lambda: tab.model.rowCount() >= 3)

    def fact_checks_shown() -> list[str]:
        hits = [tab.model.hit_at(row) for row in range(tab.model.rowCount())]
        return [hit.text for hit in hits if hit is not None and hit.kind == "factcheck"]

    assert fact_checks_shown() == []
    review = tmp_path / "review.jsonld"
    review.write_text(json.dumps(MOBILISATION_REVIEW), encoding="utf-8")
    # No document comes with it, so only factChecksChanged can tell the tab.
    with (
        qtbot.waitSignal(window.session.factChecksChanged, timeout=60_000),
        qtbot.assertNotEmitted(window.session.documentsChanged),
    ):
        window.import_paths([review])
    qtbot.waitUntil(lambda: window._import_thread is None, timeout=60_000)
    assert fact_checks_shown() == [MOBILISATION_REVIEW["claimReviewed"]]
    assert panel.claim is not None and panel.claim.id == world.ids["paper"]

    # Undo of the import takes the fact-check out of the tab again.
    window.session.undo()
    assert fact_checks_shown() == []
