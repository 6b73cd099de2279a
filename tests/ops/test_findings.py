"""Events, verdicts, evidence, predictions due and track records on the sample corpus (issue 4's story)."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.domain import verdicts as verdict_rules
from annotator.ops import actors as actor_ops
from annotator.ops import claims as claim_ops
from annotator.ops import events as event_ops
from annotator.ops import history
from annotator.ops import verdicts as verdict_ops
from annotator.ops.importing import import_paths
from annotator.store import findings, queries
from annotator.store.project import Project, open_project

BELARUS_DIGEST = "Will Lukashenka join Putin in invading Ukraine?"
PAPER = "From strategic partner to co-aggressor: Russia’s attempts to lure Belarus into the war in Ukraine"


@pytest.fixture
def project(tmp_path: Path, seeds_dir: Path) -> Project:
    with open_project(tmp_path / "p.sqlite") as opened:
        import_paths(opened, [seeds_dir])
        yield opened


def _document(project: Project, title: str) -> tuple[str, str]:
    summary = next(s for s in queries.document_summaries(project) if s.title == title)
    return summary.id, queries.get_document(project, summary.id).text


def _tag(project: Project, title: str, phrase: str, kind: str) -> str:
    document_id, text = _document(project, title)
    start = text.index(phrase)
    return claim_ops.tag_claim(project, document_id, start, start + len(phrase), kind=kind).id


def test_prediction_linked_confirmed_with_evidence_and_track_record(project: Project) -> None:
    prediction = _tag(project, BELARUS_DIGEST, "we are not going to join the war", "prediction")
    lukashenka = actor_ops.create_actor(project, "Alexander Lukashenka", aliases=["Lukashenko"])
    claim_ops.update_claim(project, prediction, {"claimant_id": lukashenka.id, "due": "2022-12-31"})

    invasion = event_ops.create_event(project, "Russia invades Ukraine", "24 February 2022", place="Ukraine")
    assert (invasion.date_lo, invasion.date_hi, invasion.date_precision) == (
        "2022-02-24",
        "2022-02-24",
        "day",
    )
    assert event_ops.link_claim(project, prediction, invasion.id, "about") is True
    assert event_ops.link_claim(project, prediction, invasion.id, "about") is False
    assert [(e.title, r) for e, r in findings.events_for_claim(project, prediction)] == [
        ("Russia invades Ukraine", "about")
    ]

    # Due and still pending: it is on the review list.
    assert [c.id for c in findings.due_for_review(project, "2023-01-01")] == [prediction]
    pending = verdict_ops.add_verdict(project, prediction, "pending", "2022-03-20", "Too early to say")
    confirmed = verdict_ops.add_verdict(
        project, prediction, "confirmed", "2023-10-05", "Belarus kept its army out of the war", confidence=0.8
    )
    assert [v.id for v in findings.verdict_history(project, prediction)] == [pending.id, confirmed.id]
    assert findings.current_verdicts(project)[prediction].label == "confirmed"
    assert findings.due_for_review(project, "2024-01-01") == []

    paper_id, paper_text = _document(project, PAPER)
    quote = "avoiding at all costs the direct involvement of the Belarusian army in the war"
    start = paper_text.index(quote)
    evidence = verdict_ops.add_span_evidence(
        project, prediction, paper_id, start, start + len(quote), "supports", verdict_id=confirmed.id
    )
    assert evidence.exact == quote
    assert evidence.dated == "2023-10-05"
    assert not verdict_rules.evidence_postdates(evidence, confirmed)
    assert verdict_rules.evidence_postdates(evidence, pending)

    claimants, sources = findings.track_records(project)
    record = next(r for r in claimants if r.name == "Alexander Lukashenka")
    assert (record.count("confirmed"), record.count("refuted"), record.count("pending")) == (1, 0, 0)
    assert record.claim_ids["confirmed"] == [prediction]
    assert sources and sources[0].total == 1


def test_url_evidence_and_refuted_verdict(project: Project) -> None:
    claim = _tag(project, "Will Belarus join the war now?", "it likely will not happen", "prediction")
    verdict = verdict_ops.add_verdict(project, claim, "refuted", "2022-10-10")
    evidence = verdict_ops.add_url_evidence(
        project,
        claim,
        "https://example.org/report",
        "refutes",
        archived_url="https://web.archive.org/web/2022/https://example.org/report",
        accessed="2022-10-12",
        verdict_id=verdict.id,
    )
    assert findings.evidence_for_claim(project, claim) == [evidence]
    assert verdict_rules.evidence_postdates(evidence, verdict)  # accessed after the as-of date
    removed = verdict_ops.remove_evidence(project, evidence.id)
    assert findings.evidence_for_claim(project, claim) == []
    verdict_ops.restore_evidence(project, removed)
    assert findings.evidence_for_claim(project, claim) == [evidence]


def test_bad_verdicts_and_evidence_are_refused(project: Project) -> None:
    claim = _tag(project, BELARUS_DIGEST, "we are not going to join the war", "prediction")
    with pytest.raises(verdict_ops.VerdictError, match="unknown verdict label"):
        verdict_ops.add_verdict(project, claim, "true-ish", "2023-01-01")
    with pytest.raises(verdict_ops.VerdictError, match="full ISO date"):
        verdict_ops.add_verdict(project, claim, "confirmed", "2023")
    with pytest.raises(verdict_ops.VerdictError, match="unknown stance"):
        verdict_ops.add_url_evidence(project, claim, "https://x.org", "agrees")
    with pytest.raises(verdict_ops.VerdictError, match="needs a URL"):
        verdict_ops.add_url_evidence(project, claim, "  ", "supports")
    assert findings.verdict_history(project, claim) == []


def test_events_order_on_the_timeline_and_dates_as_written(project: Project) -> None:
    event_ops.create_event(project, "Joint regional group of forces", "10 October 2022")
    event_ops.create_event(project, "Invasion", "24 February 2022")
    event_ops.create_event(project, "Constitutional referendum", "27 February 2022")
    event_ops.create_event(project, "Drills", "autumn 2021")
    event_ops.create_event(project, "Someday", "")
    assert [e.title for e in findings.events(project)] == [
        "Drills",
        "Invasion",
        "Constitutional referendum",
        "Joint regional group of forces",
        "Someday",
    ]
    drills = findings.events(project)[0]
    assert (drills.date_lo, drills.date_hi) == ("2021-09-01", "2021-11-30")


def test_deleting_a_claim_takes_its_verdicts_and_links_and_undo_brings_them_back(project: Project) -> None:
    claim = _tag(project, BELARUS_DIGEST, "we are not going to join the war", "prediction")
    event = event_ops.create_event(project, "Invasion", "24 February 2022")
    event_ops.link_claim(project, claim, event.id, "predicts")
    verdict = verdict_ops.add_verdict(project, claim, "confirmed", "2023-10-05")
    verdict_ops.add_url_evidence(project, claim, "https://x.org", "supports", verdict_id=verdict.id)
    done = claim_ops.delete(project, claim)
    assert findings.claims_for_event(project, event.id) == []
    assert findings.current_verdicts(project) == {}
    history.undo(project, done)
    assert [r for _, r in findings.claims_for_event(project, event.id)] == ["predicts"]
    assert findings.current_verdicts(project)[claim].id == verdict.id
    assert len(findings.evidence_for_claim(project, claim)) == 1


def test_event_edit_and_delete_are_reversible(project: Project) -> None:
    event = event_ops.create_event(project, "Invasion", "24 February 2022")
    previous = event_ops.update_event(project, event.id, {"date_text": "February-March 2022"})
    changed = findings.get_event(project, event.id)
    assert (changed.date_lo, changed.date_hi, changed.date_precision) == ("2022-02-01", "2022-03-31", "range")
    event_ops.update_event(project, event.id, previous)
    assert findings.get_event(project, event.id).date_lo == "2022-02-24"
    done = event_ops.delete(project, event.id)
    assert findings.events(project) == []
    history.undo(project, done)
    assert findings.get_event(project, event.id) == event
