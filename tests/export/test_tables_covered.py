"""Every table of a project is either carried by the project JSON export and by a merge, or listed here
as derived or internal; and a backup of a project with every kind of data restores row for row."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from annotator.domain.project_format import SECTIONS
from annotator.export.formats import export
from annotator.ingest import read_json
from annotator.ops.backup import restore_backup
from annotator.ops.merge import LINK_TABLES, ROW_TABLES
from annotator.store.project import Project, open_project

# Tables deliberately neither exported nor merged, with why.
NOT_CARRIED = {
    "settings": "per-installation values (who 'I' am, the project's own id)",
    # Full-text indexes and their lookup tables: derived, rebuilt by triggers from the rows above.
    "search_refs": "derived",
    "search_trigram_refs": "derived",
    # Claims per document, kept by triggers on claims (schema v16).
    "derived_claim_counts": "derived",
}
# Tables exported (and restored) but not merged from a colleague's file.
EXPORTED_NOT_MERGED = {
    "conflicts": "a colleague's conflicts are between their rows and a third person's; a backup's come back",
    "tombstones": "merged by ops/merge.py's own _copy_tombstones, not as a row table",
    "actor_aliases": "exported inside each actor's record",
}
# Tables merged that the export writes inside another section.
MERGED_INSIDE = {"actor_aliases": "actors"}


def _tables(project: Project) -> set[str]:
    rows = project.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    names = {row[0] for row in rows}
    # FTS5 virtual tables and their shadow tables (search_index_data, ...): derived.
    return {
        name for name in names if not name.startswith(("search_index", "search_factchecks", "search_trigram"))
    }


def test_every_table_is_carried_or_listed_as_derived(tmp_path: Path) -> None:
    with open_project(tmp_path / "new.sqlite") as project:
        tables = _tables(project)
    exported = {table for _key, table, _order in SECTIONS} | set(MERGED_INSIDE)
    merged = {table for table, _ in ROW_TABLES} | {table for table, _ in LINK_TABLES} | {"tombstones"}
    for table in sorted(tables - set(NOT_CARRIED)):
        assert table in exported, f"{table} is not in the project JSON export (domain/project_format.py)"
        assert table in merged or table in EXPORTED_NOT_MERGED, f"{table} is not merged (ops/merge.py)"
    assert set(NOT_CARRIED) <= tables | {"search_refs", "search_trigram_refs"}


def _rows(project: Project, table: str) -> list[tuple[Any, ...]]:
    return sorted(map(tuple, project.conn.execute(f"SELECT * FROM {table}")), key=repr)


def test_a_backup_of_every_kind_of_data_restores_row_for_row(sample: Project, tmp_path: Path) -> None:
    claims = [row[0] for row in sample.conn.execute("SELECT id FROM claims ORDER BY id LIMIT 3")]
    document_id = sample.conn.execute("SELECT document_id FROM claims WHERE id = ?", [claims[0]]).fetchone()[
        0
    ]
    with sample.transaction():
        sample.conn.execute(
            "INSERT INTO factchecks (id, claim_reviewed, rating_name, url, created_at) "
            "VALUES ('fc1', 'The bridge was closed', 'False', 'https://example.org/fc', '2024-01-01')"
        )
        sample.conn.execute(
            "INSERT INTO claim_links (claim_id, other_id, relation, created_at) VALUES (?, ?, 'same_as', ?)",
            [min(claims[:2]), max(claims[:2]), "2024-01-02T00:00:00+00:00"],
        )
        sample.conn.execute(
            "INSERT INTO claim_provenance (claim_id, generator, generator_version, score, suggestion_kind, "
            "reason, accepted_at) VALUES (?, 'rules', '1', 0.75, 'prediction', 'will', '2024-01-03')",
            [claims[2]],
        )
        for decision, start, claim_id in (("accepted", 0, claims[2]), ("rejected", 5, None)):
            sample.conn.execute(
                'INSERT INTO suggestion_decisions (id, document_id, start, "end", kind, exact, decision, '
                "score, generator, generator_version, features, claim_id, created_at) "
                "VALUES (?, ?, ?, ?, 'prediction', 'x', ?, 0.5, 'rules', '1', '[\"will\"]', ?, '2024-01-04')",
                [f"sd-{decision}", document_id, start, start + 1, decision, claim_id],
            )
        sample.conn.execute(
            "INSERT INTO conflicts (id, table_name, row_id, ours, theirs, source, source_annotator, "
            "created_at) VALUES ('c1', 'claims', ?, '{\"note\": \"a\"}', '{\"note\": \"b\"}', "
            "'boris.sqlite', 'boris', '2024-01-05')",
            [claims[0]],
        )
    path = tmp_path / "backup.json"
    path.write_text(str(export(sample, "json")), encoding="utf-8")
    with open_project(tmp_path / "restored.sqlite") as restored:
        restore_backup(restored, read_json(path), path)
        for _key, table, _order in SECTIONS:
            ours = _rows(sample, table)
            theirs = _rows(restored, table)
            if table == "custody":  # the restore itself is recorded on each document's custody log
                theirs = [row for row in theirs if "merge" not in row]
            assert theirs == ours, table
        assert _rows(restored, "factchecks") and _rows(restored, "conflicts")
