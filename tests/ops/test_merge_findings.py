"""A colleague's findings merge in once and their undo takes them back: a fact-check they imported, a "same
claim" link, their decisions on suggestions and the provenance of the claim they accepted from one."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from annotator.ops import matching
from annotator.ops import suggestions as suggestion_ops
from annotator.ops.annotators import ensure_annotator
from annotator.ops.importing import import_paths
from annotator.ops.merge import merge_project, unmerge
from annotator.store import queries, suggestion_queries
from annotator.store.project import Project, open_project
from annotator.store.similar import find_similar_to_claim
from similar_support import MOBILISATION_REVIEW as REVIEW
from similar_support import SimilarWorld, build_similar_world

# The colleague's findings, the tables they live in (and claims, for the one they accepted).
FINDINGS = ("factchecks", "claim_links", "suggestion_decisions", "claim_provenance", "claims", "annotators")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> SimilarWorld:
    return build_similar_world(tmp_path_factory.mktemp("merge-findings") / "sample.sqlite")


def _rows(project: Project) -> dict[str, list[tuple[Any, ...]]]:
    return {
        table: sorted(project.conn.execute(f"SELECT * FROM {table}").fetchall(), key=repr)
        for table in FINDINGS
    }


def _colleagues_findings(project: Project, folder: Path, world: SimilarWorld) -> str:
    """Bob imports a fact-check, links two claims as the same, accepts one suggestion and rejects another;
    returns the id of the claim he accepted."""
    bob = ensure_annotator(project, "Bob")
    review = folder / "review.jsonld"
    review.write_text(json.dumps(REVIEW), encoding="utf-8")
    [outcome] = import_paths(project, [review], bob)
    assert outcome.fact_checks is not None and len(outcome.fact_checks.added) == 1
    assert matching.link_same_claim(project, world.ids["paper"], world.ids["troops"], bob)
    document_id = queries.get_claim(project, world.ids["paper"]).document_id
    offered = suggestion_ops.document_suggestions(project, document_id, ["factual"])
    accepted = suggestion_ops.accept_suggestion(project, offered[0], bob).value
    suggestion_ops.reject_suggestion(project, offered[1], bob)
    return accepted.id


def test_a_colleagues_fact_check_link_decisions_and_provenance_merge_once_and_unmerge(
    built: SimilarWorld, tmp_path: Path
) -> None:
    ours_path, theirs_path = tmp_path / "ours.sqlite", tmp_path / "theirs.sqlite"
    shutil.copyfile(built.path, ours_path)
    shutil.copyfile(built.path, theirs_path)
    with open_project(theirs_path) as theirs:
        accepted = _colleagues_findings(theirs, tmp_path, built)
        expected = _rows(theirs)
        their_provenance = suggestion_queries.provenance(theirs)
    assert [len(expected[table]) for table in FINDINGS[:4]] == [1, 1, 2, 1]
    with open_project(ours_path) as project:
        before = _rows(project)
        assert not any(before[table] for table in FINDINGS[:4])

        summary = merge_project(project, theirs_path, built.me)
        assert {table: summary.count(table) for table in FINDINGS[:4]} == {
            "factchecks": 1,
            "claim_links": 1,
            "suggestion_decisions": 2,
            "claim_provenance": 1,
        }
        assert _rows(project) == expected
        assert suggestion_queries.provenance(project) == their_provenance
        assert list(their_provenance) == [accepted]
        assert summary.changes.factchecks and summary.changes.links and summary.changes.suggestions
        # The merged fact-check and link are what the Similar tab shows for the 2023 claim.
        hits = find_similar_to_claim(project, built.ids["paper"])
        assert any(hit.kind == "factcheck" and hit.text == REVIEW["claimReviewed"] for hit in hits)
        assert next(hit for hit in hits if hit.id == built.ids["troops"]).same_as

        again = merge_project(project, theirs_path, built.me)
        assert not any(again.inserted.values()) and not again.conflict_ids
        assert _rows(project) == expected

        unmerge(project, summary)
        assert _rows(project) == before
        assert suggestion_queries.provenance(project) == {}
