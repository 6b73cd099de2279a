"""Opening a project file: validation before any write, pragmas, and schema migration."""

from __future__ import annotations

import contextlib
import functools
import itertools
import os
import re
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator.store import load_sqlite_utils
from annotator.store.schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000

if TYPE_CHECKING:
    import sqlite_utils


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


class ProjectReadOnly(ProjectError):
    """A write was attempted on a project opened read-only: nothing was changed."""

    def __init__(self, path: Path | str, why: str) -> None:
        self.why = why
        super().__init__(path, f"is open read-only ({why}): nothing was changed")


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
        if isinstance(error, sqlite3.OperationalError) and "readonly" in str(error):
            raise ProjectReadOnly(path, "the file cannot be written") from error
        raise


_savepoints = itertools.count()


def check_project_file(path: Path, need_write: bool = False, thorough: bool | None = None) -> None:
    """Refuse anything that is not a healthy annotator project of a version we know, without writing.

    Everything here reads only, and leaves no side files: a file we refuse must stay byte-for-byte as it
    was, and so must its folder. `need_write` also refuses a file we could only read.

    `thorough` runs SQLite's quick_check, which reads every page: seconds for a large project, so not on
    every start. By default (None) it runs only when the cheap checks fail (to name the damage) or when a
    -wal file is left beside the project, the mark of a crash (or of another program holding it open).
    The cheap checks always run: the header (truncation against its own page count), the schema, and
    the root page of every table, which is where damage shows first when a file is overwritten.
    """
    header = check_project_header(path, need_write)
    try:
        conn = _reading_connection(path, header)
    except sqlite3.Error as error:
        raise ProjectError(path, f"cannot be opened ({error})") from error
    try:
        if thorough is None:
            thorough = _side_file(path, "-wal").exists() and _side_file(path, "-wal").stat().st_size > 0
        check_project_contents(conn, path, thorough=thorough)
    finally:
        conn.close()


def check_project_header(path: Path, need_write: bool = False) -> bytes:
    """The checks of `check_project_file` that need no SQLite: the file's first 100 bytes, returned."""
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
    if need_write and (why := readonly_reason(path)):
        raise ProjectError(
            path,
            f"is read-only ({why}): annotator saves every change as it happens, so it needs write access",
        )
    return header


def check_project_contents(
    conn: sqlite3.Connection, path: Path, schema: str = "main", thorough: bool = False
) -> int:
    """The checks of `check_project_file` that read the database, over a connection that has it open
    as `schema` (an attached copy of a colleague's file, say); errors name `path`. Its schema version.
    """
    try:
        app_id = conn.execute(f"PRAGMA {schema}.application_id").fetchone()[0]
        version = int(conn.execute(f"PRAGMA {schema}.user_version").fetchone()[0])
        tables = conn.execute(f"SELECT count(*) FROM {schema}.sqlite_master").fetchone()[0]
        problems = _quick_check(conn, schema) if thorough else _root_pages_check(conn, schema)
        if problems and not thorough:
            problems = _quick_check(conn, schema) or problems
    except sqlite3.DatabaseError as error:
        raise ProjectError(path, f"is damaged and cannot be read ({error})") from error
    if problems:
        raise ProjectError(path, "is damaged: " + "; ".join(problems[:3]))
    if app_id != APPLICATION_ID:
        # Also an empty database: it may be another program's, and is never ours to turn into a project.
        what = "made by another program" if tables else "with no tables (an empty database)"
        raise ProjectError(
            path, f"is an SQLite database {what}, not an annotator project; it was not changed"
        )
    if version > SCHEMA_VERSION:
        raise ProjectError(
            path,
            f"was saved by a newer version of annotator (schema {version}; this version reads up to "
            f"{SCHEMA_VERSION}). Update annotator to open it.",
        )
    return version


def _quick_check(conn: sqlite3.Connection, schema: str = "main") -> list[str]:
    """SQLite's own check of every page (O(file)); the problems it found, none if the file is sound."""
    problems = [str(row[0]) for row in conn.execute(f"PRAGMA {schema}.quick_check").fetchall()]
    return [] if problems == ["ok"] else problems


def _root_pages_check(conn: sqlite3.Connection, schema: str = "main") -> list[str]:
    """Read the first row of every table: a few pages each, whatever the file's size."""
    problems = []
    names = conn.execute(
        f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table' AND rootpage > 0"
    ).fetchall()
    for (name,) in names:
        quoted = name.replace('"', '""')
        try:
            conn.execute(f'SELECT * FROM {schema}."{quoted}" LIMIT 1').fetchall()
        except sqlite3.DatabaseError as error:
            problems.append(f"table {name}: {error}")
    return problems


