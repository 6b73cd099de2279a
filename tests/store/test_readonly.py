"""Files that are only read stay untouched: a colleague's merged file, read-only places, foreign databases."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.domain.models import ImportedDocument
from annotator.ops.claims import tag_claim
from annotator.ops.documents import add_document
from annotator.store import activity, queries
from annotator.store.project import Project, ProjectError, ProjectReadOnly, open_project
from readonly_support import listing, read_only


def _add(path: Path, text: str) -> str:
    """A document added (with one claim) to the project at `path`, which is created if missing."""
    with open_project(path) as project:
        return _add_to(project, text)


def _add_to(project: Project, text: str) -> str:
    document_id, _ = add_document(
        project, ImportedDocument(text=text, source_format="text", source_filename=f"{text[:8]}.txt")
    )
    tag_claim(project, document_id, 0, 10)
    return document_id


def _texts(path: Path) -> set[str]:
    with open_project(path) as project:
        return {queries.get_document(project, s.id).text for s in queries.document_summaries(project)}


@pytest.fixture
def projects(tmp_path: Path) -> tuple[Path, Path]:
    """Our project, and a colleague's in a folder of its own (whose listing the tests compare)."""
    ours = tmp_path / "ours.sqlite"
    _add(ours, "Lukashenko said Belarus would not join the war.")
    (tmp_path / "colleague").mkdir()
    theirs = tmp_path / "colleague" / "bob.sqlite"
    _add(theirs, "Belarus held a constitutional referendum on 27 February 2022.")
    return ours, theirs


def test_merge_leaves_a_closed_colleague_file_and_its_folder_untouched(projects: tuple[Path, Path]) -> None:
    ours, theirs = projects
    before = listing(theirs.parent)
    assert list(before) == ["bob.sqlite"]
    assert main(["merge", str(ours), str(theirs)]) == 0
    assert listing(theirs.parent) == before
    assert any("referendum" in text for text in _texts(ours))


def test_merge_reads_a_colleague_file_still_open_in_their_app_without_touching_it(
    projects: tuple[Path, Path],
) -> None:
    ours, theirs = projects
    with open_project(theirs) as their_app:
        # Committed, but only in their -wal so far: the merge must see it, and must not touch the file.
        _add_to(their_app, "On 10 October 2022 Belarus and Russia formed a joint regional group of forces.")
        before = listing(theirs.parent)
        assert set(before) == {"bob.sqlite", "bob.sqlite-wal", "bob.sqlite-shm"}
        assert len(before["bob.sqlite-wal"]) > 0
        assert main(["merge", str(ours), str(theirs)]) == 0
        assert listing(theirs.parent) == before
    texts = _texts(ours)
    assert any("joint regional group" in text for text in texts)
    assert any("referendum" in text for text in texts)


def test_a_project_in_a_read_only_folder_opens_read_only_and_is_left_as_it_was(
    projects: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str], seeds_dir: Path
) -> None:
    ours, theirs = projects
    folder = theirs.parent
    document_id = _add(theirs, "Lukashenko may allow up to 300,000 soldiers to attack Kyiv again.")
    before = listing(folder)
    report = tmp_path / "claims.csv"
    with read_only(folder):
        with open_project(theirs) as project:
            assert project.readonly
            assert "folder" in str(project.readonly_reason)
            assert len(queries.document_summaries(project)) == 2
            with pytest.raises(ProjectReadOnly, match="read-only .*folder.*nothing was changed"):
                tag_claim(project, document_id, 0, 5)
        capsys.readouterr()
        assert main(["stats", str(theirs)]) == 0
        assert "Documents: 2" in capsys.readouterr().out
        assert main(["search", str(theirs), "Kyiv"]) == 0
        assert "Kyiv" in capsys.readouterr().out
        assert main(["export", str(theirs), "--format", "csv", "-o", str(report)]) == 0
        assert "Lukashenko" in report.read_text()
        for command in (["import", str(theirs), str(seeds_dir)], ["merge", str(theirs), str(ours)]):
            capsys.readouterr()
            assert main(command) == 2
            error = capsys.readouterr().err
            assert "is open read-only" in error and "cannot be written" in error
            assert "Traceback" not in error
        # Merging it into a writable project works as for any colleague's file.
        assert main(["merge", str(ours), str(theirs)]) == 0
    assert listing(folder) == before


def test_a_read_only_project_file_opens_read_only_without_side_files(
    projects: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    _ours, theirs = projects
    before = listing(theirs.parent)
    with read_only(theirs):
        with open_project(theirs) as project:
            assert project.readonly_reason == "the file is read-only"
            assert len(queries.document_summaries(project)) == 1
        assert main(["stats", str(theirs), "--json"]) == 0
        assert '"documents": 1' in capsys.readouterr().out
    assert listing(theirs.parent) == before


def test_a_project_opened_read_only_by_choice_refuses_writes_and_tidies_up(
    projects: tuple[Path, Path],
) -> None:
    _ours, theirs = projects
    before = listing(theirs.parent)
    with open_project(theirs, readonly=True) as project:
        assert project.readonly_reason == "you chose to open it read-only"
        summary = queries.document_summaries(project)[0]
        with pytest.raises(ProjectReadOnly, match="you chose to open it read-only"):
            tag_claim(project, summary.id, 0, 5)
        # Below the operations too, SQLite itself refuses: a write cannot slip through.
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            project.conn.execute("DELETE FROM claims")
    assert listing(theirs.parent) == before


@pytest.mark.parametrize("journal_mode", ["delete", "wal"])
@pytest.mark.parametrize("tables", [False, True], ids=["empty", "with-tables"])
def test_another_programs_database_is_refused_by_every_command_unchanged(
    projects: tuple[Path, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    seeds_dir: Path,
    journal_mode: str,
    tables: bool,
) -> None:
    ours, _theirs = projects
    (tmp_path / "theirs").mkdir()
    path = tmp_path / "theirs" / "data.db"
    connection = sqlite3.connect(path)
    connection.execute(f"PRAGMA journal_mode = {journal_mode}")
    connection.execute("CREATE TABLE notes (text)")
    if not tables:
        connection.execute("DROP TABLE notes")
    connection.commit()
    connection.close()
    before = listing(path.parent)
    assert list(before) == ["data.db"]
    out = tmp_path / "out.csv"
    commands = [
        ["stats", str(path)],
        ["search", str(path), "anything"],
        ["export", str(path), "--format", "csv", "-o", str(out)],
        ["import", str(path), str(seeds_dir)],
        ["merge", str(path), str(ours)],
        ["merge", str(ours), str(path)],
    ]
    for command in commands:
        capsys.readouterr()
        assert main(command) == 2, command
        assert "not an annotator project" in capsys.readouterr().err
    for readonly in (False, True):
        with pytest.raises(ProjectError, match="not an annotator project"):
            open_project(path, readonly=readonly)
    assert listing(path.parent) == before
    assert not out.exists()


def test_a_read_only_folder_whose_owner_has_the_project_open_shows_their_commits(
    projects: tuple[Path, Path],
) -> None:
    _ours, theirs = projects
    with open_project(theirs) as owner:
        _add_to(owner, "The owner keeps working while a reader looks on.")
        with read_only(theirs.parent), open_project(theirs) as reader:
            assert reader.readonly
            assert len(queries.document_summaries(reader)) == 2
            version = activity.data_version(reader)
            _add_to(owner, "A third document, committed while the reader has the project open.")
            assert activity.data_version(reader) != version
            assert len(queries.document_summaries(reader)) == 3
