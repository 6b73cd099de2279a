"""Read-only queries for events, verdicts, evidence, predictions due and track records."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from annotator.domain import verdicts as verdict_rules
from annotator.domain.models import Actor, Claim, Event, Evidence, Verdict, VerdictLabel
from annotator.domain.people import likely_duplicates
from annotator.store import queries
from annotator.store.project import Project
from annotator.store.queries import claim_from_tuple
from annotator.store.rows import CLAIM_COLUMNS, columns, from_row, from_rows

SECOND_REVIEWER_SETTING = "verdicts_need_second_reviewer"

_CLAIM_SELECT = ", ".join(f'c."{name}"' for name in CLAIM_COLUMNS)


def get_event(project: Project, event_id: str) -> Event:
    row = next(project.query(f"SELECT {columns(Event)} FROM events WHERE id = ?", [event_id]), None)
    if row is None:
        raise KeyError(f"no event {event_id}")
    return from_row(Event, row)


def events(project: Project) -> list[Event]:
    """All events in date order; undated ones last, by title."""
    rows = project.query(
        f"SELECT {columns(Event)} FROM events ORDER BY date_lo = '', date_lo, date_hi, title COLLATE NOCASE"
    )
    return from_rows(Event, rows)


def events_for_claim(project: Project, claim_id: str) -> list[tuple[Event, str]]:
    rows = project.query(
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
    rows = project.query("SELECT label, display, rating, position FROM verdict_labels ORDER BY position")
    return [VerdictLabel(**row) for row in rows]


def verdict_history(project: Project, claim_id: str) -> list[Verdict]:
    """A claim's verdicts, oldest first; the last is current."""
    rows = project.query(
        f"SELECT {columns(Verdict)} FROM verdicts WHERE claim_id = ? ORDER BY as_of, created_at", [claim_id]
    )
    return from_rows(Verdict, rows)


def _document_scope(project: Project, document_id: str, claims: int | None = None) -> tuple[str, list[str]]:
    """Which verdicts belong to a document's claims, asked from the smaller side: a document with
    100,000 claims in a project with few verdicts would otherwise probe the verdicts once per claim
    (0.4 s at every open), and a project with many verdicts is still read only for this document.
    `claims`: the document's claim count, when the caller has counted them already."""
    verdicts = project.conn.execute("SELECT count(*) FROM verdicts").fetchone()[0]
    if claims is None:
        claims = project.conn.execute(
            "SELECT count(*) FROM claims WHERE document_id = ?", [document_id]
        ).fetchone()[0]
    if verdicts <= claims:
        # Each verdict's claim looked up by primary key; CROSS JOIN keeps verdicts the outer loop.
        return (
            "WHERE claim_id IN (SELECT v.claim_id FROM verdicts v CROSS JOIN claims c"
            " ON c.id = v.claim_id WHERE c.document_id = ?)",
            [document_id],
        )
    return "WHERE claim_id IN (SELECT id FROM claims WHERE document_id = ?)", [document_id]


def desk_views(
    project: Project,
    claim_id: str | None = None,
    document_id: str | None = None,
    document_claims: int | None = None,
) -> dict[str, verdict_rules.DeskView]:
    """Every claim's verdicts (or one claim's, or one document's claims') with the state the desk gives
    each: published, superseded, disputed, sent back or still a proposal (domain.verdicts.desk_view).
    `document_claims`: how many claims the document has, when the caller knows (the claim list does)."""
    where, params = "", []
    if claim_id is not None:
        where, params = "WHERE claim_id = ?", [claim_id]
    elif document_id is not None:
        where, params = _document_scope(project, document_id, document_claims)
    history: dict[str, list[Verdict]] = defaultdict(list)
    # In table order, so that on an exact tie of as-of and time the verdict recorded last is newest.
    for row in project.conn.execute(
        f"SELECT {columns(Verdict)} FROM verdicts {where} ORDER BY rowid", params
    ):
        verdict = Verdict(*row)
        history[verdict.claim_id].append(verdict)
    if not history:
        return {}
    scope = where.replace("WHERE claim_id", "AND v.claim_id")
    decisions: dict[str, list[verdict_rules.Decision]] = defaultdict(list)
    for verdict_id, decision, by, at in project.conn.execute(
        f"""SELECT r.target_id, r.decision, r.created_by, r.created_at FROM reviews r
            JOIN verdicts v ON v.id = r.target_id WHERE r.target_type = 'verdict' {scope}""",
        params,
    ):
        decisions[verdict_id].append(verdict_rules.Decision(decision, by, at))
    # Unscoped, the whole table: it is only looked up by the ids of the verdicts read above, and the
    # join that scopes it cost a third of the read (17 -> 12 ms for 13,000 publications).
    publications = (
        f"""SELECT p.verdict_id, p.published_by, p.created_at FROM verdict_publications p
            JOIN verdicts v ON v.id = p.verdict_id WHERE 1 = 1 {scope}"""
        if where
        else "SELECT verdict_id, published_by, created_at FROM verdict_publications"
    )
    published: dict[str, tuple[str | None, str]] = {
        verdict_id: (by, at) for verdict_id, by, at in project.conn.execute(publications, params)
    }
    views = {}
    approvals: dict[str, verdict_rules.Approval] = {}
    for claim, verdicts in history.items():
        if len(verdicts) == 1 and verdicts[0].id not in decisions and verdicts[0].id in published:
            # Most claims of a report: one verdict, published by its author, never reviewed. Its view
            # is known without the general rule, which a 10,000-claim export would run 10,000 times.
            verdict = verdicts[0]
            entry = verdict_rules.DeskEntry(verdict, verdict_rules.PUBLISHED, *published[verdict.id])
            views[claim] = verdict_rules.DeskView((entry,), verdict, 0)
            continue
        for verdict in verdicts:
            reviewed = decisions.get(verdict.id)
            own = published.get(verdict.id)
            if reviewed is None and own is not None:  # the common case: published by its author
                approvals[verdict.id] = verdict_rules.Approval("approved", *own)
            elif reviewed is not None:
                publish = verdict_rules.Decision("published", *own) if own is not None else None
                approvals[verdict.id] = verdict_rules.approval(verdict.created_by, reviewed, publish)
        views[claim] = verdict_rules.desk_view(verdicts, approvals)
    return views


