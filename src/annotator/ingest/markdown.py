"""Markdown import: the text as written (not rendered), metadata from front matter and the first heading.

Claims anchor into the text a reader annotates, so the Markdown stays as typed, markup included.
YAML front matter is metadata, not something anyone reads or tags: it is removed from the text and
kept whole in `metadata["front_matter"]` (so nothing of the file is lost). Only the simple YAML
people write by hand in front matter is read (`key: value`, `[a, b]` and `- item` lists); a full YAML
parser would be a new dependency for a few fields.
"""

from __future__ import annotations

import re
from pathlib import Path

from annotator.domain.models import ImportedDocument, MetadataProposal
from annotator.ingest.metadata import apply_proposals, iso_date, propose_metadata, split_authors

FRONT_MATTER = re.compile(r"---[ \t]*\n(?P<body>.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|$)", re.DOTALL)
ATX_H1 = re.compile(r" {0,3}#[ \t]+(?P<title>.+?)(?:[ \t]+#+)?[ \t]*")
SETEXT_H1_UNDERLINE = re.compile(r" {0,3}=+[ \t]*")
FENCE = re.compile(r" {0,3}(?:```|~~~)")
ISO_PARTIAL = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")

# Front matter keys, as static site generators spell them, for each document field.
FIELD_KEYS: dict[str, tuple[str, ...]] = {
    "title": ("title",),
    "authors": ("author", "authors"),
    "published": ("date", "published", "pubdate", "publishdate", "publication_date"),
    "publisher": ("publisher", "site", "source"),
    "url": ("url", "link", "canonical_url", "canonicalurl", "source_url"),
    "language": ("lang", "language"),
}


def load_markdown(path: Path, text: str) -> ImportedDocument:
    """A Markdown document from decoded text: front matter stripped into metadata, title from it or the H1."""
    front_matter, body = split_front_matter(text)
    document = ImportedDocument(text=body, source_format="markdown", source_filename=path.name)
    proposals = _front_matter_proposals(front_matter)
    heading = first_h1(body)
    if heading is not None:
        proposals.append(MetadataProposal("title", heading[0], heading[1]))
    for proposal in propose_metadata(body):
        if proposal.field == "title":
            # The text heuristics only stand in when the Markdown names no title itself.
            if any(p.field == "title" for p in proposals):
                continue
            proposal.value = proposal.value.lstrip("#").strip()
        proposals.append(proposal)
    if front_matter:
        document.metadata["front_matter"] = front_matter
    apply_proposals(document, proposals)
    document.title = document.title or path.stem
    return document


def split_front_matter(text: str) -> tuple[dict[str, str | list[str]], str]:
    """The front matter at the very start of `text` (empty if none) and the text after it."""
    match = FRONT_MATTER.match(text)
    if match is None:
        return {}, text
    fields = _parse_simple_yaml(match["body"] or "")
    if not fields:
        # A leading "---" pair with no key in it is a horizontal rule, not front matter.
        return {}, text
    return fields, text[match.end() :].lstrip("\n")


def first_h1(text: str) -> tuple[str, str] | None:
    """The first level-1 heading outside code blocks, ATX (`# Title`) or setext (underlined `===`), with
    the line(s) it came from."""
    lines = text.split("\n")
    in_fence = False
    for index, line in enumerate(lines):
        if FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        atx = ATX_H1.fullmatch(line)
        if atx is not None:
            return atx["title"].strip(), line.strip()
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if line.strip() and SETEXT_H1_UNDERLINE.fullmatch(following):
            return line.strip(), f"{line.strip()}\n{following.strip()}"
    return None


def _parse_simple_yaml(body: str) -> dict[str, str | list[str]]:
    fields: dict[str, str | list[str]] = {}
    key: str | None = None
    for raw in body.split("\n"):
        line = raw.rstrip()
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        item = re.fullmatch(r"\s*-\s+(.*)", line)
        if item is not None and key is not None:
            previous = fields.get(key)
            items = previous if isinstance(previous, list) else []
            items.append(_unquote(item[1]))
            fields[key] = items
            continue
        pair = re.fullmatch(r"([A-Za-z_][\w-]*)\s*:\s*(.*)", line)
        if pair is None:
            key = None  # nested or unsupported YAML: skipped rather than misread
            continue
        key, value = pair[1].lower(), pair[2].strip()
        if value.startswith("[") and value.endswith("]"):
            fields[key] = [_unquote(part) for part in value[1:-1].split(",") if part.strip()]
        else:
            fields[key] = _unquote(value)
    return fields


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def _front_matter_proposals(fields: dict[str, str | list[str]]) -> list[MetadataProposal]:
    proposals: list[MetadataProposal] = []
    for field, keys in FIELD_KEYS.items():
        for key in keys:
            raw = fields.get(key)
            if not raw:
                continue
            value = _field_value(field, raw)
            if value:
                shown = raw if isinstance(raw, str) else ", ".join(raw)
                proposals.append(MetadataProposal(field, value, f"front matter {key}: {shown}"))
                break
    return proposals


def _field_value(field: str, raw: str | list[str]) -> str | None:
    if field == "authors":
        names = [name for item in ([raw] if isinstance(raw, str) else raw) for name in split_authors(item)]
        return "; ".join(names) or None
    value = raw if isinstance(raw, str) else ", ".join(raw)
    if field == "published":
        # YAML dates are usually ISO already, perhaps with a time ("2022-03-17 10:00:00 +0100").
        iso = ISO_PARTIAL.fullmatch(value)
        return value if iso is not None else iso_date(value)
    return value
