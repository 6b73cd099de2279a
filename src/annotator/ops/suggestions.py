"""Suggestions for a document (rules re-weighted by the project's decisions), and accepting or rejecting
them: an accepted suggestion becomes a claim carrying its provenance; both decisions are undoable."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from annotator.domain.dates import reference_date
from annotator.domain.models import Actor, Claim, new_id, utc_now
from annotator.domain.suggestions import SUGGESTION_KINDS, Suggestion, ranked, suggest
from annotator.ops import actors as actor_ops
from annotator.ops import claims as claim_ops
from annotator.ops.history import undoable
from annotator.ops.suggestion_model import DecisionModel
from annotator.store import claim_list_queries, mention_queries, queries, suggestion_queries
from annotator.store.project import Project


class SuggestionError(ValueError):
    """A suggestion that cannot be accepted or rejected as asked."""


def model(project: Project) -> DecisionModel:
    """The model as the project's decisions train it now."""
    return DecisionModel(suggestion_queries.decisions(project))


@dataclass(frozen=True)
class SuggestionInputs:
    """What computing one document's suggestions reads from the project: read on the thread that owns
    the connection, then computed anywhere (the window computes on a worker thread, from memory)."""

    document_id: str
    text: str
    reference: date | None
    actors: tuple[Actor, ...]
    decided: frozenset[str]  # keys of suggestions already accepted or rejected
    claimed: frozenset[tuple[int, int]]  # spans already claims
    mentioned: frozenset[tuple[int, int, str]] = frozenset()  # (start, end, actor id) already tagged


def inputs(project: Project, document_id: str, text: str | None = None) -> SuggestionInputs:
    document = queries.get_document(project, document_id, with_text=text is None)
    return SuggestionInputs(
        document_id,
        document.text if text is None else text,
        reference_date(document.published),
        tuple(queries.actors(project)),
        frozenset(d.key for d in suggestion_queries.decisions(project, document_id)),
        # From the covering index straight into a set: at 100k claims, Claim objects cost the open a second.
        claim_list_queries.claimed_offsets(project, document_id),
        frozenset(
            (m.start, m.end, m.actor_id) for m in mention_queries.mentions_for_document(project, document_id)
        ),
    )


def compute(
    given: SuggestionInputs, trained: DecisionModel, kinds: Sequence[str] | None = None
) -> list[Suggestion]:
    """The document's open suggestions, best first: not decided on yet, and not already a claim there."""
    found = suggest(given.document_id, given.text, given.reference, given.actors)
    wanted = set(kinds) if kinds else set(SUGGESTION_KINDS)
    open_ = [
        s
        for s in found
        if s.kind in wanted
        and s.key not in given.decided
        and (
            (s.start, s.end, s.speaker_id) not in given.mentioned
            if s.kind == "person"
            else (s.start, s.end) not in given.claimed
        )
    ]
    return ranked(trained.adjust(open_))


def document_suggestions(
    project: Project,
    document_id: str,
    kinds: Sequence[str] | None = None,
    trained: DecisionModel | None = None,
    text: str | None = None,
) -> list[Suggestion]:
    """The document's open suggestions, best first: not decided on yet, and not already a claim there."""
    return compute(inputs(project, document_id, text), trained or model(project), kinds)


def _record(
    project: Project, suggestion: Suggestion, decision: str, by: str | None, claim_id: str | None
) -> None:
    with project.transaction() as db:
        db.table("suggestion_decisions").insert(
            {
                "id": new_id(),
                "document_id": suggestion.document_id,
                "start": suggestion.start,
                "end": suggestion.end,
                "kind": suggestion.kind,
                "exact": suggestion.exact,
                "decision": decision,
                "score": suggestion.score,
                "generator": suggestion.generator,
                "generator_version": suggestion.version,
                "features": json.dumps(list(suggestion.features), ensure_ascii=False),
                "claim_id": claim_id,
                "decided_by": by,
                "created_at": utc_now(),
            }
        )


