"""Which claims and documents a ClaimFilter lets through, computed over the whole project at once."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable

from annotator.domain.filters import NO_VERDICT, ClaimFilter
from annotator.domain.models import CLAIM_KINDS
from annotator.store import findings
from annotator.store.project import Project
from annotator.store.queries import claim_from_tuple
from annotator.store.rows import CLAIM_COLUMNS

_SELECT = ", ".join(f'"{name}"' for name in CLAIM_COLUMNS)


def filtered_claims(project: Project, claim_filter: ClaimFilter) -> tuple[set[str], set[str]]:
    """(ids of matching claims, ids of documents holding at least one of them)."""
    passing = claims_passing(project, claim_filter)
    return set(passing), set(passing.values())


def claims_passing(
    project: Project, claim_filter: ClaimFilter, claim_ids: Iterable[str] | None = None
) -> dict[str, str]:
    """The claims the filter lets through, each with its document: all of them, or of `claim_ids` only
    (after an edit only the claims it touched are looked at again, not the whole project)."""
    if claim_ids is None:
        current = findings.current_verdicts(project)
        verdicts = {claim_id: verdict.label for claim_id, verdict in current.items()}
        links = findings.claim_links(project)
        rows = project.conn.execute(f"SELECT {_SELECT} FROM claims")
    else:
        wanted = sorted(set(claim_ids))
        verdicts = {}
        for claim_id in wanted:
            published = findings.desk_view(project, claim_id).published
            if published is not None:
                verdicts[claim_id] = published.label
        marks = ", ".join("?" * len(wanted))
        links = [
            tuple(row)
            for row in project.conn.execute(
                f"SELECT claim_id, event_id, relation FROM claim_events WHERE claim_id IN ({marks})", wanted
            )
        ]
        rows = project.conn.execute(f"SELECT {_SELECT} FROM claims WHERE id IN ({marks})", wanted)
    events: dict[str, list[str]] = defaultdict(list)
    for claim_id, event_id, _relation in links:
        events[claim_id].append(event_id)
    passing: dict[str, str] = {}
    for row in rows:
        claim = claim_from_tuple(row)
        if claim_filter.matches(claim, verdicts.get(claim.id), events.get(claim.id, ())):
            passing[claim.id] = claim.document_id
    return passing


def filter_choices(project: Project) -> dict[str, list[tuple[str, str]]]:
    """For each criterion, the (value, label) pairs a user can pick from, in display order."""
    tags: set[str] = set()
    for (tags_json,) in project.conn.execute("SELECT tags FROM claims WHERE tags != '[]'"):
        tags.update(str(tag) for tag in json.loads(tags_json))
    return {
        "kinds": [(kind, kind) for kind in CLAIM_KINDS],
        "verdicts": [(label.label, label.display) for label in findings.verdict_labels(project)]
        + [(NO_VERDICT, "No verdict yet")],
        "claimants": [
            (row[0], row[1])
            for row in project.conn.execute(
                "SELECT DISTINCT a.id, a.name FROM actors a JOIN claims c ON c.claimant_id = a.id "
                "ORDER BY a.name"
            )
        ],
        "events": [
            (event.id, f"{event.date_lo or 'undated'} · {event.title}") for event in findings.events(project)
        ],
        "annotators": [
            (row[0], row[1]) for row in project.conn.execute("SELECT id, name FROM annotators ORDER BY name")
        ],
        "tags": [(tag, tag) for tag in sorted(tags, key=str.casefold)],
    }
