"""A new version of a document: claims re-anchored (ok, moved, to confirm, orphaned), and undone."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.domain.models import ImportedDocument
from annotator.ops import claims as claim_ops
from annotator.ops import history, versions
from annotator.ops.importing import import_paths
from annotator.store import queries
from annotator.store.project import Project, open_project

SEED = "004_8f9e010c70d96ada.txt"
UNCHANGED = "An interesting dynamic has emerged in the last 10 days or so."
MOVED = "Russia has clearly withdrawn forces around Kyiv with the intention of redeploying them Eastward"
EDITED = (
    "It is one thing to offer bases for Russian troops, "
    "it is entirely another thing to deploy your own troops"
)
DELETED = "Given the massive protests of two years ago that almost toppled the regime"


@pytest.fixture
def project(tmp_path: Path, seeds_dir: Path) -> Project:
    with open_project(tmp_path / "p.sqlite") as opened:
        import_paths(opened, [seeds_dir / SEED])
        yield opened


def _tag(project: Project, document_id: str, phrase: str) -> str:
    text = queries.get_document(project, document_id).text
    start = text.index(phrase)
    return claim_ops.tag_claim(project, document_id, start, start + len(phrase), "prediction").id


def test_new_version_reanchors_claims_and_undo_restores_them(project: Project) -> None:
    [old] = queries.document_summaries(project)
    text = queries.get_document(project, old.id).text
    ids = {phrase: _tag(project, old.id, phrase) for phrase in (UNCHANGED, MOVED, EDITED, DELETED)}
    before = {claim.id: claim for claim in queries.claims_for_document(project, old.id)}

    new_text = (
        text.replace(MOVED, "A new paragraph was added by the editors.\n\n" + MOVED)
        .replace("entirely another thing", "quite another thing")
        .replace(DELETED, "Some sentence replaced this one entirely")
    )
    edited = ImportedDocument(text=new_text, source_format="text", source_filename="004 updated.txt")
    result = versions.add_version(project, old.id, edited)
    assert result.statuses == {
        ids[UNCHANGED]: "ok",
        ids[MOVED]: "moved",
        ids[EDITED]: "needs_confirmation",
        ids[DELETED]: "orphaned",
    }
    new = queries.get_document(project, result.new_document_id)
    assert (new.version_of, new.version) == (old.id, 2)
    for claim in queries.claims_for_document(project, new.id):
        assert claim.exact == new.text[claim.start : claim.end]
    assert queries.get_claim(project, ids[MOVED]).exact == MOVED
    assert "quite another thing" in queries.get_claim(project, ids[EDITED]).exact
    orphan = queries.get_claim(project, ids[DELETED])
    assert (orphan.document_id, orphan.exact) == (old.id, DELETED)  # readable on the old version
    assert versions.orphaned_from_earlier_versions(project, new.id) == [ids[DELETED]]

    # The user confirms the fuzzy match and rejects nothing; undo of the whole version restores all.
    assert versions.confirm_anchor(project, ids[EDITED]) == "needs_confirmation"
    versions.remove_version(project, result)
    after = {claim.id: claim for claim in queries.claims_for_document(project, old.id)}
    assert {i: (c.start, c.end, c.exact, c.anchor_status) for i, c in after.items()} == {
        i: (c.start, c.end, c.exact, c.anchor_status) for i, c in before.items()
    }
    assert len(queries.document_summaries(project)) == 1


def test_rejecting_a_fuzzy_match_orphans_the_claim_on_its_old_version(project: Project) -> None:
    [old] = queries.document_summaries(project)
    text = queries.get_document(project, old.id).text
    claim_id = _tag(project, old.id, EDITED)
    edited = ImportedDocument(
        text=text.replace("entirely another thing", "quite another thing"),
        source_format="text",
        source_filename="004 updated.txt",
    )
    versions.add_version(project, old.id, edited)
    done = versions.reject(project, claim_id)
    claim = queries.get_claim(project, claim_id)
    assert (claim.document_id, claim.exact, claim.anchor_status) == (old.id, EDITED, "orphaned")
    history.undo(project, done)
    assert queries.get_claim(project, claim_id).anchor_status == "needs_confirmation"


def test_the_same_text_is_not_a_new_version(project: Project) -> None:
    [old] = queries.document_summaries(project)
    same = ImportedDocument(
        text=queries.get_document(project, old.id).text, source_format="text", source_filename="x"
    )
    with pytest.raises(versions.VersionError, match="already in the project"):
        versions.add_version(project, old.id, same)


def test_a_changed_page_at_the_same_url_imports_as_a_new_version(tmp_path: Path, realworld_dir: Path) -> None:
    page = realworld_dir / "html" / "theguardian.com.academics.html"
    with open_project(tmp_path / "p.sqlite") as project:
        [first] = import_paths(project, [page])
        text = queries.get_document(project, first.document_id or "").text
        phrase = "But a spokesperson for"
        start = text.index(phrase)
        claim = claim_ops.tag_claim(project, first.document_id or "", start, start + len(phrase), "quote")

        edited = tmp_path / "academics-updated.html"
        html = page.read_text(encoding="utf-8")
        edited.write_text(html.replace("It calls on the", "It now calls on the", 1), encoding="utf-8")
        [second] = import_paths(project, [edited])
        assert second.new_version_of is not None and second.new_version_of.id == first.document_id
        assert "new version" in second.describe()
        moved = queries.get_claim(project, claim.id)
        assert moved.document_id == second.document_id and moved.exact == phrase

        # Undo and redo of that import give back the same document id and claim placement.
        versions.remove_version(project, second.version)
        assert queries.get_claim(project, claim.id).document_id == first.document_id
        again = second.version.redo(project)
        assert again.new_document_id == second.document_id
        assert queries.get_claim(project, claim.id).document_id == second.document_id
