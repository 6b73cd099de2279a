"""Operations on documents: add one unless its text hash is known, edit metadata, remove (ops.importing
imports files with these)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from annotator.domain.dates import reference_date
from annotator.domain.models import Document, ImportedDocument, MetadataProposal, new_id, utc_now
from annotator.ops.claims import resolve_pending_dates
from annotator.ops.history import undoable
from annotator.ops.originals import MAX_ORIGINAL_BYTES, MIB, keep_original
from annotator.store import queries
from annotator.store.project import Project

EDITABLE_METADATA = frozenset(["title", "authors", "publisher", "url", "published", "language", "notes"])
# Where a publication date comes from, kept in the free metadata: printed in the source, or inferred
# by the user (with the reason they give: "from the URL", "mentions 17 March and 2022 events").
DATE_BASIS_FIELDS = ("date_basis", "date_reason")


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
        return insert_document(project, imported, digest, created_by, document_id), True


# The columns insert_document fills, in the order of its values.
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
    "original_sha256",
    "created_by",
    "created_at",
    "updated_at",
)
_INSERT_DOCUMENT = (
    f"INSERT INTO documents ({', '.join(_INSERT_COLUMNS)}) VALUES ({', '.join('?' * len(_INSERT_COLUMNS))})"
)


def insert_document(
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
    original = None
    if imported.original is not None:
        original = keep_original(project, imported.original, imported.original_type)
        if original is None:
            imported.warnings.append(
                f"its original ({len(imported.original) / MIB:,.0f} MiB) is over the "
                f"{MAX_ORIGINAL_BYTES // MIB} MiB kept per file: only the text is in the project"
            )
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
            original,
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
    """Change a document's editable metadata; returns the previous values for undo.

    `date_basis` ("printed" or "inferred") and `date_reason` say where the publication date comes
    from; they are kept in the document's free metadata, so reports can mark a date the user inferred.
    """
    changes = dict(changes)
    basis = {name: changes.pop(name) for name in DATE_BASIS_FIELDS if name in changes}
    unknown = set(changes) - EDITABLE_METADATA
    if unknown:
        raise ValueError(f"cannot edit {', '.join(sorted(unknown))} of a document")
    if basis.get("date_basis", "printed") not in ("printed", "inferred"):
        raise ValueError(f"a date is printed or inferred, not {basis['date_basis']!r}")
    with project.transaction() as db:
        before = db.table("documents").get(document_id)
        previous = {name: before[name] for name in changes}
        if basis:
            metadata = json.loads(before["metadata"] or "{}")
            previous.update({name: metadata.get(name, "") for name in basis})
            metadata.update(basis)
            if metadata.get("date_basis") != "inferred":
                metadata.pop("date_reason", None)
            changes["metadata"] = json.dumps(metadata, ensure_ascii=False)
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


def is_untitled(title: str, source_filename: str) -> bool:
    """Whether a document has only the title an importer falls back to: none, or its file's name."""
    return not title.strip() or title == Path(source_filename).stem


def title_proposal(
    project: Project, document_id: str, document: Document | None = None
) -> MetadataProposal | None:
    """A title to offer for a document imported without one (None if it has one): the importer's own
    proposal (PDF metadata, a heading), else a heading-like line or the first sentence of its text. The
    user confirms it through edit_details, like any other change of title. `document` is the document
    as the caller has just read it, if it has (the window, opening it)."""
    # The text (20 MB for a long document, on every open) is read only for a document without a title.
    # The metadata columns follow the text in the table, so even reading those of a 5 MB document
    # walks the text's 1,200 pages: not again when the caller has the document.
    if document is None or document.id != document_id:
        document = queries.get_document(project, document_id, with_text=False)
    if not is_untitled(document.title, document.source_filename):
        return None
    stored = document.metadata.get("proposals")
    for proposal in stored if isinstance(stored, list) else []:
        if proposal.get("field") == "title" and proposal.get("value") not in ("", document.title):
            return MetadataProposal("title", str(proposal["value"]), str(proposal.get("evidence", "")))
    # Imported here: the file readers (ingest) are ~80 ms of the window's start, which reaches this
    # module through the document dialog and the version commands, and only an untitled document needs them.
    from annotator.ingest.metadata import propose_title

    return propose_title(document.text or queries.get_document(project, document_id).text)


def latest_version_with_url(project: Project, url: str) -> queries.DocumentSummary | None:
    """The newest version of the document that has this URL (None for no URL or no such document)."""
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
