"""Reading back our own terms of a W3C export (resources/annotator-context.jsonld) into project rows.

What the model has no term for travels under ours: the claim's kind, claimant, stated date and due date,
its event links (with the events), its verdict history and its evidence; and the generator of a claim
accepted from a suggestion names the suggester and who accepted it (claim_provenance). An annotation
without these terms (one from Hypothesis, say) simply has none of them. Entities keep their ids
(urn:uuid:<id>), so importing into a project that already has the event or claimant links to it instead
of copying it.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from annotator.domain.models import (
    ANCHOR_STATUSES,
    CLAIM_KINDS,
    DATE_PRECISIONS,
    EVENT_RELATIONS,
    EVIDENCE_STANCES,
    Event,
    Evidence,
    Verdict,
    utc_now,
)
from annotator.ops import actors as actor_ops
from annotator.ops import events as event_ops
from annotator.ops.annotators import ensure_annotator
from annotator.ops.verdicts import restore_evidence, restore_verdict
from annotator.store.project import Project

# Our export's generator of a claim accepted from a suggestion: urn:annotator:generator:<name>:<version>.
_GENERATOR_URN = "urn:annotator:generator:"

# A span the importer places in a project document: (document id, start, end, exact, prefix, suffix).
Span = tuple[str, int, int, str, str, str]


@dataclass
class Restored:
    """The rows an annotation's terms added beside its claim (for undo), and what could not be kept."""

    rows: list[tuple[str, Any]] = field(default_factory=list)  # (table, key)
    lost: list[str] = field(default_factory=list)


def entity_id(iri: Any) -> str | None:
    """Our id back from urn:uuid:<id> or urn:annotator:<kind>:<id>."""
    if not isinstance(iri, str) or not iri:
        return None
    if iri.lower().startswith("urn:uuid:"):
        try:
            return str(uuid.UUID(iri[9:]))
        except ValueError:
            return None
    parts = iri.split(":", 3)
    if len(parts) == 4 and parts[:2] == ["urn", "annotator"]:
        return unquote(parts[3])
    return None


def _text(node: dict[str, Any], name: str) -> str:
    value = node.get(name)
    return value if isinstance(value, str) else ""


def _dated(node: dict[str, Any]) -> tuple[str, str, str, str]:
    precision = _text(node, "precision")
    return (
        _text(node, "dateText"),
        _text(node, "earliest"),
        _text(node, "latest"),
        precision if precision in DATE_PRECISIONS else "",
    )


def claim_fields(annotation: dict[str, Any]) -> dict[str, Any]:
    """The Claim fields our terms give: kind, stated date, due date, anchor status."""
    fields: dict[str, Any] = {}
    if annotation.get("claimKind") in CLAIM_KINDS:
        fields["kind"] = annotation["claimKind"]
    stated = annotation.get("stated")
    if isinstance(stated, dict):
        text, lo, hi, precision = _dated(stated)
        fields.update(stated_text=text, stated_lo=lo, stated_hi=hi, stated_precision=precision)
    if isinstance(annotation.get("due"), str):
        fields["due"] = annotation["due"]
    if annotation.get("anchorStatus") in ANCHOR_STATUSES:
        fields["anchor_status"] = annotation["anchorStatus"]
    return fields


def _person(project: Project, person: Any, default: str | None) -> str | None:
    """The annotator a Person node names (created if the project lacks them), else `default`."""
    if isinstance(person, dict) and isinstance(person.get("name"), str) and person["name"].strip():
        return ensure_annotator(project, person["name"])
    return default


def _creator(project: Project, node: dict[str, Any], default: str | None) -> str | None:
    return _person(project, node.get("creator"), default)


def restore_provenance(
    project: Project,
    claim_id: str,
    annotation: dict[str, Any],
    timestamp: Callable[[Any, str], str],
    restored: Restored,
) -> None:
    """The claim's provenance (which suggester proposed it, with what score, who accepted it and when) from
    the generator our export writes for a claim accepted from a suggestion; other generators say nothing."""
    node = annotation.get("generator")
    if not isinstance(node, dict) or not _text(node, "id").startswith(_GENERATOR_URN):
        return
    name, _, version = _text(node, "id")[len(_GENERATOR_URN) :].partition(":")
    generator, version = unquote(name), unquote(version)
    score, kind = node.get("suggestionScore"), _text(node, "suggestionKind")
    if not (generator and version and kind) or not isinstance(score, int | float) or isinstance(score, bool):
        restored.lost.append(f"the suggestion provenance of generator {node['id']} (no kind or score)")
        return
    with project.transaction() as db:
        db.table("claim_provenance").insert(
            {
                "claim_id": claim_id,
                "generator": generator,
                "generator_version": version,
                "score": float(score),
                "suggestion_kind": kind,
                "reason": _text(node, "suggestionReason"),
                "accepted_by": _person(project, node.get("acceptedBy"), None),
                "accepted_at": timestamp(node.get("acceptedAt"), "") or utc_now(),
            }
        )
    restored.rows.append(("claim_provenance", claim_id))


