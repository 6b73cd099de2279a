"""Rules about verdicts: which one the desk publishes, how a label counts, late evidence, as-of dates."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from annotator.domain.dates import parse_stated_date
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


# A verdict's place in its claim's history, as the desk sees it (see `desk_view`).
PROPOSED = "proposed"
PUBLISHED = "published"
SUPERSEDED = "superseded"
DISPUTED = "disputed"
NEEDS_CHANGES = "needs_changes"
STATE_DISPLAY = {
    PROPOSED: "Proposed",
    PUBLISHED: "Published",
    SUPERSEDED: "Superseded",
    DISPUTED: "Disputed",
    NEEDS_CHANGES: "Needs changes",
}


@dataclass(slots=True)
class Decision:
    """One review decision on a verdict: what, by whom (an annotator id), when."""

    decision: str
    by: str | None
    at: str


@dataclass(slots=True)
class Approval:
    """Why a verdict is (or is not) approved: its review state and who decided it, when."""

    state: str  # "approved", PROPOSED, DISPUTED or NEEDS_CHANGES
    by: str | None = None
    at: str = ""


def approval(
    author: str | None, decisions: Iterable[Decision], published_by_author: Decision | None
) -> Approval:
    """A verdict's review state: a colleague's latest decision rules (accepted approves it; disputed or
    needs-changes keep it from ever publishing, whatever its author did); with no colleague's decision,
    the author's own publish approves it; otherwise it is a proposal."""
    others = [decision for decision in decisions if decision.by is None or decision.by != author]
    if others:
        latest = max(others, key=lambda decision: decision.at)
        state = "approved" if latest.decision == "accepted" else latest.decision
        return Approval(state, latest.by, latest.at)
    if published_by_author is not None:
        return Approval("approved", published_by_author.by, published_by_author.at)
    return Approval(PROPOSED)


@dataclass(slots=True)  # not frozen: a report builds one per verdict, and frozen ones cost twice as much
class DeskEntry:
    """One verdict of a claim's history with its state as the desk sees it."""

    verdict: Verdict
    state: str  # PROPOSED, PUBLISHED, SUPERSEDED, DISPUTED or NEEDS_CHANGES
    decided_by: str | None = None  # who approved, disputed or asked for changes (an annotator id)
    decided_at: str = ""


@dataclass(slots=True)
class DeskView:
    """A claim's verdicts oldest first, the one the desk publishes, and how many proposals newer than
    it (all proposals, when none is published) still wait for review."""

    history: tuple[DeskEntry, ...]
    published: Verdict | None = None
    waiting: int = 0


def history_order(verdict: Verdict) -> tuple[str, str]:
    """Verdicts in the order a claim's history shows them: by as-of date, then when recorded."""
    return (verdict.as_of, verdict.created_at)


_NO_APPROVAL = Approval(PROPOSED)


def desk_view(verdicts: Sequence[Verdict], approvals: dict[str, Approval]) -> DeskView:
    """The newest approved verdict is published; older approved ones are superseded (the corrections
    log); disputed and needs-changes ones never publish; the rest are proposals."""
    ordered = sorted(verdicts, key=history_order) if len(verdicts) > 1 else list(verdicts)
    found = [approvals.get(verdict.id, _NO_APPROVAL) for verdict in ordered]
    newest = max((n for n, approval in enumerate(found) if approval.state == "approved"), default=-1)
    entries = []
    for n, (verdict, approval) in enumerate(zip(ordered, found, strict=True)):
        state = approval.state
        if state == "approved":
            state = PUBLISHED if n == newest else SUPERSEDED
        entries.append(DeskEntry(verdict, state, approval.by, approval.at))
    waiting = sum(1 for entry in entries[newest + 1 :] if entry.state == PROPOSED)
    return DeskView(tuple(entries), ordered[newest] if newest >= 0 else None, waiting)


def resolve_as_of(text: str, today: date, dayfirst: bool = True) -> tuple[str | None, str]:
    """A typed as-of date ("2023-10-01", "1 October 2023", "March 2023") as an ISO day, with the line
    shown back to the user; None (with the reason) when it is not a date or lies in the future.

    Parsed like stated dates. A month or year means its last day: what was known by the end of it.
    """
    text = text.strip()
    if not text:
        return None, ""
    resolution = parse_stated_date(text, today, dayfirst=dayfirst)
    if resolution is None:
        return None, "⚠ not understood as a date: type it as 2023-10-01 or 1 October 2023"
    day = resolution.hi or resolution.lo
    if day > today.isoformat():
        return None, f"⚠ {day} is in the future: a verdict says what was known on a past day"
    if resolution.precision == "day":
        return day, f"→ as of {day}"
    return day, f"→ as of {day} (the end of {text})"
