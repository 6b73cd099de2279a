"""`annotator search` on a real project file: grouped text, JSON, no results, a clear error for bad files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.ops import claims as claim_ops
from annotator.ops import events as event_ops
from annotator.ops.importing import import_paths
from annotator.store import queries
from annotator.store.project import open_project
from cli_support import RunCli

BELARUS_DIGEST = "Will Lukashenka join Putin in invading Ukraine?"
PROMISE = "we are not going to join the war"


@pytest.fixture
def project_path(tmp_path: Path, seeds_dir: Path) -> Path:
    path = tmp_path / "p.sqlite"
    with open_project(path) as project:
        import_paths(project, [seeds_dir])
        summary = next(s for s in queries.document_summaries(project) if s.title == BELARUS_DIGEST)
        start = queries.get_document(project, summary.id).text.index(PROMISE)
        claim = claim_ops.tag_claim(project, summary.id, start, start + len(PROMISE), kind="prediction")
        claim_ops.update_claim(project, claim.id, {"statement": "Lukashenka rules out joining the war"})
        event_ops.create_event(project, "Lukashenka meets Putin in Sochi", "14 September 2022", place="Sochi")
    return path


def test_text_output_groups_hits_by_kind_with_snippets(run_cli: RunCli, project_path: Path) -> None:
    result = run_cli("search", project_path, "Lukashenka")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.index("Documents (1)") < out.index("Claims (1)") < out.index("Events (1)")
    assert f"  {BELARUS_DIGEST}\n" in out
    assert "«Lukashenka»" in out
    assert "  Lukashenka rules out joining the war\n    document: " + BELARUS_DIGEST in out
    assert "    date: 14 September 2022" in out
    # Several words without quotes are one query, as typed in a shell.
    assert "Events (1)" in run_cli("search", project_path, "Sochi", "Putin").stdout


def test_json_has_the_same_content(run_cli: RunCli, project_path: Path) -> None:
    result = run_cli("search", project_path, "Lukashenk*", "--json", "--limit", "2")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["query"], data["expression"]) == ("Lukashenk*", '"Lukashenk"*')
    documents = data["results"]["document"]
    assert documents["total"] == 5 and len(documents["hits"]) == 2
    [claim] = data["results"]["claim"]["hits"]
    assert claim["title"] == "Lukashenka rules out joining the war"
    assert (claim["end"] - claim["start"], claim["context"]) == (len(PROMISE), BELARUS_DIGEST)
    for hit in documents["hits"]:
        assert "«Lukashenk" in hit["snippet_marked"]
        assert all(hit["snippet"][s:e].startswith("Lukashenk") for s, e in hit["highlights"])


def test_nothing_found_is_not_an_error(project_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # In-process (the subprocess tests above cover the real entry point): one start-up per query is slow.
    for query in ("zzzzqqq", '"unbalanced', "NEAR(", "-", ""):
        assert main(["search", str(project_path), query]) == 0
        assert capsys.readouterr().out.strip() == "no results", query
    assert main(["search", str(project_path), "zzzzqqq", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["total"] == 0
    # A query that starts with "-" goes after "--", as for any command line.
    assert main(["search", str(project_path), "--", "-Kyiv"]) == 0
    assert capsys.readouterr().out.strip() == "no results"


def test_a_bad_project_is_a_clear_error(run_cli: RunCli, tmp_path: Path) -> None:
    bogus = tmp_path / "x.sqlite"
    bogus.write_text("hello")
    result = run_cli("search", bogus, "Minsk")
    assert result.returncode == 2
    assert "not an SQLite database" in result.stderr
    missing = tmp_path / "missing.sqlite"
    result = run_cli("search", missing, "Minsk")
    assert result.returncode == 2 and "does not exist" in result.stderr
    assert not missing.exists()
