"""Claim filters: which claims the lists show, by kind, verdict, claimant, event, annotator, tag, date."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from annotator.domain.models import Claim

NO_VERDICT = "(none)"  # the verdict "label" of a claim nobody has judged yet


@dataclass(frozen=True)
class ClaimFilter:
    """Empty sets mean "any"; different criteria combine with AND, values within one with OR."""

    kinds: frozenset[str] = field(default_factory=frozenset)
    verdicts: frozenset[str] = field(default_factory=frozenset)
    claimants: frozenset[str] = field(default_factory=frozenset)
    events: frozenset[str] = field(default_factory=frozenset)
    annotators: frozenset[str] = field(default_factory=frozenset)
    tags: frozenset[str] = field(default_factory=frozenset)
    date_from: str = ""  # ISO date: the claim was stated on or after it
    date_to: str = ""  # ISO date: the claim was stated on or before it

    @property
    def active(self) -> bool:
        # Not asdict: it deep-copies every set, and the window asks after every edit.
        return any(bool(getattr(self, name)) for name in self.__dataclass_fields__)

    def toggled(self, criterion: str, value: str) -> ClaimFilter:
        """This filter with `value` added to or removed from the set `criterion`."""
        values: frozenset[str] = getattr(self, criterion)
        changes: dict[str, Any] = {criterion: values ^ {value}}
        return replace(self, **changes)

    def matches(self, claim: Claim, verdict: str | None, events: Iterable[str]) -> bool:
        if self.kinds and claim.kind not in self.kinds:
            return False
        if self.verdicts and (verdict or NO_VERDICT) not in self.verdicts:
            return False
        if self.claimants and claim.claimant_id not in self.claimants:
            return False
        if self.annotators and claim.created_by not in self.annotators:
            return False
        if self.tags and not self.tags & set(claim.tags):
            return False
        if self.events and not self.events & set(events):
            return False
        if self.date_from or self.date_to:
            # A claim qualifies when what it may mean overlaps the range; undated claims do not.
            if not claim.stated_lo:
                return False
            if self.date_from and claim.stated_hi < self.date_from:
                return False
            if self.date_to and claim.stated_lo > self.date_to:
                return False
        return True

    def to_json(self) -> str:
        return json.dumps({k: sorted(v) if isinstance(v, frozenset) else v for k, v in asdict(self).items()})

    @classmethod
    def from_json(cls, text: str) -> ClaimFilter:
        """A filter saved by to_json; anything unreadable gives the empty filter rather than an error."""
        try:
            data = json.loads(text)
            values: dict[str, Any] = {
                name: frozenset(value) if isinstance(value, list) else str(value)
                for name, value in data.items()
                if name in cls.__dataclass_fields__
            }
            return cls(**values)
        except (ValueError, TypeError, AttributeError):
            return cls()
