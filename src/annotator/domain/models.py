"""Dataclasses for the things a project holds: documents, actors, claims, and imported files."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime

CLAIM_KINDS: tuple[str, ...] = ("factual", "quote", "prediction", "promise", "opinion")
DATE_PRECISIONS: tuple[str, ...] = ("day", "month", "year", "range", "approximate")
ANCHOR_STATUSES: tuple[str, ...] = ("ok", "moved", "needs_confirmation", "orphaned")
EVENT_RELATIONS: tuple[str, ...] = ("about", "predicts", "reports", "denies", "confirmed_by", "refuted_by")
EVIDENCE_STANCES: tuple[str, ...] = ("supports", "refutes", "context")
REVIEW_DECISIONS: tuple[str, ...] = ("accepted", "disputed", "needs_changes")


def new_id() -> str:
    """A fresh text UUID, so rows from different people's projects never collide on merge."""
    return str(uuid.uuid4())


def utc_now() -> str:
    """The current time as UTC ISO-8601 with seconds, the form every timestamp column uses."""
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class DateResolution:
    """A date as written in a text, resolved to an earliest/latest ISO day and a precision."""

    text: str
    lo: str  # ISO date, earliest day the text can mean
    hi: str  # ISO date, latest day the text can mean
    precision: str  # one of DATE_PRECISIONS

    def display(self) -> str:
        """How the resolved date is shown back to the user for confirmation."""
        if self.precision == "day":
            return self.lo
        if self.precision == "month":
            return self.lo[:7]
        if self.precision == "year":
            return self.lo[:4]
        if self.lo == self.hi:
            return f"~{self.lo}"
        prefix = "~" if self.precision == "approximate" else ""
        return f"{prefix}{self.lo} – {self.hi}"


@dataclass
class MetadataProposal:
    """A metadata value an importer found in the text; the user confirms or edits it."""

    field: str  # "title", "authors", "published", "publisher", "url", "language"
    value: str
    evidence: str  # the line or key the value came from, shown to the user


@dataclass
class ImportedDocument:
    """What an importer extracted from one file, before it is stored.

    `text` is final (line endings already normalised to LF); metadata fields are the importer's
    best reading and `proposals` records where each guessed value came from.
    """

    text: str
    source_format: str  # "text", "markdown", "scholarly-json", "html", "pdf"
    source_filename: str
    title: str = ""
    authors: list[str] = field(default_factory=list)
    publisher: str = ""
    url: str = ""
    published: str = ""  # ISO date (or partial, e.g. "2022-04") as found; "" if unknown
    language: str = ""
    metadata: dict[str, object] = field(default_factory=dict)
    proposals: list[MetadataProposal] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # For PDFs: code-point offsets where each page starts in `text`.
    page_starts: list[int] = field(default_factory=list)
    # The evidence copy: the file's exact bytes (for a page of a web archive, its WARC record), kept in
    # the project by SHA-256 while `text` is the working copy. None: nothing to keep.
    original: bytes | None = None
    original_type: str = ""  # its media type, e.g. "application/pdf", "application/warc"
    # Where and when the source was captured: a web archive's target URL and WARC-Date (ISO-8601 UTC),
    # and the archive member it came from; "" when the file is all we know.
    captured_at: str = ""
    captured_from: str = ""
    member: str = ""  # which part of a multi-document file (an archived page, an attachment) this is


@dataclass
class Document:
    """A stored document: immutable text plus editable metadata."""

    id: str
    title: str
    text: str
    sha256: str
    authors: list[str] = field(default_factory=list)
    publisher: str = ""
    url: str = ""
    published: str = ""
    language: str = ""
    source_format: str = ""
    source_filename: str = ""
    metadata: dict[str, object] = field(default_factory=dict)
    notes: str = ""
    version_of: str | None = None  # the previous version of this document, if any
    version: int = 1
    created_by: str | None = None
    created_at: str = ""
    updated_at: str = ""


@dataclass
class Actor:
    """A claimant: a person or organisation, with the other names it goes by."""

    id: str
    name: str
    kind: str = "person"
    aliases: list[str] = field(default_factory=list)


@dataclass
class Claim:
    """A tagged span of a document and what the analyst says about it.

    The anchor follows the W3C Web Annotation model: `start`/`end` are Unicode code-point offsets
    into the document text (TextPositionSelector) and `exact`/`prefix`/`suffix` quote it
    (TextQuoteSelector), so the claim can be found again if offsets ever drift.
    """

    id: str
    document_id: str
    start: int
    end: int
    exact: str
    prefix: str = ""
    suffix: str = ""
    kind: str = "factual"
    claimant_id: str | None = None
    stated_text: str = ""
    stated_lo: str = ""
    stated_hi: str = ""
    stated_precision: str = ""
    statement: str = ""
    tags: list[str] = field(default_factory=list)
    note: str = ""
    anchor_status: str = "ok"  # one of ANCHOR_STATUSES
    due: str = ""  # ISO date a prediction or promise comes due, "" if none
    created_by: str | None = None
    created_at: str = ""
    updated_at: str = ""


@dataclass
class Event:
    """A dated real-world happening that claims are about, predict, report or deny."""

    id: str
    title: str
    description: str = ""
    place: str = ""
    date_text: str = ""
    date_lo: str = ""
    date_hi: str = ""
    date_precision: str = ""
    sources: list[str] = field(default_factory=list)
    created_by: str | None = None
    created_at: str = ""
    updated_at: str = ""


@dataclass(frozen=True)
class VerdictLabel:
    """One step of the verdict scale, with its ClaimReview rating (None for off-scale labels)."""

    label: str
    display: str
    rating: int | None
    position: int


@dataclass
class Verdict:
    """A finding about a claim as known on `as_of`; verdicts are appended, never edited away."""

    id: str
    claim_id: str
    label: str
    as_of: str
    conclusion: str = ""
    reasoning: str = ""
    confidence: float | None = None
    created_by: str | None = None
    created_at: str = ""
    updated_at: str = ""


@dataclass
class Evidence:
    """Support for or against a claim: a quoted span of a document, or a URL with an archived copy."""

    id: str
    claim_id: str
    stance: str
    verdict_id: str | None = None
    document_id: str | None = None
    start: int | None = None
    end: int | None = None
    exact: str = ""
    prefix: str = ""
    suffix: str = ""
    url: str = ""
    archived_url: str = ""
    accessed: str = ""
    dated: str = ""  # ISO date the evidence itself dates from, to warn when it postdates a verdict
    note: str = ""
    created_by: str | None = None
    created_at: str = ""
    updated_at: str = ""


@dataclass
class Review:
    """A reviewer's decision on someone else's claim or verdict, with a comment; never changes it."""

    id: str
    target_type: str  # "claim" or "verdict"
    target_id: str
    decision: str
    comment: str = ""
    reply_to: str | None = None
    created_by: str | None = None
    created_at: str = ""
    updated_at: str = ""
