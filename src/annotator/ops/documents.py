"""Operations on documents: import files, detect duplicates by text hash, edit metadata, remove."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator import ingest
from annotator.domain.dates import reference_date
from annotator.domain.models import ImportedDocument, new_id, utc_now
from annotator.ingest.errors import IngestError
from annotator.ingest.paths import expand_paths
from annotator.ops.claims import resolve_pending_dates
from annotator.ops.history import undoable
from annotator.store import queries
from annotator.store.project import Project

EDITABLE_METADATA = frozenset(["title", "authors", "publisher", "url", "published", "language", "notes"])
# An import commits after this many documents or this many seconds, whichever comes first (see _Batches).
BATCH_DOCUMENTS = 50
BATCH_SECONDS = 0.5
# A file larger than this (or a PDF) may take a while to parse: the open batch is committed first.
SLOW_LOAD_BYTES = 1024 * 1024


@dataclass
class ImportOutcome:
    """What happened to one file: imported, recognised as a duplicate, or refused with a reason."""

    path: Path
    document_id: str | None = None
    title: str = ""
    duplicate_of: queries.DocumentSummary | None = None
    error: str | None = None
    warnings: list[str] = field(default_factory=list)
    needs_password: bool = False  # an encrypted PDF: ask the user and import it again
    new_version_of: queries.DocumentSummary | None = None  # same URL, changed text
    version: Any = None  # the versions.VersionResult, for undo

    @property
    def ok(self) -> bool:
        return self.error is None

    def describe(self) -> str:
        """One line for the command line and the GUI's import summary."""
        if self.error is not None:
            return f"error: {self.path}: {self.error}"
        if self.duplicate_of is not None:
            return f"already in project: {self.path} (same text as “{self.duplicate_of.title}”)"
        if self.new_version_of is not None and self.version is not None:
            line = f"new version: {self.path} -> “{self.new_version_of.title}” ({self.version.describe()})"
            return line + "".join(f"\n  warning: {warning}" for warning in self.warnings)
        line = f"imported: {self.path} -> “{self.title}”"
        return line + "".join(f"\n  warning: {warning}" for warning in self.warnings)


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def add_document(
    project: Project,
    imported: ImportedDocument,
    created_by: str | None = None,
    document_id: str | None = None,
) -> tuple[str, bool]:
    """Store an imported document unless the same text is already there; returns (id, created).

    `document_id` lets a redo store the document under the id it had before its undo.
    """
    digest = text_hash(imported.text)
    with project.transaction():
        existing = queries.find_document_by_hash(project, digest)
        if existing is not None:
            return existing.id, False
        return _insert_document(project, imported, digest, created_by, document_id), True


# The columns _insert_document fills, in the order of its values.
_INSERT_COLUMNS = (
    "id",
    "text",
    "sha256",
    "length",
    "title",
    "authors",
    "publisher",
    "url",
    "published",
    "language",
    "source_format",
    "source_filename",
    "metadata",
    "notes",
    "created_by",
    "created_at",
    "updated_at",
)
_INSERT_DOCUMENT = (
    f"INSERT INTO documents ({', '.join(_INSERT_COLUMNS)}) VALUES ({', '.join('?' * len(_INSERT_COLUMNS))})"
)


def _insert_document(
    project: Project,
    imported: ImportedDocument,
    digest: str,
    created_by: str | None,
    document_id: str | None = None,
) -> str:
    """Insert a document whose text hash the caller computed and found new; returns its id.

    A plain INSERT rather than sqlite-utils' insert(), which inspects the table on every call: on an
    import of many small files that cost as much as writing the row.
    """
    now = utc_now()
    document_id = document_id or new_id()
    metadata: dict[str, Any] = dict(imported.metadata)
    if imported.page_starts:
        metadata["page_starts"] = imported.page_starts
    if imported.proposals:
        metadata["proposals"] = [vars(proposal) for proposal in imported.proposals]
    if imported.warnings:
        metadata["import_warnings"] = imported.warnings
    project.conn.execute(
        _INSERT_DOCUMENT,
        (
            document_id,
            imported.text,
            digest,
            len(imported.text),
            imported.title or Path(imported.source_filename).stem,
            json.dumps(imported.authors, ensure_ascii=False),
            imported.publisher,
            imported.url,
            imported.published,
            imported.language,
            imported.source_format,
            imported.source_filename,
            json.dumps(metadata, ensure_ascii=False),
            "",
            created_by,
            now,
            now,
        ),
    )
    return document_id


