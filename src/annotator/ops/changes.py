"""What an operation changed: the small value every operation returns, from which views refresh.

In the manner of Anki's OpChanges: an operation says which documents, claims, events, ... it touched,
and the GUI session turns that into the signals its views listen to, so no undo command has to know
which views exist, and the command line can print the same facts.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace


@dataclass(frozen=True)
class Changes:
    """Ids of what one operation added, edited or removed, by kind; `|` unites two of them."""

    # Document ids whose row was added or removed (the document list changes).
    documents: frozenset[str] = field(default_factory=frozenset)
    # Document ids whose details (title, date, ...) were edited.
    document_details: frozenset[str] = field(default_factory=frozenset)
    # (document id, claim id) of claims whose fields were edited, of claims added to a document, and of
    # claims removed from one (a claim moved to another document is removed from one, added to the other).
    # Apart, so that a view holding 10,000 claims patches itself instead of reloading them all.
    claims: frozenset[tuple[str, str]] = field(default_factory=frozenset)
    claims_added: frozenset[tuple[str, str]] = field(default_factory=frozenset)
    claims_removed: frozenset[tuple[str, str]] = field(default_factory=frozenset)
    # Ids of actors (claimants) and annotators: the people whose names views show beside claims.
    actors: frozenset[str] = field(default_factory=frozenset)
    events: frozenset[str] = field(default_factory=frozenset)
    # Claim ids whose links to events, whose verdict history, or whose evidence changed.
    links: frozenset[str] = field(default_factory=frozenset)
    verdicts: frozenset[str] = field(default_factory=frozenset)
    evidence: frozenset[str] = field(default_factory=frozenset)
    # Review, comment and conflict ids.
    reviews: frozenset[str] = field(default_factory=frozenset)
    # Document ids whose suggestions were accepted or rejected (the suggestions shown there change).
    suggestions: frozenset[str] = field(default_factory=frozenset)
    # Document ids whose people's mentions were tagged or untagged (the view redraws them).
    mentions: frozenset[str] = field(default_factory=frozenset)
    # Ids of other organisations' fact-checks stored or removed (what "seen this claim before?" finds).
    factchecks: frozenset[str] = field(default_factory=frozenset)

    def __or__(self, other: Changes) -> Changes:
        return Changes(**{f.name: getattr(self, f.name) | getattr(other, f.name) for f in fields(self)})

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))

    def reversed(self) -> Changes:
        """The same changes seen from the other side, as an undo makes them: added claims are removed."""
        return replace(self, claims_added=self.claims_removed, claims_removed=self.claims_added)

    def claim_ids(self) -> frozenset[str]:
        """Every claim edited, added or removed."""
        return frozenset(
            claim_id for _document, claim_id in self.claims | self.claims_added | self.claims_removed
        )


NOTHING = Changes()
