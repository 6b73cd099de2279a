"""Read-only queries over an open project; every write lives in annotator.ops."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, NamedTuple

from annotator.domain.models import Actor, Claim, Document
from annotator.store.project import Project
from annotator.store.rows import (
    CLAIM_COLUMNS,
    DOCUMENT_META_COLUMNS,
    actor_from_row,
    claim_from_tuple,
    document_from_row,
)

_CLAIM_SELECT = ", ".join(f'"{name}"' for name in CLAIM_COLUMNS)
_DOCUMENT_META_SELECT = ", ".join(DOCUMENT_META_COLUMNS)


@dataclass(frozen=True)
class DocumentSummary:
    """One row of the document list: metadata and claim count, without the (possibly huge) text."""

    id: str
    title: str
    authors: str
    publisher: str
    published: str
    source_filename: str
    length: int
    claim_count: int | None  # None: not counted yet (see document_summaries)
    version: int = 1
    superseded: bool = False  # a newer version of this document exists

    @property
    def display_title(self) -> str:
        if self.superseded:
            return f"{self.title} (v{self.version}, superseded)"
        return f"{self.title} (v{self.version})" if self.version > 1 else self.title


_LIST_SQL = """
    SELECT d.id, d.title, d.authors, d.publisher, d.published, d.source_filename, d.length, d.version,
           d.id IN (SELECT version_of FROM documents WHERE version_of IS NOT NULL) AS superseded
    FROM documents d
"""
# A look-up of a few documents (`where`) counts each one's claims by the index.
_SUMMARY_SQL = _LIST_SQL.replace(
    "FROM documents d", ", (SELECT count(*) FROM claims c WHERE c.document_id = d.id) FROM documents d"
)


def document_summaries(
    project: Project, where: str = "", params: tuple[str, ...] = (), counted: bool = True
) -> list[DocumentSummary]:
    """Documents newest first; `counted=False` leaves every claim_count None, for `claim_counts` to
    fill in later (the window's first paint does not wait for a pass over every claim)."""
    # The bare cursor, not sqlite-utils' dict rows: 10,000 documents are listed at every start.
    order = " ORDER BY d.published DESC, d.title"
    if where:
        return [
            _summary(row[:9], row[9]) for row in project.conn.execute(_SUMMARY_SQL + where + order, params)
        ]
    rows = project.conn.execute(_LIST_SQL + order).fetchall()
    # The whole list's counts in one pass over an index, looked up here: joined in SQL, SQLite builds
    # an automatic index over the 10,000 counts on every call (60 ms against 37 for the two apart).
    counts = claim_counts(project) if counted else {}
    return [_summary(row, counts.get(row[0], 0) if counted else None) for row in rows]


def claim_counts(project: Project) -> dict[str, int]:
    """How many claims each document holds (a document without claims is absent), in one pass over the
    claims' document index: 11 MB of it at 100,000 claims, a quarter of a second from a cold disk."""
    return dict(project.conn.execute("SELECT document_id, count(*) FROM claims GROUP BY document_id"))


def _summary(row: tuple[Any, ...], claim_count: int | None) -> DocumentSummary:
    """A row of _LIST_SQL's columns as a summary."""
    id, title, authors, publisher, published, source_filename, length, version, superseded = row  # noqa: A001
    names = ", ".join(_json_list(authors)) if authors and authors != "[]" else ""
    return DocumentSummary(
        id,
        title,
        names,
        publisher,
        published,
        source_filename,
        length,
        claim_count,
        version,
        bool(superseded),
    )


def _json_list(value: str) -> list[str]:
    return list(json.loads(value or "[]"))


def get_document(project: Project, document_id: str, with_text: bool = True) -> Document:
    columns = _DOCUMENT_META_SELECT + (", text" if with_text else "")
    row = next(project.query(f"SELECT {columns} FROM documents WHERE id = ?", [document_id]), None)
    if row is None:
        raise KeyError(f"no document {document_id}")
    return document_from_row(row)


def find_document_by_hash(project: Project, sha256: str) -> DocumentSummary | None:
    matches = document_summaries(project, "WHERE d.sha256 = ?", (sha256,))
    return matches[0] if matches else None


def find_document_by_original(project: Project, original_sha256: str) -> DocumentSummary | None:
    """The document imported from a file with these exact bytes (an encrypted PDF already opened once)."""
    matches = document_summaries(project, "WHERE d.original_sha256 = ?", (original_sha256,))
    return matches[0] if matches else None


def claims_for_document(project: Project, document_id: str) -> list[Claim]:
    """The document's claims in text order.

    Read with the bare sqlite3 cursor rather than sqlite-utils' dict rows: opening a document with
    10,000 claims is on the path the user waits on, and this halves its cost.
    """
    cursor = project.conn.execute(
        f'SELECT {_CLAIM_SELECT} FROM claims WHERE document_id = ? ORDER BY start, "end"', [document_id]
    )
    return [claim_from_tuple(row) for row in cursor]


def get_claim(project: Project, claim_id: str) -> Claim:
    row = project.conn.execute(f"SELECT {_CLAIM_SELECT} FROM claims WHERE id = ?", [claim_id]).fetchone()
    if row is None:
        raise KeyError(f"no claim {claim_id}")
    return claim_from_tuple(row)


def actors(project: Project) -> list[Actor]:
    aliases: dict[str, list[str]] = {}
    for row in project.query("SELECT actor_id, alias FROM actor_aliases ORDER BY alias"):
        aliases.setdefault(row["actor_id"], []).append(row["alias"])
    return [
        actor_from_row(row, aliases.get(row["id"], []))
        for row in project.query("SELECT id, name, kind FROM actors ORDER BY name COLLATE NOCASE")
    ]


class AnnotatorSummary(NamedTuple):
    id: str
    name: str
    color: str


def annotators(project: Project) -> list[AnnotatorSummary]:
    """Everyone who worked on the project, by name: who made what, and the colour that marks it."""
    rows = project.conn.execute("SELECT id, name, color FROM annotators ORDER BY name, id")
    return [AnnotatorSummary(*row) for row in rows]


def get_actor(project: Project, actor_id: str) -> Actor:
    return next(actor for actor in actors(project) if actor.id == actor_id)


def find_actor(project: Project, name: str) -> Actor | None:
    """The actor called `name` or known by it as an alias (case-insensitive)."""
    wanted = name.strip().casefold()
    for actor in actors(project):
        if actor.name.casefold() == wanted or any(alias.casefold() == wanted for alias in actor.aliases):
            return actor
    return None


def setting(project: Project, key: str, default: str = "") -> str:
    row = next(project.query("SELECT value FROM settings WHERE key = ?", [key]), None)
    return default if row is None else str(row["value"])


def claim_count(project: Project) -> int:
    return int(project.conn.execute("SELECT count(*) FROM claims").fetchone()[0])
