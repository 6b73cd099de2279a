"""Evidence copies: each imported file's original bytes by SHA-256, the custody log, and verification.

The extracted text of a document is the working copy; the original, stored once per distinct content
in `originals` (a BLOB keyed by its SHA-256), is the evidence copy. The custody log (`custody`) says for
each document when it was captured or imported, by whom, from where, how, with which tool, and the
hashes it had then. Both are rows like any other, so they open in sqlite-utils and Datasette and merge
with colleagues' projects.

Size budget: an original of up to MAX_ORIGINAL_BYTES is kept, which is every file the importers read
(the largest they accept is a 256 MiB web archive; a PDF may have 200 MiB). SQLite holds a BLOB of up
to 1 GB, and a project holding many large originals grows by their size: a PDF's text is a small part
of it. A larger original (none today) would leave the document with its text only, and a warning.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from annotator import __version__
from annotator.domain.models import ImportedDocument, new_id, utc_now
from annotator.domain.wording import count_of
from annotator.store.project import Project

MIB = 1024 * 1024
MAX_ORIGINAL_BYTES = 256 * MIB
TOOL = f"annotator {__version__}"


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def keep_original(project: Project, data: bytes, media_type: str) -> str | None:
    """Store `data` unless the same bytes are there already; its SHA-256, or None past the budget."""
    if len(data) > MAX_ORIGINAL_BYTES:
        return None
    digest = sha256_of(data)
    project.conn.execute(
        "INSERT OR IGNORE INTO originals (sha256, size, media_type, content) VALUES (?, ?, ?, ?)",
        [digest, len(data), media_type, data],
    )
    return digest


def record_custody(
    project: Project,
    document_id: str | None,
    action: str,
    *,
    recorded_by: str | None = None,
    source: str = "",
    captured_at: str = "",
    source_project: str = "",
    original_sha256: str = "",
    text_sha256: str = "",
    details: dict[str, Any] | None = None,
    evidence_id: str | None = None,
    entry_id: str | None = None,
    recorded_at: str | None = None,
) -> str:
    """Append one entry to the custody log; its id. `action`: import, archive, url-fetch, merge."""
    entry_id = entry_id or new_id()
    project.conn.execute(
        "INSERT INTO custody (id, document_id, evidence_id, action, recorded_at, recorded_by, captured_at, "
        "source, source_project, tool, original_sha256, text_sha256, details) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            entry_id,
            document_id,
            evidence_id,
            action,
            recorded_at or utc_now(),
            recorded_by,
            captured_at,
            source,
            source_project,
            TOOL,
            original_sha256,
            text_sha256,
            json.dumps(details or {}, ensure_ascii=False, sort_keys=True),
        ],
    )
    return entry_id


def record_import(
    project: Project, document_id: str, imported: ImportedDocument, source: str, created_by: str | None
) -> None:
    """The custody entry of a document just imported from `source` (a path, or a URL fetched)."""
    row = project.conn.execute(
        "SELECT original_sha256, sha256 FROM documents WHERE id = ?", [document_id]
    ).fetchone()
    details: dict[str, Any] = {"format": imported.source_format}
    if imported.member:
        details["member"] = imported.member
    if imported.captured_from:
        details["captured_from"] = imported.captured_from
    fetched = imported.metadata.get("fetched")
    if isinstance(fetched, dict):
        action = "url-fetch"
        if fetched.get("redirects"):
            details["redirects"] = fetched["redirects"]
    else:
        action = "archive" if imported.captured_at else "import"
    record_custody(
        project,
        document_id,
        action,
        recorded_by=created_by,
        source=source,
        captured_at=imported.captured_at,
        original_sha256=row[0] or "",
        text_sha256=row[1],
        details=details,
    )


def project_id(project: Project) -> str:
    row = project.conn.execute("SELECT value FROM settings WHERE key = 'project_id'").fetchone()
    return str(row[0]) if row else ""


# --- undo and redo of an import ----------------------------------------------------------------------


@dataclass(frozen=True)
class EvidenceRows:
    """The originals and custody entries an undo took away, for the redo to put back as they were."""

    originals: tuple[dict[str, Any], ...] = ()
    custody: tuple[dict[str, Any], ...] = ()


def take_custody(project: Project, document_ids: Iterable[str]) -> tuple[dict[str, Any], ...]:
    """Remove the custody entries of documents that an undo is about to remove; their rows."""
    rows: list[dict[str, Any]] = []
    for chunk in _chunks(list(document_ids)):
        marks = ", ".join("?" * len(chunk))
        cursor = project.conn.execute(f"SELECT * FROM custody WHERE document_id IN ({marks})", chunk)
        names = [column[0] for column in cursor.description]
        rows += [dict(zip(names, values, strict=True)) for values in cursor]
        project.conn.execute(f"DELETE FROM custody WHERE document_id IN ({marks})", chunk)
    return tuple(rows)


def originals_of(project: Project, document_ids: Iterable[str]) -> set[str]:
    found: set[str] = set()
    for chunk in _chunks(list(document_ids)):
        marks = ", ".join("?" * len(chunk))
        found |= {
            row[0]
            for row in project.conn.execute(
                f"SELECT original_sha256 FROM documents "
                f"WHERE id IN ({marks}) AND original_sha256 IS NOT NULL",
                chunk,
            )
        }
    return found


def take_unused_originals(project: Project, digests: Iterable[str]) -> tuple[dict[str, Any], ...]:
    """Remove those of `digests` that no document points at any more; their rows."""
    rows: list[dict[str, Any]] = []
    for digest in sorted(digests):
        used = project.conn.execute(
            "SELECT 1 FROM documents WHERE original_sha256 = ? LIMIT 1", [digest]
        ).fetchone()
        if used is None:
            row = project.conn.execute(
                "SELECT sha256, size, media_type, content FROM originals WHERE sha256 = ?", [digest]
            ).fetchone()
            if row is not None:
                rows.append({"sha256": row[0], "size": row[1], "media_type": row[2], "content": row[3]})
                project.conn.execute("DELETE FROM originals WHERE sha256 = ?", [digest])
    return tuple(rows)


def put_originals(project: Project, rows: Iterable[dict[str, Any]]) -> None:
    project.conn.executemany(
        "INSERT OR IGNORE INTO originals (sha256, size, media_type, content) VALUES (?, ?, ?, ?)",
        [[row["sha256"], row["size"], row["media_type"], row["content"]] for row in rows],
    )


def put_custody(project: Project, rows: Iterable[dict[str, Any]]) -> None:
    rows = list(rows)
    if rows:
        project.db.table("custody").insert_all(rows)


def _chunks(values: list[str], size: int = 500) -> Iterator[list[str]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


# --- verification -------------------------------------------------------------------------------------


@dataclass
class VerifyReport:
    """What recomputing every hash found: originals and documents checked, and each mismatch."""

    originals: int = 0
    documents: int = 0
    mismatches: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.mismatches

    def describe(self) -> str:
        checked = (
            f"{count_of(self.originals, 'original')} and {count_of(self.documents, 'document text')} checked"
        )
        if self.ok:
            return f"Verified: {checked}; every hash matches."
        lines = [f"MISMATCH: {checked}; {len(self.mismatches)} do not match their recorded hash:"]
        return "\n".join(lines + [f"  {mismatch}" for mismatch in self.mismatches])


def verify(project: Project) -> VerifyReport:
    """Recompute the SHA-256 of every original and every document's text and compare it with what was
    recorded (the original's key and size, the document's sha256, the hashes in the custody log)."""
    report = VerifyReport()
    conn = project.conn
    _verify_texts(conn, report)
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "originals" not in tables:  # an older project opened read-only, not yet upgraded: texts only
        return report
    # One row at a time: originals may be large, and only one needs to be in memory.
    for digest, size, content in conn.execute("SELECT sha256, size, content FROM originals"):
        report.originals += 1
        # A tool other than ours may have written text (or NULL) where the bytes were.
        data = content.encode("utf-8") if isinstance(content, str) else bytes(content or b"")
        actual = sha256_of(data)
        if actual != digest or len(data) != size:
            report.mismatches.append(
                f"original {digest[:16]}… ({size:,} bytes recorded) now has SHA-256 {actual[:16]}… "
                f"and {len(data):,} bytes: it was altered"
            )
    for entry, document_id, recorded in conn.execute(
        "SELECT c.id, c.document_id, c.original_sha256 FROM custody c "
        "JOIN documents d ON d.id = c.document_id WHERE c.original_sha256 != '' AND c.action != 'merge' "
        "AND c.original_sha256 IS NOT d.original_sha256"
    ):
        report.mismatches.append(
            f"document {document_id}: its original is not the one its custody entry {entry} recorded "
            f"({recorded[:16]}…)"
        )
    return report


def _verify_texts(conn: sqlite3.Connection, report: VerifyReport) -> None:
    for document_id, title, text, digest in conn.execute("SELECT id, title, text, sha256 FROM documents"):
        report.documents += 1
        if sha256_of(text.encode("utf-8")) != digest:
            report.mismatches.append(
                f"document “{title}” ({document_id}): its text no longer matches its hash"
            )
