"""Conversions between table rows (JSON-encoded lists and dicts) and the domain dataclasses."""

from __future__ import annotations

import json
from typing import Any

from annotator.domain.models import Actor, Claim, Document

CLAIM_COLUMNS = (
    "id",
    "document_id",
    "start",
    "end",
    "exact",
    "prefix",
    "suffix",
    "kind",
    "claimant_id",
    "stated_text",
    "stated_lo",
    "stated_hi",
    "stated_precision",
    "statement",
    "tags",
    "note",
    "anchor_status",
    "due",
    "created_by",
    "created_at",
    "updated_at",
)
DOCUMENT_META_COLUMNS = (
    "id",
    "title",
    "authors",
    "publisher",
    "url",
    "published",
    "language",
    "source_format",
    "source_filename",
    "metadata",
    "notes",
    "sha256",
    "length",
    "version_of",
    "version",
    "created_by",
    "created_at",
    "updated_at",
)


_TAGS_INDEX = CLAIM_COLUMNS.index("tags")


def claim_from_tuple(row: tuple[Any, ...]) -> Claim:
    """A claim from a row selected with the columns in CLAIM_COLUMNS order."""
    values = list(row)
    tags = values[_TAGS_INDEX]
    values[_TAGS_INDEX] = json.loads(tags) if tags and tags != "[]" else []
    return Claim(*values)


def claim_to_row(claim: Claim) -> dict[str, Any]:
    row = {name: getattr(claim, name) for name in CLAIM_COLUMNS}
    row["tags"] = json.dumps(claim.tags, ensure_ascii=False)
    return row


def document_from_row(row: dict[str, Any]) -> Document:
    return Document(
        id=row["id"],
        title=row["title"],
        text=row.get("text", ""),
        sha256=row["sha256"],
        authors=json.loads(row["authors"] or "[]"),
        publisher=row["publisher"],
        url=row["url"],
        published=row["published"],
        language=row["language"],
        source_format=row["source_format"],
        source_filename=row["source_filename"],
        metadata=json.loads(row["metadata"] or "{}"),
        notes=row["notes"],
        version_of=row["version_of"],
        version=row["version"],
        created_by=row["created_by"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


def actor_from_row(row: dict[str, Any], aliases: list[str]) -> Actor:
    return Actor(id=row["id"], name=row["name"], kind=row["kind"], aliases=aliases)
