"""`annotator suggest` on the sample corpus: JSON objects with code-point spans, kinds, text, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.ops.importing import import_paths
from annotator.store import queries
from annotator.store.project import open_project
from cli_support import RunCli

BELARUS_DIGEST = "Will Lukashenka join Putin in invading Ukraine?"
QUOTE = "we are not going to join the war"


@pytest.fixture
def project_path(tmp_path: Path, seeds_dir: Path) -> Path:
    path = tmp_path / "p.sqlite"
    with open_project(path) as project:
        import_paths(project, [seeds_dir])
    return path


def _document(path: Path) -> tuple[str, str]:
    with open_project(path) as project:
        summary = next(s for s in queries.document_summaries(project) if s.title == BELARUS_DIGEST)
        return summary.id, queries.get_document(project, summary.id).text


def test_json_quotes_of_one_document(run_cli: RunCli, project_path: Path) -> None:
    document_id, text = _document(project_path)
    result = run_cli("suggest", project_path, document_id, "--kind", "quote", "--json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert rows and {row["kind"] for row in rows} == {"quote"}
    assert all(
        row["document"] == document_id and text[row["start"] : row["end"]] == row["exact"] for row in rows
    )
    assert [row["score"] for row in rows] == sorted((row["score"] for row in rows), reverse=True)
    quote = next(row for row in rows if row["exact"] == QUOTE)
    assert quote["speaker"] == "Alexander Lukashenka"
    assert quote["stated"]["text"] == "17 March"
    assert "stressed that" in quote["reason"]


def test_text_of_every_document(run_cli: RunCli, project_path: Path) -> None:
    result = run_cli("suggest", project_path)
    assert result.returncode == 0, result.stderr
    assert f"{BELARUS_DIGEST} (" in result.stdout
    assert "speaker: Alexander Lukashenka; stated: 17 March" in result.stdout
    kinds = run_cli("suggest", project_path, "--kind", "prediction", "--kind", "promise", "--json")
    assert {row["kind"] for row in json.loads(kinds.stdout)} == {"prediction", "promise"}


def test_an_unknown_document_is_an_error(run_cli: RunCli, project_path: Path) -> None:
    result = run_cli("suggest", project_path, "no-such-id")
    assert result.returncode == 2
    assert "no document no-such-id" in result.stderr and str(project_path) in result.stderr