def _already_decided(project: Project, suggestion: Suggestion) -> bool:
    row = project.conn.execute(
        'SELECT 1 FROM suggestion_decisions WHERE document_id = ? AND kind = ? AND start = ? AND "end" = ?',
        [suggestion.document_id, suggestion.kind, suggestion.start, suggestion.end],
    ).fetchone()
    return row is not None


def accept_suggestion_once(project: Project, suggestion: Suggestion, accepted_by: str | None = None) -> Claim:
    """Make the claim a suggestion proposes: its kind, claimant (the speaker, created as an actor if
    nobody has that name), stated date and due date filled in, and its provenance recorded."""
    if suggestion.kind == "person":
        raise SuggestionError(
            "a person's mention is not a claim: tag it as a mention (ops.mentions.accept_person_suggestion)"
        )
    if _already_decided(project, suggestion):
        raise SuggestionError(f"this suggestion was already decided on: {suggestion.exact[:60]!r}")
    claim = claim_ops.tag_claim(
        project, suggestion.document_id, suggestion.start, suggestion.end, suggestion.kind, accepted_by
    )
    changes: dict[str, str | None] = {}
    if suggestion.speaker_id is not None:
        changes["claimant_id"] = suggestion.speaker_id
    elif suggestion.speaker and suggestion.kind == "quote":
        changes["claimant_id"] = actor_ops.resolve_or_create_actor(project, suggestion.speaker, accepted_by)[
            0
        ].id
    if suggestion.stated_text:
        changes["stated_text"] = suggestion.stated_text
        if suggestion.stated is not None:
            changes["stated_lo"] = suggestion.stated.lo
            changes["stated_hi"] = suggestion.stated.hi
            changes["stated_precision"] = suggestion.stated.precision
    if suggestion.due:
        changes["due"] = suggestion.due
    if changes:
        claim_ops.update_claim(project, claim.id, changes)
    with project.transaction() as db:
        db.table("claim_provenance").insert(
            {
                "claim_id": claim.id,
                "generator": suggestion.generator,
                "generator_version": suggestion.version,
                "score": suggestion.score,
                "suggestion_kind": suggestion.kind,
                "reason": suggestion.reason,
                "accepted_by": accepted_by,
                "accepted_at": utc_now(),
            }
        )
    _record(project, suggestion, "accepted", accepted_by, claim.id)
    return queries.get_claim(project, claim.id)


@undoable
def accept_suggestion(project: Project, suggestion: Suggestion, accepted_by: str | None = None) -> Claim:
    """Accept a suggestion: it becomes a claim (see accept_suggestion_once); undo takes the claim away."""
    return accept_suggestion_once(project, suggestion, accepted_by)


@undoable
def reject_suggestion(project: Project, suggestion: Suggestion, rejected_by: str | None = None) -> None:
    """Reject a suggestion: it is not shown again, and the project's model learns from it."""
    if _already_decided(project, suggestion):
        raise SuggestionError(f"this suggestion was already decided on: {suggestion.exact[:60]!r}")
    _record(project, suggestion, "rejected", rejected_by, None)


@undoable
def accept_all_of_kind(
    project: Project, document_id: str, kind: str, accepted_by: str | None = None
) -> list[Claim]:
    """Accept every open suggestion of one kind in a document, best first, in one undoable step.

    A suggestion whose span another accepted one already took (the same quotation found twice) is
    skipped, not refused."""
    if kind not in SUGGESTION_KINDS or kind == "person":
        # People: every occurrence of one person is tagged at once (ops.mentions.tag_all_occurrences).
        raise SuggestionError(f"cannot accept suggestions of kind {kind!r} as claims")
    claims = []
    taken: set[tuple[int, int]] = set()
    for suggestion in document_suggestions(project, document_id, [kind]):
        if (suggestion.start, suggestion.end) in taken:
            continue
        taken.add((suggestion.start, suggestion.end))
        claims.append(accept_suggestion_once(project, suggestion, accepted_by))
    return claims
