"""Undo and redo for any operation: record the rows it changed, then put them back or again, exactly.

An operation runs inside `recording(project)`. Temporary triggers (on this connection only, in the
temp schema, so the project file is never altered; quiet unless an operation runs) log every row the
operation inserts, updates or deletes, whatever wrote it: our SQL, sqlite-utils, foreign-key cascades.
From that log comes a `Done`: for each changed row its image before and after (keyed by rowid), the
`Changes` for the views, and the operation's own return value. `undo` writes the before images back
and `redo` the after images, each in one transaction, so a redo restores the very same rows (same ids,
same timestamps) and an undo leaves the database exactly as before: in the manner of Anki, which
records row changes for undo instead of writing an inverse for every operation by hand.

Undo and redo first check that every row is still as the operation left it (or found it): a row that
another window or process has changed since is never silently overwritten; the step is refused.
"""

from __future__ import annotations

import contextlib
import functools
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Concatenate, Generic, ParamSpec, TypeVar

from annotator.ops.changes import Changes
from annotator.store.project import Project

T = TypeVar("T")
P = ParamSpec("P")

# Tables derived by triggers from the ones recorded (the search index and its shadow tables, the claim
# counts per document): replaying the recorded rows makes those triggers rebuild them, so they are not
# recorded themselves.
_DERIVED_PREFIX = ("search_", "derived_")

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


_EVENTS = ("insert", "update", "delete")


def _log_table(table: str) -> str:
    return f"history_{table}"


def _start(conn: sqlite3.Connection, tables: dict[str, tuple[str, ...]]) -> None:
    """Create the logs and their triggers in the temp schema, once per connection (and schema).

    They live in the temp schema (this connection only; the project file is never altered) and log only
    while a recording holds the row of `history_recording`: every other write (an import, a merge, the
    command line) passes their WHEN test and writes nothing. Created once rather than per operation:
    eighty CREATE and DROP statements per tag cost more than the tag itself. One log per table, with the
    table's columns untyped, holds each image as a row: values come back exactly as stored (a REAL keeps
    all its digits).
    """
    for name, kind in conn.execute(
        "SELECT name, type FROM temp.sqlite_master "
        "WHERE name LIKE 'history%' AND type IN ('table', 'trigger')"
    ).fetchall():
        conn.execute(f"DROP {kind.upper()} IF EXISTS temp.{_q(name)}")
    conn.execute("CREATE TEMP TABLE history_recording (depth)")
    conn.execute("CREATE TEMP TABLE history_state (schema_version)")
    conn.execute("INSERT INTO temp.history_state VALUES (?)", [_schema_version(conn)])
    for table, names in tables.items():
        columns = ", ".join(map(_q, names))
        log = _log_table(table)
        conn.execute(f"CREATE TEMP TABLE {log} (history_rowid, history_side, {columns})")

        def image(side: str, row: str, names: tuple[str, ...] = names, log: str = log) -> str:
            # Inside a temp trigger the log is named unqualified (SQLite allows no schema there).
            values = ", ".join(f"{row}.{_q(name)}" for name in names)
            return f"INSERT INTO {log} VALUES ({row}.rowid, '{side}', {values});"

        bodies = {
            "insert": image("new", "NEW"),
            "update": image("old", "OLD") + image("new", "NEW"),
            "delete": image("old", "OLD"),
        }
        for event in _EVENTS:
            conn.execute(
                f"CREATE TEMP TRIGGER history_{table}_{event} AFTER {event.upper()} ON main.{_q(table)} "
                f"WHEN EXISTS (SELECT 1 FROM history_recording) BEGIN {bodies[event]} END"
            )


def _schema_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA main.schema_version").fetchone()[0])


# Per connection (by id): the schema version its logs were made for, and the tables they record. Checked
# against the connection's own temp schema, so a new connection that reuses an id makes its own.
_MADE: dict[int, tuple[int, dict[str, tuple[str, ...]]]] = {}


def _logs(conn: sqlite3.Connection) -> dict[str, tuple[str, ...]]:
    """The recorded tables and their columns, with logs and triggers in place for them."""
    version = _schema_version(conn)
    try:
        made = conn.execute("SELECT schema_version FROM temp.history_state").fetchone()
    except sqlite3.OperationalError:  # no logs on this connection yet
        made = None
    cached = _MADE.get(id(conn))
    if made is not None and made[0] == version and cached is not None and cached[0] == version:
        return cached[1]
    tables = _tables(conn)
    _start(conn, tables)
    _MADE[id(conn)] = (version, tables)
    return tables


def _stop(conn: sqlite3.Connection, written: Iterable[str]) -> None:
    """End the outer recording: the triggers fall quiet and the logs written are emptied for the next."""
    conn.execute("DELETE FROM temp.history_recording")
    for table in written:
        conn.execute(f"DELETE FROM temp.{_log_table(table)}")


# One statement per set of tables, each asking a question of every log at once: a tag writes one or two
# of the 23 logs, and a statement per log (to find them, read them and empty them) was ~70 statements,
# about 1 ms of each tag.
_PROBES: dict[tuple[str, ...], tuple[str, str]] = {}


