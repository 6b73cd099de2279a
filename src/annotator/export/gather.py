"""Build the report model for a filter from a handful of whole-table reads (no query per claim)."""

from __future__ import annotations

import contextlib
import gc
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from operator import itemgetter
from typing import Any

from annotator.domain import verdicts as verdict_rules
from annotator.domain.models import Claim, Event, Evidence, VerdictLabel, utc_now
from annotator.export.model import (
    NOT_REVIEWED,
    ClaimEntry,
    Correction,
    EvidenceEntry,
    MentionEntry,
    Report,
    ReportFilter,
    ReviewStatus,
    SourceInfo,
    Summary,
    TimelineEntry,
    VerdictEntry,
)
from annotator.store import findings, mention_queries, queries, suggestion_queries
from annotator.store.findings import TrackRecord
from annotator.store.project import Project
from annotator.store.report_settings import ReportSettings, report_settings
from annotator.store.rows import CLAIM_COLUMNS, columns

_CLAIM_SELECT = ", ".join(f'c."{name}"' for name in CLAIM_COLUMNS)
_TAGS = CLAIM_COLUMNS.index("tags")
# The summary row for claims with no verdict (only in reports that include unverified claims).
_NO_VERDICT = ("", "No verdict yet")


def annotator_ids(project: Project, name_or_id: str) -> list[str]:
    """The annotators a filter's `annotator` means: one with that id, or all with that name."""
    rows = project.conn.execute(
        "SELECT id FROM annotators WHERE id = ? OR name = ? COLLATE NOCASE ORDER BY name", [name_or_id] * 2
    )
    return [row[0] for row in rows]


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Run a block with Python's cyclic garbage collector paused.

    A report of 10,000 claims allocates a hundred thousand objects and no reference cycles; each
    allocation burst otherwise triggers collections that walk every object built so far, which costs
    as much as building them. Reference counting still frees everything as usual.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def build_report(
    project: Project,
    where: ReportFilter | None = None,
    generated_at: str | None = None,
    settings: ReportSettings | None = None,
) -> Report:
    """Everything a report of the claims matching `where` shows, in reading order; `settings` in place
    of the project's report settings when given."""
    with gc_paused():
        report = _build_report(project, where or ReportFilter(), generated_at)
        report.settings = settings if settings is not None else report_settings(project)
        report.methodology = methodology(report, findings.second_reviewer_required(project))
        return report


def methodology(report: Report, second_reviewer: bool) -> list[str]:
    """The methodology section: the desk's own text (paragraphs split at blank lines), else a default
    saying what the report covers, how claims are kinded and rated, and what publishes a verdict."""
    own = report.settings.methodology.strip()
    if own:
        return [" ".join(part.split()) for part in own.split("\n\n") if part.strip()]
    review = (
        "A verdict is published only after a second member of the desk, not its author, has reviewed "
        "and accepted it."
        if second_reviewer
        else "A verdict is published when its author or a reviewing colleague approves it; a colleague's "
        "dispute keeps it from publishing."
    )
    sources = (
        " Each published verdict rests on at least two independent sources where they exist."
        if report.settings.needs_two_sources
        else ""
    )
    return [
        "Each claim is quoted from its source as published, with its claimant and the date it was made, "
        "and classed as a factual statement, a quote, a prediction, a promise or an opinion.",
        "A verdict states what was known as of a given date, using the scale below, and cites the evidence "
        "behind it: quotations from documents (each kept with a SHA-256 fingerprint of the original) and "
        f"web pages with archived copies, so a reader can check every step.{sources}",
        f"{review} When a later verdict replaces a published one, the change is listed under Corrections.",
    ]


def document_texts(project: Project, ids: set[str]) -> dict[str, str]:
    """The texts of the documents named, by id."""
    rows = project.conn.execute(
        "SELECT id, text FROM documents WHERE id IN (SELECT value FROM json_each(?))",
        [json.dumps(sorted(ids))],
    )
    return dict(rows.fetchall())


