"""A person's mention: a span of a document that names a known actor (no claim: it says nothing)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass


@dataclass(frozen=True)
class Mention:
    """Where a document names an actor, anchored as a claim is (code points, exact/prefix/suffix)."""

    id: str
    document_id: str
    start: int
    end: int
    exact: str
    actor_id: str
    prefix: str = ""
    suffix: str = ""
    generator: str = ""  # the rules that found it; "" when tagged by hand
    generator_version: str = ""
    created_by: str | None = None
    created_at: str = ""
    updated_at: str = ""


def mention_id(text_sha256: str, start: int, end: int, actor_id: str) -> str:
    """The id of a mention, derived from what it marks: the same mention tagged in two colleagues'
    copies of a document (recognised by its text's digest) is one row when their projects merge."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"annotator:mention:{text_sha256}:{start}:{end}:{actor_id}"))
