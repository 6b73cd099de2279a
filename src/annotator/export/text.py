"""Plain-text pieces every renderer shares: verdict lines, evidence lines, source citations, safe links."""

from __future__ import annotations

import re
from typing import Any

import orjson

from annotator.domain.models import Actor, DateResolution, Event
from annotator.export.model import ClaimEntry, EvidenceEntry, SourceInfo, VerdictEntry

STANCE_TEXT = {"supports": "Supports", "refutes": "Refutes", "context": "Context"}
RELATION_TEXT = {
    "about": "about",
    "predicts": "predicts",
    "reports": "reports",
    "denies": "denies",
    "confirmed_by": "confirmed by",
    "refuted_by": "refuted by",
}
# Only http(s) URLs become links: a `javascript:` or `data:` URL typed into a document's metadata
# must never turn into something a reader of the report can click.


# The scheme and a host, and no white space anywhere (one regex: reports call this per link).
_LINKABLE = re.compile(r"https?://[^/\s?#]\S*", re.IGNORECASE)


def link_target(url: str) -> str | None:
    """The URL if it is safe to make clickable (http/https with a host, no white space), else None."""
    url = url.strip()
    return url if _LINKABLE.fullmatch(url) else None


def verdict_line(entry: VerdictEntry) -> str:
    """ "Confirmed as of 2023-10-05 (confidence 80%), by Ana"."""
    verdict = entry.verdict
    text = f"{entry.label.display} as of {verdict.as_of}"
    if verdict.confidence is not None:
        text += f" (confidence {verdict.confidence:.0%})"
    if entry.author:
        text += f", by {entry.author}"
    return text


def source_line(source: SourceInfo) -> str:
    """A citation without the URL: title — authors, publisher, date."""
    date = f"{source.published} ({source.date_note})" if source.date_note else source.published
    details = [", ".join(source.authors), source.publisher, date]
    rest = ", ".join(part for part in details if part)
    return f"{source.title} — {rest}" if rest else source.title


def cited_sources(claims: list[ClaimEntry]) -> list[SourceInfo]:
    """Every document the claims come from or quote as evidence, once each, in order of first citation."""
    seen: dict[str, SourceInfo] = {}
    for entry in claims:
        seen.setdefault(entry.document.id, entry.document)
        for evidence in entry.evidence:
            if evidence.source is not None:
                seen.setdefault(evidence.source.id, evidence.source)
    return list(seen.values())


def source_evidence_line(source: SourceInfo) -> str:
    """How a reader can check the source: the original's hash (else the text's) and the capture time."""
    digest = (
        f"original SHA-256 {source.original_sha256}"
        if source.original_sha256
        else f"text SHA-256 {source.sha256} (no original kept)"
    )
    if source.captured_at:
        return f"{digest}; captured {source.captured_at}"
    return f"{digest}; imported {source.imported_at}" if source.imported_at else digest


def evidence_summary(entry: EvidenceEntry) -> str:
    """What the evidence is, without its quote or links: its stance and where it comes from."""
    evidence = entry.evidence
    stance = STANCE_TEXT.get(evidence.stance, evidence.stance)
    if entry.source is not None:
        return f"{stance}: quoted from “{entry.source.title}”"
    details = [f"accessed {evidence.accessed}"] if evidence.accessed else []
    details += [f"dated {evidence.dated}"] if evidence.dated else []
    return f"{stance}: web page" + (f" ({', '.join(details)})" if details else "")


def claimant_text(actor: Actor | None) -> str:
    if actor is None:
        return ""
    if actor.aliases:
        return f"{actor.name} (also {', '.join(actor.aliases)})"
    return actor.name


def event_when(event: Event) -> str:
    """An event's date as resolved ("2022-02-24", "2021-09 – 2021-11"), else as written."""
    if not event.date_lo:
        return event.date_text
    hi = event.date_hi or event.date_lo
    return DateResolution(event.date_text, event.date_lo, hi, event.date_precision).display()


def event_line(event: Event, relation: str) -> str:
    """ "predicts: Russia invades Ukraine (2022-02-24)"."""
    when = event_when(event)
    return f"{RELATION_TEXT.get(relation, relation)}: {event.title}" + (f" ({when})" if when else "")


def claim_fields(entry: ClaimEntry) -> list[tuple[str, str]]:
    """The label/value rows shown under a claim's quote, in order, empty ones left out."""
    claim = entry.claim
    rows = [("Kind", claim.kind)]
    if entry.claimant is not None:
        rows.append(("Claimant", claimant_text(entry.claimant)))
    if claim.stated_text or claim.stated_lo:
        rows.append(("Stated", entry.stated()))
    if claim.due:
        rows.append(("Due", claim.due))
    if claim.tags:
        rows.append(("Tags", ", ".join(claim.tags)))
    if claim.note:
        rows.append(("Note", claim.note))
    if entry.author:
        rows.append(("Tagged by", entry.author))
    rows.append(("Review", entry.review.display()))
    if entry.waiting:
        rows.append(("Proposals", entry.waiting_note()))
    return rows


def utc_z(timestamp: str) -> str:
    """A stored UTC timestamp ("...+00:00") in the "Z" form xsd:dateTime consumers expect."""
    return timestamp[:-6] + "Z" if timestamp.endswith("+00:00") else timestamp


def display_time(timestamp: str) -> str:
    """ "2024-05-01T12:00:00+00:00" as "2024-05-01 12:00 UTC"; anything else as given."""
    if len(timestamp) >= 16 and timestamp[10] == "T" and timestamp.endswith(("+00:00", "Z")):
        return f"{timestamp[:10]} {timestamp[11:16]} UTC"
    return timestamp


def indented_json(value: Any) -> str:
    """`value` as JSON indented by two spaces, with a final newline: the very text of
    json.dumps(value, ensure_ascii=False, indent=2) + "\n", from orjson, because the standard library's
    encoder runs in pure Python whenever it indents (80% of a 10,000-claim W3C export's time). Only a
    float below 1e-4 reads differently (1e-7 for 1e-07, the same number); the exports have none."""
    return (orjson.dumps(value, option=orjson.OPT_INDENT_2) + b"\n").decode("utf-8")
