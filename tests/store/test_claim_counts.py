"""The v16 claim counts per document (derived_claim_counts): taken when a project is upgraded, and kept
right by the claims' triggers through every way a claim comes or goes; the claim list's total is read
from them."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from annotator.domain.models import ImportedDocument
from annotator.ops import claims as claim_ops
from annotator.ops import history
from annotator.ops.annotators import ensure_annotator
from annotator.ops.documents import add_document, remove_document
from annotator.ops.importing import import_paths
from annotator.ops.merge import merge_project, unmerge
from annotator.store import queries, schema
from annotator.store.claim_list_queries import ClaimListRows, document_claims
from annotator.store.project import Project, open_project
from annotator.store.schema import MIGRATIONS, SCHEMA_VERSION

TEXT = "Minsk said it would not join the war. Kyiv disagreed. Moscow said nothing at all."


def _stored(project: Project) -> dict[str, int]:
    rows = project.conn.execute("SELECT document_id, claims FROM derived_claim_counts WHERE claims != 0")
    return dict(rows)


def _counted(project: Project) -> dict[str, int]:
    return dict(project.conn.execute("SELECT document_id, count(*) FROM claims GROUP BY document_id"))


def _document(project: Project, text: str = TEXT) -> str:
    imported = ImportedDocument(text=text, source_format="text", source_filename="a.txt")
    return add_document(project, imported)[0]


def test_an_upgraded_project_counts_the_claims_it_already_has(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    with open_project(path) as project:
        first, second = _document(project), _document(project, TEXT + " Later.")
        for start in (0, 5, 38):
            claim_ops.tag_claim(project, first, start, start + 10)
        claim_ops.tag_claim(project, second, 0, 10)
    # Back to the version before v16, as an older annotator left it.
    conn = sqlite3.connect(path, isolation_level=None)
    for name in ("insert", "delete", "move"):
        conn.execute(f"DROP TRIGGER derived_claim_counts_{name}")
    conn.execute("DROP TABLE derived_claim_counts")
    conn.execute(f"PRAGMA user_version = {MIGRATIONS.index(schema._V16_CLAIM_COUNTS)}")
    conn.close()

    with open_project(path) as project:
        assert project.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert _stored(project) == {first: 3, second: 1}
        claim_ops.tag_claim(project, second, 20, 30)  # and the triggers keep them from now on
        assert document_claims(project, second) == 2


def test_the_counts_follow_tags_undo_redo_deletions_and_writes_by_hand(tmp_path: Path) -> None:
    with open_project(tmp_path / "p.sqlite") as project:
        document_id, other = _document(project), _document(project, TEXT + " Other.")
        tagged = [claim_ops.tag(project, document_id, start, start + 12) for start in (0, 10, 20)]
        claim_ops.tag(project, other, 0, 5)
        assert _stored(project) == _counted(project) == {document_id: 3, other: 1}
        history.undo(project, tagged[-1])
        assert document_claims(project, document_id) == 2
        history.redo(project, tagged[-1])
        assert document_claims(project, document_id) == 3
        deleted = claim_ops.delete(project, tagged[0].value.id)
        assert document_claims(project, document_id) == 2
        history.undo(project, deleted)
        assert _stored(project) == _counted(project) == {document_id: 3, other: 1}
        # Written by hand (another tool): moved to another document, deleted with SQL.
        with project.transaction():
            project.conn.execute(
                "UPDATE claims SET document_id = ? WHERE id = ?", [other, tagged[1].value.id]
            )
        assert _stored(project) == _counted(project) == {document_id: 2, other: 2}
        with project.transaction():
            project.conn.execute("DELETE FROM claims WHERE document_id = ?", [other])
            remove_document(project, other)
        assert _stored(project) == _counted(project) == {document_id: 2}
        assert document_claims(project, other) == 0


def test_the_counts_follow_a_merge_and_its_undo(tmp_path: Path, seeds_dir: Path) -> None:
    ours_path, theirs_path = tmp_path / "ours.sqlite", tmp_path / "theirs.sqlite"
    with open_project(ours_path) as ours:
        import_paths(ours, [seeds_dir])
    shutil.copy(ours_path, theirs_path)
    with open_project(theirs_path) as theirs:
        colleague = ensure_annotator(theirs, "Colleague")
        for summary in queries.document_summaries(theirs):
            for start in range(0, 200, 40):
                claim_ops.tag_claim(theirs, summary.id, start, start + 30, created_by=colleague)
    with open_project(ours_path) as ours:
        me = ensure_annotator(ours, "Me")
        merged = merge_project(ours, theirs_path, me)
        assert _stored(ours) == _counted(ours)
        assert sum(_stored(ours).values()) == merged.figures()["claims"] > 0
        unmerge(ours, merged)
        assert _stored(ours) == _counted(ours) == {}


def test_the_claim_list_total_is_the_stored_count_plus_claims_listed_from_earlier_versions(
    tmp_path: Path,
) -> None:
    with open_project(tmp_path / "p.sqlite") as project:
        document_id, earlier = _document(project), _document(project, TEXT + " Earlier.")
        for start in (0, 10, 20):
            claim_ops.tag_claim(project, document_id, start, start + 12)
        kept = claim_ops.tag_claim(project, earlier, 0, 12).id
        rows = ClaimListRows(project)
        rows.set_document(document_id)
        assert (rows.total, rows.count) == (3, 3)
        # Listed with it: a claim of an earlier version, an id that is no claim, one of its own.
        own = rows.page(0, 1)[0].id
        rows.set_document(document_id, [kept, "gone", own])
        assert (rows.total, rows.count) == (4, 4)
        assert kept in {row.id for row in rows.page(0, 10)}
