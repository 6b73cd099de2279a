"""A claim made from a suggestion carries its provenance: the W3C export names the suggester as its
generator with score and who accepted it, and importing that export gives the provenance back; reports
count such claims; statistics show acceptance rates."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.domain.suggestions import GENERATOR, GENERATOR_VERSION
from annotator.export.formats import export
from annotator.export.gather import build_report
from annotator.export.html import render_html
from annotator.export.markdown import render_markdown
from annotator.export.model import ReportFilter
from annotator.export.web_annotation import render_web_annotation
from annotator.ops import claims as claim_ops
from annotator.ops import suggestions as suggestion_ops
from annotator.ops import verdicts as verdict_ops
from annotator.ops.annotators import ensure_annotator
from annotator.ops.importing import ImportRecord, import_paths, redo_import, undo_import
from annotator.sample import create_sample_project
from annotator.store import queries, suggestion_queries
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


def _provenance_with_names(project: Project) -> dict[str, tuple[object, ...]]:
    names = dict(project.conn.execute("SELECT id, name FROM annotators").fetchall())
    return {
        claim_id: (
            p.generator,
            p.generator_version,
            p.score,
            p.suggestion_kind,
            p.reason,
            names.get(p.accepted_by),
            p.accepted_at,
        )
        for claim_id, p in suggestion_queries.provenance(project).items()
    }


def test_a_w3c_export_reimported_keeps_the_provenance_and_undo_takes_it_back(
    project: Project, tmp_path: Path, seeds_dir: Path
) -> None:
    accepted, by_hand = _accept_quote_and_tag_another(project)
    expected = _provenance_with_names(project)
    assert list(expected) == [accepted] and expected[accepted][:2] == (GENERATOR, GENERATOR_VERSION)
    assert expected[accepted][5] == "Anna"
    path = tmp_path / "annotations.jsonld"
    path.write_text(export(project, "w3c", ReportFilter(verified_only=False)), encoding="utf-8")
    with open_project(tmp_path / "new.sqlite") as fresh:
        import_paths(fresh, [seeds_dir])
        [outcome] = import_paths(fresh, [path])
        assert outcome.annotations is not None and not any(o.lost for o in outcome.annotations.outcomes)
        assert {o.claim_id for o in outcome.annotations.imported} == {accepted, by_hand}
        assert _provenance_with_names(fresh) == expected

        undone, _ = undo_import(fresh, ImportRecord.of([outcome]))
        assert suggestion_queries.provenance(fresh) == {}
        redo_import(fresh, undone)
        assert _provenance_with_names(fresh) == expected
