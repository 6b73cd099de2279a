"""The report model: what a verified-claims report shows, gathered once and rendered by every format."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field

from annotator.domain.anchors import CONTEXT_CHARS
from annotator.domain.mentions import Mention
from annotator.domain.models import Actor, Claim, DateResolution, Event, Evidence, Verdict, VerdictLabel
from annotator.store.findings import TrackRecord
from annotator.store.report_settings import ReportSettings
from annotator.store.suggestion_queries import Provenance

HEADLINE_CHARS = 90  # a quote used as a claim's heading (no statement typed) is cut to this, at a word


def trimmed(text: str, limit: int) -> str:
    """`text` on one line, cut at the last word boundary within `limit` characters (with "…")."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip(" ,;:.-–—") + "…"


def context_before(prefix: str) -> str:
    """A quote's leading context without the cut-off word it starts with ("…sia in" becomes "in")."""
    if len(prefix) < CONTEXT_CHARS or prefix[:1].isspace():
        return prefix.lstrip()
    # str.split cuts at the first run of white space in C (a generator over the characters took 40%
    # of a 10,000-claim report's claim views); it means the same white space as str.isspace.
    parts = prefix.split(None, 1)
    return parts[1] if len(parts) == 2 else ""


def context_after(suffix: str) -> str:
    """A quote's trailing context without the cut-off word it ends with."""
    if len(suffix) < CONTEXT_CHARS or suffix[-1:].isspace():
        return suffix.rstrip()
    parts = suffix.rsplit(None, 1)
    return parts[0] if len(parts) == 2 else ""


@dataclass(frozen=True)
class ReportFilter:
    """Which claims a report covers; every criterion given must hold.

    `date_from` / `date_to` are ISO dates (inclusive) compared with the claim's stated date range:
    a claim is in when what it may mean overlaps the window, and claims with no resolved stated date
    are left out as soon as either bound is given.
    """

    verified_only: bool = True  # a current verdict whose label is not "pending"
    event_id: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    annotator: str | None = None  # the claim's creator, by name (case-insensitive) or id
    kind: str | None = None

    def describe(self, event_title: str = "") -> list[str]:
        """The filter in words, for the report's title block (the event by its title when given)."""
        parts = ["verified claims only" if self.verified_only else "all claims"]
        if self.event_id:
            parts.append(
                f"linked to the event “{event_title}”" if event_title else f"linked to event {self.event_id}"
            )
        if self.date_from or self.date_to:
            parts.append(f"stated between {self.date_from or '…'} and {self.date_to or '…'}")
        if self.annotator:
            parts.append(f"tagged by {self.annotator}")
        if self.kind:
            parts.append(f"of kind {self.kind}")
        return parts


@dataclass(frozen=True)
class SourceInfo:
    """A document's metadata as a report cites it (never its text)."""

    id: str
    title: str
    authors: tuple[str, ...]
    publisher: str
    published: str
    url: str
    sha256: str
    language: str
    # The evidence copy, for a reader to check: the original's SHA-256 ("" if none is kept) and when the
    # source was captured (a web archive's capture, a URL's fetch), and when it was first imported.
    original_sha256: str = ""
    captured_at: str = ""
    imported_at: str = ""
    # "inferred: from the URL" when the user inferred the date rather than read it in the source.
    date_note: str = ""
    archived_url: str = ""  # a public archived copy (metadata "archived_url"), for readers to check


# The per-claim records below use slots and are not frozen: a 10,000-claim report builds tens of
# thousands of them, and frozen dataclasses pay for object.__setattr__ on every field.


@dataclass(slots=True)
class VerdictEntry:
    """One verdict with its label's display text and rating, and its author's name."""

    verdict: Verdict
    label: VerdictLabel
    author: str
    published_at: str = ""  # when the desk approved it (its author's publish or a colleague's accept)
    published_by: str = ""  # who approved it: the report's editors
    superseded_at: str = ""  # when a newer verdict replaced it ("" for the one in force)


@dataclass(slots=True)
class EvidenceEntry:
    """One piece of evidence; `source` is the quoted document for span evidence, else None."""

    evidence: Evidence
    source: SourceInfo | None
    author: str = ""  # the annotator who recorded it ("" if unknown)
    late: bool = False  # dated after the published verdict's as-of date (it cannot have informed it)


@dataclass(frozen=True)
class ReviewStatus:
    """The latest review decision on a claim or on one of its verdicts (decision "" = not reviewed)."""

    decision: str = ""
    reviewer: str = ""
    date: str = ""
    comment: str = ""
    target_type: str = ""

    def display(self) -> str:
        if not self.decision:
            return "not reviewed"
        what = "verdict " if self.target_type == "verdict" else ""
        text = f"{what}{self.decision.replace('_', ' ')}"
        if self.reviewer:
            text += f" by {self.reviewer}"
        if self.date:
            text += f" on {self.date[:10]}"
        return text


NOT_REVIEWED = ReviewStatus()


@dataclass(frozen=True, slots=True)
class MentionEntry:
    """A person's mention in a reported claim's document: where, whom it names, who tagged it."""

    mention: Mention
    document: SourceInfo
    actor: Actor
    author: str  # the annotator who tagged it ("" if unknown)


