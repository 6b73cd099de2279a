"""A claim made from a suggestion carries its provenance: the W3C export names the suggester as its
generator with score and who accepted it; reports count such claims; statistics show acceptance rates."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.domain.suggestions import GENERATOR, GENERATOR_VERSION
from annotator.export.gather import build_report
from annotator.export.html import render_html
from annotator.export.markdown import render_markdown
from annotator.export.model import ReportFilter
from annotator.export.web_annotation import render_web_annotation
from annotator.ops import claims as claim_ops
from annotator.ops import suggestions as suggestion_ops
from annotator.ops import verdicts as verdict_ops
from annotator.ops.annotators import ensure_annotator
from annotator.sample import create_sample_project
from annotator.store import queries
from annotator.store.project import Project, open_project
from annotator.store.statistics import project_statistics

QUOTE = "we are not going to join the war"


@pytest.fixture
def project(tmp_path: Path) -> Project:
    path = tmp_path / "p.sqlite"
    create_sample_project(path, "Anna")
    with open_project(path) as opened:
        yield opened


def _accept_quote_and_tag_another(project: Project) -> tuple[str, str]:
    anna = ensure_annotator(project, "Anna")
    document_id = next(
        d.id for d in queries.document_summaries(project) if d.title.startswith("Will Lukashenka")
    )
    quote = next(
        s for s in suggestion_ops.document_suggestions(project, document_id, ["quote"]) if s.exact == QUOTE
    )
    accepted = suggestion_ops.accept_suggestion(project, quote, anna).value
    other = suggestion_ops.document_suggestions(project, document_id, ["factual"])[0]
    suggestion_ops.reject_suggestion(project, other, anna)
    by_hand = claim_ops.tag_claim(project, document_id, 0, 10, "factual", anna)
    for claim_id in (accepted.id, by_hand.id):
        verdict_ops.add_verdict(project, claim_id, "refuted", "2023-10-05", created_by=anna)
    return accepted.id, by_hand.id


def test_web_annotation_generator_is_the_suggester_with_score_and_who_accepted(project: Project) -> None:
    accepted, by_hand = _accept_quote_and_tag_another(project)
    collection = json.loads(render_web_annotation(build_report(project, ReportFilter(verified_only=False))))
    annotations = {item["id"].removeprefix("urn:uuid:"): item for item in collection["first"]["items"]}
    generator = annotations[accepted]["generator"]
    assert generator["type"] == "Software"
    assert generator["name"].startswith(f"{GENERATOR} {GENERATOR_VERSION}")
    assert generator["suggestionKind"] == "quote" and generator["suggestionScore"] > 0
    assert "stressed that" in generator["suggestionReason"]
    assert generator["acceptedBy"]["name"] == "Anna"
    assert annotations[by_hand]["generator"]["id"] == "urn:annotator:software"


def test_reports_say_how_many_claims_came_from_suggestions(project: Project) -> None:
    _accept_quote_and_tag_another(project)
    report = build_report(project)
    assert (report.from_suggestions, len(report.claims)) == (1, 2)
    sentence = "1 of the 2 claims reported came from machine suggestions"
    assert sentence in render_markdown(report)
    assert sentence in render_html(report)


def test_statistics_show_acceptance_rates_per_kind(project: Project) -> None:
    _accept_quote_and_tag_another(project)
    figures = project_statistics(project, "2024-01-01")["suggestions"]
    assert figures["by_kind"] == {
        "factual": {"accepted": 0, "rejected": 1, "acceptance_rate": 0.0},
        "quote": {"accepted": 1, "rejected": 0, "acceptance_rate": 1.0},
    }
    assert figures["claims_from_suggestions"] == 1
