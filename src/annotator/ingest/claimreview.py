"""Fact-checks published by others: schema.org ClaimReview from JSON-LD files and from saved pages.

A ClaimReview (https://schema.org/ClaimReview) says what claim was reviewed (`claimReviewed`), the
rating given (`reviewRating`: `alternateName` as the fact-checker wrote it, `ratingValue` between
`worstRating` and `bestRating`), who reviewed it (`author`, an organisation), where and when it was
published (`url`, `datePublished`), and who made the claim where (`itemReviewed`: a Claim with an
`author`, `datePublished`, `appearance` and `firstAppearance`). Files hold one review, a list of them,
an `@graph`, or (our own export) `{"@context": ..., "@graph": [...]}`; pages embed them in
`<script type="application/ld+json">` blocks, often beside other schema.org types, which are skipped.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

# A saved page's JSON-LD blocks. The script's body is raw text in HTML (no entities, no tags) up to the
# first "</script", so a regular expression reads it exactly as a browser's parser does.
_LD_JSON = re.compile(
    r"<script\b[^>]*\btype\s*=\s*[\"']?application/ld\+json[\"']?[^>]*>(.*?)</script\s*>",
    re.IGNORECASE | re.DOTALL,
)
_MAX_DEPTH = 20


@dataclass(frozen=True)
class ImportedFactCheck:
    """One ClaimReview as read, before it is stored (ops.factchecks)."""

    claim_reviewed: str
    rating_name: str = ""
    rating_value: str = ""
    best_rating: str = ""
    worst_rating: str = ""
    author_org: str = ""
    url: str = ""
    date_published: str = ""
    claimant: str = ""
    claim_date: str = ""
    appearance: tuple[str, ...] = ()
    review: dict[str, Any] = field(default_factory=dict, compare=False)


def _is_type(node: dict[str, Any], name: str) -> bool:
    kind = node.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return any(isinstance(k, str) and k.rsplit("/", 1)[-1].rsplit(":", 1)[-1] == name for k in kinds)


def _nodes(value: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    """Every JSON object in a value, outermost first (a ClaimReview may sit inside a page's @graph)."""
    if depth > _MAX_DEPTH:
        return
    if isinstance(value, dict):
        yield value
        for item in value.values():
            if isinstance(item, (dict, list)):
                yield from _nodes(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            yield from _nodes(item, depth + 1)


def _text(value: Any) -> str:
    """A property as one line of text: a string, a number, a {"name": ...} or {"@value": ...}."""
    if isinstance(value, list):
        return "; ".join(text for item in value if (text := _text(item)))
    if isinstance(value, dict):
        for key in ("name", "@value", "headline", "url", "@id"):
            if key in value:
                return _text(value[key])
        return ""
    if isinstance(value, bool) or value is None:
        return ""
    return " ".join(html.unescape(str(value)).split())


def _urls(value: Any) -> tuple[str, ...]:
    items = value if isinstance(value, list) else [value]
    return tuple(text for item in items if (text := _text(item)))


def fact_check(node: dict[str, Any]) -> ImportedFactCheck | None:
    """The ClaimReview one JSON-LD object is, or None if it is none (or reviews no stated claim)."""
    if not _is_type(node, "ClaimReview"):
        return None
    item = node.get("itemReviewed")
    item = item[0] if isinstance(item, list) and item else item
    item = item if isinstance(item, dict) else {}
    claim = _text(node.get("claimReviewed")) or _text(item.get("text")) or _text(item.get("name"))
    if not claim:
        return None
    rating = node.get("reviewRating")
    rating = rating[0] if isinstance(rating, list) and rating else rating
    rating = rating if isinstance(rating, dict) else {}
    appearance = _urls(item.get("appearance")) + _urls(item.get("firstAppearance"))
    return ImportedFactCheck(
        claim_reviewed=claim,
        rating_name=_text(rating.get("alternateName")) or _text(rating.get("name")),
        rating_value=_text(rating.get("ratingValue")),
        best_rating=_text(rating.get("bestRating")),
        worst_rating=_text(rating.get("worstRating")),
        author_org=_text(node.get("author")) or _text(node.get("publisher")),
        url=_text(node.get("url"))
        or (identifier if (identifier := _text(node.get("@id"))).startswith("http") else ""),
        date_published=_text(node.get("datePublished"))[:10],
        claimant=_text(item.get("author")),
        claim_date=_text(item.get("datePublished"))[:10],
        appearance=tuple(dict.fromkeys(appearance)),
        review=node,
    )


def fact_checks_in_json(value: Any) -> list[ImportedFactCheck]:
    """Every ClaimReview in a parsed JSON-LD value."""
    return [found for node in _nodes(value) if (found := fact_check(node)) is not None]


def holds_claim_reviews(value: Any) -> bool:
    return any(_is_type(node, "ClaimReview") for node in _nodes(value))


def fact_checks_in_html(data: bytes) -> list[ImportedFactCheck]:
    """Every ClaimReview in a saved page's JSON-LD blocks; a block that is not valid JSON is skipped
    (pages often carry broken markup, and the page itself is still a document)."""
    text = data.decode("utf-8", errors="replace")
    found: list[ImportedFactCheck] = []
    for block in _LD_JSON.findall(text):
        try:
            value = json.loads(block.strip().removeprefix("<!--").removesuffix("-->"))
        except (ValueError, RecursionError):
            continue
        found += fact_checks_in_json(value)
    return found
