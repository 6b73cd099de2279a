"""The queries behind a document's claim list: spans at open, then details, sort keys and text matches
only when the list needs them, so 100,000 claims never become 100,000 Python objects at once."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import NamedTuple

from annotator.domain.models import Claim
from annotator.domain.spans import ClaimSpan, as_spans
from annotator.store.project import Project


class ClaimListDetail(NamedTuple):
    """The columns a claim list row shows beyond its span."""

    exact: str
    claimant_id: str | None
    stated_text: str
    stated_lo: str
    stated_precision: str
    anchor_status: str
    created_by: str | None

    @classmethod
    def of(cls, claim: Claim) -> ClaimListDetail:
        return cls(
            claim.exact,
            claim.claimant_id,
            claim.stated_text,
            claim.stated_lo,
            claim.stated_precision,
            claim.anchor_status,
            claim.created_by,
        )


# Served by the covering index claims_document_spans: no table row is visited.
_SPANS_SQL = 'SELECT start, "end", id, kind FROM claims WHERE document_id = ? ORDER BY start, "end"'
_DETAIL_COLUMNS = (
    "id, exact, claimant_id, stated_text, stated_lo, stated_precision, anchor_status, created_by"
)


def claim_spans(project: Project, document_id: str) -> list[ClaimSpan]:
    """The document's claims as (start, end, id, kind), in text order."""
    return as_spans(project.conn.execute(_SPANS_SQL, [document_id]))


def claimed_offsets(project: Project, document_id: str) -> frozenset[tuple[int, int]]:
    """The (start, end) of every claim of the document, read from the covering index into a set in C:
    what the suggester needs to leave claimed text alone, without an object per claim."""
    return frozenset(
        project.conn.execute('SELECT start, "end" FROM claims WHERE document_id = ?', [document_id])
    )


def spans_of(project: Project, claim_ids: Iterable[str]) -> list[ClaimSpan]:
    """Spans of claims given by id (those listed with a document but anchored in an earlier version)."""
    rows = project.conn.execute(
        'SELECT start, "end", id, kind FROM claims WHERE id IN (SELECT value FROM json_each(?))'
        ' ORDER BY start, "end"',
        [json.dumps(list(claim_ids))],
    )
    return as_spans(rows)


def details(project: Project, claim_ids: Iterable[str]) -> dict[str, ClaimListDetail]:
    rows = project.conn.execute(
        f"SELECT {_DETAIL_COLUMNS} FROM claims WHERE id IN (SELECT value FROM json_each(?))",
        [json.dumps(list(claim_ids))],
    )
    return {row[0]: ClaimListDetail._make(row[1:]) for row in rows}


def has_unsettled_anchors(project: Project, document_id: str) -> bool:
    """Whether any claim of the document was moved by a new version (read from the covering index)."""
    row = project.conn.execute(
        "SELECT 1 FROM claims WHERE document_id = ? AND anchor_status != 'ok' LIMIT 1", [document_id]
    ).fetchone()
    return row is not None


# What each sortable column of the claim list orders by, as SQL over claims c.
SORT_EXPRESSIONS = {
    "kind": "c.kind",
    "quote": "c.exact",
    "claimant": "(SELECT a.name FROM actors a WHERE a.id = c.claimant_id)",
    "stated": "CASE WHEN c.stated_precision = 'day' THEN c.stated_lo ELSE c.stated_text END",
    "anchor": "CASE WHEN c.anchor_status = 'ok' THEN '' ELSE c.anchor_status END",
    "by": "(SELECT n.name FROM annotators n WHERE n.id = c.created_by)",
}


def _scope(document_id: str, extra_ids: list[str]) -> tuple[str, list[str]]:
    if not extra_ids:
        return "c.document_id = ?", [document_id]
    return "(c.document_id = ? OR c.id IN (SELECT value FROM json_each(?)))", [
        document_id,
        json.dumps(extra_ids),
    ]


def sort_values(project: Project, document_id: str, extra_ids: list[str], column: str) -> dict[str, str]:
    """Each listed claim's value in one column, as shown (the caller folds case), by claim id."""
    where, params = _scope(document_id, extra_ids)
    expression = SORT_EXPRESSIONS[column]
    rows = project.conn.execute(
        f"SELECT c.id, coalesce({expression}, '') FROM claims c WHERE {where}", params
    )
    return dict(rows.fetchall())


def matching_ids(project: Project, document_id: str, extra_ids: list[str], text: str) -> set[str]:
    """Ids of the listed claims whose quote, statement, note, tags, kind, claimant or author holds `text`.

    SQLite's lower() folds only ASCII letters, so the needle is also tried exactly as typed: "Минск"
    finds "Минск" but "минск" does not.
    """
    where, params = _scope(document_id, extra_ids)
    fields = (
        "c.exact",
        "c.statement",
        "c.note",
        "c.tags",
        "c.kind",
        "c.stated_text",
        "(SELECT a.name FROM actors a WHERE a.id = c.claimant_id)",
        "(SELECT n.name FROM annotators n WHERE n.id = c.created_by)",
    )
    haystack = " || ' ' || ".join(f"coalesce({field}, '')" for field in fields)
    rows = project.conn.execute(
        f"SELECT c.id FROM claims c WHERE {where} AND (instr(lower({haystack}), ?) OR instr({haystack}, ?))",
        [*params, text.lower(), text],
    )
    return {row[0] for row in rows}
