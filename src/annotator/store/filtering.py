"""Which claims and documents a ClaimFilter lets through, computed over the whole project at once."""

from __future__ import annotations

import json
from collections import defaultdict

from annotator.domain.filters import NO_VERDICT, ClaimFilter
from annotator.domain.models import CLAIM_KINDS
from annotator.store import findings
from annotator.store.project import Project
from annotator.store.queries import claim_from_tuple
from annotator.store.rows import CLAIM_COLUMNS

_SELECT = ", ".join(f'"{name}"' for name in CLAIM_COLUMNS)


def filtered_claims(project: Project, claim_filter: ClaimFilter) -> tuple[set[str], set[str]]:
    """(ids of matching claims, ids of documents holding at least one of them)."""
    verdicts = {claim_id: verdict.label for claim_id, verdict in findings.current_verdicts(project).items()}
    events: dict[str, list[str]] = defaultdict(list)
    for claim_id, event_id, _relation in findings.claim_links(project):
        events[claim_id].append(event_id)
    claims: set[str] = set()
    documents: set[str] = set()
    for row in project.conn.execute(f"SELECT {_SELECT} FROM claims"):
        claim = claim_from_tuple(row)
        if claim_filter.matches(claim, verdicts.get(claim.id), events.get(claim.id, ())):
            claims.add(claim.id)
            documents.add(claim.document_id)
    return claims, documents


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
