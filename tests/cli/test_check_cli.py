"""`annotator check PROJECT`: the publishing checklist names what is missing and exits 1 until fixed."""

from __future__ import annotations

import json
from pathlib import Path

from annotator.ops import verdicts as verdict_ops
from annotator.store.project import open_project
from export.conftest import build_sample  # the export tests' sample: four verified claims

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def _sample(folder: Path) -> Path:
    path = folder / "sample.sqlite"
    with open_project(path) as project:
        build_sample(project, SEEDS)
    return path


def test_check_blocks_until_the_report_is_publishable(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    project = _sample(tmp_path)
    result = run_cli("check", project)
    assert result.returncode == 1
    assert "no organisation is set" in result.stdout and "no base URL is set" in result.stdout
    assert "fewer than two" in result.stdout and "has no URL and no archived copy" in result.stdout
    assert "no damage found" in result.stdout

    listed = json.loads(run_cli("check", project, "--json").stdout)
    checks = {item["check"] for item in listed["items"]}
    assert {"organisation", "base_url", "two_sources", "source_link", "claimant", "late_evidence"} <= checks
    assert listed["blocking"] > 0 and listed["claims"] == 4

    assert run_cli("settings", project, "report_organisation", "Minsk Fact Desk").returncode == 0
    assert run_cli("settings", project, "report_base_url", "https://desk.example/r").returncode == 0
    assert run_cli("settings", project, "report_two_sources", "off").returncode == 0
    with open_project(project) as opened:  # every cited source gets an address
        for (document_id,) in opened.conn.execute("SELECT id FROM documents WHERE url = ''").fetchall():
            with opened.transaction() as db:
                db.conn.execute(
                    "UPDATE documents SET url = ? WHERE id = ?",
                    [f"https://example.org/{document_id}", document_id],
                )
        verdict_ops.set_second_reviewer(opened, False)
    result = run_cli("check", project)
    assert result.returncode == 0, result.stdout
    assert "BLOCKS" not in result.stdout and "warns" in result.stdout  # warnings remain, nothing blocks
    assert run_cli("check", project, "--damage").returncode == 0


def test_export_takes_report_settings_on_the_command_line(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    project = _sample(tmp_path)
    result = run_cli(
        "export",
        project,
        "-f",
        "claimreview",
        "--organisation",
        "Minsk Fact Desk",
        "--base-url",
        "https://d.example/r",
    )
    graph = json.loads(result.stdout)["@graph"]
    assert all(review["url"].startswith("https://d.example/r#claim-") for review in graph)
    page = run_cli("export", project, "-f", "html", "--title", "Belarus and the war").stdout
    assert "<h1>Belarus and the war</h1>" in page
    bad = run_cli("export", project, "-f", "html", "--base-url", "ftp://x")
    assert bad.returncode == 2 and "http(s)" in bad.stderr
