"""`annotator similar` on the sample project: ranked claims and fact-checks with scores, text and JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.ops import verdicts as verdict_ops
from annotator.store.project import open_project
from cli_support import RunCli
from similar_support import SimilarWorld, build_similar_world

REVIEWS = [
    {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": "https://factcheck.example/belarus-army",
        "claimReviewed": "The Belarusian army has joined Russia's war in Ukraine",
        "datePublished": "2022-03-02",
        "author": {"@type": "Organization", "name": "Example Check"},
        "reviewRating": {"@type": "Rating", "ratingValue": "1", "alternateName": "False"},
    }
]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> SimilarWorld:
    folder = tmp_path_factory.mktemp("similar-cli")
    world = build_similar_world(folder / "sample.sqlite")
    with open_project(world.path) as project:
        verdict_ops.add_verdict(project, world.ids["troops"], "confirmed", "2022-10-10", created_by=world.me)
    return world


def test_similar_prints_ranked_claims_and_fact_checks_with_scores(
    run_cli: RunCli, world: SimilarWorld, tmp_path: Path
) -> None:
    reviews = tmp_path / "reviews.jsonld"
    reviews.write_text(json.dumps(REVIEWS), encoding="utf-8")
    project = tmp_path / "copy.sqlite"
    project.write_bytes(world.path.read_bytes())
    imported = run_cli("import", project, reviews)
    assert imported.returncode == 0, imported.stderr
    assert "fact-checks: " in imported.stdout and "1 fact-check imported" in imported.stdout
    assert "0 imported" not in imported.stdout  # a fact-check file is no failed document

    result = run_cli("similar", project, "Belarus will not send its army to fight in Ukraine")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "claim: Lukashenko will not send Belarusian troops to fight in Ukraine" in out
    assert "verdict: Confirmed as of 2022-10-10" in out
    assert "fact-check: The Belarusian army has joined Russia's war in Ukraine" in out
    assert "rating: False as of 2022-03-02" in out and "by: Example Check" in out
    scores = [float(line.split()[0]) for line in out.splitlines() if line[:1].isdigit()]
    assert scores == sorted(scores, reverse=True) and all(0 < score <= 1 for score in scores)


def test_similar_json_has_each_hit_with_its_score_and_honours_the_limit(
    run_cli: RunCli, world: SimilarWorld
) -> None:
    result = run_cli(
        "similar", world.path, "Belarus", "did", "not", "send", "troops", "--json", "--limit", "2"
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["query"] == "Belarus did not send troops"
    assert len(data["hits"]) == 2
    first = data["hits"][0]
    assert first["kind"] == "claim" and first["id"] == world.ids["troops"]
    assert first["score"] >= data["hits"][1]["score"] and first["verdict"] == "Confirmed"
    assert {"text", "source", "claimant", "verdict_as_of", "fuzzy", "lexical", "document_id"} <= first.keys()


def test_nothing_similar_and_bad_input_are_clear(
    run_cli: RunCli, world: SimilarWorld, tmp_path: Path
) -> None:
    nothing = run_cli("similar", world.path, "zebra crossing")
    assert (nothing.returncode, nothing.stdout) == (0, "nothing similar\n")
    assert run_cli("similar", world.path, "x", "--limit", "0").returncode == 2
    missing = run_cli("similar", tmp_path / "missing.sqlite", "Belarus")
    assert missing.returncode == 2 and "missing.sqlite" in missing.stderr
