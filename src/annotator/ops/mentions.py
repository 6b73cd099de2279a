"""Tagging people's mentions: one occurrence, or every occurrence of a person's name and aliases in a
document, each as one undoable operation; and untagging one (a tombstone lets the removal travel)."""

from __future__ import annotations

import json
from dataclasses import asdict

from annotator.domain.anchors import make_anchor
from annotator.domain.mentions import Mention, mention_id
from annotator.domain.models import Actor, utc_now
from annotator.domain.suggestions import GENERATOR, GENERATOR_VERSION, People, Suggestion
from annotator.ops.history import undoable
from annotator.store import mention_queries, queries
from annotator.store.project import Project


class MentionError(ValueError):
    """A mention that cannot be tagged as asked (no such person, span outside the text, ...)."""


def _document(project: Project, document_id: str) -> tuple[str, str]:
    row = project.conn.execute("SELECT text, sha256 FROM documents WHERE id = ?", [document_id]).fetchone()
    if row is None:
        raise MentionError(f"no document {document_id}")
    return str(row[0]), str(row[1])


def _actor(project: Project, actor_id: str) -> Actor:
    found = next((actor for actor in queries.actors(project) if actor.id == actor_id), None)
    if found is None:
        raise MentionError(f"no person or organisation with id {actor_id}")
    return found


def _insert(
    project: Project,
    document: tuple[str, str, str],
    span: tuple[int, int],
    actor_id: str,
    created_by: str | None,
    generator: str,
    now: str,
) -> Mention | None:
    """Insert one mention; None when that span is already tagged as this actor."""
    document_id, text, sha256 = document
    try:
        anchor = make_anchor(text, *span)
    except ValueError as error:
        raise MentionError(str(error)) from error
    mention = Mention(
        id=mention_id(sha256, anchor.start, anchor.end, actor_id),
        document_id=document_id,
        start=anchor.start,
        end=anchor.end,
        exact=anchor.exact,
        actor_id=actor_id,
        prefix=anchor.prefix,
        suffix=anchor.suffix,
        generator=generator,
        generator_version=GENERATOR_VERSION if generator else "",
        created_by=created_by,
        created_at=now,
        updated_at=now,
    )
    already = project.conn.execute(
        'SELECT 1 FROM mentions WHERE document_id = ? AND start = ? AND "end" = ? AND actor_id = ?',
        [document_id, mention.start, mention.end, actor_id],
    ).fetchone()
    if already is not None:
        return None
    with project.transaction() as db:
        # Tagged again after it was untagged (the same id): the removal no longer stands.
        db.execute("DELETE FROM tombstones WHERE table_name = 'mentions' AND row_id = ?", [mention.id])
        db.table("mentions").insert(asdict(mention))
    return mention


def occurrences(project: Project, document_id: str, actor_id: str) -> list[tuple[int, int]]:
    """Where a document names this actor: their name, an alias, or (a person) the surname alone.

    Matched against every known actor at once, as the suggestions are, so that "Viktor Lukashenka"
    is never taken for an occurrence of Alexander Lukashenka's surname."""
    text, _sha = _document(project, document_id)
    _actor(project, actor_id)
    people = People(queries.actors(project))
    return [(start, end) for start, end, actor in people.mentions(text) if actor.id == actor_id]


def tag_mention_once(
    project: Project,
    document_id: str,
    start: int,
    end: int,
    actor_id: str,
    created_by: str | None = None,
    generator: str = "",
) -> Mention | None:
    """Tag text[start:end] as a mention of an actor; None if it was already."""
    _actor(project, actor_id)
    text, sha256 = _document(project, document_id)
    return _insert(
        project, (document_id, text, sha256), (start, end), actor_id, created_by, generator, utc_now()
    )


@undoable
def tag_mention(
    project: Project, document_id: str, start: int, end: int, actor_id: str, created_by: str | None = None
) -> Mention | None:
    """Tag one span as a mention of an actor, by hand."""
    return tag_mention_once(project, document_id, start, end, actor_id, created_by)


@undoable
def accept_person_suggestion(
    project: Project, suggestion: Suggestion, accepted_by: str | None = None
) -> Mention | None:
    """A suggested person's name becomes a tagged mention of them, naming the rules that found it."""
    if suggestion.kind != "person" or suggestion.speaker_id is None:
        raise MentionError("only a suggested mention of a known person can be tagged as one")
    return tag_mention_once(
        project,
        suggestion.document_id,
        suggestion.start,
        suggestion.end,
        suggestion.speaker_id,
        accepted_by,
        suggestion.generator,
    )


@undoable
def tag_all_occurrences(
    project: Project, document_id: str, actor_id: str, created_by: str | None = None
) -> list[Mention]:
    """Tag every occurrence of an actor's name and aliases in a document not tagged yet, in one step."""
    text, sha256 = _document(project, document_id)
    spans = occurrences(project, document_id, actor_id)
    now = utc_now()
    tagged = []
    with project.transaction():
        for span in spans:
            mention = _insert(
                project, (document_id, text, sha256), span, actor_id, created_by, GENERATOR, now
            )
            if mention is not None:
                tagged.append(mention)
    return tagged


@undoable
def untag_mention(project: Project, mention_id: str, deleted_by: str | None = None) -> Mention:
    """Remove a mention; its tombstone keeps a colleague's copy from bringing it back in a merge."""
    try:
        mention = mention_queries.get_mention(project, mention_id)
    except KeyError as error:
        raise MentionError(f"no mention {mention_id}") from error
    with project.transaction() as db:
        db.execute("DELETE FROM mentions WHERE id = ?", [mention_id])
        db.table("tombstones").upsert(
            {
                "table_name": "mentions",
                "row_id": mention_id,
                "row": json.dumps(asdict(mention), ensure_ascii=False),
                "deleted_by": deleted_by,
                "deleted_at": utc_now(),
            },
            pk=("table_name", "row_id"),
        )
    return mention