def _build_report(project: Project, where: ReportFilter, generated_at: str | None) -> Report:
    scale = findings.verdict_labels(project)
    labels = {label.label: label for label in scale}
    names: dict[str | None, str] = dict(project.conn.execute("SELECT id, name FROM annotators").fetchall())
    actors = {actor.id: actor for actor in queries.actors(project)}
    sources = _sources(project)
    views = findings.desk_views(project)
    history = _verdicts(views, labels, names)
    # Verified: a published verdict that says more than "pending".
    verified = {claim_id for claim_id, items in history.items() if items[-1].verdict.label != "pending"}

    claims = _claims(project, where, verified)
    wanted = {claim.id for claim in claims}

    events = _events(project)
    links = _links(project, wanted, events)
    evidence = _evidence(project, wanted, sources, names)
    reviews = _reviews(project, history, names)
    provenance = suggestion_queries.provenance(project)

    # Reading order: chronological by what a claim says of itself, falling back on its source's date,
    # undated claims last ("\uffff" sorts after every ISO date); then by source and position, so the
    # claims of one text keep the text's order. Keys are built in the same pass as the entries.
    source_titles = {doc_id: source.title.casefold() for doc_id, source in sources.items()}
    keyed = []
    for claim in claims:
        claim_id = claim.id
        source = sources[claim.document_id]
        view = views.get(claim_id)
        made_from = provenance.get(claim_id)
        entry = ClaimEntry(
            claim,
            source,
            actors.get(claim.claimant_id) if claim.claimant_id else None,
            names.get(claim.created_by, ""),
            links.get(claim_id) or [],
            history.get(claim_id) or [],
            evidence.get(claim_id) or [],
            reviews.get(claim_id, NOT_REVIEWED),
            view.waiting if view is not None else 0,
            made_from,
            names.get(made_from.accepted_by, "") if made_from is not None else "",
        )
        when = claim.stated_lo or source.published or "\uffff"
        # A flat key orders as (when, (title, document id), start, end, id) would, compared faster.
        document_id = claim.document_id
        keyed.append(
            ((when, source_titles[document_id], document_id, claim.start, claim.end, claim.id), entry)
        )
    keyed.sort(key=itemgetter(0))
    entries = [entry for _, entry in keyed]
    corrections = []
    approvals = []
    for entry in entries:
        steps = entry.history
        if not steps:
            continue
        if entry.evidence:
            as_of = steps[-1].verdict.as_of
            for item in entry.evidence:
                item.late = evidence_date(item)[:10] > as_of
        # Plain loops: most claims have one verdict, and a comprehension per claim costs a call each.
        for step in steps:
            if step.published_at:
                approvals.append(step.published_at)
        if len(steps) > 1:
            corrections += [
                Correction(entry.anchor, entry.headline, older, newer)
                for older, newer in zip(steps, steps[1:], strict=False)
            ]
    corrections.sort(key=lambda item: (item.now.published_at, item.anchor))
    return Report(
        project_name=project.path.name,
        generated_at=generated_at or utc_now(),
        authors=sorted({entry.author for entry in entries if entry.author}, key=str.casefold),
        filter=where,
        scale=scale,
        claims=entries,
        summary=_summary(entries, scale, events),
        scope=where.describe(events[where.event_id].title if where.event_id in events else ""),
        editors=sorted(
            {step.published_by for entry in entries for step in entry.history if step.published_by},
            key=str.casefold,
        ),
        corrections=corrections,
        first_published=min(approvals, default=""),
        last_updated=max(approvals, default=""),
        mentions=_mentions(project, [entry.claim.document_id for entry in entries], sources, actors, names),
    )


def _mentions(
    project: Project,
    document_ids: list[str],
    sources: dict[str, SourceInfo],
    actors: dict[str, Any],
    names: dict[str | None, str],
) -> list[MentionEntry]:
    """The people's mentions tagged in these documents (those of the reported claims), in order."""
    out = []
    for document_id in dict.fromkeys(document_ids):
        for mention in mention_queries.mentions_for_document(project, document_id):
            if mention.actor_id in actors:
                out.append(
                    MentionEntry(
                        mention,
                        sources[document_id],
                        actors[mention.actor_id],
                        names.get(mention.created_by, ""),
                    )
                )
    return out


def evidence_date(item: EvidenceEntry) -> str:
    """The date a piece of evidence itself carries: its own date, else its source document's
    publication date (span evidence), else the day it was accessed; "" when none is known."""
    evidence = item.evidence
    if evidence.dated:
        return evidence.dated
    if item.source is not None and item.source.published:
        return item.source.published
    return evidence.accessed


