"""Operations on documents: import files, detect duplicates by text hash, edit metadata, remove."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator import ingest
from annotator.domain.models import ImportedDocument, new_id, utc_now
from annotator.ingest.errors import IngestError
from annotator.ingest.paths import expand_paths
from annotator.store import queries
from annotator.store.project import Project

EDITABLE_METADATA = frozenset(["title", "authors", "publisher", "url", "published", "language", "notes"])


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

    @property
    def ok(self) -> bool:
        return self.error is None

    def describe(self) -> str:
        """One line for the command line and the GUI's import summary."""
        if self.error is not None:
            return f"error: {self.path}: {self.error}"
        if self.duplicate_of is not None:
            return f"already in project: {self.path} (same text as “{self.duplicate_of.title}”)"
        line = f"imported: {self.path} -> “{self.title}”"
        return line + "".join(f"\n  warning: {warning}" for warning in self.warnings)


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def add_document(
    project: Project, imported: ImportedDocument, created_by: str | None = None
) -> tuple[str, bool]:
    """Store an imported document unless the same text is already there; returns (id, created)."""
    digest = text_hash(imported.text)
    existing = queries.find_document_by_hash(project, digest)
    if existing is not None:
        return existing.id, False
    now = utc_now()
    document_id = new_id()
    metadata: dict[str, Any] = dict(imported.metadata)
    if imported.page_starts:
        metadata["page_starts"] = imported.page_starts
    if imported.proposals:
        metadata["proposals"] = [vars(proposal) for proposal in imported.proposals]
    if imported.warnings:
        metadata["import_warnings"] = imported.warnings
    with project.transaction() as db:
        db.table("documents").insert(
            {
                "id": document_id,
                "text": imported.text,
                "sha256": digest,
                "length": len(imported.text),
                "title": imported.title or Path(imported.source_filename).stem,
                "authors": json.dumps(imported.authors, ensure_ascii=False),
                "publisher": imported.publisher,
                "url": imported.url,
                "published": imported.published,
                "language": imported.language,
                "source_format": imported.source_format,
                "source_filename": imported.source_filename,
                "metadata": json.dumps(metadata, ensure_ascii=False),
                "notes": "",
                "created_by": created_by,
                "created_at": now,
                "updated_at": now,
            }
        )
    return document_id, True


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


def import_paths(
    project: Project,
    paths: Iterable[Path | str],
    created_by: str | None = None,
    on_progress: Callable[[int, int, ImportOutcome], None] | None = None,
    should_cancel: Callable[[], bool] | None = None,
    password_for: Callable[[Path], str | None] | None = None,
) -> list[ImportOutcome]:
    """Import files and folders, one transaction per document, so cancelling keeps what was done.

    A bad file yields an outcome with `error` set and never stops the others.
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
    for path in files:
        if should_cancel is not None and should_cancel():
            break
        record(_import_one(project, path, created_by, password_for))
    return outcomes


def _import_one(
    project: Project, path: Path, created_by: str | None, password_for: Callable[[Path], str | None] | None
) -> ImportOutcome:
    try:
        try:
            imported = ingest.load_file(path)
        except ingest.PasswordRequired:
            password = password_for(path) if password_for is not None else None
            if password is None:
                raise
            imported = ingest.load_file(path, password=password)
    except ingest.PasswordRequired as error:
        return ImportOutcome(path=path, error=error.reason, needs_password=True)
    except IngestError as error:
        return ImportOutcome(path=path, error=error.reason)
    digest = text_hash(imported.text)
    duplicate = queries.find_document_by_hash(project, digest)
    if duplicate is not None:
        return ImportOutcome(
            path=path, document_id=duplicate.id, title=duplicate.title, duplicate_of=duplicate
        )
    document_id, _ = add_document(project, imported, created_by)
    title = imported.title or path.stem
    return ImportOutcome(path=path, document_id=document_id, title=title, warnings=imported.warnings)


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
