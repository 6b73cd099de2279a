"""Read-only queries for events, verdicts, evidence, predictions due and track records."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from annotator.domain import verdicts as verdict_rules
from annotator.domain.models import Claim, Event, Evidence, Verdict, VerdictLabel
from annotator.store.project import Project
from annotator.store.queries import claim_from_tuple
from annotator.store.rows import CLAIM_COLUMNS, columns, from_row, from_rows

_CLAIM_SELECT = ", ".join(f'c."{name}"' for name in CLAIM_COLUMNS)


def get_event(project: Project, event_id: str) -> Event:
    row = next(project.db.query(f"SELECT {columns(Event)} FROM events WHERE id = ?", [event_id]), None)
    if row is None:
        raise KeyError(f"no event {event_id}")
    return from_row(Event, row)


def events(project: Project) -> list[Event]:
    """All events in date order; undated ones last, by title."""
    rows = project.db.query(
        f"SELECT {columns(Event)} FROM events ORDER BY date_lo = '', date_lo, date_hi, title COLLATE NOCASE"
    )
    return from_rows(Event, rows)


def events_for_claim(project: Project, claim_id: str) -> list[tuple[Event, str]]:
    rows = project.db.query(
        f"""SELECT {", ".join(f"e.{name}" for name in columns(Event).split(", "))}, l.relation
            FROM claim_events l JOIN events e ON e.id = l.event_id
            WHERE l.claim_id = ? ORDER BY e.date_lo, e.title""",
        [claim_id],
    )
    return [(from_row(Event, row), row["relation"]) for row in rows]


def claims_for_event(project: Project, event_id: str) -> list[tuple[Claim, str]]:
    cursor = project.conn.execute(
        f"""SELECT {_CLAIM_SELECT}, l.relation FROM claim_events l JOIN claims c ON c.id = l.claim_id
            WHERE l.event_id = ? ORDER BY c.stated_lo, c.created_at""",
        [event_id],
    )
    return [(claim_from_tuple(row[:-1]), row[-1]) for row in cursor]


def claim_links(project: Project) -> list[tuple[str, str, str]]:
    """Every (claim id, event id, relation) link."""
    return [
        tuple(row) for row in project.conn.execute("SELECT claim_id, event_id, relation FROM claim_events")
    ]


def verdict_labels(project: Project) -> list[VerdictLabel]:
    rows = project.db.query("SELECT label, display, rating, position FROM verdict_labels ORDER BY position")
    return [VerdictLabel(**row) for row in rows]


def verdict_history(project: Project, claim_id: str) -> list[Verdict]:
    """A claim's verdicts, oldest first; the last is current."""
    rows = project.db.query(
        f"SELECT {columns(Verdict)} FROM verdicts WHERE claim_id = ? ORDER BY as_of, created_at", [claim_id]
    )
    return from_rows(Verdict, rows)


def current_verdicts(project: Project) -> dict[str, Verdict]:
    """The verdict in force for every claim that has one."""
    history: dict[str, list[Verdict]] = defaultdict(list)
    for row in project.db.query(f"SELECT {columns(Verdict)} FROM verdicts"):
        verdict = from_row(Verdict, row)
        history[verdict.claim_id].append(verdict)
    return {claim_id: verdict_rules.current(items) for claim_id, items in history.items()}  # type: ignore[misc]


def get_evidence(project: Project, evidence_id: str) -> Evidence:
    row = next(
        project.db.query(f"SELECT {columns(Evidence)} FROM evidence WHERE id = ?", [evidence_id]), None
    )
    if row is None:
        raise KeyError(f"no evidence {evidence_id}")
    return from_row(Evidence, row)


def evidence_for_claim(project: Project, claim_id: str) -> list[Evidence]:
    rows = project.db.query(
        f"SELECT {columns(Evidence)} FROM evidence WHERE claim_id = ? ORDER BY created_at", [claim_id]
    )
    return from_rows(Evidence, rows)


def due_for_review(project: Project, today: str) -> list[Claim]:
    """Predictions and promises whose due date has passed and whose current verdict is still pending."""
    cursor = project.conn.execute(
        f"""SELECT {_CLAIM_SELECT} FROM claims c
            WHERE c.kind IN ('prediction', 'promise') AND c.due != '' AND c.due <= ?
            ORDER BY c.due""",
        [today],
    )
    due = [claim_from_tuple(row) for row in cursor]
    current = current_verdicts(project)
    return [claim for claim in due if verdict_rules.outcome(_label(current.get(claim.id))) == "pending"]


def _label(verdict: Verdict | None) -> str | None:
    return verdict.label if verdict is not None else None


@dataclass
class TrackRecord:
    """How one claimant's (or one source's) predictions and promises turned out."""

    name: str
    claim_ids: dict[str, list[str]] = field(default_factory=lambda: {o: [] for o in verdict_rules.OUTCOMES})

    def count(self, outcome: str) -> int:
        return len(self.claim_ids[outcome])

    @property
    def total(self) -> int:
        return sum(len(ids) for ids in self.claim_ids.values())


def track_records(project: Project) -> tuple[list[TrackRecord], list[TrackRecord]]:
    """Per claimant and per source (publisher, else document title), sorted by name."""
    current = current_verdicts(project)
    rows = project.conn.execute(
        """SELECT c.id, COALESCE(a.name, ''), CASE WHEN d.publisher != '' THEN d.publisher ELSE d.title END
           FROM claims c JOIN documents d ON d.id = c.document_id
           LEFT JOIN actors a ON a.id = c.claimant_id
           WHERE c.kind IN ('prediction', 'promise')"""
    ).fetchall()
    by_claimant: dict[str, TrackRecord] = {}
    by_source: dict[str, TrackRecord] = {}
    for claim_id, claimant, source in rows:
        result = verdict_rules.outcome(_label(current.get(claim_id)))
        for table, name in ((by_claimant, claimant or "(no claimant)"), (by_source, source)):
            table.setdefault(name, TrackRecord(name)).claim_ids[result].append(claim_id)
    ordered = sorted(by_claimant.values(), key=lambda r: r.name.casefold())
    return ordered, sorted(by_source.values(), key=lambda r: r.name.casefold())