def desk_view(project: Project, claim_id: str) -> verdict_rules.DeskView:
    """One claim's verdict history as the desk sees it (an empty history when it has none)."""
    return desk_views(project, claim_id).get(claim_id, verdict_rules.DeskView(()))


def current_verdicts(project: Project) -> dict[str, Verdict]:
    """The desk's published verdict for every claim that has one (what reports and figures count)."""
    views = desk_views(project)
    return {claim_id: view.published for claim_id, view in views.items() if view.published is not None}


def waiting_proposals(project: Project) -> dict[str, int]:
    """Per claim, how many proposals newer than its published verdict wait for review (0s left out)."""
    return {claim_id: view.waiting for claim_id, view in desk_views(project).items() if view.waiting}


def second_reviewer_required(project: Project) -> bool:
    """The project setting "verdicts need a second reviewer" (off by default: a solo analyst publishes)."""
    return queries.setting(project, SECOND_REVIEWER_SETTING, "off") == "on"


def get_evidence(project: Project, evidence_id: str) -> Evidence:
    row = next(project.query(f"SELECT {columns(Evidence)} FROM evidence WHERE id = ?", [evidence_id]), None)
    if row is None:
        raise KeyError(f"no evidence {evidence_id}")
    return from_row(Evidence, row)


def evidence_for_claim(project: Project, claim_id: str) -> list[Evidence]:
    rows = project.query(
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


@dataclass(frozen=True)
class ClaimLine:
    """One claim as the desk lists it: where, what, by whom, and its published verdict."""

    id: str
    document: str
    quote: str
    kind: str
    claimant: str
    stated: str  # as written, with its resolved date when there is one
    stated_lo: str
    published: str  # the published verdict's label ("" when none)
    published_as_of: str
    waiting: int  # newer proposals waiting for review


def claim_lines(project: Project) -> list[ClaimLine]:
    """Every claim in reading order (document title, then position), with its published verdict."""
    views = desk_views(project)
    rows = project.conn.execute(
        """SELECT c.id, d.title, c.exact, c.kind, COALESCE(a.name, ''), c.stated_text, c.stated_lo
           FROM claims c JOIN documents d ON d.id = c.document_id LEFT JOIN actors a ON a.id = c.claimant_id
           ORDER BY d.title COLLATE NOCASE, d.id, c.start, c."end", c.id"""
    ).fetchall()
    lines = []
    for claim_id, title, quote, kind, claimant, stated, stated_lo in rows:
        view = views.get(claim_id)
        published = view.published if view is not None else None
        lines.append(
            ClaimLine(
                claim_id,
                title,
                quote,
                kind,
                claimant,
                stated,
                stated_lo,
                published.label if published else "",
                published.as_of if published else "",
                view.waiting if view is not None else 0,
            )
        )
    return lines


def claims_per_actor(project: Project) -> dict[str, int]:
    """How many claims each actor is the claimant of (actors with none left out)."""
    rows = project.conn.execute(
        "SELECT claimant_id, count(*) FROM claims WHERE claimant_id IS NOT NULL GROUP BY claimant_id"
    )
    return {str(actor_id): int(count) for actor_id, count in rows}


def look_alike_people(project: Project, among: set[str] | None = None) -> list[tuple[Actor, Actor, float]]:
    """Pairs of people (or organisations) that look like one spelt two ways, best match first, each
    pair in name order. With `among` (actor ids), only pairs with one of them, which comes second."""
    actors = queries.actors(project)
    candidates = None if among is None else [actor for actor in actors if actor.id in among]
    return likely_duplicates(actors, candidates)
