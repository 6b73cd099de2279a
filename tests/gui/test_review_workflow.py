"""Issue 6's story on the real window: a colleague's copy is merged, reviewed in the queue with the
disagreement side by side, agreement figures shown, merging again changes nothing, undo takes it back."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from annotator.gui.main_window import MainWindow
from annotator.gui.review_queue import ReviewQueueDialog
from annotator.gui.statistics_dialog import StatisticsDialog
from annotator.ops import claims as claim_ops
from annotator.ops import verdicts as verdict_ops
from annotator.ops.annotators import ensure_annotator
from annotator.store import findings, queries
from annotator.store.project import open_project
from gui_support import LUKASHENKA_TITLE, document_id_titled

PHRASE = "we are not going to join the war"


def _tag(path: Path, who: str, phrase: str, claim_id: str | None = None) -> str:
    with open_project(path) as project:
        author = ensure_annotator(project, who)
        document_id = document_id_titled(path, LUKASHENKA_TITLE)
        text = queries.get_document(project, document_id).text
        start = text.index(phrase)
        claim = claim_ops.tag_claim(
            project,
            document_id,
            start,
            start + len(phrase),
            "prediction",
            created_by=author,
            claim_id=claim_id,
        )
        return claim.id


def _judge(path: Path, who: str, claim_id: str, label: str) -> None:
    with open_project(path) as project:
        verdict_ops.add_verdict(
            project, claim_id, label, "2023-10-05", created_by=ensure_annotator(project, who)
        )


def test_merge_review_queue_side_by_side_agreement_and_undo(
    qtbot, tmp_path: Path, sample_project: Path, open_window: Callable[[Path], MainWindow]
) -> None:  # type: ignore[no-untyped-def]
    ours = sample_project
    shared = _tag(ours, "Ana", PHRASE)
    theirs = tmp_path / "bob.sqlite"
    shutil.copy(ours, theirs)
    _judge(ours, "Ana", shared, "confirmed")
    _judge(theirs, "Bob", shared, "mostly_refuted")
    bobs_claim = _tag(theirs, "Bob", "Minsk can do little but follow Moscow’s war plans")

    window = open_window(ours)
    window.session.annotator_id = ensure_annotator(window.session.project, "Ana")
    project = window.session.project
    documents_before = len(queries.document_summaries(project))
    assert window.merge_project(theirs) is True
    assert len(queries.document_summaries(project)) == documents_before  # no document duplicated
    assert queries.get_claim(project, bobs_claim).exact.startswith("Minsk can do little")
    # Each annotator's claims are marked with their name and colour in the claim list.
    window.document_list.select(document_id_titled(window, LUKASHENKA_TITLE))
    model = window.panel.model
    by = {model.claims[row].id: model.index(row, 5).data() for row in range(model.rowCount())}
    assert by == {shared: "Ana", bobs_claim: "Bob"}
    assert model.index(model.row_of(bobs_claim), 5).data(Qt.ItemDataRole.BackgroundRole) is not None

    dialog = ReviewQueueDialog(window.session, window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    targets = {(item.target_type, item.author) for item in dialog.items}
    assert targets == {("claim", "Bob"), ("verdict", "Bob")}
    verdict_row = next(i for i, item in enumerate(dialog.items) if item.target_type == "verdict")
    dialog.queue.setCurrentRow(verdict_row)
    side = {dialog.side_by_side.item(r, 0).text(): dialog.side_by_side.item(r, 1).text() for r in range(2)}
    # Every verdict on the claim, readable labels, the one under review marked.
    assert side == {"Ana": "Confirmed", "▶ Bob": "Mostly refuted"}

    # Keyboard-first: D disputes the verdict, with the comment typed first.
    dialog.comment.setPlainText("The 2023 paper says the army stayed out.")
    dialog.queue.setFocus()
    qtbot.keyClick(dialog.queue, Qt.Key.Key_D)
    assert len(dialog.items) == 1 and dialog.items[0].target_type == "claim"
    qtbot.keyClick(dialog.queue, Qt.Key.Key_A)
    assert dialog.items == []
    assert project.conn.execute("SELECT decision FROM reviews ORDER BY decision").fetchall() == [
        ("accepted",),
        ("disputed",),
    ]
    # Reviewed items stay findable, with their threads; the disputed verdict kept Ana's published.
    dialog.show_reviewed.setChecked(True)
    assert {item.target_type for item in dialog.items} == {"claim", "verdict"}
    verdict_row = next(i for i, item in enumerate(dialog.items) if item.target_type == "verdict")
    dialog.queue.setCurrentRow(verdict_row)
    assert "The 2023 paper says the army stayed out." in dialog.thread_list.item(0).text()
    assert findings.current_verdicts(project)[shared].label == "confirmed"
    dialog.show_reviewed.setChecked(False)

    stats = StatisticsDialog(window.session, window)
    qtbot.addWidget(stats)
    assert stats.figures["agreement"]["verdicts"]
    # Tables a reviewer can read: kappa as a matrix of annotators, alpha with its items and coders.
    kappa = stats.kappa
    assert (
        kappa.rowCount() == kappa.columnCount() == len(stats.figures["agreement"]["verdicts"]["annotators"])
    )
    assert "claims)" in kappa.item(0, 1).text() and kappa.item(0, 0).text() == "—"
    assert "over 1 claim and 2 annotators" in stats.alpha.text()
    overview = {
        stats.overview.item(r, 0).text(): stats.overview.item(r, 1).text()
        for r in range(stats.overview.rowCount())
    }
    assert overview["Published verdicts"] == "1"

    counts = {
        t: project.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("claims", "verdicts")
    }
    assert window.merge_project(theirs) is True  # merging again changes nothing
    assert {t: project.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in counts} == counts

    stack = window.session.undo_stack
    for _ in range(stack.count()):
        window.actions_by_name["actionUndo"].trigger()
    assert project.conn.execute("SELECT count(*) FROM reviews").fetchone()[0] == 0
    assert project.conn.execute("SELECT count(*) FROM claims WHERE id = ?", [bobs_claim]).fetchone()[0] == 0
    assert [row[0] for row in project.conn.execute("SELECT label FROM verdicts")] == ["confirmed"]