def remove_document(project: Project, document_id: str) -> None:
    """Remove a document that has no claims (undo of an import); claims would be lost otherwise."""
    with project.transaction() as db:
        if db.execute("SELECT 1 FROM claims WHERE document_id = ? LIMIT 1", [document_id]).fetchone():
            raise ValueError("the document has claims; delete them first")
        db.execute("DELETE FROM documents WHERE id = ?", [document_id])


def update_metadata(project: Project, document_id: str, changes: dict[str, Any]) -> dict[str, Any]:
    """Change a document's editable metadata; returns the previous values for undo."""
    unknown = set(changes) - EDITABLE_METADATA
    if unknown:
        raise ValueError(f"cannot edit {', '.join(sorted(unknown))} of a document")
    with project.transaction() as db:
        before = db.table("documents").get(document_id)
        previous = {name: before[name] for name in changes}
        if "authors" in previous:
            previous["authors"] = json.loads(previous["authors"])
        row: dict[str, Any] = dict(changes, updated_at=utc_now())
        if "authors" in row:
            row["authors"] = json.dumps(row["authors"], ensure_ascii=False)
        db.table("documents").update(document_id, row)
    return previous


@undoable
def edit_details(project: Project, document_id: str, changes: dict[str, Any]) -> dict[str, Any]:
    """Change a document's details; a new publication date also resolves the claims' stated dates that
    were waiting for a year ("17 March"), all in one transaction. Returns the previous details."""
    previous = update_metadata(project, document_id, changes)
    if changes.get("published"):
        resolve_pending_dates(project, document_id, reference_date(changes["published"]))
    return previous


def import_paths(
    project: Project,
    paths: Iterable[Path | str],
    created_by: str | None = None,
    on_progress: Callable[[int, int, ImportOutcome], None] | None = None,
    should_cancel: Callable[[], bool] | None = None,
    password_for: Callable[[Path], str | None] | None = None,
) -> list[ImportOutcome]:
    """Import files and folders, committing in batches; each document lands whole or not at all.

    Cancelling (checked before each file) commits what was imported so far. A bad file, or one the
    database refuses, yields an outcome with `error` set and never stops the others. Inside a caller's
    transaction, the documents become part of it instead of being committed here.
    """
    files, problems = expand_paths(paths, ingest.SUPPORTED_SUFFIXES)
    total = len(problems) + len(files)
    outcomes: list[ImportOutcome] = []

    def record(outcome: ImportOutcome) -> None:
        outcomes.append(outcome)
        if on_progress is not None:
            on_progress(len(outcomes), total, outcome)

    for problem in problems:
        record(ImportOutcome(path=problem.path, error=problem.reason))
    with _Batches(project) as batches:
        for path in files:
            if should_cancel is not None and should_cancel():
                break
            batches.before_load(path)
            loaded = _load_one(path, password_for)
            if isinstance(loaded, ImportOutcome):
                record(loaded)
                continue
            batches.begin()
            try:
                outcome = _import_one(project, path, loaded, created_by)
            except sqlite3.Error as error:
                # Its savepoint is rolled back; the batch goes on, unless SQLite ended the whole
                # transaction (disk full, I/O error): then the batch's earlier documents are gone too,
                # and reporting them as imported would be false.
                if not project.conn.in_transaction:
                    raise
                outcome = ImportOutcome(path=path, error=f"could not be stored in the project: {error}")
            record(outcome)
            batches.document_done()
    return outcomes


