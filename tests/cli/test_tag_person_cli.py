"""`annotator tag-person` on the sample corpus: every occurrence tagged, the same as `suggest --kind
person` offered, nothing left to suggest afterwards, and clear errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.ops import actors as actor_ops
from annotator.ops.importing import import_paths
from annotator.store import mention_queries, queries
from annotator.store.project import open_project
from cli_support import RunCli

TITLE = "Will Lukashenka join Putin in invading Ukraine?"
NAME = "Alexander Lukashenka"


@pytest.fixture
def project_path(tmp_path: Path, seeds_dir: Path) -> Path:
    path = tmp_path / "p.sqlite"
    with open_project(path) as project:
        import_paths(project, [seeds_dir])
        actor_ops.create_actor(project, NAME, aliases=["Lukashenko"])
    return path


def _document(path: Path) -> str:
    with open_project(path) as project:
        return next(s.id for s in queries.document_summaries(project) if s.title == TITLE)


def _suggested(run_cli: RunCli, path: Path, document_id: str) -> list[tuple[int, int]]:
    result = run_cli("suggest", path, document_id, "--kind", "person", "--json")
    assert result.returncode == 0, result.stderr
    return sorted((row["start"], row["end"]) for row in json.loads(result.stdout) if row["speaker"] == NAME)


def test_tag_person_tags_what_suggest_offers(run_cli: RunCli, project_path: Path) -> None:
    document_id = _document(project_path)
    offered = _suggested(run_cli, project_path, document_id)
    assert len(offered) >= 5
    result = run_cli("tag-person", project_path, document_id[:8], "Lukashenko", "--json", "--as", "Anna")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert sorted((row["start"], row["end"]) for row in rows) == offered
    with open_project(project_path) as project:
        mentions = mention_queries.mentions_for_document(project, document_id)
        assert [(m.start, m.end) for m in mentions] == offered
        assert {queries.get_actor(project, m.actor_id).name for m in mentions} == {NAME}
    assert _suggested(run_cli, project_path, document_id) == []
    again = run_cli("tag-person", project_path, document_id, NAME)
    assert again.returncode == 0 and again.stdout.strip() == f"tagged 0 mentions of {NAME}"


def test_errors_name_the_file_and_the_reason(run_cli: RunCli, project_path: Path) -> None:
    document_id = _document(project_path)
    nobody = run_cli("tag-person", project_path, document_id, "Nobody Atall")
    assert nobody.returncode == 2 and "Nobody Atall" in nobody.stderr and "p.sqlite" in nobody.stderr
    missing = run_cli("tag-person", project_path, "zzzz", NAME)
    assert missing.returncode == 2 and "no document 'zzzz'" in missing.stderr
