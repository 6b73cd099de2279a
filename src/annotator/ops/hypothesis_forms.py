"""The shapes Hypothesis annotations come in, and one identity for each annotation across all of them.

A Hypothesis user may have: the file the client's "Export annotations" writes (`{export_date,
export_userid, client_version, annotations: [...]}`), an API search result (`{total, rows: [...]}`), one
API annotation or a list of them, or h's JSON-LD rendering of one (`id` https://hypothes.is/a/ID,
`creator` an `acct:` string, text and tags as TextualBodies). The API's short id and the JSON-LD's IRI
name the same annotation, so both map to one identity here.
"""

from __future__ import annotations

import re
from typing import Any

_ANNOTATION_IRI = re.compile(r"^https?://hypothes\.is/a/([A-Za-z0-9_-]+)/?$")
# Fields only Hypothesis's own API JSON has; one of them beside a target marks a single API annotation.
_API_FIELDS = ("uri", "user", "permissions", "links", "references")


def is_client_export(data: object) -> bool:
    """Whether parsed JSON is the Hypothesis client's export file."""
    return isinstance(data, dict) and "export_date" in data and isinstance(data.get("annotations"), list)


def is_api_annotation(data: object) -> bool:
    """Whether parsed JSON is one annotation as Hypothesis's API returns it."""
    return isinstance(data, dict) and "target" in data and any(name in data for name in _API_FIELDS)


def identity(raw_id: str) -> str:
    """The annotation's id as both forms agree on: the short id of a https://hypothes.is/a/ IRI."""
    match = _ANNOTATION_IRI.match(raw_id.strip())
    return match.group(1) if match else raw_id


def account_name(creator: str) -> str:
    """The account name of an `acct:name@authority` user id (Hypothesis's `user` and JSON-LD `creator`)."""
    if creator.startswith("acct:"):
        return creator[5:].split("@", 1)[0]
    return creator.strip()


def thread_root(annotation: dict[str, Any]) -> str | None:
    """The id of the annotation a reply's thread starts from (Hypothesis lists it first in
    `references`), or None if this is no reply."""
    references = annotation.get("references")
    if isinstance(references, list) and references and isinstance(references[0], str) and references[0]:
        return identity(references[0])
    return None
