"""The report's claims as CSV, one row per claim, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from annotator.export.model import ClaimEntry, Report
from annotator.export.text import RELATION_TEXT

COLUMNS: tuple[str, ...] = (
    "claim_id",
    "statement",
    "quote",
    "prefix",
    "suffix",
    "kind",
    "claimant",
    "stated_as_written",
    "stated_from",
    "stated_to",
    "stated_precision",
    "due",
    "tags",
    "note",
    "document_id",
    "document_title",
    "document_authors",
    "document_publisher",
    "document_published",
    "document_url",
    "start",
    "end",
    "events",
    "verdict",
    "verdict_label",
    "verdict_rating",
    "verdict_as_of",
    "verdict_conclusion",
    "verdict_reasoning",
    "verdict_confidence",
    "verdict_author",
    "verdict_count",
    "evidence_count",
    "review_status",
    "tagged_by",
    "created_at",
    "updated_at",
)

# A spreadsheet treats a cell that starts with one of these as a formula (or, for tab and carriage
# return, can be tricked into doing so after it strips them), which lets a claim quoted from a hostile
# page run =HYPERLINK(...) or worse when an editor opens the file. OWASP's CSV-injection advice is to
# prefix such cells with a single quote, which spreadsheets show as text and do not evaluate; the
# quote is visible in plain-text readers, the price of safety. Numbers are written by us and never
# start with "-" (offsets, counts, ratings and confidences are all non-negative).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """The cell as text a spreadsheet will not evaluate."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def _row(entry: ClaimEntry) -> list[str]:
    claim = entry.claim
    source = entry.document
    current = entry.current
    verdict = current.verdict if current else None
    rating = current.label.rating if current else None
    return [
        claim.id,
        claim.statement,
        claim.exact,
        claim.prefix,
        claim.suffix,
        claim.kind,
        entry.claimant.name if entry.claimant else "",
        claim.stated_text,
        claim.stated_lo,
        claim.stated_hi,
        claim.stated_precision,
        claim.due,
        "; ".join(claim.tags),
        claim.note,
        source.id,
        source.title,
        "; ".join(source.authors),
        source.publisher,
        source.published,
        source.url,
        str(claim.start),
        str(claim.end),
        "; ".join(f"{event.title} ({RELATION_TEXT.get(rel, rel)})" for event, rel in entry.events),
        current.label.display if current else "",
        verdict.label if verdict else "",
        "" if rating is None else str(rating),
        verdict.as_of if verdict else "",
        verdict.conclusion if verdict else "",
        verdict.reasoning if verdict else "",
        "" if verdict is None or verdict.confidence is None else f"{verdict.confidence:g}",
        current.author if current else "",
        str(len(entry.history)),
        str(len(entry.evidence)),
        entry.review.display(),
        entry.author,
        claim.created_at,
        claim.updated_at,
    ]


def csv_rows(report: Report) -> Iterable[list[str]]:
    yield list(COLUMNS)
    for entry in report.claims:
        yield [neutralise(cell) for cell in _row(entry)]


def render_csv(report: Report) -> str:
    """RFC 4180 CSV (CRLF line ends, every cell quoted) as text; the caller picks the encoding."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerows(csv_rows(report))
    return buffer.getvalue()