@dataclass(slots=True)
class ClaimEntry:
    """Everything the report shows about one claim."""

    claim: Claim
    document: SourceInfo
    claimant: Actor | None
    author: str  # the annotator who tagged it ("" if unknown)
    events: list[tuple[Event, str]] = field(default_factory=list)  # (event, relation), in date order
    history: list[VerdictEntry] = field(default_factory=list)  # approved, oldest first; last published
    evidence: list[EvidenceEntry] = field(default_factory=list)
    review: ReviewStatus = NOT_REVIEWED
    waiting: int = 0  # proposals newer than the published verdict, still waiting for review
    # Made from a suggestion: which generator proposed it, with what score, and who accepted it.
    provenance: Provenance | None = None
    accepted_by: str = ""  # the name of who accepted the suggestion ("" if none or unknown)

    @property
    def current(self) -> VerdictEntry | None:
        """The desk's published verdict (the history holds only approved verdicts)."""
        return self.history[-1] if self.history else None

    def waiting_note(self) -> str:
        """ "1 newer proposal waiting for review", or "" when none waits."""
        if not self.waiting:
            return ""
        return f"{self.waiting} newer proposal{'' if self.waiting == 1 else 's'} waiting for review"

    @property
    def headline(self) -> str:
        """The normalised statement, or the quote cut at a word when the analyst wrote none."""
        return self.claim.statement.strip() or trimmed(self.claim.exact, HEADLINE_CHARS)

    @property
    def anchor(self) -> str:
        """The claim's stable id in the HTML report, its PDF bookmark and its ClaimReview url's fragment."""
        return f"claim-{self.claim.id}"

    def stated(self) -> str:
        """The stated date as written, with its resolution ("17 March (2022-03-17)")."""
        claim = self.claim
        if not claim.stated_lo:
            return claim.stated_text
        return stated_display(claim.stated_text, claim.stated_lo, claim.stated_hi, claim.stated_precision)


@functools.lru_cache(maxsize=4096)
def stated_display(text: str, lo: str, hi: str, precision: str) -> str:
    """ "17 March (2022-03-17)"; cached, as a report repeats the same few dates many times over."""
    resolved = DateResolution(text, lo, hi or lo, precision).display()
    return resolved if not text or text == resolved else f"{text} ({resolved})"


@dataclass(frozen=True)
class TimelineEntry:
    """An event on the report's timeline, with how many reported claims link to it."""

    event: Event
    claim_count: int


@dataclass
class Summary:
    """Claims by verdict label, the track record tables and the event timeline."""

    by_label: list[tuple[str, str, int]]  # (label, display, count); label "" = no verdict yet
    claimants: list[TrackRecord]
    sources: list[TrackRecord]
    timeline: list[TimelineEntry]


@dataclass(frozen=True)
class Correction:
    """A published verdict later superseded: the corrections log's line."""

    anchor: str
    headline: str
    was: VerdictEntry
    now: VerdictEntry


DEFAULT_TITLE = "Verified claims"


@dataclass
class Report:
    """A whole report: the title block, the summary and the claims in reading order."""

    project_name: str
    generated_at: str  # UTC ISO-8601
    authors: list[str]  # annotators who tagged the reported claims
    filter: ReportFilter
    scale: list[VerdictLabel]
    claims: list[ClaimEntry]
    summary: Summary

    scope: list[str] = field(default_factory=list)  # the filter in words, events named by title
    settings: ReportSettings = field(default_factory=ReportSettings)
    editors: list[str] = field(default_factory=list)  # who approved the published verdicts
    methodology: list[str] = field(default_factory=list)  # paragraphs
    corrections: list[Correction] = field(default_factory=list)
    first_published: str = ""  # the earliest approval of a verdict the report shows ("" if none)
    last_updated: str = ""  # the latest approval of a verdict the report shows ("" if none)
    # Told (claims done, claims in all) as a long rendering advances; it may raise to stop it.
    progress: Callable[[int, int], None] | None = None
    # The reported claims' document texts by id, for formats that carry them (QDPX); empty otherwise.
    texts: dict[str, str] = field(default_factory=dict)
    # People's mentions tagged in the documents of the reported claims, in document and text order.
    mentions: list[MentionEntry] = field(default_factory=list)

    @property
    def from_suggestions(self) -> int:
        """How many of the reported claims were made by accepting a suggestion (for the methodology)."""
        return sum(1 for entry in self.claims if entry.provenance is not None)

    def suggestions_sentence(self) -> str:
        """The methodology's line about machine suggestions."""
        count, total = self.from_suggestions, len(self.claims)
        if not count:
            return f"None of the {total} claims reported came from machine suggestions."
        return (
            f"{count} of the {total} claims reported came from machine suggestions "
            "(rule-based, re-ranked by the analysts' own decisions), each accepted by an analyst."
        )

    @property
    def title(self) -> str:
        if self.settings.title:
            return self.settings.title
        what = DEFAULT_TITLE if self.filter.verified_only else "Claims"
        return f"{what}: {self.project_name}"

    @property
    def organisation(self) -> str:
        return self.settings.organisation
