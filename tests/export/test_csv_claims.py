"""Claims from a spreadsheet: `annotator import PROJECT claims.csv` with the CSV export's columns."""

from __future__ import annotations

import csv
from pathlib import Path

from annotator.export import csv_export
from annotator.export.formats import export
from annotator.export.model import ReportFilter
from annotator.ops import csv_claims
from annotator.ops.importing import import_paths
from annotator.store import queries
from annotator.store.project import Project, open_project
from cli_support import RunCli


def _claims(project: Project) -> list[tuple[object, ...]]:
    return project.conn.execute(
        'SELECT c.id, d.title, c.start, c."end", c.exact, c.kind, a.name, c.stated_text, c.stated_lo, '
        "c.stated_hi, c.stated_precision, c.due, c.statement, c.tags, c.note, c.created_at "
        "FROM claims c JOIN documents d ON d.id = c.document_id LEFT JOIN actors a ON a.id = c.claimant_id "
        "ORDER BY c.id"
    ).fetchall()


def _sheet(folder: Path, rows: list[dict[str, str]]) -> Path:
    path = folder / "claims.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_our_csv_export_imported_into_a_project_with_the_same_documents_gives_its_claims(
    sample: Project, tmp_path: Path, seeds_dir: Path
) -> None:
    path = tmp_path / "claims.csv"
    path.write_text(str(export(sample, "csv", ReportFilter(verified_only=False))), encoding="utf-8-sig")
    with open_project(tmp_path / "sheet.sqlite") as fresh:
        import_paths(fresh, [seeds_dir])
        [outcome] = import_paths(fresh, [path])
        assert outcome.annotations is not None, outcome.describe()
        assert [o.status for o in outcome.annotations.outcomes] == ["imported"] * 6
        assert [o.annotation for o in outcome.annotations.outcomes] == [f"row {n}" for n in range(2, 8)]
        assert _claims(fresh) == _claims(sample)
        [again] = import_paths(fresh, [path])
        assert again.annotations is not None
        assert [o.status for o in again.annotations.outcomes] == ["already present"] * 6


def test_a_hand_made_sheet_places_what_it_can_and_reports_each_row_it_cannot(
    tmp_path: Path, seeds_dir: Path, run_cli: RunCli
) -> None:
    project_path = tmp_path / "p.sqlite"
    with open_project(project_path) as project:
        import_paths(project, [seeds_dir])
    blank = {
        "quote": "",
        "document_title": "",
        "kind": "",
        "claimant": "",
        "stated_as_written": "",
        "tags": "",
    }
    path = _sheet(
        tmp_path,
        [
            {
                **blank,
                "quote": "it likely will not happen",
                "document_title": "will belarus join the war now?",
                "kind": "Prediction",
                "claimant": "Blog author",
                "stated_as_written": "April 2022",
                "tags": "a; b",
            },
            {**blank, "quote": "Since the invasoin began on February 24"},  # a typo, no document named
            {**blank, "quote": "Belarus annexed the Moon"},
            {**blank, "quote": "anything", "document_title": "A paper we do not have"},
            {**blank, "quote": "", "document_title": "Will Belarus join the war now?"},
        ],
    )
    result = run_cli("import", project_path, path)
    assert result.returncode == 1  # rows it could not place
    assert (
        "row 4: its source (none) matches no document, and no document contains “Belarus annexed"
        in result.stderr
    )
    assert (
        "unmatched: row 5: its document title “A paper we do not have” is not in the project" in result.stderr
    )
    assert "unmatched: row 6: its TextQuoteSelector quotes nothing" in result.stderr
    assert "2 annotations imported (1 to confirm), 0 already present, 3 unmatched" in result.stderr
    with open_project(project_path) as project:
        claims = {
            claim.exact: claim for claim in (queries.get_claim(project, row[0]) for row in _claims(project))
        }
        blog = claims["it likely will not happen"]
        assert (blog.kind, blog.tags, blog.stated_lo, blog.stated_hi, blog.stated_precision) == (
            "prediction",
            ["a", "b"],
            "2022-04-01",
            "2022-04-30",
            "month",
        )
        assert project.conn.execute(
            "SELECT name FROM actors WHERE id = ?", [blog.claimant_id]
        ).fetchone() == ("Blog author",)
        assert claims["Since the invasion began on February 24"].anchor_status == "needs_confirmation"


def test_the_sheet_reader_takes_back_exactly_the_quotes_the_export_adds() -> None:
    assert csv_claims.FORMULA_STARTS == csv_export.FORMULA_STARTS
    assert csv_claims._cell(csv_export.neutralise("=1+1")) == "=1+1"
    assert csv_claims._cell("'quoted on purpose") == "'quoted on purpose"
