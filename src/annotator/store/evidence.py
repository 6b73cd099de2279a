"""Reading the evidence copies: a document's original (hash, size, format, bytes) and its custody log."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from annotator.store.project import Project


@dataclass(frozen=True)
class OriginalInfo:
    sha256: str
    size: int
    media_type: str


@dataclass(frozen=True)
class CustodyEntry:
    """One line of the custody log: what happened to a document (or an evidence item), when, by whom."""

    id: str
    action: str
    recorded_at: str
    recorded_by: str  # the annotator's name, or "" if not known
    captured_at: str
    source: str
    source_project: str
    tool: str
    original_sha256: str
    text_sha256: str
    details: dict[str, Any] = field(default_factory=dict)

    def describe(self) -> str:
        """One line for Document > Details and the command line."""
        words = {
            "import": "imported",
            "archive": "imported from a web archive",
            "url-fetch": "fetched",
            "archive-evidence": "archived as evidence",
        }
        how = words.get(
            self.action, "merged from a colleague's project" if self.action == "merge" else self.action
        )
        parts = [f"{self.recorded_at} {how}"]
        if self.recorded_by:
            parts.append(f"by {self.recorded_by}")
        if self.source:
            parts.append(f"from {self.source}")
        if self.source_project:
            parts.append(f"(project {self.source_project})")
        if self.captured_at:
            parts.append(f"captured {self.captured_at}")
        if self.details.get("captured_from"):
            parts.append(f"at {self.details['captured_from']}")
        if self.details.get("redirects"):
            parts.append("after redirects " + " -> ".join(self.details["redirects"]))
        parts.append(f"with {self.tool}")
        line = " ".join(parts)
        return f"{line}; original SHA-256 {self.original_sha256}" if self.original_sha256 else line


def original_of_document(project: Project, document_id: str) -> OriginalInfo | None:
    row = project.conn.execute(
        "SELECT o.sha256, o.size, o.media_type FROM documents d "
        "JOIN originals o ON o.sha256 = d.original_sha256 WHERE d.id = ?",
        [document_id],
    ).fetchone()
    return None if row is None else OriginalInfo(row[0], row[1], row[2])


def original_content(project: Project, sha256: str) -> bytes:
    """The original's bytes exactly as stored; KeyError if the project has none with that hash."""
    row = project.conn.execute("SELECT content FROM originals WHERE sha256 = ?", [sha256]).fetchone()
    if row is None:
        raise KeyError(sha256)
    return bytes(row[0])


def custody_of_document(project: Project, document_id: str) -> list[CustodyEntry]:
    """The document's custody log, oldest first."""
    return _custody(project, "c.document_id", document_id)


def custody_of_evidence(project: Project, evidence_id: str) -> list[CustodyEntry]:
    """An evidence item's custody log ("Archive now" captures), oldest first."""
    return _custody(project, "c.evidence_id", evidence_id)


def _custody(project: Project, column: str, value: str) -> list[CustodyEntry]:
    rows = project.conn.execute(
        "SELECT c.id, c.action, c.recorded_at, COALESCE(a.name, ''), c.captured_at, c.source, "
        "c.source_project, c.tool, c.original_sha256, c.text_sha256, c.details FROM custody c "
        "LEFT JOIN annotators a ON a.id = c.recorded_by "
        f"WHERE {column} = ? ORDER BY c.recorded_at, c.rowid",
        [value],
    )
    return [
        CustodyEntry(
            id=row[0],
            action=row[1],
            recorded_at=row[2],
            recorded_by=row[3],
            captured_at=row[4],
            source=row[5],
            source_project=row[6],
            tool=row[7],
            original_sha256=row[8],
            text_sha256=row[9],
            details=json.loads(row[10] or "{}"),
        )
        for row in rows
    ]