def _probes(tables: dict[str, tuple[str, ...]]) -> tuple[str, str]:
    """The statements that give every log's last rowid, and which logs hold entries past a mark."""
    names = tuple(tables)
    if names not in _PROBES:
        logs = [f"temp.{_log_table(table)}" for table in names]
        last = "SELECT " + ", ".join(f"(SELECT coalesce(max(rowid), 0) FROM {log})" for log in logs)
        past = " UNION ALL ".join(
            f"SELECT {index} WHERE EXISTS (SELECT 1 FROM {log} WHERE rowid > ?)"
            for index, log in enumerate(logs)
        )
        _PROBES[names] = (last, past)
    return _PROBES[names]


def _last_entries(conn: sqlite3.Connection, tables: dict[str, tuple[str, ...]]) -> dict[str, int]:
    """Where each log ends now: a nested recording's entries begin after these."""
    return dict(zip(tables, conn.execute(_probes(tables)[0]).fetchone(), strict=True))


def _written(
    conn: sqlite3.Connection, tables: dict[str, tuple[str, ...]], marks: dict[str, int]
) -> list[str]:
    """The tables whose logs have entries past their marks."""
    names = list(tables)
    return [names[index] for (index,) in conn.execute(_probes(tables)[1], [marks[name] for name in names])]


def _read_logs(
    conn: sqlite3.Connection, tables: Iterable[str], marks: dict[str, int]
) -> dict[RowKey, tuple[Row | None, Row | None]]:
    """Each changed row's first image (None: it did not exist) and last (None: it no longer exists)."""
    rows: dict[RowKey, tuple[Row | None, Row | None]] = {}
    for table in tables:
        entries = conn.execute(
            f"SELECT * FROM temp.{_log_table(table)} WHERE rowid > ? ORDER BY rowid", [marks[table]]
        )
        for rowid, side, *values in entries:
            key = (table, rowid)
            image = tuple(values)
            if key not in rows:
                rows[key] = (image if side == "old" else None, None)
            # An "old" image alone is a deletion; an update's "new" image follows at once.
            rows[key] = (rows[key][0], image if side == "new" else None)
    return rows


class Recording:
    """Collects the log of one `recording` block; `done(value)` turns it into a `Done`."""

    def __init__(self, columns: dict[str, tuple[str, ...]]) -> None:
        self.columns = columns
        self.rows: dict[RowKey, tuple[Row | None, Row | None]] = {}

    def done(self, value: T) -> Done[T]:
        return Done(changes_of(self.columns, self.rows), value, self.columns, dict(self.rows))


@contextlib.contextmanager
def recording(project: Project) -> Iterator[Recording]:
    """Run a block as one transaction and record every row it changes (see the module docstring).

    Nested in another recording, the block's rows are recorded by both.
    """
    conn = project.conn
    with project.transaction():
        tables = _logs(conn)
        record = Recording(tables)
        outer = conn.execute("SELECT 1 FROM temp.history_recording").fetchone() is None
        if outer:
            conn.execute("INSERT INTO temp.history_recording VALUES (1)")
            marks = dict.fromkeys(tables, 0)  # the logs are empty between recordings
        else:
            marks = _last_entries(conn, tables)  # a nested recording shares the outer one's logs
        written: list[str] = list(tables)  # should the block fail, every log is emptied
        try:
            yield record
            written = _written(conn, tables, marks)
            rows = _read_logs(conn, written, marks)
        finally:
            # Unless SQLite ended the transaction (and took the log entries and the flag with it).
            if outer and conn.in_transaction:
                _stop(conn, written)
    # A row put back as it was (or inserted and deleted again) is no change at all.
    record.rows = {key: images for key, images in rows.items() if images[0] != images[1]}


def run(
    project: Project, operation: Callable[Concatenate[Project, P], T], *args: P.args, **kw: P.kwargs
) -> Done[T]:
    """Run any operation as one recorded transaction."""
    with recording(project) as record:
        value = operation(project, *args, **kw)
    return record.done(value)


def undoable(operation: Callable[Concatenate[Project, P], T]) -> Callable[Concatenate[Project, P], Done[T]]:
    """Make an operation return a `Done` (what it changed, and how to undo it) instead of its value."""

    @functools.wraps(operation)
    def recorded(project: Project, *args: P.args, **kw: P.kwargs) -> Done[T]:
        return run(project, operation, *args, **kw)

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
        elif table == "claim_links":  # "same claim as": both claims' links changed
            add("links", either["claim_id"])
            add("links", either["other_id"])
        elif table in ("verdicts", "verdict_publications"):
            add("verdicts", either["claim_id"])
        elif table == "evidence":
            add("evidence", either["claim_id"])
        elif table in ("reviews", "conflicts"):
            add("reviews", either["id"])
        elif table == "suggestion_decisions":
            add("suggestions", either["document_id"])
        elif table == "mentions":
            add("mentions", either["document_id"])
    return Changes(**{kind: frozenset(values) for kind, values in found.items()})
