"""Operations on actors (claimants) and their aliases."""

from __future__ import annotations

import json

from annotator.domain.models import Actor, new_id, utc_now
from annotator.ops.history import undoable
from annotator.store import queries
from annotator.store.project import Project


def create_actor(
    project: Project,
    name: str,
    aliases: list[str] | None = None,
    kind: str = "person",
    created_by: str | None = None,
    actor_id: str | None = None,
) -> Actor:
    name = name.strip()
    if not name:
        raise ValueError("an actor needs a name")
    actor = Actor(id=actor_id or new_id(), name=name, kind=kind, aliases=sorted(set(aliases or [])))
    now = utc_now()
    with project.transaction() as db:
        db.table("actors").insert(
            {
                "id": actor.id,
                "name": actor.name,
                "kind": kind,
                "created_by": created_by,
                "created_at": now,
                "updated_at": now,
            }
        )
        db.table("actor_aliases").insert_all(
            [{"actor_id": actor.id, "alias": alias} for alias in actor.aliases]
        )
    return actor


def add_alias(project: Project, actor_id: str, alias: str) -> None:
    with project.transaction() as db:
        db.table("actor_aliases").insert({"actor_id": actor_id, "alias": alias.strip()}, ignore=True)


def resolve_or_create_actor(project: Project, name: str, created_by: str | None = None) -> tuple[Actor, bool]:
    """The actor known by `name` (name or alias), or a new one; the flag says whether it was created."""
    existing = queries.find_actor(project, name)
    if existing is not None:
        return existing, False
    return create_actor(project, name, created_by=created_by), True


class ActorError(ValueError):
    """An alias or a merge of people that cannot be made as asked."""


def _actor(project: Project, name_or_id: str) -> Actor:
    """An actor by id, name or alias (case-insensitive), or a clear error."""
    for actor in queries.actors(project):
        if actor.id == name_or_id:
            return actor
    found = queries.find_actor(project, name_or_id)
    if found is None:
        raise ActorError(f"nobody called {name_or_id!r} (by name or alias) in this project")
    return found


def add_actor_alias(project: Project, name_or_id: str, alias: str, by: str | None = None) -> Actor:
    """Another name for a person or organisation ("Lukashenko" for Alexander Lukashenka); returns them.

    When the alias is the name of another actor (someone typed "Alexander Lukashenko" as a claimant
    before the alias existed), that actor is merged into this one: saying the name is theirs says the
    two are one person. An alias that is only an alias of someone else is refused as ambiguous.
    """
    actor = _actor(project, name_or_id)
    alias = " ".join(alias.split())
    if not alias:
        raise ActorError("an alias needs some text")
    other = queries.find_actor(project, alias)
    if other is not None and other.id != actor.id:
        if other.name.casefold() == alias.casefold():
            return merge_actors(project, actor.id, other.id, by)
        raise ActorError(f"{alias!r} is already an alias of {other.name}; merge the two people instead")
    if other is not None:
        raise ActorError(f"{actor.name} is already known as {alias!r}")
    with project.transaction() as db:
        db.execute("INSERT INTO actor_aliases (actor_id, alias) VALUES (?, ?)", [actor.id, alias])
        db.execute("UPDATE actors SET updated_at = ? WHERE id = ?", [utc_now(), actor.id])
    return actor


def remove_actor_alias(project: Project, name_or_id: str, alias: str) -> Actor:
    """Forget one of a person's other names (their claims stay theirs); returns them."""
    actor = _actor(project, name_or_id)
    wanted = alias.strip().casefold()
    known = [existing for existing in actor.aliases if existing.casefold() == wanted]
    if not known:
        raise ActorError(f"{actor.name} has no alias {alias!r}")
    with project.transaction() as db:
        db.execute("DELETE FROM actor_aliases WHERE actor_id = ? AND alias = ?", [actor.id, known[0]])
        db.execute("UPDATE actors SET updated_at = ? WHERE id = ?", [utc_now(), actor.id])
    return actor