def readonly_reason(path: Path) -> str | None:
    """Why we cannot write the project at `path` (a phrase), or None if we can.

    Under WAL, SQLite writes a -wal and a -shm file beside the project, so the folder counts too.
    """
    if not os.access(path, os.W_OK):
        return "the file is read-only"
    folder = path.resolve().parent
    if not os.access(folder, os.W_OK):
        return f"its folder {folder} cannot be written"
    return None


def _side_file(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def _reading_connection(path: Path, header: bytes | None = None) -> sqlite3.Connection:
    """A connection that only reads `path` and creates nothing beside it.

    A WAL database opened with mode=ro creates -wal and -shm files, and a read-only connection
    cannot remove them when it closes. When no -wal file exists, nobody has the file open in WAL
    mode and its content is wholly in the main file, so it is read as immutable (no side files, no
    locks). When a -wal file exists, another connection has it open (or crashed); the committed
    changes in that -wal must be read too, so mode=ro shares that connection's side files.
    """
    if header is None:
        with path.open("rb") as handle:
            header = handle.read(100)
    uri = path.resolve().as_uri()
    wal_mode = header[18:20] == b"\x02\x02"
    if not wal_mode or _side_file(path, "-wal").exists():
        # A rollback-journal database read with mode=ro takes only a shared lock and writes nothing.
        return sqlite3.connect(f"{uri}?mode=ro", uri=True, isolation_level=None)
    return sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True, isolation_level=None)


@contextlib.contextmanager
def project_snapshot(path: Path | str, attempts: int = 5) -> Iterator[Path]:
    """A private copy of a project that is only read (a colleague's), as it was committed.

    SQLite never opens the original: even a read-only connection would write read marks into a
    live -shm file or leave side files behind. The copy takes the -wal file along (a colleague's app
    that is still open keeps its latest commits there), and is retaken if either file changed while
    it was copied. The copy is deleted after the block.
    """
    path = Path(path)
    if path.is_dir():
        raise ProjectError(path, "is a folder, not a project file")
    wal = _side_file(path, "-wal")

    def state() -> tuple[tuple[int, int], ...]:
        return tuple(
            (file.stat().st_size, file.stat().st_mtime_ns) if file.exists() else (-1, -1)
            for file in (path, wal)
        )

    with tempfile.TemporaryDirectory(prefix="annotator-snapshot-") as folder:
        copy = Path(folder) / path.name
        for _attempt in range(attempts):
            before = state()
            try:
                # The -wal first: a checkpoint copies its frames into the main file before it is reset,
                # so a main file copied later holds no commit the copied -wal lacks.
                if wal.exists():
                    shutil.copyfile(wal, _side_file(copy, "-wal"))
                else:
                    _side_file(copy, "-wal").unlink(missing_ok=True)
                shutil.copyfile(path, copy)
            except OSError as error:
                raise ProjectError(path, f"cannot be read ({error.strerror})") from error
            if state() == before:
                break
        else:
            raise ProjectError(path, "kept changing while it was being read; try again in a moment")
        yield copy


@contextlib.contextmanager
def attached_snapshot(conn: sqlite3.Connection, copy: Path, alias: str) -> Iterator[None]:
    """A private copy made by `project_snapshot` attached to `conn` as `alias` for the block.

    Without a -wal beside it, the copy is attached read-only and immutable: no locks, and no -wal and
    -shm set up beside it, which cost more than reading a small project. With a -wal (their app was
    open), their latest commits are only there, so it is attached plainly and SQLite reads them. The
    copy is memory-mapped: it is ours alone, so nothing can shrink it under the map, and every page of
    it is read at least once (the check reads them all), saving a read() call and a copy per page.
    ATTACH cannot run inside a transaction.
    """
    wal = _side_file(copy, "-wal")
    immutable = _uri_filenames() and not (wal.exists() and wal.stat().st_size > 0)
    name = f"{copy.resolve().as_uri()}?mode=ro&immutable=1" if immutable else str(copy)
    conn.execute(f"ATTACH DATABASE ? AS {alias}", [name])
    try:
        conn.execute(f"PRAGMA {alias}.mmap_size = {copy.stat().st_size}")
        yield
    finally:
        conn.execute(f"DETACH DATABASE {alias}")


@functools.cache
def _uri_filenames() -> bool:
    """Whether ATTACH reads a file: URI on a connection opened without uri=True (SQLite built with
    SQLITE_USE_URI, as most are); if not, the URI would be taken as a file name."""
    with contextlib.closing(sqlite3.connect(":memory:")) as conn:
        return any(row[0] in ("USE_URI", "USE_URI=1") for row in conn.execute("PRAGMA compile_options"))