class _Batches:
    """Groups an import's documents into transactions of up to BATCH_DOCUMENTS or about BATCH_SECONDS.

    A commit waits for fsync (synchronous=FULL) and makes the search index write a segment, which cost
    more than storing a small document; one transaction for a whole import would instead hold the
    write lock for its duration, stalling the window's own edits (they wait up to the busy timeout).
    Leaving the block, normally or by an exception, commits the documents already imported: each is
    whole, because `_import_one` stores it in its own savepoint.
    """

    def __init__(self, project: Project) -> None:
        self.conn = project.conn
        self.documents = 0
        self.started = 0.0
        # In the caller's transaction, it owns commit and rollback: only savepoints are ours.
        self.owned = not self.conn.in_transaction

    def __enter__(self) -> _Batches:
        return self

    def before_load(self, path: Path) -> None:
        """Commit first if the next file may be slow to read and parse (a large file, any PDF), so the
        write lock is not held through it."""
        if self.owned and self.conn.in_transaction and _may_load_slowly(path):
            self.commit()

    def begin(self) -> None:
        if self.owned and not self.conn.in_transaction:
            # IMMEDIATE takes the write lock now, waiting out another writer: a deferred transaction
            # that starts by reading cannot upgrade once another connection has committed, and fails
            # with SQLITE_BUSY instead of waiting.
            self.conn.execute("BEGIN IMMEDIATE")
            self.documents = 0
            self.started = time.monotonic()

    def document_done(self) -> None:
        self.documents += 1
        if self.documents >= BATCH_DOCUMENTS or time.monotonic() - self.started >= BATCH_SECONDS:
            self.commit()

    def commit(self) -> None:
        if not (self.owned and self.conn.in_transaction):
            return
        try:
            self.conn.execute("COMMIT")
        except sqlite3.Error:
            if self.conn.in_transaction:  # never leave the connection inside a failed transaction
                self.conn.execute("ROLLBACK")
            raise

    def __exit__(self, *exc: object) -> None:
        self.commit()


def _may_load_slowly(path: Path) -> bool:
    if path.suffix.lower() == ".pdf":
        return True
    try:
        return path.stat().st_size > SLOW_LOAD_BYTES
    except OSError:
        return False  # load_file reports it


def _load_one(
    path: Path, password_for: Callable[[Path], str | None] | None
) -> ImportedDocument | ImportOutcome:
    """The file's document, or the outcome saying why it cannot be imported (no database access)."""
    try:
        try:
            return ingest.load_file(path)
        except ingest.PasswordRequired:
            password = password_for(path) if password_for is not None else None
            if password is None:
                raise
            return ingest.load_file(path, password=password)
    except ingest.PasswordRequired as error:
        return ImportOutcome(path=path, error=error.reason, needs_password=True)
    except IngestError as error:
        return ImportOutcome(path=path, error=error.reason)


def _import_one(
    project: Project, path: Path, imported: ImportedDocument, created_by: str | None
) -> ImportOutcome:
    """Store a loaded document unless its text is already in the project."""
    digest = text_hash(imported.text)
    # One savepoint per document: the duplicate check and the insert land together or not at all,
    # and a document that fails rolls back alone, not the rest of its batch. The check sees this
    # batch's uncommitted rows (same connection), so a text twice in one import is stored once.
    with project.transaction():
        duplicate = queries.find_document_by_hash(project, digest)
        if duplicate is not None:
            return ImportOutcome(
                path=path, document_id=duplicate.id, title=duplicate.title, duplicate_of=duplicate
            )
        previous = _latest_version_with_url(project, imported.url)
        if previous is not None:
            # The same URL with other text: a changed version of an article already here.
            from annotator.ops import versions  # versions builds on this module

            result = versions.add_version(project, previous.id, imported, created_by)
            return ImportOutcome(
                path=path,
                document_id=result.new_document_id,
                title=imported.title or previous.title,
                warnings=imported.warnings,
                new_version_of=previous,
                version=result,
            )
        document_id = _insert_document(project, imported, digest, created_by)
    title = imported.title or path.stem
    return ImportOutcome(path=path, document_id=document_id, title=title, warnings=imported.warnings)


def _latest_version_with_url(project: Project, url: str) -> queries.DocumentSummary | None:
    if not url:
        return None
    row = project.conn.execute(
        """SELECT id FROM documents d WHERE url = ?
           AND NOT EXISTS (SELECT 1 FROM documents n WHERE n.version_of = d.id)
           ORDER BY version DESC LIMIT 1""",
        [url],
    ).fetchone()
    if row is None:
        return None
    matches = queries.document_summaries(project, "WHERE d.id = ?", (row[0],))
    return matches[0] if matches else None


def take_documents(project: Project, document_ids: list[str]) -> list[dict[str, Any]]:
    """Remove claim-less documents and return their rows whole (undo of an import)."""
    with project.transaction() as db:
        rows = [db.table("documents").get(document_id) for document_id in document_ids]
        for document_id in document_ids:
            remove_document(project, document_id)
    return rows


def put_documents(project: Project, rows: list[dict[str, Any]]) -> None:
    """Insert document rows exactly as taken (redo of an import)."""
    with project.transaction() as db:
        db.table("documents").insert_all(rows)