def merge_actors(project: Project, keep: str, other: str, merged_by: str | None = None) -> Actor:
    """Make two actors one: the other's claims become the kept one's, its name and aliases become
    aliases, and it is removed with a tombstone naming the kept actor, so that merging a colleague's
    project that still has it moves their claims too. Returns the kept actor."""
    kept, gone = _actor(project, keep), _actor(project, other)
    if kept.id == gone.id:
        raise ActorError(f"{kept.name!r} and {gone.name!r} are already one person")
    names = {alias.casefold() for alias in kept.aliases} | {kept.name.casefold()}
    new_aliases = []
    for alias in (gone.name, *gone.aliases):
        if alias.casefold() not in names:
            names.add(alias.casefold())
            new_aliases.append(alias)
    now = utc_now()
    moved = [
        str(r[0]) for r in project.conn.execute("SELECT id FROM claims WHERE claimant_id = ?", [gone.id])
    ]
    row = {
        "id": gone.id,
        "name": gone.name,
        "kind": gone.kind,
        "aliases": gone.aliases,
        "merged_into": kept.id,
        "claims": moved,  # so that splitting the name off again gives these claims back
    }
    with project.transaction() as db:
        db.execute(
            "UPDATE claims SET claimant_id = ?, updated_at = ? WHERE claimant_id = ?", [kept.id, now, gone.id]
        )
        # Their mentions become the kept one's; a span tagged as both already is kept once.
        db.execute(
            "DELETE FROM mentions WHERE actor_id = ? AND EXISTS (SELECT 1 FROM mentions k "
            "WHERE k.actor_id = ? AND k.document_id = mentions.document_id AND k.start = mentions.start "
            'AND k."end" = mentions."end")',
            [gone.id, kept.id],
        )
        db.execute(
            "UPDATE mentions SET actor_id = ?, updated_at = ? WHERE actor_id = ?", [kept.id, now, gone.id]
        )
        project.conn.executemany(
            "INSERT INTO actor_aliases (actor_id, alias) VALUES (?, ?)", [(kept.id, a) for a in new_aliases]
        )
        db.execute("UPDATE actors SET updated_at = ? WHERE id = ?", [now, kept.id])
        db.execute("DELETE FROM actors WHERE id = ?", [gone.id])
        db.execute(
            """INSERT OR REPLACE INTO tombstones (table_name, row_id, "row", deleted_by, deleted_at)
               VALUES ('actors', ?, ?, ?, ?)""",
            [gone.id, json.dumps(row, ensure_ascii=False, sort_keys=True), merged_by, now],
        )
    return _actor(project, kept.id)


def split_actor_alias(project: Project, name_or_id: str, alias: str, by: str | None = None) -> Actor:
    """Make one of an actor's aliases a person of their own again; returns that person.

    If the alias came from merging an actor in, that actor comes back under its old id, with its other
    names and the claims the merge moved that still name the kept actor. Otherwise the new person has
    no claims yet (which claims meant the alias cannot be told).
    """
    actor = _actor(project, name_or_id)
    wanted = alias.strip().casefold()
    known = next((existing for existing in actor.aliases if existing.casefold() == wanted), None)
    if known is None:
        raise ActorError(f"{actor.name} has no alias {alias!r} to split off")
    merged = None
    for (found,) in project.conn.execute(
        "SELECT \"row\" FROM tombstones WHERE table_name = 'actors' "
        "AND json_extract(\"row\", '$.merged_into') = ?",
        [actor.id],
    ):
        candidate = json.loads(found)
        if str(candidate.get("name", "")).casefold() == wanted:
            merged = candidate
    if merged is None:
        with project.transaction() as db:
            db.execute("DELETE FROM actor_aliases WHERE actor_id = ? AND alias = ?", [actor.id, known])
            return create_actor(project, known, kind=actor.kind, created_by=by)
    names = [merged["name"], *merged.get("aliases", [])]
    now = utc_now()
    with project.transaction() as db:
        db.execute("DELETE FROM tombstones WHERE table_name = 'actors' AND row_id = ?", [merged["id"]])
        project.conn.executemany(
            "DELETE FROM actor_aliases WHERE actor_id = ? AND alias = ?", [(actor.id, name) for name in names]
        )
        restored = create_actor(
            project, merged["name"], merged.get("aliases", []), merged.get("kind", "person"), by, merged["id"]
        )
        project.conn.executemany(
            "UPDATE claims SET claimant_id = ?, updated_at = ? WHERE id = ? AND claimant_id = ?",
            [(restored.id, now, claim_id, actor.id) for claim_id in merged.get("claims", [])],
        )
        db.execute("UPDATE actors SET updated_at = ? WHERE id = ?", [now, actor.id])
    return restored


# The user actions (each a history.Done that undo and redo replay).
add_alias_op = undoable(add_actor_alias)
remove_alias_op = undoable(remove_actor_alias)
merge = undoable(merge_actors)
split_alias = undoable(split_actor_alias)
