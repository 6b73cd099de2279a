"""Undo and redo for any operation: record the rows it changed, then put them back or again, exactly.

An operation runs inside `recording(project)`. Temporary triggers (on this connection only, in the
temp schema, so the project file is never altered) log every row the operation inserts, updates or
deletes, whatever wrote it: our SQL, sqlite-utils, foreign-key cascades. From that log comes a `Done`:
for each changed row its image before and after (keyed by rowid), the `Changes` for the views, and the
operation's own return value. `undo` writes the before images back and `redo` the after images, each
in one transaction, so a redo restores the very same rows (same ids, same timestamps) and an undo
leaves the database exactly as before: in the manner of Anki, which records row changes for undo
instead of writing an inverse for every operation by hand.

Undo and redo first check that every row is still as the operation left it (or found it): a row that
another window or process has changed since is never silently overwritten; the step is refused.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Concatenate, Generic, ParamSpec, TypeVar

from annotator.ops.changes import Changes
from annotator.store.project import Project

T = TypeVar("T")
P = ParamSpec("P")

# Tables derived by triggers from the ones recorded (the search index and its shadow tables): replaying
# the recorded rows makes those triggers rebuild them, so they are not recorded themselves.
_DERIVED_PREFIX = "search_"
_LOG = "temp.history_log"
_FLAG = "temp.history_recording"

Row = tuple[Any, ...]
RowKey = tuple[str, int]  # table, rowid


class StaleHistory(ValueError):
    """Undo or redo would overwrite a row that something else changed since; nothing was changed."""


@dataclass(frozen=True)
class Done(Generic[T]):
    """One operation as it happened: what views must refresh, what it returned, and how to replay it."""

    changes: Changes
    value: T
    # Column names per table, and per changed row its image before and after (None: no such row).
    columns: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False)
    rows: dict[RowKey, tuple[Row | None, Row | None]] = field(default_factory=dict, repr=False)

    def changed(self) -> bool:
        return bool(self.rows)


def _tables(conn: sqlite3.Connection) -> dict[str, tuple[str, ...]]:
    names = [
        row[0]
        for row in conn.execute(
            "SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name"
        )
        if not row[0].startswith(_DERIVED_PREFIX)
    ]
    return {
        name: tuple(col[1] for col in conn.execute(f'PRAGMA main.table_info("{name}")')) for name in names
    }


def _install(conn: sqlite3.Connection) -> dict[str, tuple[str, ...]]:
    """Create the log and its triggers on this connection once; they stay idle unless recording."""
    tables = _tables(conn)
    if conn.execute("SELECT 1 FROM temp.sqlite_master WHERE name = 'history_log'").fetchone():
        return tables
    conn.execute(
        f"CREATE TEMP TABLE IF NOT EXISTS {_LOG.split('.')[1]} "
        "(seq INTEGER PRIMARY KEY, tbl TEXT NOT NULL, rid INTEGER NOT NULL, old TEXT, new TEXT)"
    )
    conn.execute(f"CREATE TEMP TABLE IF NOT EXISTS {_FLAG.split('.')[1]} (on_ INTEGER)")
    for table, names in tables.items():

        def image(prefix: str, names: tuple[str, ...] = names) -> str:
            return "json_array(" + ", ".join(f'{prefix}."{name}"' for name in names) + ")"

        when = f"WHEN EXISTS (SELECT 1 FROM {_FLAG})"
        # Inside a temp trigger the log is named unqualified (SQLite allows no schema there); temp wins.
        log = f"INSERT INTO history_log (tbl, rid, old, new) VALUES ('{table}'"
        conn.execute(
            f'CREATE TEMP TRIGGER IF NOT EXISTS history_{table}_insert AFTER INSERT ON main."{table}" '
            f"{when} BEGIN {log}, NEW.rowid, NULL, {image('NEW')}); END"
        )
        conn.execute(
            f'CREATE TEMP TRIGGER IF NOT EXISTS history_{table}_update AFTER UPDATE ON main."{table}" '
            f"{when} BEGIN {log}, NEW.rowid, {image('OLD')}, {image('NEW')}); END"
        )
        conn.execute(
            f'CREATE TEMP TRIGGER IF NOT EXISTS history_{table}_delete AFTER DELETE ON main."{table}" '
            f"{when} BEGIN {log}, OLD.rowid, {image('OLD')}, NULL); END"
        )
    return tables


class Recording:
    """Collects the log of one `recording` block; `done(value)` turns it into a `Done`."""

    def __init__(self, columns: dict[str, tuple[str, ...]]) -> None:
        self.columns = columns
        self.rows: dict[RowKey, tuple[Row | None, Row | None]] = {}

    def done(self, value: T) -> Done[T]:
        return Done(changes_of(self.columns, self.rows), value, self.columns, dict(self.rows))


@contextlib.contextmanager
def recording(project: Project) -> Iterator[Recording]:
    """Run a block as one transaction and record every row it changes (see the module docstring)."""
    conn = project.conn
    columns = _install(conn)
    record = Recording(columns)
    with project.transaction():
        outer = conn.execute(f"SELECT 1 FROM {_FLAG}").fetchone() is None
        start = conn.execute(f"SELECT coalesce(max(seq), 0) FROM {_LOG}").fetchone()[0]
        if outer:
            conn.execute(f"INSERT INTO {_FLAG} VALUES (1)")
        try:
            yield record
            log = conn.execute(
                f"SELECT tbl, rid, old, new FROM {_LOG} WHERE seq > ? ORDER BY seq", [start]
            ).fetchall()
        finally:
            if outer:
                conn.execute(f"DELETE FROM {_FLAG}")
                conn.execute(f"DELETE FROM {_LOG}")
    for table, rowid, old, new in log:
        key = (table, rowid)
        first = record.rows[key][0] if key in record.rows else _decode(old)
        record.rows[key] = (first, _decode(new))
    # A row put back as it was (or inserted and deleted again) is no change at all.
    record.rows = {key: images for key, images in record.rows.items() if images[0] != images[1]}


def _decode(image: str | None) -> Row | None:
    return None if image is None else tuple(json.loads(image))


def run(
    project: Project, operation: Callable[Concatenate[Project, P], T], *args: P.args, **kw: P.kwargs
) -> Done[T]:
    """Run any operation as one recorded transaction."""
    with recording(project) as record:
        value = operation(project, *args, **kw)
    return record.done(value)


def undoable(operation: Callable[Concatenate[Project, P], T]) -> Callable[Concatenate[Project, P], Done[T]]:
    """Make an operation return a `Done` (what it changed, and how to undo it) instead of its value."""

    def recorded(project: Project, *args: P.args, **kw: P.kwargs) -> Done[T]:
        return run(project, operation, *args, **kw)

    recorded.__name__ = operation.__name__
    recorded.__qualname__ = operation.__qualname__
    recorded.__doc__ = operation.__doc__
    return recorded


def undo(project: Project, done: Done[Any]) -> Changes:
    """Put every row back as it was before the operation, in one transaction."""
    _apply(project, done, {key: (after, before) for key, (before, after) in done.rows.items()})
    return done.changes.reversed()


def redo(project: Project, done: Done[Any]) -> Changes:
    """Make every row again what the operation made it, in one transaction."""
    _apply(project, done, done.rows)
    return done.changes


def _apply(project: Project, done: Done[Any], moves: dict[RowKey, tuple[Row | None, Row | None]]) -> None:
    """Turn each row from its first image into its second: inserts, then updates, then deletes.

    In that order every row a trigger reads (a claimant's name, for the search index) is present when
    a row pointing at it is written, and no row still points at a row being deleted (a cascade would
    take it along). Foreign keys are checked at commit, when every row is in place.
    """
    try:
        _write(project, done, moves)
    except sqlite3.IntegrityError as error:
        # Checked at commit: a row added since (a reply, a claim on a new event) needs one this step
        # would take away.
        raise StaleHistory(
            "other work added since depends on what this step would take back, so nothing was changed "
            f"({error})"
        ) from error


def _write(project: Project, done: Done[Any], moves: dict[RowKey, tuple[Row | None, Row | None]]) -> None:
    conn = project.conn
    with project.transaction():
        conn.execute("PRAGMA defer_foreign_keys = ON")
        for (table, rowid), (expected, _) in moves.items():
            names = done.columns[table]
            current = conn.execute(
                f"SELECT {', '.join(f'{_q(n)}' for n in names)} FROM main.{_q(table)} WHERE rowid = ?",
                [rowid],
            ).fetchone()
            if (tuple(current) if current is not None else None) != expected:
                raise StaleHistory(
                    f"a row of {table} was changed by another window or program since; "
                    "undoing or redoing this step now would overwrite that change, so nothing was changed"
                )
        for (table, rowid), (before, after) in moves.items():
            if before is None and after is not None:
                names = done.columns[table]
                conn.execute(
                    f"INSERT INTO main.{_q(table)} (rowid, {', '.join(map(_q, names))}) "
                    f"VALUES (?, {', '.join('?' * len(names))})",
                    [rowid, *after],
                )
        for (table, rowid), (before, after) in moves.items():
            if before is not None and after is not None:
                names = done.columns[table]
                changed = [(n, new) for n, old, new in zip(names, before, after, strict=True) if old != new]
                assignments = ", ".join(f"{_q(n)} = ?" for n, _ in changed)
                conn.execute(
                    f"UPDATE main.{_q(table)} SET {assignments} WHERE rowid = ?",
                    [value for _, value in changed] + [rowid],
                )
        for (table, rowid), (before, after) in moves.items():
            if before is not None and after is None:
                conn.execute(f"DELETE FROM main.{_q(table)} WHERE rowid = ?", [rowid])


def _q(name: str) -> str:
    return f'"{name}"'


def changes_of(
    columns: dict[str, tuple[str, ...]], rows: dict[RowKey, tuple[Row | None, Row | None]]
) -> Changes:
    """What views must refresh after these row changes (`reversed()` after their undo)."""
    found: dict[str, set[Any]] = {}

    def add(kind: str, value: Any) -> None:
        found.setdefault(kind, set()).add(value)

    for (table, _rowid), (before, after) in rows.items():
        names = columns[table]
        old = dict(zip(names, before, strict=True)) if before is not None else None
        new = dict(zip(names, after, strict=True)) if after is not None else None
        either: dict[str, Any] = new or old or {}
        if table == "claims":
            if old is None or new is None:
                add(
                    "claims_added" if old is None else "claims_removed", (either["document_id"], either["id"])
                )
            elif old["document_id"] != new["document_id"]:
                add("claims_removed", (old["document_id"], old["id"]))
                add("claims_added", (new["document_id"], new["id"]))
            else:
                add("claims", (new["document_id"], new["id"]))
        elif table == "documents":
            add("documents" if old is None or new is None else "document_details", either["id"])
        elif table in ("actors", "annotators"):
            add("actors", either["id"])
        elif table == "actor_aliases":
            add("actors", either["actor_id"])
        elif table == "events":
            add("events", either["id"])
        elif table == "claim_events":
            add("links", either["claim_id"])
        elif table == "verdicts":
            add("verdicts", either["claim_id"])
        elif table == "evidence":
            add("evidence", either["claim_id"])
        elif table in ("reviews", "conflicts"):
            add("reviews", either["id"])
    return Changes(**{kind: frozenset(values) for kind, values in found.items()})
