"""Words shown to people for stored values: relation names, and counts with the right plural."""

from __future__ import annotations

# Stored ids of claim-event relations, as a reader says them.
RELATION_NAMES: dict[str, str] = {
    "about": "About",
    "predicts": "Predicts",
    "reports": "Reports",
    "denies": "Denies",
    "confirmed_by": "Confirmed by",
    "refuted_by": "Refuted by",
}


def relation_name(relation: str) -> str:
    """ "confirmed_by" -> "Confirmed by"; an id without a name (from a newer project) reads the same way."""
    return RELATION_NAMES.get(relation) or relation.replace("_", " ").capitalize()


def count_of(count: int, singular: str, plural: str | None = None) -> str:
    """ "1 piece of evidence", "3 pieces of evidence": the noun agrees with the number."""
    return f"{count:,} {singular if count == 1 else (plural or singular + 's')}"
