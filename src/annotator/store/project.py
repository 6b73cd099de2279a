"""Opening a project file: validation before any write, pragmas, and schema migration."""

from __future__ import annotations

import contextlib
import itertools
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import sqlite_utils

from annotator.store.schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000


class ProjectError(Exception):
    """A project file cannot be opened; `reason` is a sentence fit to show a user."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class ProjectBusy(ProjectError):
    """Another connection held the write lock for longer than the busy timeout: nothing was changed."""

    def __init__(self, path: Path | str) -> None:
        super().__init__(
            path,
            f"is being changed by another window or program, which held it for over "
            f"{BUSY_TIMEOUT_MS // 1000} s; nothing was changed. Try again in a moment.",
        )


def _is_busy(error: sqlite3.Error) -> bool:
    return isinstance(error, sqlite3.OperationalError) and ("locked" in str(error) or "busy" in str(error))


@contextlib.contextmanager
def write_transaction(conn: sqlite3.Connection, path: Path) -> Iterator[None]:
    """The one way a write starts: BEGIN IMMEDIATE outside a transaction, a savepoint inside one.

    IMMEDIATE takes the write lock before the first read, so the busy timeout applies: a deferred
    BEGIN that reads and then writes cannot upgrade under WAL once another connection has committed,
    and fails with SQLITE_BUSY at once instead of waiting. A lock that stays taken past the timeout
    raises ProjectBusy, with nothing changed.
    """
    if conn.in_transaction:
        name = f"annotator_{next(_savepoints)}"
        conn.execute(f"SAVEPOINT {name}")
        try:
            yield
        except BaseException:
            # An error such as a full disk can end the whole transaction, savepoints included.
            if conn.in_transaction:
                conn.execute(f"ROLLBACK TO SAVEPOINT {name}")
                conn.execute(f"RELEASE SAVEPOINT {name}")
            raise
        else:
            conn.execute(f"RELEASE SAVEPOINT {name}")
        return
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as error:
        if _is_busy(error):
            raise ProjectBusy(path) from error
        raise
    try:
        yield
        conn.execute("COMMIT")
    except BaseException as error:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        if isinstance(error, sqlite3.OperationalError) and _is_busy(error):
            raise ProjectBusy(path) from error
        raise


_savepoints = itertools.count()


def check_project_file(path: Path, need_write: bool = True) -> None:
    """Refuse anything that is not a healthy annotator project of a version we know, without writing.

    Everything here reads only: a file we refuse must stay byte-for-byte as it was.
    """
    if path.is_dir():
        raise ProjectError(path, "is a folder, not a project file")
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
    except OSError as error:
        raise ProjectError(path, f"cannot be read ({error.strerror})") from error
    if not header.startswith(SQLITE_HEADER):
        raise ProjectError(path, "is not an annotator project (not an SQLite database)")
    if len(header) < 100:
        raise ProjectError(path, "is truncated: the SQLite header is incomplete")
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    page_count = int.from_bytes(header[28:32], "big")
    # The in-header page count is only trusted when the "version-valid-for" number matches the change
    # counter (SQLite's own rule); then a shorter file means pages were cut off.
    if header[92:96] == header[24:28] and path.stat().st_size < page_size * page_count:
        raise ProjectError(path, "is truncated: the file is shorter than its own header says")
    if need_write and not os.access(path, os.W_OK):
        raise ProjectError(
            path, "is read-only: annotator saves every change as it happens, so it needs write access"
        )

    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as error:
        raise ProjectError(path, f"cannot be opened ({error})") from error
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        problems = [row[0] for row in conn.execute("PRAGMA quick_check").fetchall()]
    except sqlite3.DatabaseError as error:
        raise ProjectError(path, f"is damaged and cannot be read ({error})") from error
    finally:
        conn.close()
    if problems != ["ok"]:
        raise ProjectError(path, "is damaged: " + "; ".join(problems[:3]))
    if app_id != APPLICATION_ID and tables:
        raise ProjectError(path, "is an SQLite database made by another program, not an annotator project")
    if version > SCHEMA_VERSION:
        raise ProjectError(
            path,
            f"was saved by a newer version of annotator (schema {version}; this version reads up to "
            f"{SCHEMA_VERSION}). Update annotator to open it.",
        )


class Project:
    """An open project file. Reads go through `queries`; writes go through `annotator.ops`."""

    def __init__(self, path: Path, conn: sqlite3.Connection) -> None:
        self.path = path
        self.conn = conn
        self.db = sqlite_utils.Database(conn)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite_utils.Database]:
        """One operation's writes: all of them land, or none do (see `write_transaction`)."""
        with write_transaction(self.conn, self.path):
            yield self.db

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _migrate(conn: sqlite3.Connection, path: Path) -> None:
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version == SCHEMA_VERSION:
        return
    try:
        with write_transaction(conn, path):
            for number in range(version, SCHEMA_VERSION):
                for statement in MIGRATIONS[number]:
                    conn.execute(statement)
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    except sqlite3.Error as error:
        raise ProjectError(path, f"could not be upgraded to the current schema ({error})") from error


def open_project(path: Path | str, create: bool = True) -> Project:
    """Open (and if allowed, create) a project, migrating its schema; refuse bad files untouched."""
    path = Path(path)
    exists = path.exists()
    if exists:
        if path.is_file() and path.stat().st_size == 0:
            raise ProjectError(path, "is an empty file, not an annotator project")
        check_project_file(path)
    elif not create:
        raise ProjectError(path, "does not exist")
    elif not path.parent.is_dir():
        raise ProjectError(path, f"cannot be created: the folder {path.parent} does not exist")

    try:
        # isolation_level=None: we issue BEGIN ourselves (write_transaction), so the sqlite3
        # module never opens a transaction behind our back.
        conn = sqlite3.connect(path, isolation_level=None)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA journal_mode = WAL")
        # FULL: a power cut after an edit is acknowledged must not lose it (DESIGN.md section 6).
        conn.execute("PRAGMA synchronous = FULL")
        _migrate(conn, path)
    except sqlite3.Error as error:
        raise ProjectError(path, f"cannot be opened ({error})") from error
    return Project(path, conn)
