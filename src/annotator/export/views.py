"""What every report format prints about a claim, as plain text, computed once per claim.

The HTML and Markdown templates and the PDF layout all print these views, so the three formats
cannot drift apart. Strings that recur claim after claim (a source's citation, a verdict line, the
field list of a common combination) are made once and shared: a 10,000-claim report would otherwise
spend most of its time formatting the same few values.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from annotator.export.gather import evidence_date
from annotator.export.model import (
    NOT_REVIEWED,
    ClaimEntry,
    EvidenceEntry,
    Report,
    SourceInfo,
    context_after,
    context_before,
)
from annotator.export.text import (
    claim_fields,
    event_line,
    evidence_summary,
    link_target,
    source_line,
    verdict_line,
)


@dataclass(slots=True)
class Quote:
    """A quote in its context, the context cut at word boundaries ("" when there is none)."""

    before: str
    exact: str
    after: str


@dataclass(slots=True)
class Link:
    """An address as printed; `ok` when it is an http(s) URL that may become a link."""

    url: str
    ok: bool


@dataclass(slots=True)
class EvidenceView:
    summary: str  # stance and where it comes from
    date: str  # the evidence's own date ("" if unknown)
    late: bool  # dated after the verdict's as-of date
    quote: Quote | None  # span evidence
    source: str  # span evidence: its document's citation
    url: Link | None
    archived: Link | None
    note: str


@dataclass(slots=True)
class HistoryRow:
    as_of: str
    label: str
    conclusion: str
    author: str
    published: str


@dataclass(slots=True)
class ClaimView:
    """One claim as the report prints it."""

    anchor: str
    headline: str
    badge: str  # the verdict label (a CSS class), "none" with no verdict
    badge_text: str
    quote: Quote
    fields: list[tuple[str, str]]
    source: str
    url: Link | None
    archived: Link | None
    events: list[str]
    verdict: str  # "" with no verdict
    approved: str  # "Approved by Rita Reviewer on 2024-01-02" or ""
    conclusion: str
    reasoning: str
    evidence: list[EvidenceView] = field(default_factory=list)
    history: list[HistoryRow] = field(default_factory=list)  # only when there is more than one verdict


def link(url: str) -> Link | None:
    url = url.strip()
    return Link(url, link_target(url) is not None) if url else None


class ViewMaker:
    """Makes claim views, sharing what many claims have in common."""

    def __init__(self) -> None:
        self.sources: dict[str, str] = {}
        self.links: dict[str, Link | None] = {}
        self.verdicts: dict[tuple[str, str, float | None, str], str] = {}
        self.events: dict[tuple[str, str], str] = {}
        self.field_lists: dict[tuple[object, ...], list[tuple[str, str]]] = {}
        self.documents: dict[str, tuple[str, Link | None, Link | None]] = {}

    def source(self, source: SourceInfo) -> str:
        text = self.sources.get(source.id)
        if text is None:
            text = self.sources[source.id] = source_line(source)
        return text

    def document(self, source: SourceInfo) -> tuple[str, Link | None, Link | None]:
        """A claim's document as printed: its citation, its URL and its archived copy's."""
        found = self.documents.get(source.id)
        if found is None:
            found = self.documents[source.id] = (
                self.source(source),
                self.link(source.url),
                self.link(source.archived_url),
            )
        return found

    def link(self, url: str) -> Link | None:
        if url not in self.links:
            self.links[url] = link(url)
        return self.links[url]

    def fields(self, entry: ClaimEntry) -> list[tuple[str, str]]:
        claim = entry.claim
        if claim.note or entry.review is not NOT_REVIEWED:
            return claim_fields(entry)
        key = (
            claim.kind,
            tuple(claim.tags),
            entry.claimant.id if entry.claimant else "",
            claim.stated_text,
            claim.stated_lo,
            claim.stated_hi,
            claim.due,
            entry.author,
            entry.waiting,
        )
        found = self.field_lists.get(key)
        if found is None:
            found = self.field_lists[key] = claim_fields(entry)
        return found

    def evidence(self, item: EvidenceEntry) -> EvidenceView:
        evidence = item.evidence
        if item.source is not None:
            return EvidenceView(
                evidence_summary(item),
                evidence_date(item),
                item.late,
                Quote(context_before(evidence.prefix), evidence.exact, context_after(evidence.suffix)),
                self.source(item.source),
                self.link(item.source.url),
                self.link(item.source.archived_url),
                evidence.note,
            )
        return EvidenceView(
            evidence_summary(item),
            "",  # a web page's dates are in its summary
            item.late,
            None,
            "",
            self.link(evidence.url),
            self.link(evidence.archived_url),
            evidence.note,
        )

    def claim(self, entry: ClaimEntry) -> ClaimView:
        claim = entry.claim
        current = entry.current
        events = []
        for event, relation in entry.events:
            key = (event.id, relation)
            line = self.events.get(key)
            if line is None:
                line = self.events[key] = event_line(event, relation)
            events.append(line)
        # One look-up for what the claim's document prints (a claim shares it with its text's others).
        source, url, archived = self.document(entry.document)
        verdict = approved = conclusion = reasoning = ""
        if current is not None:
            v = current.verdict
            shared = (current.label.display, v.as_of, v.confidence, current.author)
            verdict = self.verdicts.get(shared) or self.verdicts.setdefault(shared, verdict_line(current))
            if current.published_by:
                approved = f"Approved by {current.published_by}"
                if current.published_at:
                    approved += f" on {current.published_at[:10]}"
            conclusion, reasoning = v.conclusion, v.reasoning
        return ClaimView(
            entry.anchor,
            entry.headline,
            current.label.label if current else "none",
            current.label.display if current else "No verdict yet",
            Quote(context_before(claim.prefix), claim.exact, context_after(claim.suffix)),
            self.fields(entry),
            source,
            url,
            archived,
            events,
            verdict,
            approved,
            conclusion,
            reasoning,
            [self.evidence(item) for item in entry.evidence] if entry.evidence else [],
            [
                HistoryRow(
                    step.verdict.as_of,
                    step.label.display,
                    step.verdict.conclusion,
                    step.author,
                    step.published_at[:10],
                )
                for step in entry.history
            ]
            if len(entry.history) > 1
            else [],
        )


def claim_views(report: Report) -> list[ClaimView]:
    """Every claim's view; tells the report's progress callback every 500 claims (it may stop us)."""
    maker = ViewMaker()
    progress = report.progress
    if progress is None:
        return [maker.claim(entry) for entry in report.claims]
    views = []
    total = len(report.claims)
    for number, entry in enumerate(report.claims, start=1):
        views.append(maker.claim(entry))
        if number % 500 == 0:
            progress(number, total)
    return views
