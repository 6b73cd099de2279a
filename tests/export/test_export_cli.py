"""`annotator export` and `annotator import` of annotations, as a user runs them: real processes and files."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from pypdf import PdfReader

from annotator.cli import main
from annotator.store import queries
from annotator.store.project import open_project
from cli_support import RunCli


def test_html_report_goes_to_standard_output(run_cli: RunCli, sample_file: Path) -> None:
    result = run_cli("export", sample_file, "--format", "html")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("<!DOCTYPE html>")
    assert "Belarus will not join Russia’s war against Ukraine" in result.stdout
    assert "白俄罗斯" not in result.stdout  # claim 5 has no verdict: not in a verified-claims report
    everything = run_cli("export", sample_file, "-f", "html", "--all")
    assert "白俄罗斯虽然是俄罗斯的战略伙伴之一" in everything.stdout


def test_pdf_needs_a_file_and_writes_one(run_cli: RunCli, sample_file: Path, tmp_path: Path) -> None:
    refused = run_cli("export", sample_file, "--format", "pdf")
    assert refused.returncode == 2
    assert "-o FILE.pdf" in refused.stderr and refused.stdout == ""
    out = tmp_path / "report.pdf"
    written = run_cli("export", sample_file, "--format", "pdf", "-o", out)
    assert written.returncode == 0, written.stderr
    text = "".join(page.extract_text() for page in PdfReader(out).pages)
    assert "Verified claims: sample.sqlite" in text
    assert not list(tmp_path.glob(".report.pdf.*"))  # no temporary file left behind


def in_process(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    """The same command line run in this process: for the many small cases, without a process each."""
    code = main([str(arg) for arg in args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_filters_reach_the_report(sample_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = in_process(
        capsys,
        "export",
        sample_file,
        "-f",
        "csv",
        "--kind",
        "prediction",
        "--event",
        "Joint regional group of forces",
    )
    assert code == 0, err
    assert [row["claim_id"][-1] for row in csv.DictReader(io.StringIO(out, newline=""))] == ["2"]
    code, out, err = in_process(
        capsys, "export", sample_file, "-f", "csv", "--from", "2022-03", "--to", "2022"
    )
    assert [row["claim_id"][-1] for row in csv.DictReader(io.StringIO(out, newline=""))] == ["1"]
    code, out, err = in_process(capsys, "export", sample_file, "-f", "md", "--annotator", "Ana Analyst")
    assert "- **Scope:** verified claims only; tagged by Ana Analyst" in out
    code, out, err = in_process(
        capsys, "export", sample_file, "-f", "claimreview", "--verified-only", "--kind", "quote"
    )
    assert json.loads(out)["@graph"] == []


def test_csv_file_has_a_bom_for_spreadsheets_and_all_claims(
    run_cli: RunCli, sample_file: Path, tmp_path: Path
) -> None:
    out = tmp_path / "claims.csv"
    assert run_cli("export", sample_file, "-f", "csv", "-o", out).returncode == 0
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert len(rows) == 6


def test_a_file_that_is_not_a_project_is_refused_untouched(run_cli: RunCli, tmp_path: Path) -> None:
    bogus = tmp_path / "notes.sqlite"
    bogus.write_text("my notes")
    result = run_cli("export", bogus, "-f", "html")
    assert result.returncode == 2
    assert "not an SQLite database" in result.stderr and "Traceback" not in result.stderr
    assert bogus.read_text() == "my notes"


def test_bad_options_are_clear_errors(
    sample_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = in_process(capsys, "export", tmp_path / "missing.sqlite", "-f", "md")
    assert code == 2 and "does not exist" in err
    assert not (tmp_path / "missing.sqlite").exists()
    for args, message in (
        (["--event", "No such event"], "no event 'No such event'"),
        (
            ["--annotator", "Zed"],
            "no annotator 'Zed'; annotators: Ana Analyst, Fiona Factchecker, Rita Reviewer",
        ),
        (["--from", "March 2022"], "is not a date"),
        (["--to", "2022-02-30"], "is not a valid date"),
        (["--from", "2023", "--to", "2022"], "is after"),
        (["-o", tmp_path / "no-such-folder" / "r.html"], "the folder does not exist"),
    ):
        code, out, err = in_process(capsys, "export", sample_file, "-f", "html", *args)
        assert code == 2, args
        assert message in err, (args, err)
        assert out == ""
    code, _, err = in_process(capsys, "export", sample_file, "-f", "json", "--kind", "quote")
    assert code == 2 and "whole project" in err


def test_json_is_the_whole_project(sample_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = in_process(capsys, "export", sample_file, "-f", "json")
    assert code == 0
    data = json.loads(out)
    assert (data["format"], data["version"]) == ("annotator-project", 2)
    assert len(data["documents"]) == 5 and all(doc["text"] for doc in data["documents"])
    assert len(data["claims"]) == 6 and len(data["reviews"]) == 3
    assert data["actors"][0]["aliases"] == ["Lukashenko", "Лукашенко"]


def test_w3c_export_then_import_command_round_trip(
    run_cli: RunCli, sample_file: Path, tmp_path: Path, seeds_dir: Path
) -> None:
    annotations = tmp_path / "claims.jsonld"
    assert run_cli("export", sample_file, "-f", "w3c", "-o", annotations).returncode == 0
    target = tmp_path / "colleague.sqlite"
    # Documents and annotations in one command: the documents are imported first.
    result = run_cli("import", target, seeds_dir, annotations)
    assert result.returncode == 0, result.stderr
    assert "5 imported, 0 already in the project, 0 failed" in result.stdout
    assert result.stdout.count("imported: urn:uuid:") == 6
    assert "6 annotations imported, 0 already present, 0 unmatched" in result.stdout
    with open_project(target) as project, open_project(sample_file) as original:
        for claim_id in (f"00000000-0000-4000-8000-00000000000{n}" for n in range(1, 7)):
            a, b = queries.get_claim(original, claim_id), queries.get_claim(project, claim_id)
            assert (a.start, a.end, a.exact, a.kind, a.statement) == (
                b.start,
                b.end,
                b.exact,
                b.kind,
                b.statement,
            )

    again = run_cli("import", target, annotations)
    assert again.returncode == 0
    assert again.stdout.count("already present: urn:uuid:") == 6


def test_an_unmatched_annotation_makes_the_import_fail_loudly(
    run_cli: RunCli, sample_file: Path, tmp_path: Path
) -> None:
    hypothesis = tmp_path / "hypothesis.json"
    hypothesis.write_text(
        json.dumps(
            [
                {
                    "id": "abc",
                    "uri": "https://example.org/elsewhere",
                    "target": [
                        {
                            "source": "https://example.org/elsewhere",
                            "selector": [{"type": "TextQuoteSelector", "exact": "a sentence in no document"}],
                        }
                    ],
                },
                {
                    "id": "def",
                    "uri": "https://example.org/blog",
                    "target": [
                        {
                            "source": "https://example.org/blog",
                            "selector": [{"type": "TextQuoteSelector", "exact": "it likely will not happen"}],
                        }
                    ],
                },
            ]
        ),
        encoding="utf-8",
    )
    project = tmp_path / "p.sqlite"
    project.write_bytes(sample_file.read_bytes())
    result = run_cli("import", project, hypothesis)
    assert result.returncode == 1
    assert "unmatched: abc: its source https://example.org/elsewhere matches no document" in result.stderr
    assert "imported: def -> claim" in result.stdout
    assert "1 annotations imported, 0 already present, 1 unmatched" in result.stderr
