"""A merge's conflicts name the colleague (the annotator who last worked in their file), not only it."""

from __future__ import annotations

import shutil
from pathlib import Path

from annotator.domain.models import ImportedDocument
from annotator.ops import claims as claim_ops
from annotator.ops import conflicts as conflict_ops
from annotator.ops.annotators import ensure_annotator
from annotator.ops.documents import add_document
from annotator.ops.merge import merge_project
from annotator.store import schema
from annotator.store.project import open_project
from annotator.store.schema import MIGRATIONS

TEXT = "Lukashenka said: we are not going to join the war. Minsk followed Moscow."


def _both_edit(tmp_path: Path) -> tuple[Path, Path, str]:
    ours, theirs = tmp_path / "anna.sqlite", tmp_path / "boris.sqlite"
    with open_project(ours) as project:
        anna = ensure_annotator(project, "Anna")
        document_id, _ = add_document(
            project,
            ImportedDocument(text=TEXT, source_format="text", source_filename="a.txt"),
            created_by=anna,
        )
        claim = claim_ops.tag_claim(project, document_id, 17, 50, "prediction", anna)
    shutil.copy(ours, theirs)
    with open_project(ours) as project:
        claim_ops.update_claim(project, claim.id, {"statement": "Belarus stays out"})
    with open_project(theirs) as project:
        claim_ops.update_claim(project, claim.id, {"statement": "Belarus will not fight"})
        claim_ops.tag_claim(project, document_id, 51, 56, "factual", ensure_annotator(project, "Boris"))
    return ours, theirs, claim.id


def test_a_conflict_names_the_colleague_by_name_and_the_file_beside_it(tmp_path: Path) -> None:
    ours, theirs, _ = _both_edit(tmp_path)
    with open_project(ours) as project:
        merge_project(project, theirs, ensure_annotator(project, "Anna"))
        [conflict] = conflict_ops.conflicts(project)
        assert conflict_ops.colleague_name(project, conflict) == "Boris"
        title, rows = conflict_ops.readable(project, conflict)
        assert title.endswith("changed on both sides (from Boris, in boris.sqlite)")
        assert rows == [("Statement", "Belarus stays out", "Belarus will not fight")]


def test_the_one_merging_is_never_taken_for_the_colleague(tmp_path: Path) -> None:
    ours, theirs, _ = _both_edit(tmp_path)
    with open_project(theirs) as project:  # Anna last touched Boris's copy (she sent it back)
        anna = ensure_annotator(project, "Anna")
        add_document(
            project,
            ImportedDocument(text="A note.", source_format="text", source_filename="n.txt"),
            created_by=anna,
        )
    with open_project(ours) as project:
        merge_project(project, theirs, ensure_annotator(project, "Anna"))
        [conflict] = conflict_ops.conflicts(project)
        assert conflict_ops.colleague(project, conflict) == "Boris, in boris.sqlite"


def test_conflicts_merged_before_the_colleague_was_recorded_name_their_file(tmp_path: Path) -> None:
    ours, theirs, _ = _both_edit(tmp_path)
    with open_project(ours) as project:
        merge_project(project, theirs, ensure_annotator(project, "Anna"))
        # The schema as it was before conflicts named the colleague (later migrations re-run harmlessly).
        project.conn.execute("ALTER TABLE conflicts DROP COLUMN source_annotator")
        project.conn.execute(f"PRAGMA user_version = {MIGRATIONS.index(schema._V10_CONFLICT_AUTHORS)}")
    with open_project(ours) as project:
        [conflict] = conflict_ops.conflicts(project)
        assert (conflict.source_annotator, conflict_ops.colleague_name(project, conflict)) == ("", "")
        assert conflict_ops.readable(project, conflict)[0].endswith("(from boris.sqlite)")
