"""The desk's verdict: at most one published verdict per claim, approved by a colleague or its author."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from annotator.domain import verdicts as verdict_rules
from annotator.domain.models import ImportedDocument
from annotator.export.claimreview import render_claimreview
from annotator.export.gather import build_report
from annotator.export.markdown import render_markdown
from annotator.export.model import ReportFilter
from annotator.ops import claims as claim_ops
from annotator.ops import history
from annotator.ops import reviews as review_ops
from annotator.ops import verdicts as verdict_ops
from annotator.ops.annotators import ensure_annotator
from annotator.ops.documents import add_document
from annotator.ops.merge import merge_project
from annotator.ops.verdicts import VerdictError
from annotator.store import findings, schema
from annotator.store.project import Project, open_project
from annotator.store.schema import MIGRATIONS
from annotator.store.statistics import project_statistics

TEXT = "Lukashenko said: we are not going to join the war. Observers doubted it."
QUOTE = "we are not going to join the war"


def _claim_project(path: Path) -> str:
    with open_project(path, create=True) as project:
        document = add_document(
            project, ImportedDocument(text=TEXT, source_format="text", source_filename="speech.txt")
        )[0]
        start = TEXT.index(QUOTE)
        claim = claim_ops.tag_claim(project, document, start, start + len(QUOTE), kind="prediction")
        return claim.id


def _states(project: Project, claim_id: str) -> list[tuple[str, str]]:
    return [(entry.verdict.label, entry.state) for entry in findings.desk_view(project, claim_id).history]


def test_two_analysts_disagree_and_the_desk_publishes_only_what_was_approved(tmp_path: Path) -> None:
    ours, theirs = tmp_path / "anna.sqlite", tmp_path / "boris.sqlite"
    claim = _claim_project(ours)
    shutil.copyfile(ours, theirs)
    with open_project(theirs) as project:
        boris = ensure_annotator(project, "Boris")
        verdict_ops.add_verdict(project, claim, "mixed", "2023-11-01", created_by=boris)
    with open_project(ours) as project:
        anna = ensure_annotator(project, "Anna")
        confirmed = verdict_ops.add_verdict(project, claim, "confirmed", "2023-10-01", created_by=anna)
        merge_project(project, theirs, merged_by=anna)
        # Boris published "Mixed" in his copy; it is newer, so until someone disputes it, it is the desk's.
        assert findings.current_verdicts(project)[claim].label == "mixed"
        mixed = findings.verdict_history(project, claim)[-1]
        review_ops.review(project, "verdict", mixed.id, "disputed", "The 2023 paper confirms it.", anna)

        assert _states(project, claim) == [("confirmed", "published"), ("mixed", "disputed")]
        assert findings.current_verdicts(project)[claim].id == confirmed.id
        report = build_report(project, ReportFilter())
        assert [entry.current.verdict.label for entry in report.claims if entry.current] == ["confirmed"]
        markdown = render_markdown(report)
        assert "**Verdict:** Confirmed" in markdown and "verdict disputed" not in markdown
        reviews = json.loads(render_claimreview(report))
        assert "Confirmed" in json.dumps(reviews) and "Mixed" not in json.dumps(reviews)
        figures = project_statistics(project, "2024-01-01")
        assert figures["verdicts"]["current_by_label"]["confirmed"] == 1
        assert figures["verdicts"]["current_by_label"]["mixed"] == 0
        assert figures["track_record"]["by_claimant"][0]["confirmed"] == 1

    # Boris proposes a better verdict (he does not publish it himself), Anna approves it.
    with open_project(theirs) as project:
        boris = ensure_annotator(project, "Boris")
        verdict_ops.add_verdict(
            project, claim, "mostly_confirmed", "2023-12-01", created_by=boris, publish=False
        )
    with open_project(ours) as project:
        anna = ensure_annotator(project, "Anna")
        merge_project(project, theirs, merged_by=anna)
        assert findings.current_verdicts(project)[claim].id == confirmed.id
        report = build_report(project, ReportFilter())
        assert report.claims[0].waiting == 1
        assert "1 newer proposal waiting for review" in render_markdown(report)
        better = findings.verdict_history(project, claim)[-1]
        done = review_ops.review(project, "verdict", better.id, "accepted", "", anna)
        assert _states(project, claim) == [
            ("confirmed", "superseded"),
            ("mixed", "disputed"),
            ("mostly_confirmed", "published"),
        ]
        assert build_report(project, ReportFilter()).claims[0].current.verdict.id == better.id  # type: ignore[union-attr]
        history.undo(project, done)
        assert findings.current_verdicts(project)[claim].id == confirmed.id


def test_a_desk_needs_a_second_reviewer_and_the_author_cannot_publish(tmp_path: Path) -> None:
    claim = _claim_project(tmp_path / "desk.sqlite")
    with open_project(tmp_path / "desk.sqlite") as project:
        anna, boris = ensure_annotator(project, "Anna"), ensure_annotator(project, "Boris")
        verdict_ops.set_second_reviewer(project, True)
        verdict = verdict_ops.record_verdict(
            project, claim, {"label": "refuted", "as_of": "2023-01-02"}, anna
        )
        assert _states(project, claim) == [("refuted", "proposed")]
        with pytest.raises(VerdictError, match="second reviewer"):
            verdict_ops.publish(project, verdict.value.id, anna)
        with pytest.raises(VerdictError, match="second reviewer"):
            verdict_ops.record_verdict(project, claim, {"label": "mixed", "as_of": "2023-01-03"}, anna, True)
        assert findings.current_verdicts(project) == {}
        review_ops.review(project, "verdict", verdict.value.id, "accepted", "", boris)
        assert findings.current_verdicts(project)[claim].id == verdict.value.id


def test_the_author_publishes_a_proposal_and_undo_takes_it_back(tmp_path: Path) -> None:
    claim = _claim_project(tmp_path / "solo.sqlite")
    with open_project(tmp_path / "solo.sqlite") as project:
        anna, boris = ensure_annotator(project, "Anna"), ensure_annotator(project, "Boris")
        proposal = verdict_ops.record_verdict(
            project, claim, {"label": "pending", "as_of": "2022-03-01"}, anna, publish=False
        ).value
        assert findings.waiting_proposals(project) == {claim: 1}
        with pytest.raises(VerdictError, match="only its author"):
            verdict_ops.publish(project, proposal.id, boris)
        done = verdict_ops.publish(project, proposal.id, anna)
        assert done.changes.verdicts == {claim}
        assert _states(project, claim) == [("pending", verdict_rules.PUBLISHED)]
        with pytest.raises(VerdictError, match="already approved"):
            verdict_ops.publish(project, proposal.id, anna)
        history.undo(project, done)
        assert _states(project, claim) == [("pending", verdict_rules.PROPOSED)]
        review_ops.review(project, "verdict", proposal.id, "needs_changes", "Which sources?", boris)
        with pytest.raises(VerdictError, match="sent back for changes"):
            verdict_ops.publish(project, proposal.id, anna)


def test_verdicts_recorded_before_the_desk_rule_stay_published(tmp_path: Path) -> None:
    """Upgrading a project publishes every verdict it had (they were its findings), so reports keep them."""
    claim = _claim_project(tmp_path / "old.sqlite")
    with open_project(tmp_path / "old.sqlite") as project:
        verdict_ops.add_verdict(project, claim, "refuted", "2023-01-02", publish=False)
        project.conn.execute("DROP TABLE verdict_publications")
        # The schema as it was before the desk's verdict (later migrations re-run harmlessly).
        project.conn.execute(f"PRAGMA user_version = {MIGRATIONS.index(schema._V8)}")
    with open_project(tmp_path / "old.sqlite") as project:
        assert findings.current_verdicts(project)[claim].label == "refuted"
