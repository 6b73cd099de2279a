"""Opening, creating and refusing project files; refused files must stay byte-for-byte unchanged."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from annotator.domain.models import ImportedDocument
from annotator.ops.claims import tag_claim
from annotator.ops.documents import add_document
from annotator.store.project import ProjectError, check_project_file, open_project
from annotator.store.schema import APPLICATION_ID, SCHEMA_VERSION


def _project_with_data(path: Path) -> None:
    with open_project(path) as project:
        for number in range(40):
            text = f"Document {number}. " + "Some sentence that says something. " * 200
            document_id, _ = add_document(
                project, ImportedDocument(text=text, source_format="text", source_filename=f"{number}.txt")
            )
            tag_claim(project, document_id, 0, 11)


def test_new_project_has_schema_pragmas_and_tables(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite"
    with open_project(path) as project:
        assert project.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert project.conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert project.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert project.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert project.conn.execute("PRAGMA busy_timeout").fetchone()[0] > 0
        assert {"annotators", "documents", "actors", "actor_aliases", "claims", "settings"} <= set(
            project.db.table_names()
        )
    # Reopening a current project changes nothing and keeps the data.
    with open_project(path) as project:
        assert project.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def _assert_refused_untouched(path: Path, expected_reason: str) -> None:
    before = path.read_bytes()
    with pytest.raises(ProjectError) as caught:
        open_project(path)
    assert expected_reason in caught.value.reason
    assert str(path) in str(caught.value)
    assert path.read_bytes() == before
    assert not Path(str(path) + "-wal").exists() or Path(str(path) + "-wal").stat().st_size == 0


def test_non_sqlite_file_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_text("These are my notes, not a database.\n" * 20)
    _assert_refused_untouched(path, "not an SQLite database")


def test_empty_file_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "empty.sqlite"
    path.write_bytes(b"")
    _assert_refused_untouched(path, "empty file")


def test_truncated_project_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "project.sqlite"
    _project_with_data(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    _assert_refused_untouched(path, "truncated")


def test_corrupt_project_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "project.sqlite"
    _project_with_data(path)
    data = bytearray(path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    # Scribble over the b-tree page headers of every page after the first two.
    for page in range(2, len(data) // page_size):
        data[page * page_size : page * page_size + 12] = b"\xff" * 12
    path.write_bytes(bytes(data))
    _assert_refused_untouched(path, "damaged")


def test_project_from_a_newer_version_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite"
    _project_with_data(path)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    _assert_refused_untouched(path, "newer version of annotator")


def test_another_programs_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.execute("INSERT INTO recipes VALUES ('soup')")
    conn.commit()
    conn.close()
    _assert_refused_untouched(path, "another program")


def test_missing_folder_gives_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ProjectError, match="does not exist"):
        open_project(tmp_path / "no" / "such" / "project.sqlite")


def test_document_text_cannot_change_after_import(tmp_path: Path) -> None:
    with open_project(tmp_path / "p.sqlite") as project:
        document_id, _ = add_document(
            project, ImportedDocument(text="Original text.", source_format="text", source_filename="a.txt")
        )
        with pytest.raises(sqlite3.IntegrityError, match="immutable"):
            project.conn.execute("UPDATE documents SET text = 'Changed.' WHERE id = ?", [document_id])
        assert project.db["documents"].get(document_id)["text"] == "Original text."


def test_foreign_keys_are_enforced(tmp_path: Path) -> None:
    with open_project(tmp_path / "p.sqlite") as project, pytest.raises(sqlite3.IntegrityError):
        project.conn.execute(
            'INSERT INTO claims (id, document_id, start, "end", exact, kind, created_at, updated_at) '
            "VALUES ('c', 'no-such-document', 0, 1, 'x', 'factual', '', '')"
        )


def test_data_survives_a_process_that_never_closes(tmp_path: Path) -> None:
    """Each operation commits, so a second connection (a new process after a kill) sees it at once."""
    path = tmp_path / "p.sqlite"
    project = open_project(path)
    document_id, _ = add_document(
        project, ImportedDocument(text="Kept text.", source_format="text", source_filename="a.txt")
    )
    tag_claim(project, document_id, 0, 4)
    other = sqlite3.connect(path)
    assert other.execute("SELECT exact FROM claims").fetchall() == [("Kept",)]
    other.close()
    project.close()


def _scribble_middle_page(path: Path) -> None:
    data = bytearray(path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    middle = len(data) // page_size // 2
    data[middle * page_size : (middle + 1) * page_size] = b"\xff" * page_size
    path.write_bytes(bytes(data))


def test_damage_to_one_table_root_is_refused_without_a_full_check(tmp_path: Path) -> None:
    path = tmp_path / "project.sqlite"
    _project_with_data(path)
    conn = sqlite3.connect(path)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'claims'").fetchone()[0]
    conn.close()
    data = bytearray(path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    data[(root - 1) * page_size : (root - 1) * page_size + 12] = b"\xff" * 12
    path.write_bytes(bytes(data))
    _assert_refused_untouched(path, "damaged")


def test_a_full_check_runs_after_a_crash_and_on_demand(tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "project.sqlite"
    _project_with_data(path)
    assert run_cli("check", path, "--damage").returncode == 0
    _scribble_middle_page(path)
    # Damage deep inside a table: the full check (every page) finds it.
    with pytest.raises(ProjectError, match="damaged"):
        check_project_file(path, thorough=True)
    for damage_only in ((), ("--damage",)):  # the publishing checklist reads every page first too
        result = run_cli("check", path, *damage_only)
        assert result.returncode == 2 and "damaged" in result.stderr and str(path) in result.stderr
    # A -wal file left beside the project marks a crash: opening then reads every page too.
    Path(str(path) + "-wal").write_bytes(b"\x00" * 64)
    _assert_refused_untouched_with_wal(path)


def _assert_refused_untouched_with_wal(path: Path) -> None:
    before = path.read_bytes()
    with pytest.raises(ProjectError, match="damaged"):
        open_project(path)
    assert path.read_bytes() == before
