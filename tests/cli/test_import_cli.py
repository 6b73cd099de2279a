"""`annotator import` as a user runs it: a real process, real files, exit codes and messages."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from annotator.store import queries
from annotator.store.project import open_project
from cli_support import RunCli


def test_import_creates_the_project_and_prints_a_line_per_document(
    run_cli: RunCli, tmp_path: Path, seeds_dir: Path
) -> None:
    project_path = tmp_path / "new.sqlite"
    result = run_cli("import", project_path, seeds_dir)
    assert result.returncode == 0, result.stderr
    imported_lines = [line for line in result.stdout.splitlines() if line.startswith("imported:")]
    assert len(imported_lines) == 5
    assert any("Will Lukashenka join Putin in invading Ukraine?" in line for line in imported_lines)
    assert "5 imported, 0 already in the project, 0 failed" in result.stdout
    with open_project(project_path) as project:
        assert len(queries.document_summaries(project)) == 5


def test_a_bad_file_is_named_the_good_ones_import_and_the_exit_code_is_nonzero(
    run_cli: RunCli, tmp_path: Path, seeds_dir: Path
) -> None:
    bad = tmp_path / "photo.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20)
    project_path = tmp_path / "p.sqlite"
    result = run_cli("import", project_path, bad, seeds_dir / "003_ecf39437e7890661.txt")
    assert result.returncode == 1
    assert f"error: {bad}:" in result.stderr
    assert "binary" in result.stderr
    assert "Traceback" not in result.stderr
    assert "1 imported, 0 already in the project, 1 failed" in result.stderr
    with open_project(project_path) as project:
        assert len(queries.document_summaries(project)) == 1


def test_reimport_reports_duplicates(run_cli: RunCli, tmp_path: Path, seeds_dir: Path) -> None:
    project_path = tmp_path / "p.sqlite"
    assert run_cli("import", project_path, seeds_dir).returncode == 0
    again = run_cli("import", project_path, seeds_dir)
    assert again.returncode == 0
    assert "0 imported, 5 already in the project, 0 failed" in again.stdout


def test_a_project_that_is_not_a_project_is_refused_untouched(
    run_cli: RunCli, tmp_path: Path, seeds_dir: Path
) -> None:
    not_a_project = tmp_path / "essay.sqlite"
    not_a_project.write_text("my essay\n")
    result = run_cli("import", not_a_project, seeds_dir)
    assert result.returncode == 2
    assert str(not_a_project) in result.stderr and "not an SQLite database" in result.stderr
    assert not_a_project.read_text() == "my essay\n"


def test_the_identity_given_with_as_is_remembered_by_the_project(
    run_cli: RunCli, tmp_path: Path, seeds_dir: Path
) -> None:
    project_path = tmp_path / "p.sqlite"
    assert (
        run_cli("import", project_path, seeds_dir / "002_8c3426948d320dc3.txt", "--as", "Ana").returncode == 0
    )
    assert run_cli("import", project_path, seeds_dir / "004_8f9e010c70d96ada.txt").returncode == 0
    with open_project(project_path) as project:
        creators = project.conn.execute(
            "SELECT DISTINCT a.name FROM documents d JOIN annotators a ON a.id = d.created_by"
        ).fetchall()
    assert creators == [("Ana",)]


def test_a_file_is_printed_as_imported_only_once_it_is_committed(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for number in range(150):
        (folder / f"note_{number:03d}.txt").write_text(
            f"Note {number} on the talks in Minsk.\n", encoding="utf-8"
        )
    project_path = tmp_path / "p.sqlite"
    child = subprocess.Popen(
        [sys.executable, "-m", "annotator", "import", str(project_path), str(folder)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert child.stdout is not None
    reported: list[str] = []
    try:
        for line in child.stdout:
            if not line.startswith("imported: "):
                continue
            name = Path(line.removeprefix("imported: ").split(" -> ")[0]).name
            reported.append(name)
            # Checked the moment the line arrives: another connection must already see the document.
            other = sqlite3.connect(project_path)
            try:
                found = other.execute("SELECT 1 FROM documents WHERE source_filename = ?", [name]).fetchone()
            finally:
                other.close()
            assert found is not None, f"{name} was reported before it was committed"
            if len(reported) == 60:
                child.kill()  # as a user's kill -9 would, in the middle of the import
                break
    finally:
        child.kill()
        child.wait()
        child.stdout.close()
    assert len(reported) == 60
    with open_project(project_path) as project:
        stored = {s.source_filename for s in queries.document_summaries(project)}
    assert set(reported) <= stored


def test_hostile_json_files_are_named_and_the_good_ones_import(
    run_cli: RunCli, tmp_path: Path, seeds_dir: Path
) -> None:
    surrogate = tmp_path / "surrogate.json"
    surrogate.write_text('{"title": "Broken", "abstract": "a lone \\udc00 here"}', encoding="utf-8")
    deep = tmp_path / "deep.jsonld"
    deep.write_text("[" * 100_000, encoding="utf-8")
    project_path = tmp_path / "p.sqlite"
    result = run_cli("import", project_path, surrogate, seeds_dir, deep)
    assert result.returncode == 1
    assert f"error: {surrogate}: malformed JSON: it holds a lone UTF-16 surrogate escape" in result.stderr
    assert f"error: {deep}: malformed JSON: it is nested too deeply to be read" in result.stderr
    assert "Traceback" not in result.stderr
    assert "5 imported, 0 already in the project, 2 failed" in result.stderr
