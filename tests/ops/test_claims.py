"""Claim operations on a real project file: tag, edit and its inverse, delete and restore."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.domain.models import ImportedDocument
from annotator.ops import actors as actor_ops
from annotator.ops import claims as claim_ops
from annotator.ops import history
from annotator.ops.documents import add_document
from annotator.store import queries
from annotator.store.project import Project, open_project

TEXT = "Intro line.\nHe said “we are not going to join the war.” 👍🏽 Then more text follows here."


@pytest.fixture
def project(tmp_path: Path) -> Project:
    with open_project(tmp_path / "claims.sqlite") as opened:
        yield opened


@pytest.fixture
def document_id(project: Project) -> str:
    imported = ImportedDocument(text=TEXT, source_format="text", source_filename="t.txt")
    return add_document(project, imported)[0]


def test_tag_claim_stores_code_point_anchor_with_context(project: Project, document_id: str) -> None:
    start = TEXT.index("we are not")
    end = start + len("we are not going to join the war")
    claim = claim_ops.tag_claim(project, document_id, start, end, kind="prediction")
    stored = queries.get_claim(project, claim.id)
    assert stored.exact == TEXT[start:end] == "we are not going to join the war"
    assert stored.prefix == TEXT[max(0, start - 32) : start]
    assert stored.suffix == TEXT[end : end + 32]
    assert stored.kind == "prediction"
    assert stored.created_at and stored.updated_at


def test_span_after_an_emoji_is_counted_in_code_points(project: Project, document_id: str) -> None:
    start = TEXT.index("Then")
    claim = claim_ops.tag_claim(project, document_id, start, start + 4)
    assert queries.get_claim(project, claim.id).exact == "Then"


@pytest.mark.parametrize("span", [(5, 5), (-1, 3), (0, len(TEXT) + 1)])
def test_bad_spans_are_refused(project: Project, document_id: str, span: tuple[int, int]) -> None:
    with pytest.raises(claim_ops.ClaimError):
        claim_ops.tag_claim(project, document_id, *span)
    assert queries.claims_for_document(project, document_id) == []


def test_unknown_kind_is_refused(project: Project, document_id: str) -> None:
    with pytest.raises(claim_ops.ClaimError, match="unknown claim kind"):
        claim_ops.tag_claim(project, document_id, 0, 5, kind="rumour")


def test_update_returns_the_inverse_change(project: Project, document_id: str) -> None:
    claim = claim_ops.tag_claim(project, document_id, 0, 5)
    previous = claim_ops.update_claim(
        project, claim.id, {"kind": "quote", "tags": ["belarus", "war"], "note": "n"}
    )
    assert previous == {"kind": "factual", "tags": [], "note": ""}
    edited = queries.get_claim(project, claim.id)
    assert (edited.kind, edited.tags, edited.note) == ("quote", ["belarus", "war"], "n")
    claim_ops.update_claim(project, claim.id, previous)
    restored = queries.get_claim(project, claim.id)
    assert (restored.kind, restored.tags, restored.note) == ("factual", [], "")


def test_anchor_fields_cannot_be_edited(project: Project, document_id: str) -> None:
    claim = claim_ops.tag_claim(project, document_id, 0, 5)
    with pytest.raises(claim_ops.ClaimError, match="cannot edit"):
        claim_ops.update_claim(project, claim.id, {"start": 2})


def test_delete_then_restore_gives_back_the_same_claim(project: Project, document_id: str) -> None:
    claim = claim_ops.tag_claim(project, document_id, 0, 5, kind="opinion")
    claim_ops.update_claim(project, claim.id, {"statement": "Intro"})
    done = claim_ops.delete(project, claim.id)
    deleted, _bundle = done.value
    assert done.changes.claims_removed == {(document_id, claim.id)}
    assert queries.claims_for_document(project, document_id) == []
    tombstones = project.db.execute("SELECT table_name, row_id FROM tombstones").fetchall()
    assert tombstones == [("claims", claim.id)]
    assert history.undo(project, done).claims_added == {(document_id, claim.id)}
    assert queries.get_claim(project, claim.id) == deleted
    assert project.db.execute("SELECT count(*) FROM tombstones").fetchone()[0] == 0


def test_actor_aliases_resolve_to_one_actor(project: Project) -> None:
    lukashenka = actor_ops.create_actor(project, "Alexander Lukashenka", aliases=["Lukashenko", "Lukashenka"])
    assert queries.find_actor(project, "lukashenko") == lukashenka
    found, created = actor_ops.resolve_or_create_actor(project, "Lukashenka")
    assert (found.id, created) == (lukashenka.id, False)
    other, created = actor_ops.resolve_or_create_actor(project, "Vladimir Putin")
    assert created and other.name == "Vladimir Putin"


def test_a_new_claimant_is_created_with_the_claim_edit_and_undone_with_it(
    project: Project, document_id: str
) -> None:
    claim = claim_ops.tag_claim(project, document_id, 0, 5)
    done = claim_ops.set_claimant(project, claim.id, "Someone")
    [actor] = queries.actors(project)
    assert done.value == actor.id and queries.get_claim(project, claim.id).claimant_id == actor.id
    assert done.changes.actors == {actor.id} and done.changes.claims == {(document_id, claim.id)}
    history.undo(project, done)
    assert queries.actors(project) == [] and queries.get_claim(project, claim.id).claimant_id is None
    # A name already known (here, as an alias) is that actor: nothing new is created.
    known = actor_ops.create_actor(project, "Alexander Lukashenko", aliases=["Lukashenka"])
    assert claim_ops.set_claimant(project, claim.id, "Lukashenka").value == known.id
    assert queries.actors(project) == [known]
