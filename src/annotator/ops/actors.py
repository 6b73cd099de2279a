"""Operations on actors (claimants) and their aliases."""

from __future__ import annotations

from annotator.domain.models import Actor, new_id, utc_now
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