class Project:
    """An open project file. Reads go through `queries`; writes go through `annotator.ops`."""

    def __init__(self, path: Path, conn: sqlite3.Connection, readonly_reason: str | None = None) -> None:
        self.path = path
        self.conn = conn
        # What sqlite-utils' Database sets on the connection it is given; set here because that object
        # is made only on first use, and triggers must fire the same way before it as after.
        conn.execute("PRAGMA recursive_triggers = on")
        # Why this project is only read (a phrase for a banner), or None when it can be changed.
        self.readonly_reason = readonly_reason

    @cached_property
    def db(self) -> sqlite_utils.Database:
        """sqlite-utils over the same connection, made on first use (see load_sqlite_utils)."""
        return load_sqlite_utils().Database(self.conn)  # type: ignore[no-any-return]

    def query(self, sql: str, params: Any = ()) -> Iterator[dict[str, Any]]:
        """The rows of a read as dicts by column name, as sqlite-utils' `db.query` gives them, without
        loading sqlite-utils: the window's start reads settings, labels and people this way."""
        cursor = self.conn.execute(sql, params)
        names = [column[0] for column in cursor.description]
        for row in cursor:
            yield dict(zip(names, row, strict=True))

    @property
    def readonly(self) -> bool:
        return self.readonly_reason is not None

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite_utils.Database]:
        """One operation's writes: all of them land, or none do (see `write_transaction`)."""
        if self.readonly_reason is not None:
            raise ProjectReadOnly(self.path, self.readonly_reason)
        with write_transaction(self.conn, self.path):
            yield self.db

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_ADD_COLUMN = re.compile(r"\s*ALTER TABLE (\w+) ADD COLUMN (\w+)", re.IGNORECASE)


def _column_exists_already(conn: sqlite3.Connection, statement: str) -> bool:
    """Whether a migration's ADD COLUMN was applied before, so every migration can run again harmlessly.

    SQLite has no ADD COLUMN IF NOT EXISTS; the other statements say IF NOT EXISTS themselves. Re-running
    happens when a project is rebuilt at an earlier version (each upgrade test does so for its migration).
    """
    match = _ADD_COLUMN.match(statement)
    if match is None:
        return False
    table, column = match.groups()
    return any(row[1] == column for row in conn.execute(f"PRAGMA table_info({table})"))


def _migrate(conn: sqlite3.Connection, path: Path) -> None:
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version == SCHEMA_VERSION:
        return
    try:
        with write_transaction(conn, path):
            for number in range(version, SCHEMA_VERSION):
                for statement in MIGRATIONS[number]:
                    if not _column_exists_already(conn, statement):
                        conn.execute(statement)
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    except sqlite3.Error as error:
        raise ProjectError(path, f"could not be upgraded to the current schema ({error})") from error


def open_project(path: Path | str, create: bool = True, readonly: bool = False) -> Project:
    """Open (and if allowed, create) a project, migrating its schema; refuse bad files untouched.

    A project in a place we cannot write (a read-only file or folder), or opened with readonly=True,
    opens read-only: reads work, and every write raises ProjectReadOnly with the reason.
    """
    path = Path(path)
    if path.exists():
        if path.is_file() and path.stat().st_size == 0:
            raise ProjectError(path, "is an empty file, not an annotator project")
        check_project_file(path)
        why = readonly_reason(path)
        if readonly or why:
            return _open_readonly(path, why)
    elif readonly or not create:
        raise ProjectError(path, "does not exist")
    elif not path.parent.is_dir():
        raise ProjectError(path, f"cannot be created: the folder {path.parent} does not exist")
    elif not os.access(path.parent, os.W_OK):
        raise ProjectError(path, f"cannot be created: the folder {path.parent} cannot be written")

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


def _open_readonly(path: Path, place_reason: str | None) -> Project:
    """A project that is only read: chosen by the user (place_reason None), or in a read-only place."""
    try:
        if place_reason is None:
            # We could write, but chose not to (say, another window holds the project). A normal
            # connection that refuses writes still tidies the -wal and -shm away when the last one closes.
            conn = sqlite3.connect(path, isolation_level=None)
            conn.execute("PRAGMA query_only = ON")
        else:
            conn = _reading_connection(path)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.Error as error:
        raise ProjectError(path, f"cannot be opened read-only ({error})") from error
    why = place_reason or "you chose to open it read-only"
    if version != SCHEMA_VERSION:
        conn.close()
        raise ProjectError(
            path,
            f"was saved by an older version of annotator (schema {version}) and is read-only here "
            f"({why}), so it cannot be upgraded to be shown",
        )
    return Project(path, conn, readonly_reason=why)