def claimant(
    project: Project, annotation: dict[str, Any], created_by: str | None, restored: Restored
) -> str | None:
    """The claimant's actor id: the same actor if the project has it (by id, else by name), else a new
    one under the exported id."""
    node = annotation.get("claimant")
    if not isinstance(node, dict) or not _text(node, "name").strip():
        return None
    actor_id = entity_id(node.get("id"))
    if actor_id and project.conn.execute("SELECT 1 FROM actors WHERE id = ?", [actor_id]).fetchone():
        return actor_id
    name = _text(node, "name").strip()
    row = project.conn.execute(
        "SELECT id FROM actors WHERE name = ? ORDER BY created_at LIMIT 1", [name]
    ).fetchone()
    if row is not None:
        return str(row[0])
    aliases = [alias for alias in node.get("alias", []) if isinstance(alias, str)]
    kind = "organisation" if node.get("type") == "Organization" else "person"
    actor = actor_ops.create_actor(
        project, name, aliases=aliases, kind=kind, created_by=created_by, actor_id=actor_id
    )
    restored.rows.append(("actors", actor.id))
    return actor.id


def restore_related(
    project: Project,
    claim_id: str,
    annotation: dict[str, Any],
    created_by: str | None,
    timestamp: Callable[[Any, str], str],
    place_span: Callable[[dict[str, Any]], Span | str],
    restored: Restored,
) -> None:
    """Event links, verdicts and evidence of the claim just imported, as our terms give them."""
    for link in annotation.get("eventLinks", []):
        if isinstance(link, dict):
            _link_event(project, claim_id, link, created_by, timestamp, restored)
    verdict_ids: dict[str, str] = {}
    for node in annotation.get("verdicts", []):
        if isinstance(node, dict):
            _restore_verdict(project, claim_id, node, created_by, timestamp, restored, verdict_ids)
    for node in annotation.get("evidence", []):
        if isinstance(node, dict):
            _restore_evidence(
                project, claim_id, node, created_by, timestamp, place_span, restored, verdict_ids
            )


def _link_event(
    project: Project,
    claim_id: str,
    link: dict[str, Any],
    created_by: str | None,
    timestamp: Callable[[Any, str], str],
    restored: Restored,
) -> None:
    node, relation = link.get("event"), link.get("relation")
    if not isinstance(node, dict) or relation not in EVENT_RELATIONS:
        restored.lost.append(f"an event link with no event or an unknown relation ({relation!r})")
        return
    event_id = entity_id(node.get("id"))
    known = event_id and project.conn.execute("SELECT 1 FROM events WHERE id = ?", [event_id]).fetchone()
    if not known:
        title = _text(node, "title").strip()
        if not title:
            restored.lost.append("an event with no title")
            return
        text, lo, hi, precision = _dated(node)
        created = timestamp(node.get("created"), "")
        event = Event(
            id=event_id or str(uuid.uuid4()),
            title=title,
            description=_text(node, "description"),
            place=_text(node, "place"),
            date_text=text,
            date_lo=lo,
            date_hi=hi,
            date_precision=precision,
            sources=[s for s in node.get("eventSources", []) if isinstance(s, str)],
            created_by=_creator(project, node, created_by),
            created_at=created or utc_now(),
            updated_at=timestamp(node.get("modified"), created),
        )
        event_ops.restore_event(project, event)
        restored.rows.append(("events", event.id))
        event_id = event.id
    assert event_id is not None
    if event_ops.link_claim(project, claim_id, event_id, relation, created_by=created_by):
        restored.rows.append(("claim_events", (claim_id, event_id, relation)))


def _ensure_label(project: Project, node: dict[str, Any], restored: Restored) -> str:
    label = _text(node, "verdictLabel")
    if project.conn.execute("SELECT 1 FROM verdict_labels WHERE label = ?", [label]).fetchone() is None:
        # A step of the exporting team's scale this project lacks: added at the end of the scale.
        position = project.conn.execute(
            "SELECT coalesce(max(position), 0) + 1 FROM verdict_labels"
        ).fetchone()[0]
        rating = node.get("labelRating")
        with project.transaction() as db:
            db.table("verdict_labels").insert(
                {
                    "label": label,
                    "display": _text(node, "labelDisplay") or label,
                    "rating": rating if type(rating) is int else None,
                    "position": position,
                }
            )
        restored.rows.append(("verdict_labels", label))
    return label


