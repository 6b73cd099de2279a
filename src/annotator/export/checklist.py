"""The publishing checklist: what in a report falls short of a publishable fact-check, before export.

IFCN's Code of Principles asks for sources a reader can replicate, a methodology and corrections;
EFCSN asks for at least two sources for a central claim where they exist; consumers of ClaimReview
need a `url`, an author and a short `claimReviewed`. Each shortfall is an item that either blocks
publication or warns; `annotator check` exits 1 while anything blocks.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from urllib.parse import urlsplit

from annotator.export.claimreview import (
    CLAIM_REVIEWED_CHARS,
    _bounds,
    claim_review,
    vocabulary_problems,
)
from annotator.export.gather import evidence_date
from annotator.export.model import ClaimEntry, EvidenceEntry, Report, trimmed
from annotator.export.text import cited_sources, link_target

BLOCKS = "blocks"
WARNS = "warns"


@dataclass(frozen=True)
class CheckItem:
    """One shortfall: how bad (BLOCKS or WARNS), which check, what to fix, and which claim it is on."""

    severity: str
    check: str
    message: str
    claim_id: str = ""
    anchor: str = ""

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


def _where(entry: ClaimEntry) -> dict[str, str]:
    return {"claim_id": entry.claim.id, "anchor": entry.anchor}


def _quoted(entry: ClaimEntry) -> str:
    return f"“{trimmed(entry.headline, 60)}”"


def source_key(item: EvidenceEntry) -> str:
    """What makes two pieces of evidence the same source: the web site of a URL, the publisher (else
    the document) of a quoted document. Two pages of one site count once."""
    if item.source is None:
        return "web:" + (
            urlsplit(item.evidence.url.strip()).hostname or item.evidence.url.strip()
        ).removeprefix("www.")
    source = item.source
    host = urlsplit(source.url.strip()).hostname if link_target(source.url) else None
    if host:
        return "web:" + host.removeprefix("www.")
    return "doc:" + (source.publisher.casefold() or source.id)


def independent_sources(entry: ClaimEntry) -> int:
    """How many independent sources the claim's evidence cites (context-only evidence does not count)."""
    return len({source_key(item) for item in entry.evidence if item.evidence.stance != "context"})


def _settings_items(report: Report) -> list[CheckItem]:
    settings = report.settings
    items = []
    if not settings.organisation:
        items.append(
            CheckItem(
                BLOCKS,
                "organisation",
                "no organisation is set: the report and each ClaimReview need "
                "the desk that publishes them (setting report_organisation, or --organisation)",
            )
        )
    if not settings.base_url:
        items.append(
            CheckItem(
                BLOCKS,
                "base_url",
                "no base URL is set: every ClaimReview needs the url of its claim "
                "in the published report (setting report_base_url, or --base-url)",
            )
        )
    if not settings.title:
        items.append(CheckItem(WARNS, "title", f"no title is set: the report is titled “{report.title}”"))
    return items


def _source_items(report: Report) -> list[CheckItem]:
    items = []
    for source in cited_sources(report.claims):
        name = f"source “{trimmed(source.title or source.id, 60)}”"
        if not link_target(source.url) and not link_target(source.archived_url):
            items.append(
                CheckItem(
                    BLOCKS,
                    "source_link",
                    f"{name} has no URL and no archived copy: a reader "
                    "cannot find it (add them in Document > Properties)",
                )
            )
        elif not link_target(source.archived_url) and not source.captured_at:
            items.append(CheckItem(WARNS, "source_archive", f"{name} has no archived copy"))
        if source.date_note:
            items.append(
                CheckItem(
                    WARNS, "inferred_date", f"{name}: its date {source.published} is only {source.date_note}"
                )
            )
    return items


def _claim_items(report: Report, entry: ClaimEntry, best: int, worst: int) -> list[CheckItem]:
    items = []
    where = _where(entry)
    name = _quoted(entry)
    if entry.claimant is None:
        items.append(CheckItem(WARNS, "claimant", f"{name} has no claimant (who said it?)", **where))
    if not entry.claim.stated_lo:
        items.append(
            CheckItem(WARNS, "stated_date", f"{name} has no stated date (when was it said?)", **where)
        )
    current = entry.current
    if current is None:
        return items
    if report.settings.needs_two_sources:
        count = independent_sources(entry)
        if count < 2:
            items.append(
                CheckItem(
                    BLOCKS,
                    "two_sources",
                    f"{name}: its published verdict cites {count} "
                    "independent source" + ("" if count == 1 else "s") + ", fewer than two "
                    "(setting report_two_sources off where no second source exists)",
                    **where,
                )
            )
    for item in entry.evidence:
        if item.late:
            items.append(
                CheckItem(
                    WARNS,
                    "late_evidence",
                    f"{name}: evidence dated {evidence_date(item)} is "
                    f"after the verdict's as-of date {current.verdict.as_of}",
                    **where,
                )
            )
    if len(entry.headline) > CLAIM_REVIEWED_CHARS:
        items.append(
            CheckItem(
                WARNS,
                "claim_reviewed",
                f"{name}: claimReviewed has {len(entry.headline)} "
                f"characters; consumers cut it after {CLAIM_REVIEWED_CHARS} (shorten the "
                "statement)",
                **where,
            )
        )
    if current.label.rating is None:
        items.append(
            CheckItem(
                WARNS,
                "rating",
                f"{name}: the verdict “{current.label.display}” has no ratingValue on the scale",
                **where,
            )
        )
    review = claim_review(entry, best, worst, report)
    if review is not None:
        items += [
            CheckItem(BLOCKS, "schema_org", f"{name}: {problem}", **where)
            for problem in vocabulary_problems(review)
        ]
    return items


def checklist(report: Report) -> list[CheckItem]:
    """Every shortfall of the report, blocking ones first, then in reading order."""
    best, worst = _bounds(report.scale)
    items = _settings_items(report) + _source_items(report)
    for entry in report.claims:
        items += _claim_items(report, entry, best, worst)
    return sorted(items, key=lambda item: item.severity != BLOCKS)


def blocking(items: list[CheckItem]) -> list[CheckItem]:
    return [item for item in items if item.severity == BLOCKS]
