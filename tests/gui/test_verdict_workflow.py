"""Issue 4's story on the real window: link a prediction to an event, confirm it with evidence taken
from a second document, refute another with a URL, check the track record, and undo all of it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QTextCursor
from PySide6.QtTest import QTest

from annotator.gui.main_window import MainWindow
from annotator.gui.style import VERDICT_COLOURS
from annotator.gui.undo.verdicts import AddEvidenceCommand
from annotator.store import findings, queries
from gui_support import LUKASHENKA_TITLE, document_id_titled, painted_colour_at, select_text

PAPER = "From strategic partner to co-aggressor: Russia’s attempts to lure Belarus into the war in Ukraine"
CONCESSIONS = (
    "New Concessions for Putin: Is Lukashenko Ready to Involve the Belarusian Army in the War in Ukraine?"
)
EVIDENCE = "avoiding at all costs the direct involvement of the Belarusian army in the war"
ATTACK = "may allow a significantly larger Russian army of up to 300,000 soldiers"


def _tag(window: MainWindow, title: str, phrase: str, kind: str) -> str:
    window.document_list.select(document_id_titled(window, title))
    select_text(window, phrase)
    window.tag_selection(kind)
    assert window.panel.claim is not None
    return window.panel.claim.id


def _record_verdict(window: MainWindow, label: str, as_of: str, conclusion: str) -> None:
    tab = window.panel.verdict_tab
    tab.label.setCurrentIndex(tab.label.findData(label))
    # Typed as a user types it, over whatever the field held.
    tab.as_of.selectAll()
    QTest.keyClicks(tab.as_of, as_of)
    assert tab.as_of_parsed.text() == f"→ as of {as_of}"
    tab.conclusion.setText(conclusion)
    tab.record.click()


def test_link_confirm_with_evidence_refute_with_url_and_undo_everything(
    qtbot, sample_project: Path, open_window: Callable[[Path], MainWindow]
) -> None:  # type: ignore[no-untyped-def]
    window = open_window(sample_project)
    project = window.session.project
    prediction = _tag(window, LUKASHENKA_TITLE, "we are not going to join the war", "prediction")

    events_tab = window.panel.events_tab
    events_tab.relation.setCurrentText("About")
    events_tab.create_event_with({"title": "Russia invades Ukraine", "date_text": "24 February 2022"})
    assert events_tab.links.count() == 1
    assert events_tab.links.item(0).text() == "About: 2022-02-24 · Russia invades Ukraine"

    _record_verdict(window, "confirmed", "2023-10-05", "Belarus kept its army out of the war")
    history = window.panel.verdict_tab.history
    assert history.count() == 1 and history.item(0).text().startswith(
        "Published: Confirmed as of 2023-10-05, by "
    )
    assert "Published by its author on " in history.item(0).text()
    assert "Conclusion: Belarus kept its army out of the war" in history.item(0).text()

    # Evidence: open the 2023 paper beside the article, select the passage, add it.
    window.actions_by_name["actionSecondDocument"].trigger()
    assert window.reference.isVisible()
    paper_id = document_id_titled(window, PAPER)
    window.reference.show_document(paper_id)
    reference = window.reference.view
    start = reference.text.index(EVIDENCE)
    cursor = QTextCursor(reference.document())
    cursor.setPosition(reference.offsets.to_utf16(start))
    cursor.setPosition(reference.offsets.to_utf16(start + len(EVIDENCE)), QTextCursor.MoveMode.KeepAnchor)
    reference.setTextCursor(cursor)
    assert window.add_selection_as_evidence("supports") is True
    [evidence] = findings.evidence_for_claim(project, prediction)
    assert (evidence.document_id, evidence.exact, evidence.stance) == (paper_id, EVIDENCE, "supports")
    assert window.panel.verdict_tab.evidence.count() == 1
    assert window.panel.verdict_tab.evidence_warning.text() == ""  # the paper is dated 2023-10-05

    # Activating the evidence jumps to its passage in the second document.
    reference.setTextCursor(QTextCursor(reference.document()))
    window.show_evidence(evidence)
    assert reference.textCursor().selectedText() == EVIDENCE

    # Colour by verdict: the confirmed claim turns green.
    window.actions_by_name["actionColourByVerdict"].trigger()
    claim_start = window.document_view.text.index("we are not going to join the war")
    assert painted_colour_at(window, claim_start) == QColor(VERDICT_COLOURS["confirmed"])
    window.actions_by_name["actionColourByVerdict"].trigger()

    # The claim that Lukashenko may allow 300,000 soldiers to attack Kyiv again: refuted with a URL.
    attack = _tag(window, CONCESSIONS, ATTACK, "prediction")
    window.panel.claimant.setText("Alexander Lukashenka")
    window.panel.claimant.editingFinished.emit()
    _record_verdict(window, "refuted", "2023-10-05", "No attack on Kyiv from Belarus followed")
    url_fields = {
        "url": "https://www.reuters.com/world/europe/",
        "archived_url": "https://web.archive.org/web/2023/https://www.reuters.com/world/europe/",
        "accessed": "2023-11-01",
        "stance": "refutes",
        "verdict_id": window.panel.verdict_tab.current_verdict_id(),
    }
    window.session.push(AddEvidenceCommand(window.session, attack, "url", url_fields))
    assert "⚠" in window.panel.verdict_tab.evidence.item(0).text()  # accessed after the as-of date
    assert "after the published verdict" in window.panel.verdict_tab.evidence_warning.text()

    labels = {claim_id: v.label for claim_id, v in findings.current_verdicts(project).items()}
    assert labels == {prediction: "confirmed", attack: "refuted"}

    # Undo walks all of it back: nothing of the session's work stays in the project file.
    stack = window.session.undo_stack
    for _ in range(stack.count()):
        window.actions_by_name["actionUndo"].trigger()
    assert project.conn.execute("SELECT count(*) FROM claims").fetchone()[0] == 0
    assert findings.events(project) == []
    assert project.conn.execute("SELECT count(*) FROM verdicts").fetchone()[0] == 0
    assert project.conn.execute("SELECT count(*) FROM evidence").fetchone()[0] == 0
    assert queries.actors(project) == []
    # ... and redo brings it back, with the same ids.
    for _ in range(stack.count()):
        window.actions_by_name["actionRedo"].trigger()
    assert {
        c.id for c in queries.claims_for_document(project, document_id_titled(window, LUKASHENKA_TITLE))
    } == {prediction}
    assert findings.current_verdicts(project)[attack].label == "refuted"
    assert [e.exact for e in findings.evidence_for_claim(project, prediction)] == [EVIDENCE]


def test_typed_as_of_no_default_label_proposal_then_publish_and_the_desk_rule(
    qtbot, sample_project: Path, open_window: Callable[[Path], MainWindow]
) -> None:  # type: ignore[no-untyped-def]
    window = open_window(sample_project)
    project = window.session.project
    prediction = _tag(window, LUKASHENKA_TITLE, "we are not going to join the war", "prediction")
    tab = window.panel.verdict_tab
    # No label is chosen for the user, and nothing is recorded until both label and date are given.
    assert tab.label.currentIndex() == -1 and not tab.record.isEnabled()
    tab.as_of.setFocus()
    QTest.keyClick(tab.as_of, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(tab.as_of, "2023-10-01")
    assert tab.as_of_parsed.text() == "→ as of 2023-10-01"
    assert not tab.record.isEnabled()
    tab.label.setCurrentIndex(tab.label.findData("confirmed"))
    assert tab.record.isEnabled()
    # Left a proposal: the desk publishes nothing yet, and says one proposal waits.
    assert tab.publish_now.isChecked()
    tab.publish_now.setChecked(False)
    tab.record.click()
    assert findings.current_verdicts(project) == {}
    assert tab.label.currentIndex() == -1 and tab.as_of.text() == ""
    assert tab.waiting.text() == "1 newer proposal waiting for review"
    assert tab.history.item(0).text().startswith("Proposed: Confirmed as of 2023-10-01")
    model = window.panel.model
    verdict_cell = model.index(model.row_of(prediction), model.VERDICT_COLUMN)
    assert model.data(verdict_cell) == "1 proposal"
    tab.history.setCurrentRow(0)
    assert tab.publish_selected.isEnabled()
    tab.publish_selected.click()
    assert findings.current_verdicts(project)[prediction].as_of == "2023-10-01"
    assert tab.history.item(0).text().startswith("Published: Confirmed as of 2023-10-01")
    assert tab.waiting.text() == ""
    assert model.data(verdict_cell) == "Confirmed"

    # A desk turns on the second-reviewer rule: the author can no longer publish, and undo turns it off.
    rule = window.actions_by_name["actionSecondReviewer"]
    assert not rule.isChecked()
    rule.trigger()
    assert rule.isChecked() and findings.second_reviewer_required(project)
    assert not tab.publish_now.isEnabled() and not tab.publish_now.isChecked()
    window.actions_by_name["actionUndo"].trigger()
    assert not rule.isChecked() and not findings.second_reviewer_required(project)
    assert tab.publish_now.isEnabled()
    window.actions_by_name["actionUndo"].trigger()  # the publish
    assert findings.current_verdicts(project) == {}
