"""`annotator stats` on a real project file: text and JSON, and a clear error for a bad file."""

from __future__ import annotations

import json
from pathlib import Path

from annotator.ops import actors as actor_ops
from annotator.ops import claims as claim_ops
from annotator.ops import verdicts as verdict_ops
from annotator.ops.importing import import_paths
from annotator.store import queries
from annotator.store.project import open_project
from cli_support import RunCli


def test_stats_reports_claims_verdicts_due_and_track_record(
    run_cli: RunCli, tmp_path: Path, seeds_dir: Path
) -> None:
    path = tmp_path / "p.sqlite"
    with open_project(path) as project:
        import_paths(project, [seeds_dir])
        summary = next(
            s for s in queries.document_summaries(project) if s.title.startswith("Will Lukashenka")
        )
        text = queries.get_document(project, summary.id).text
        phrase = "we are not going to join the war"
        start = text.index(phrase)
        claim = claim_ops.tag_claim(project, summary.id, start, start + len(phrase), kind="prediction")
        actor = actor_ops.create_actor(project, "Alexander Lukashenka")
        claim_ops.update_claim(project, claim.id, {"claimant_id": actor.id, "due": "2022-12-31"})
        other = claim_ops.tag_claim(project, summary.id, 0, 10, kind="factual")
        verdict_ops.add_verdict(project, other.id, "refuted", "2022-05-01")

    due = json.loads(run_cli("stats", path, "--json", "--today", "2023-01-01").stdout)
    assert due["documents"] == 5
    assert due["claims"]["by_kind"]["prediction"] == 1 and due["claims"]["total"] == 2
    assert due["verdicts"]["current_by_label"]["refuted"] == 1
    assert [item["quote"] for item in due["predictions_due"]] == [phrase]
    [record] = due["track_record"]["by_claimant"]
    assert (record["name"], record["pending"], record["confirmed"]) == ("Alexander Lukashenka", 1, 0)

    with open_project(path) as project:
        verdict_ops.add_verdict(project, claim.id, "confirmed", "2023-10-05")
    text_output = run_cli("stats", path, "--today", "2024-01-01")
    assert text_output.returncode == 0
    assert "Predictions due for review: 0" in text_output.stdout
    assert "Alexander Lukashenka: 1 confirmed, 0 refuted, 0 pending" in text_output.stdout


def test_stats_on_a_file_that_is_not_a_project(run_cli: RunCli, tmp_path: Path) -> None:
    bogus = tmp_path / "x.sqlite"
    bogus.write_text("hello")
    result = run_cli("stats", bogus)
    assert result.returncode == 2
    assert "not an SQLite database" in result.stderr
