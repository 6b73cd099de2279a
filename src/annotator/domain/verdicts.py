"""Rules about verdicts: which one is current, how a label counts in a track record, late evidence."""

from __future__ import annotations

from collections.abc import Iterable

from annotator.domain.models import Evidence, Verdict

# How a current verdict label counts when tallying how predictions turned out.
OUTCOME_OF_LABEL = {
    "confirmed": "confirmed",
    "mostly_confirmed": "confirmed",
    "refuted": "refuted",
    "mostly_refuted": "refuted",
    "pending": "pending",
}
OUTCOMES = ("confirmed", "refuted", "pending", "other")
PREDICTIVE_KINDS = ("prediction", "promise")


def outcome(label: str | None) -> str:
    """Confirmed / refuted / pending (no verdict yet counts as pending) / other (mixed, unverifiable)."""
    if label is None:
        return "pending"
    return OUTCOME_OF_LABEL.get(label, "other")


def current(verdicts: Iterable[Verdict]) -> Verdict | None:
    """The verdict in force: the latest as-of date, ties broken by when it was recorded."""
    return max(verdicts, key=lambda verdict: (verdict.as_of, verdict.created_at), default=None)


def evidence_postdates(evidence: Evidence, verdict: Verdict) -> bool:
    """True when the evidence dates from after what the verdict says was known (its as-of date)."""
    dated = evidence.dated or evidence.accessed
    return bool(dated) and dated[:10] > verdict.as_of