def _restore_verdict(
    project: Project,
    claim_id: str,
    node: dict[str, Any],
    created_by: str | None,
    timestamp: Callable[[Any, str], str],
    restored: Restored,
    verdict_ids: dict[str, str],
) -> None:
    if not _text(node, "verdictLabel") or not _text(node, "asOf"):
        restored.lost.append("a verdict with no label or no as-of date")
        return
    verdict_id = entity_id(node.get("id")) or str(uuid.uuid4())
    if project.conn.execute("SELECT 1 FROM verdicts WHERE id = ?", [verdict_id]).fetchone():
        verdict_id = str(uuid.uuid4())  # another claim's verdict already has that id here
    confidence = node.get("confidence")
    created = timestamp(node.get("created"), "") or utc_now()
    verdict = Verdict(
        id=verdict_id,
        claim_id=claim_id,
        label=_ensure_label(project, node, restored),
        as_of=_text(node, "asOf"),
        conclusion=_text(node, "conclusion"),
        reasoning=_text(node, "reasoning"),
        confidence=float(confidence)
        if isinstance(confidence, int | float) and 0 <= confidence <= 1
        else None,
        created_by=_creator(project, node, created_by),
        created_at=created,
        updated_at=timestamp(node.get("modified"), created),
    )
    restore_verdict(project, verdict)
    restored.rows.append(("verdicts", verdict.id))
    if isinstance(node.get("id"), str):
        verdict_ids[node["id"]] = verdict.id


def _restore_evidence(
    project: Project,
    claim_id: str,
    node: dict[str, Any],
    created_by: str | None,
    timestamp: Callable[[Any, str], str],
    place_span: Callable[[dict[str, Any]], Span | str],
    restored: Restored,
    verdict_ids: dict[str, str],
) -> None:
    span: Span | None = None
    if isinstance(node.get("evidenceSpan"), dict):
        placed = place_span(node["evidenceSpan"])
        if isinstance(placed, str):
            if not _text(node, "evidenceUrl"):
                restored.lost.append(f"evidence {node.get('id', '')}: {placed}")
                return
        else:
            span = placed
    url = _text(node, "evidenceUrl")
    if span is None and not url:
        restored.lost.append(f"evidence {node.get('id', '')} with neither a span nor a URL")
        return
    evidence_id = entity_id(node.get("id")) or str(uuid.uuid4())
    if project.conn.execute("SELECT 1 FROM evidence WHERE id = ?", [evidence_id]).fetchone():
        evidence_id = str(uuid.uuid4())
    created = timestamp(node.get("created"), "") or utc_now()
    document_id, start, end, exact, prefix, suffix = (
        span if span is not None else (None, None, None, "", "", "")
    )
    evidence = Evidence(
        id=evidence_id,
        claim_id=claim_id,
        stance=node["stance"] if node.get("stance") in EVIDENCE_STANCES else "context",
        verdict_id=verdict_ids.get(_text(node, "forVerdict")),
        document_id=document_id,
        start=start,
        end=end,
        exact=exact,
        prefix=prefix,
        suffix=suffix,
        url=url,
        archived_url=_text(node, "archivedUrl"),
        accessed=_text(node, "accessed"),
        dated=_text(node, "dated"),
        note=_text(node, "evidenceNote"),
        created_by=_creator(project, node, created_by),
        created_at=created,
        updated_at=timestamp(node.get("modified"), created),
    )
    restore_evidence(project, evidence)
    restored.rows.append(("evidence", evidence.id))


# --- undo and redo of what the terms added ----------------------------------------------------------

# Rows that hang off the imported claims go before them, the rows the claims point at after them.
BEFORE_CLAIMS = ("claim_provenance", "evidence", "verdicts", "claim_events", "mentions")
_AFTER_CLAIMS = ("events", "actors", "verdict_labels")
_KEYS = {
    "claim_events": ("claim_id", "event_id", "relation"),
    "verdict_labels": ("label",),
    "claim_provenance": ("claim_id",),
}


def _where(table: str, key: Any) -> tuple[str, list[Any]]:
    names = _KEYS.get(table, ("id",))
    values = list(key) if len(names) > 1 else [key]
    return " AND ".join(f"{name} = ?" for name in names), values


def take_rows(
    project: Project, added: list[tuple[str, Any]], before_claims: bool
) -> list[tuple[str, dict[str, Any]]]:
    """Delete the rows an import's terms added (those before or after its claims); return them for redo."""
    taken: list[tuple[str, dict[str, Any]]] = []
    for table in BEFORE_CLAIMS if before_claims else _AFTER_CLAIMS:
        for key in [key for name, key in added if name == table]:
            where, values = _where(table, key)
            cursor = project.conn.execute(f"SELECT * FROM {table} WHERE {where}", values)
            names = [column[0] for column in cursor.description]
            row = cursor.fetchone()
            if row is None:
                continue  # deleted since, by hand
            if table == "actors":
                for (alias,) in project.conn.execute(
                    "SELECT alias FROM actor_aliases WHERE actor_id = ?", [key]
                ):
                    taken.append(("actor_aliases", {"actor_id": key, "alias": alias}))
                project.conn.execute("DELETE FROM actor_aliases WHERE actor_id = ?", [key])
            taken.append((table, dict(zip(names, row, strict=True))))
            project.conn.execute(f"DELETE FROM {table} WHERE {where}", values)
    return taken


def put_rows(project: Project, taken: list[tuple[str, dict[str, Any]]]) -> None:
    """Insert rows take_rows returned, parents first."""
    with project.transaction() as db:
        for table, row in reversed(taken):
            db.table(table).insert(row)
