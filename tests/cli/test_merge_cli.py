"""`annotator merge` on real project files: summaries, a repeat that changes nothing, bad files refused."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

from annotator.ops import claims as claim_ops
from annotator.ops import verdicts as verdict_ops
from annotator.ops.annotators import ensure_annotator
from annotator.ops.importing import import_paths
from annotator.store import queries
from annotator.store.project import Project, open_project
from annotator.store.schema import SCHEMA_VERSION
from cli_support import RunCli

PHRASE = "we are not going to join the war"


def _judge(project: Project, who: str, label: str) -> str:
    """Tag the prediction (once) and give `who`'s verdict on it; returns the claim id."""
    annotator = ensure_annotator(project, who)
    summary = next(s for s in queries.document_summaries(project) if s.title.startswith("Will Lukashenka"))
    existing = queries.claims_for_document(project, summary.id)
    if existing:
        claim_id = existing[0].id
    else:
        text = queries.get_document(project, summary.id).text
        start = text.index(PHRASE)
        claim_id = claim_ops.tag_claim(
            project, summary.id, start, start + len(PHRASE), "prediction", annotator
        ).id
    verdict_ops.add_verdict(project, claim_id, label, "2023-10-05", created_by=annotator)
    return claim_id


def _pair(tmp_path: Path, seeds_dir: Path) -> tuple[Path, Path]:
    a_path, b_path = tmp_path / "alice.sqlite", tmp_path / "bob.sqlite"
    with open_project(a_path) as project:
        import_paths(project, [seeds_dir])
        _judge(project, "Alice", "confirmed")
    shutil.copy(a_path, b_path)
    with open_project(b_path) as project:
        _judge(project, "Bob", "refuted")
    return a_path, b_path


def test_merge_prints_a_summary_and_a_repeat_changes_nothing(
    run_cli: RunCli, tmp_path: Path, seeds_dir: Path
) -> None:
    a_path, b_path = _pair(tmp_path, seeds_dir)
    first = run_cli("merge", a_path, b_path, "--as", "Alice")
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == "Merged bob.sqlite: 1 verdict, 1 annotator; no conflicts."

    before = a_path.read_bytes()
    again = run_cli("merge", a_path, b_path, "--as", "Alice")
    assert again.returncode == 0
    assert "nothing new" in again.stdout
    assert a_path.read_bytes() == before

    stats = json.loads(run_cli("stats", a_path, "--json").stdout)
    verdicts = stats["agreement"]["verdicts"]
    assert verdicts["claims"] == 1 and verdicts["annotators"] == ["Alice", "Bob"]
    text = run_cli("stats", a_path).stdout
    assert "Agreement on verdict labels (1 claim judged by two or more)" in text
    assert "Cohen's kappa Alice / Bob: undefined" not in text  # confirmed vs refuted: kappa is defined


def test_bad_files_are_refused_and_nothing_changes(run_cli: RunCli, tmp_path: Path, seeds_dir: Path) -> None:
    a_path, b_path = _pair(tmp_path, seeds_dir)
    notes = tmp_path / "notes.sqlite"
    notes.write_text("my notes\n")
    newer = tmp_path / "newer.sqlite"
    shutil.copy(b_path, newer)
    connection = sqlite3.connect(newer)
    connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    connection.close()
    files = [a_path, b_path, notes, newer]
    before = [path.read_bytes() for path in files]

    # Every problem is reported at once, and the good file among the bad ones is not merged either.
    result = run_cli("merge", a_path, b_path, notes, newer, a_path, "--as", "Alice")
    assert result.returncode == 2
    for message in ("not an SQLite database", "newer version of annotator", "cannot be merged into itself"):
        assert message in result.stderr
    assert "nothing was merged" in result.stderr and result.stdout == ""
    assert [path.read_bytes() for path in files] == before

    missing = run_cli("merge", tmp_path / "missing.sqlite", b_path)
    assert missing.returncode == 2 and "does not exist" in missing.stderr
    assert not (tmp_path / "missing.sqlite").exists()
