"""A W3C export of the sample project, imported into a new project with the same five documents,
reproduces every claim, claimant, date, event link, verdict and evidence (issue 13's done-when)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from annotator.export.formats import export
from annotator.export.model import ReportFilter
from annotator.ops.importing import ImportRecord, import_paths, redo_import, undo_import
from annotator.store.project import Project, open_project


def _names(project: Project, table: str, key: str) -> dict[Any, Any]:
    return dict(project.conn.execute(f"SELECT id, {key} FROM {table}").fetchall())


def _rows(
    project: Project, sql: str, *, documents: tuple[int, ...] = (), people: tuple[int, ...] = ()
) -> list[tuple[Any, ...]]:
    """Rows with document ids replaced by titles and annotator ids by names (those differ by project)."""
    titles = _names(project, "documents", "title")
    names = _names(project, "annotators", "name")
    result = []
    for row in project.conn.execute(sql).fetchall():
        values = list(row)
        for index in documents:
            values[index] = titles.get(values[index])
        for index in people:
            values[index] = names.get(values[index])
        result.append(tuple(values))
    return sorted(result, key=repr)


def _everything(project: Project) -> dict[str, list[tuple[Any, ...]]]:
    claim_columns = [row[1] for row in project.conn.execute("PRAGMA table_info(claims)").fetchall()]
    document_at = claim_columns.index("document_id")
    author_at = claim_columns.index("created_by")
    return {
        "claims": _rows(project, "SELECT * FROM claims", documents=(document_at,), people=(author_at,)),
        "actors": _rows(
            project,
            "SELECT a.id, a.name, a.kind, group_concat(l.alias, '|') FROM actors a "
            "LEFT JOIN actor_aliases l ON l.actor_id = a.id GROUP BY a.id",
        ),
        "linked events": _rows(
            project,
            "SELECT DISTINCT e.id, e.title, e.description, e.place, e.date_text, e.date_lo, e.date_hi, "
            "e.date_precision, e.sources, e.created_at, e.updated_at FROM events e "
            "JOIN claim_events l ON l.event_id = e.id",
        ),
        "links": _rows(project, "SELECT claim_id, event_id, relation FROM claim_events"),
        "verdicts": _rows(project, "SELECT * FROM verdicts", people=(7,)),
        "evidence": _rows(
            project,
            'SELECT id, claim_id, stance, verdict_id, document_id, start, "end", exact, prefix, suffix, url, '
            "archived_url, accessed, dated, note, created_by, created_at, updated_at FROM evidence",
            documents=(4,),
            people=(15,),
        ),
    }


def test_a_w3c_export_reimported_reproduces_the_project(
    sample: Project, tmp_path: Path, seeds_dir: Path
) -> None:
    path = tmp_path / "annotations.jsonld"
    path.write_text(export(sample, "w3c", ReportFilter(verified_only=False)), encoding="utf-8")
    expected = _everything(sample)
    assert expected["verdicts"] and expected["evidence"] and expected["links"] and expected["actors"]
    with open_project(tmp_path / "new.sqlite") as fresh:
        import_paths(fresh, [seeds_dir])
        [outcome] = import_paths(fresh, [path])
        report = outcome.annotations
        assert report is not None and [o.status for o in report.outcomes] == ["imported"] * 6, (
            outcome.describe()
        )
        assert not any(o.lost for o in report.outcomes)
        assert _everything(fresh) == expected

        # Undo takes the claims back with everything the import brought beside them; redo puts it all back.
        record = ImportRecord.of([outcome])
        undone, _ = undo_import(fresh, record)
        for table in ("claims", "verdicts", "evidence", "claim_events", "events", "actors"):
            assert fresh.conn.execute(f"SELECT count(*) FROM {table}").fetchone() == (0,), table
        redo_import(fresh, undone)
        assert _everything(fresh) == expected

        # Importing the same file again changes nothing.
        [again] = import_paths(fresh, [path])
        assert again.annotations is not None
        assert [o.status for o in again.annotations.outcomes] == ["already present"] * 6
        assert _everything(fresh) == expected


def test_the_export_states_its_own_terms_in_a_context_file_that_ships(sample: Project) -> None:
    document = json.loads(export(sample, "w3c"))
    anno, ours = document["@context"]
    assert anno == "http://www.w3.org/ns/anno.jsonld"
    assert ours["annotator"] == "urn:annotator:terms#"
    used = {key for item in document["first"]["items"] for key in item} - {"@context"}
    standard = {"id", "type", "motivation", "created", "modified", "creator", "generator", "body", "target"}
    assert used - standard <= set(ours), "every term outside the W3C model is defined in our context"