def _claims(project: Project, where: ReportFilter, verified: set[str]) -> list[Claim]:
    """The claims matching the filter (every criterion but "verified only" is applied in SQL)."""
    # Most claims share a handful of tag lists: decode each distinct JSON text once (a copy per
    # claim, so no two claims share a list).
    decoded: dict[str, list[str]] = {"": [], "[]": []}
    claims = []
    for row in _claim_rows(project, where):
        if where.verified_only and row[0] not in verified:
            continue
        claim = Claim(*row)
        tags = row[_TAGS] or ""
        known = decoded.get(tags)
        if known is None:
            known = decoded[tags] = json.loads(tags)
        claim.tags = list(known)
        claims.append(claim)
    return claims


def _claim_rows(project: Project, where: ReportFilter) -> Iterable[tuple[Any, ...]]:
    sql = [f"SELECT {_CLAIM_SELECT} FROM claims c WHERE 1 = 1"]
    params: list[str] = []
    if where.kind:
        sql.append("AND c.kind = ?")
        params.append(where.kind)
    if where.annotator:
        sql.append("AND c.created_by IN (SELECT id FROM annotators WHERE id = ? OR name = ? COLLATE NOCASE)")
        params += [where.annotator, where.annotator]
    if where.event_id:
        sql.append("AND c.id IN (SELECT claim_id FROM claim_events WHERE event_id = ?)")
        params.append(where.event_id)
    if where.date_from or where.date_to:
        sql.append("AND c.stated_lo != ''")
    if where.date_from:
        # Overlap, not containment: "March 2022" is in a window that starts on 15 March.
        sql.append("AND (CASE WHEN c.stated_hi != '' THEN c.stated_hi ELSE c.stated_lo END) >= ?")
        params.append(where.date_from)
    if where.date_to:
        sql.append("AND c.stated_lo <= ?")
        params.append(where.date_to)
    return project.conn.execute(" ".join(sql), params)


def _sources(project: Project) -> dict[str, SourceInfo]:
    rows = project.conn.execute(
        "SELECT d.id, d.title, d.authors, d.publisher, d.published, d.url, d.sha256, d.language, "
        "json_extract(d.metadata, '$.date_basis'), json_extract(d.metadata, '$.date_reason'), "
        "COALESCE(d.original_sha256, ''), "
        "COALESCE((SELECT c.captured_at FROM custody c WHERE c.document_id = d.id AND c.captured_at != '' "
        "ORDER BY c.rowid LIMIT 1), ''), "
        "COALESCE((SELECT min(c.recorded_at) FROM custody c WHERE c.document_id = d.id), d.created_at), "
        "COALESCE(json_extract(d.metadata, '$.archived_url'), '') "
        "FROM documents d"
    )
    return {
        row[0]: SourceInfo(
            row[0],
            row[1],
            tuple(json.loads(row[2] or "[]")),
            row[3],
            row[4],
            row[5],
            row[6],
            row[7],
            date_note=_date_note(row[4], row[8], row[9]),
            original_sha256=row[10],
            captured_at=row[11],
            imported_at=row[12],
            archived_url=str(row[13]),
        )
        for row in rows
    }


def _date_note(published: str, basis: str | None, reason: str | None) -> str:
    """How a report qualifies a source's date: "inferred: from the URL" for a date the user inferred."""
    if not published or basis != "inferred":
        return ""
    return f"inferred: {reason}" if reason else "inferred"


def _verdicts(
    views: dict[str, verdict_rules.DeskView], labels: dict[str, VerdictLabel], names: dict[str | None, str]
) -> dict[str, list[VerdictEntry]]:
    """Every claim's approved verdicts, oldest first: the last is the published one, the others the
    corrections log it superseded. Proposals, disputed and sent-back verdicts are not the desk's."""
    history: dict[str, list[VerdictEntry]] = {}
    off_scale: dict[str, VerdictLabel] = {}
    approved = (verdict_rules.PUBLISHED, verdict_rules.SUPERSEDED)
    for claim_id, view in views.items():
        items = []
        for step in view.history:
            if step.state not in approved:
                continue
            verdict = step.verdict
            label = labels.get(verdict.label)
            if label is None:  # a label off the scale (merged from a project with other labels)
                label = off_scale.setdefault(
                    verdict.label, VerdictLabel(verdict.label, verdict.label, None, len(labels) + 1)
                )
            items.append(
                VerdictEntry(
                    verdict,
                    label,
                    names.get(verdict.created_by, ""),
                    step.decided_at,
                    names.get(step.decided_by, ""),
                )
            )
        if len(items) > 1:  # most claims have a single verdict: nothing superseded
            for older, newer in zip(items, items[1:], strict=False):
                older.superseded_at = newer.published_at
        if items:
            history[claim_id] = items
    return history


