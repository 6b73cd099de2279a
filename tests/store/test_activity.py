"""The marks that tell which tables another connection changed, and the v14 indexes that make them cheap."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from annotator.ops.importing import import_paths
from annotator.store import activity, schema
from annotator.store.project import open_project
from annotator.store.schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION

INDEXED = ("documents", "claims", "actors", "events", "verdicts", "evidence", "reviews")


def _plan(conn: sqlite3.Connection, sql: str) -> str:
    return " ".join(str(row[-1]) for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}"))


def test_an_upgraded_project_gets_the_indexes_and_its_marks_read_no_table(
    tmp_path: Path, seeds_dir: Path
) -> None:
    path = tmp_path / "old.sqlite"
    with open_project(path) as project:
        import_paths(project, [seeds_dir])
        documents = project.conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    # Back to the version before v14, as an older annotator left it.
    conn = sqlite3.connect(path, isolation_level=None)
    for table in INDEXED:
        conn.execute(f"DROP INDEX {table}_updated_at")
    conn.execute(f"PRAGMA user_version = {MIGRATIONS.index(schema._V14_UPDATED_AT_INDEXES)}")
    assert "INDEX" not in _plan(conn, "SELECT max(updated_at) FROM documents")  # reads every row
    conn.close()

    with open_project(path) as project:
        conn = project.conn
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        for table in INDEXED:
            plan = _plan(conn, f"SELECT max(updated_at) FROM {table}")
            assert f"COVERING INDEX {table}_updated_at" in plan, (table, plan)
        before = activity.table_marks(project)
        assert before["documents"][0] == documents > 0
        # An edit moves the mark of its table, read through the index.
        conn.execute("UPDATE documents SET updated_at = '2999-01-01T00:00:00Z' WHERE rowid = 1")
        after = activity.table_marks(project)
        assert after["documents"][2] == "2999-01-01T00:00:00Z" != before["documents"][2]
        assert {t: m for t, m in after.items() if t != "documents"} == {
            t: m for t, m in before.items() if t != "documents"
        }


def test_the_migration_runs_again_cleanly_on_a_project_that_already_has_it(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite"
    with open_project(path):
        pass
    conn = sqlite3.connect(path, isolation_level=None)
    for statement in schema._V14_UPDATED_AT_INDEXES:
        conn.execute(statement)
    names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {f"{table}_updated_at" for table in INDEXED} <= names
    conn.close()


def test_a_count_the_caller_read_already_stands_in_for_count_star(tmp_path: Path, seeds_dir: Path) -> None:
    with open_project(tmp_path / "p.sqlite") as project:
        import_paths(project, [seeds_dir])
        claims = project.conn.execute("SELECT count(*) FROM claims").fetchone()[0]
        assert activity.table_marks(project, {"claims": claims}) == activity.table_marks(project)
        assert activity.table_marks(project, {"claims": claims + 1})["claims"][0] == claims + 1
