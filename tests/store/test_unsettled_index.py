"""The v15 index of claims a new version moved: what the claim list asks at every open, answered by it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from annotator.ops.importing import import_paths
from annotator.store import schema
from annotator.store.claim_list_queries import UNSETTLED_SQL, has_unsettled_anchors
from annotator.store.project import open_project
from annotator.store.schema import MIGRATIONS, SCHEMA_VERSION

# The question before v15, which walked every claim of the document.
QUESTION = "SELECT 1 FROM claims WHERE document_id = ? AND anchor_status != 'ok' LIMIT 1"


def _plan(conn: sqlite3.Connection, sql: str = QUESTION) -> str:
    return " ".join(str(row[-1]) for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}", ["x"]))


def _first_claim(project_path: Path) -> tuple[str, str]:
    conn = sqlite3.connect(project_path)
    document_id = conn.execute("SELECT id FROM documents ORDER BY rowid LIMIT 1").fetchone()[0]
    conn.execute(
        'INSERT INTO claims (id, document_id, start, "end", exact, kind, created_at, updated_at)'
        " VALUES ('c1', ?, 0, 5, 'x', 'factual', '2026-01-01', '2026-01-01')",
        [document_id],
    )
    conn.commit()
    conn.close()
    return document_id, "c1"


def test_an_upgraded_project_answers_from_the_index_of_moved_claims(tmp_path: Path, seeds_dir: Path) -> None:
    path = tmp_path / "old.sqlite"
    with open_project(path) as project:
        import_paths(project, [seeds_dir])
    document_id, claim_id = _first_claim(path)
    # Back to the version before v15, as an older annotator left it.
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("DROP INDEX claims_unsettled")
    conn.execute(f"PRAGMA user_version = {MIGRATIONS.index(schema._V15_UNSETTLED_ANCHORS)}")
    assert "claims_unsettled" not in _plan(conn)
    assert "claims_document_spans" in _plan(conn)
    conn.close()

    with open_project(path) as project:
        conn = project.conn
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert "claims_unsettled" in _plan(conn, UNSETTLED_SQL)
        assert not has_unsettled_anchors(project, document_id)
        conn.execute("UPDATE claims SET anchor_status = 'moved' WHERE id = ?", [claim_id])
        assert has_unsettled_anchors(project, document_id)
        # The index holds the moved claim only: settled claims are not written to it.
        (held,) = conn.execute(
            "SELECT count(*) FROM claims INDEXED BY claims_unsettled WHERE anchor_status != 'ok'"
        ).fetchone()
        assert held == 1
