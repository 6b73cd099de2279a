"""Suggestions on the sample corpus: accepting one makes the claim with provenance, rejecting hides it,
both undo; accept all of a kind; decisions on one document re-rank the next; the schema upgrade."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.domain.suggestions import GENERATOR, Suggestion
from annotator.ops import history
from annotator.ops import suggestions as suggestion_ops
from annotator.ops.annotators import ensure_annotator
from annotator.ops.suggestions import SuggestionError
from annotator.sample import create_sample_project
from annotator.store import queries, schema, suggestion_queries
from annotator.store.project import Project, open_project
from annotator.store.schema import MIGRATIONS

QUOTE = "we are not going to join the war"
TITLE = "Will Lukashenka join Putin in invading Ukraine?"


@pytest.fixture(scope="module")
def sample_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sample") / "sample.sqlite"
    create_sample_project(path, "Anna")
    return path


@pytest.fixture
def project(sample_file: Path, tmp_path: Path) -> Project:
    copy = tmp_path / "project.sqlite"
    copy.write_bytes(sample_file.read_bytes())
    with open_project(copy) as opened:
        yield opened


def _document(project: Project, title: str = TITLE) -> str:
    return next(d.id for d in queries.document_summaries(project) if d.title == title)


def _quote(project: Project, document_id: str) -> Suggestion:
    return next(
        s for s in suggestion_ops.document_suggestions(project, document_id, ["quote"]) if s.exact == QUOTE
    )


def test_accepting_the_quote_makes_the_claim_with_speaker_date_and_provenance(project: Project) -> None:
    anna = ensure_annotator(project, "Anna")
    document_id = _document(project)
    suggestion = _quote(project, document_id)
    before = queries.claim_count(project)
    done = suggestion_ops.accept_suggestion(project, suggestion, anna)
    claim = done.value
    assert queries.claim_count(project) == before + 1
    assert (claim.exact, claim.kind, claim.stated_text) == (QUOTE, "quote", "17 March")
    assert claim.claimant_id is not None
    assert queries.get_actor(project, claim.claimant_id).name == "Alexander Lukashenka"
    provenance = suggestion_queries.provenance(project)[claim.id]
    assert (provenance.generator, provenance.accepted_by, provenance.suggestion_kind) == (
        GENERATOR,
        anna,
        "quote",
    )
    assert provenance.score == suggestion.score
    assert (document_id, claim.id) in done.changes.claims_added
    # Accepted: no longer offered at that place.
    assert suggestion.key not in {s.key for s in suggestion_ops.document_suggestions(project, document_id)}
    with pytest.raises(SuggestionError, match="already decided"):
        suggestion_ops.accept_suggestion(project, suggestion, anna)

    history.undo(project, done)
    assert queries.claim_count(project) == before
    assert suggestion_queries.provenance(project) == {}
    assert suggestion_queries.decisions(project) == []
    assert queries.find_actor(project, "Alexander Lukashenka") is None
    assert _quote(project, document_id) == suggestion
    history.redo(project, done)
    assert queries.get_claim(project, claim.id) == claim


def test_rejecting_hides_the_suggestion_and_undo_brings_it_back(project: Project) -> None:
    document_id = _document(project)
    suggestion = suggestion_ops.document_suggestions(project, document_id, ["factual"])[0]
    done = suggestion_ops.reject_suggestion(project, suggestion, None)
    assert suggestion.key not in {s.key for s in suggestion_ops.document_suggestions(project, document_id)}
    assert [d.decision for d in suggestion_queries.decisions(project)] == ["rejected"]
    assert queries.claim_count(project) == 0
    history.undo(project, done)
    assert suggestion_queries.decisions(project) == []


def test_accept_all_quotes_of_a_document_in_one_step(project: Project) -> None:
    document_id = _document(project)
    offered = suggestion_ops.document_suggestions(project, document_id, ["quote"])
    done = suggestion_ops.accept_all_of_kind(project, document_id, "quote", None)
    spans = {(s.start, s.end) for s in offered}
    assert {(c.start, c.end) for c in done.value} == spans
    assert all(c.kind == "quote" for c in done.value)
    assert suggestion_ops.document_suggestions(project, document_id, ["quote"]) == []
    history.undo(project, done)
    assert queries.claim_count(project) == 0
    with pytest.raises(SuggestionError, match="person"):
        suggestion_ops.accept_all_of_kind(project, document_id, "person", None)


def test_a_person_mention_is_not_accepted_as_a_claim(project: Project) -> None:
    document_id = _document(project)
    suggestion_ops.accept_suggestion(project, _quote(project, document_id), None)
    person = suggestion_ops.document_suggestions(project, document_id, ["person"])[0]
    with pytest.raises(SuggestionError, match="not a claim"):
        suggestion_ops.accept_suggestion(project, person, None)


def test_rejecting_on_one_document_reorders_the_next(project: Project) -> None:
    """What the analyst rejects on one document pushes down what resembles it on the next."""
    first = _document(project)
    second = next(d.id for d in queries.document_summaries(project) if d.title.startswith("New Concessions"))
    before = suggestion_ops.document_suggestions(project, second)
    order_before = [s.key for s in before]
    scores_before = {s.key: s.score for s in before}
    for suggestion in suggestion_ops.document_suggestions(project, first, ["factual"])[:8]:
        suggestion_ops.reject_suggestion(project, suggestion, None)
    after = suggestion_ops.document_suggestions(project, second)
    assert [s.key for s in after] != order_before
    lowered = [s for s in after if s.score < scores_before[s.key]]
    assert lowered and all("your decisions -" in s.reason for s in lowered)


def test_a_project_from_before_suggestions_upgrades(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    with open_project(path, create=True) as project:
        project.conn.execute("DROP TABLE claim_provenance")
        project.conn.execute("DROP TABLE suggestion_decisions")
        # The schema as it was before suggestions, the last migration.
        project.conn.execute(f"PRAGMA user_version = {MIGRATIONS.index(schema._V11_SUGGESTIONS)}")
    with open_project(path) as project:
        assert suggestion_queries.decisions(project) == []
        assert suggestion_queries.acceptance_by_kind(project) == {}
