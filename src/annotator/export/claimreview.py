"""schema.org ClaimReview JSON-LD: one ClaimReview per reported claim that has a current verdict.

The output is a single JSON-LD document, `{"@context": "https://schema.org", "@graph": [...]}`, rather
than a bare array of objects each repeating the context: one context for the whole file, and a form
both JSON-LD processors and search engines' structured-data readers accept. Each review's "@id" is
`urn:uuid:<verdict id>`, so the same verdict always gets the same identifier.
"""

from __future__ import annotations

from typing import Any

from annotator.domain.models import VerdictLabel
from annotator.export.model import ClaimEntry, Report
from annotator.export.text import indented_json

CONTEXT = "https://schema.org"
DEFAULT_BEST, DEFAULT_WORST = 5, 1


def _bounds(scale: list[VerdictLabel]) -> tuple[int, int]:
    """The scale's best and worst ratings (5 and 1 on the default scale)."""
    ratings = [label.rating for label in scale if label.rating is not None]
    return (max(ratings), min(ratings)) if ratings else (DEFAULT_BEST, DEFAULT_WORST)


def _item_reviewed(entry: ClaimEntry) -> dict[str, Any]:
    claim = entry.claim
    source = entry.document
    appearance: dict[str, Any] = {"@type": "CreativeWork", "headline": source.title}
    if source.url:
        appearance["url"] = source.url
    if source.authors:
        appearance["author"] = [{"@type": "Person", "name": name} for name in source.authors]
    if source.published:
        appearance["datePublished"] = source.published
    if source.publisher:
        appearance["publisher"] = {"@type": "Organization", "name": source.publisher}
    item: dict[str, Any] = {"@type": "Claim"}
    if entry.claimant is not None:
        kind = "Organization" if entry.claimant.kind == "organisation" else "Person"
        item["author"] = {"@type": kind, "name": entry.claimant.name}
    if claim.stated_lo:
        item["datePublished"] = claim.stated_lo
    item["appearance"] = appearance
    return item


def claim_review(entry: ClaimEntry, best: int, worst: int) -> dict[str, Any] | None:
    """The ClaimReview of a claim's current verdict, or None when it has no verdict."""
    current = entry.current
    if current is None:
        return None
    verdict = current.verdict
    rating: dict[str, Any] = {"@type": "Rating"}
    # Off-scale labels (unverifiable, pending) have no rating value; their name still says what it is.
    if current.label.rating is not None:
        rating["ratingValue"] = current.label.rating
    rating.update({"bestRating": best, "worstRating": worst, "alternateName": current.label.display})
    review: dict[str, Any] = {
        "@type": "ClaimReview",
        "@id": f"urn:uuid:{verdict.id}",
        "claimReviewed": entry.headline,
        "reviewRating": rating,
        "itemReviewed": _item_reviewed(entry),
    }
    if current.author:
        review["author"] = {"@type": "Person", "name": current.author}
    review["datePublished"] = verdict.as_of
    if verdict.conclusion:
        review["reviewBody"] = verdict.conclusion
    return review


def claim_reviews(report: Report) -> dict[str, Any]:
    best, worst = _bounds(report.scale)
    graph = [review for entry in report.claims if (review := claim_review(entry, best, worst)) is not None]
    return {"@context": CONTEXT, "@graph": graph}


def render_claimreview(report: Report) -> str:
    return indented_json(claim_reviews(report))
