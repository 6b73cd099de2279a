"""The claim spans a document view paints, asked for a screenful at a time from the covering index."""

from __future__ import annotations

from annotator.domain.spans import ClaimSpan, as_spans
from annotator.store.project import Project

# All three are served by the covering index claims_document_spans (document_id, start, "end", kind,
# anchor_status, id): a range of index entries is read, never a table row.
_BETWEEN_SQL = (
    'SELECT start, "end", id, kind FROM claims WHERE document_id = ? AND start >= ? AND start < ?'
    ' AND "end" > ? ORDER BY start, "end"'
)
_LONGEST_SQL = (
    'SELECT coalesce(max("end" - start), 0) FROM claims WHERE document_id = ? AND start >= ? AND start < ?'
)
_ONE_SQL = 'SELECT start, "end", id, kind FROM claims WHERE id = ? AND document_id = ?'


class DocumentSpans:
    """One document's claims as (start, end, id, kind), read by code-point range or by id.

    A document with 100,000 claims is never read whole: the view asks for what it paints, so opening
    it costs a screenful of rows rather than one Python object per claim.
    """

    def __init__(self, project: Project, document_id: str) -> None:
        self.project = project
        self.document_id = document_id

    def between(self, low: int, high: int, reach: int) -> list[ClaimSpan]:
        """The claims overlapping code points low..high, in text order.

        `reach` bounds how far before `low` an overlapping claim can start (the longest claim's length),
        so the index is read from low - reach rather than from the start of the document.
        """
        rows = self.project.conn.execute(_BETWEEN_SQL, [self.document_id, low - reach, high, low])
        return as_spans(rows)

    def longest(self, low: int, high: int) -> int:
        """The length in code points of the longest claim starting in low..high (0 if none does).

        Asked a stretch at a time: reading all 100,000 claims of a document for it costs ~40 ms.
        """
        row = self.project.conn.execute(_LONGEST_SQL, [self.document_id, low, high]).fetchone()
        return int(row[0])

    def get(self, claim_id: str) -> ClaimSpan | None:
        """One claim's span, or None if it is not a claim of this document."""
        spans = as_spans(self.project.conn.execute(_ONE_SQL, [claim_id, self.document_id]))
        return spans[0] if spans else None
