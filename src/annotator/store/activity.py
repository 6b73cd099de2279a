"""What other connections changed: SQLite's data version, and a cheap mark per table to tell which."""

from __future__ import annotations

from annotator.store.project import Project

# The tables views show. A table's mark moves when a row is added (count, max rowid), removed (count)
# or edited (max updated_at, where the table has one).
WATCHED_TABLES = (
    "documents",
    "claims",
    "actors",
    "actor_aliases",
    "events",
    "claim_events",
    "verdicts",
    "evidence",
    "reviews",
    "conflicts",
    "tombstones",
)

TableMark = tuple[int, int | None, str | None]


def data_version(project: Project) -> int:
    """A number that changes whenever another connection commits (never for this connection's own)."""
    return int(project.conn.execute("PRAGMA data_version").fetchone()[0])


def table_marks(project: Project, counted: dict[str, int] | None = None) -> dict[str, TableMark]:
    """One mark per watched table, in one statement: comparing two sets of marks tells what changed.

    `counted`: row counts of some tables the caller has just read another way (the claims, summed from
    the document list's counts), so their count(*), a pass over an index, is not made again.
    """
    parts, known = [], counted or {}
    for table in WATCHED_TABLES:
        columns = {row[1] for row in project.conn.execute(f'PRAGMA table_info("{table}")')}
        edited = "max(updated_at)" if "updated_at" in columns else "NULL"
        count = str(int(known[table])) if table in known else "count(*)"
        parts.append(f"SELECT '{table}', {count}, max(rowid), {edited} FROM \"{table}\"")
    rows = project.conn.execute(" UNION ALL ".join(parts)).fetchall()
    return {row[0]: (row[1], row[2], row[3]) for row in rows}