def _events(project: Project) -> dict[str, Event]:
    """All events in timeline order (the order of findings.events), by id."""
    ordered: dict[str, Event] = {}
    for event in findings.events(project):
        ordered[event.id] = event
    return ordered


def _links(
    project: Project, wanted: set[str], events: dict[str, Event]
) -> dict[str, list[tuple[Event, str]]]:
    position = {event_id: index for index, event_id in enumerate(events)}
    links: dict[str, list[tuple[Event, str]]] = defaultdict(list)
    for claim_id, event_id, relation in project.conn.execute(
        "SELECT claim_id, event_id, relation FROM claim_events"
    ):
        if claim_id in wanted:
            links[claim_id].append((events[event_id], relation))
    for items in links.values():
        if len(items) > 1:  # most claims link one event, if any
            items.sort(key=lambda item: (position[item[0].id], item[1]))
    return links


def _evidence(
    project: Project, wanted: set[str], sources: dict[str, SourceInfo], names: dict[str | None, str]
) -> dict[str, list[EvidenceEntry]]:
    found: dict[str, list[EvidenceEntry]] = defaultdict(list)
    for row in project.conn.execute(f"SELECT {columns(Evidence)} FROM evidence ORDER BY rowid"):
        if row[1] in wanted:  # the claim id, checked before paying for the dataclass
            evidence = Evidence(*row)
            source = sources.get(evidence.document_id) if evidence.document_id else None
            found[evidence.claim_id].append(
                EvidenceEntry(evidence, source, names.get(evidence.created_by, ""))
            )
    for items in found.values():
        if len(items) > 1:
            items.sort(key=lambda entry: entry.evidence.created_at)
    return found


def _reviews(
    project: Project, history: dict[str, list[VerdictEntry]], names: dict[str | None, str]
) -> dict[str, ReviewStatus]:
    """The latest review decision per claim, counting reviews of the claim and of its approved verdicts
    (a dispute of a proposal that never published says nothing about the verdict the report shows)."""
    latest: dict[str, ReviewStatus] = {}
    rows = project.conn.execute(
        "SELECT target_type, target_id, decision, comment, created_by, created_at FROM reviews "
        "ORDER BY created_at, rowid"
    ).fetchall()
    claim_of_verdict = (
        {entry.verdict.id: claim_id for claim_id, items in history.items() for entry in items}
        if any(row[0] == "verdict" for row in rows)
        else {}
    )
    for target_type, target_id, decision, comment, created_by, created_at in rows:
        claim_id = target_id if target_type == "claim" else claim_of_verdict.get(target_id)
        if claim_id is not None:
            latest[claim_id] = ReviewStatus(
                decision, names.get(created_by, ""), created_at, comment, target_type
            )
    return latest


def _summary(entries: list[ClaimEntry], scale: list[VerdictLabel], events: dict[str, Event]) -> Summary:
    counts: dict[str, int] = defaultdict(int)
    claimants: dict[str, TrackRecord] = {}
    by_source: dict[str, TrackRecord] = {}
    linked: dict[str, set[str]] = defaultdict(set)
    predictive = verdict_rules.PREDICTIVE_KINDS
    for entry in entries:
        label = entry.history[-1].verdict.label if entry.history else ""
        counts[label] += 1
        for event, _ in entry.events:
            linked[event.id].add(entry.claim.id)
        if entry.claim.kind not in predictive:
            continue
        result = verdict_rules.outcome(label or None)
        claimant = entry.claimant.name if entry.claimant else "(no claimant)"
        source = entry.document.publisher or entry.document.title
        for table, name in ((claimants, claimant), (by_source, source)):
            record = table.get(name)
            if record is None:
                record = table[name] = TrackRecord(name)
            record.claim_ids[result].append(entry.claim.id)

    by_label = [(label.label, label.display, counts.pop(label.label, 0)) for label in scale]
    # Labels off the scale (from a merged project), then claims with no verdict yet.
    by_label += [(label, label, count) for label, count in sorted(counts.items()) if label]
    if counts.get(""):
        by_label.append((*_NO_VERDICT, counts[""]))
    timeline = [
        TimelineEntry(event, len(linked[event_id]))
        for event_id, event in events.items()
        if event_id in linked
    ]
    return Summary(
        by_label=by_label,
        claimants=sorted(claimants.values(), key=lambda record: record.name.casefold()),
        sources=sorted(by_source.values(), key=lambda record: record.name.casefold()),
        timeline=timeline,
    )
