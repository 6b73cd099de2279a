"""Importing the sample corpus and bad files into a real project file."""

from __future__ import annotations

from pathlib import Path

from annotator.ops.documents import update_metadata
from annotator.ops.importing import ImportRecord, import_paths, redo_import, undo_import
from annotator.store import queries
from annotator.store.project import open_project


def test_seeds_import_once_and_are_recognised_the_second_time(tmp_path: Path, seeds_dir: Path) -> None:
    with open_project(tmp_path / "p.sqlite") as project:
        first = import_paths(project, [seeds_dir])
        assert [o.error for o in first] == [None] * 5
        assert all(o.duplicate_of is None for o in first)
        summaries = queries.document_summaries(project)
        assert len(summaries) == 5
        titles = {s.title for s in summaries}
        assert "Will Lukashenka join Putin in invading Ukraine?" in titles

        again = import_paths(project, [seeds_dir / "002_8c3426948d320dc3.txt"])
        assert again[0].duplicate_of is not None
        assert again[0].duplicate_of.title == "Will Lukashenka join Putin in invading Ukraine?"
        assert "already in project" in again[0].describe()
        assert len(queries.document_summaries(project)) == 5


def test_stored_text_has_only_lf_line_endings(tmp_path: Path) -> None:
    source = tmp_path / "crlf.txt"
    source.write_bytes(b"Title line\r\n\r\nFirst para.\rSecond para.\r\n")
    with open_project(tmp_path / "p.sqlite") as project:
        [outcome] = import_paths(project, [source])
        text = queries.get_document(project, outcome.document_id or "").text
        assert "\r" not in text
        assert "First para.\nSecond para." in text


def test_bad_files_are_reported_and_good_ones_still_import(tmp_path: Path, seeds_dir: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "program.txt"
    binary.write_bytes(bytes(range(256)) * 40)
    missing = tmp_path / "missing.txt"
    with open_project(tmp_path / "p.sqlite") as project:
        outcomes = import_paths(project, [empty, seeds_dir / "004_8f9e010c70d96ada.txt", binary, missing])
        errors = {o.path.name: o.error for o in outcomes if o.error}
        assert set(errors) == {"empty.txt", "program.txt", "missing.txt"}
        assert "empty" in (errors["empty.txt"] or "")
        assert "binary" in (errors["program.txt"] or "")
        assert "does not exist" in (errors["missing.txt"] or "")
        assert len(queries.document_summaries(project)) == 1


def test_import_can_be_taken_back_and_redone(tmp_path: Path, seeds_dir: Path) -> None:
    with open_project(tmp_path / "p.sqlite") as project:
        outcomes = import_paths(project, [seeds_dir])
        ids = [o.document_id for o in outcomes if o.document_id]
        evidence = "SELECT (SELECT count(*) FROM originals), (SELECT count(*) FROM custody)"
        assert project.conn.execute(evidence).fetchone() == (len(ids), len(ids))
        undone, _ = undo_import(project, ImportRecord.of(outcomes))
        assert queries.document_summaries(project) == []
        assert project.conn.execute(evidence).fetchone() == (0, 0)
        redo_import(project, undone)
        assert sorted(s.id for s in queries.document_summaries(project)) == sorted(ids)
        assert project.conn.execute(evidence).fetchone() == (len(ids), len(ids))


def test_metadata_edit_returns_previous_values(tmp_path: Path, seeds_dir: Path) -> None:
    with open_project(tmp_path / "p.sqlite") as project:
        [outcome] = import_paths(project, [seeds_dir / "002_8c3426948d320dc3.txt"])
        document_id = outcome.document_id or ""
        before = queries.get_document(project, document_id, with_text=False)
        previous = update_metadata(
            project, document_id, {"published": "2022-03", "authors": ["Siarhei Bohdan"]}
        )
        assert previous == {"published": before.published, "authors": before.authors}
        after = queries.get_document(project, document_id, with_text=False)
        assert (after.published, after.authors) == ("2022-03", ["Siarhei Bohdan"])
