"""Undo commands for people and organisations: aliases, and merging two into one."""

from __future__ import annotations

from annotator.domain.models import Actor
from annotator.gui.operation_command import RecordedCommand
from annotator.gui.session import ProjectSession
from annotator.ops import actors as actor_ops
from annotator.ops.history import Done


class AddAliasCommand(RecordedCommand):
    """Another name for an actor; if it is another actor's name, that actor is merged in."""

    def __init__(self, session: ProjectSession, actor_id: str, alias: str) -> None:
        super().__init__(session, f"Add alias: {alias}")
        self.actor_id = actor_id
        self.alias = alias

    def run(self) -> Done[Actor]:
        return actor_ops.add_alias_op(
            self.session.project, self.actor_id, self.alias, self.session.annotator_id
        )


class RemoveAliasCommand(RecordedCommand):
    def __init__(self, session: ProjectSession, actor_id: str, alias: str) -> None:
        super().__init__(session, f"Remove alias: {alias}")
        self.actor_id = actor_id
        self.alias = alias

    def run(self) -> Done[Actor]:
        return actor_ops.remove_alias_op(self.session.project, self.actor_id, self.alias)


class SplitAliasCommand(RecordedCommand):
    """An alias becomes a person of their own again (a merged-in person comes back with their claims)."""

    def __init__(self, session: ProjectSession, actor_id: str, alias: str) -> None:
        super().__init__(session, f"Split off: {alias}")
        self.actor_id = actor_id
        self.alias = alias

    def run(self) -> Done[Actor]:
        return actor_ops.split_alias(
            self.session.project, self.actor_id, self.alias, self.session.annotator_id
        )


class MergeActorsCommand(RecordedCommand):
    """The other actor's claims and names become the kept one's."""

    def __init__(
        self, session: ProjectSession, keep_id: str, other_id: str, text: str = "Merge people"
    ) -> None:
        super().__init__(session, text)
        self.keep_id = keep_id
        self.other_id = other_id

    def run(self) -> Done[Actor]:
        return actor_ops.merge(self.session.project, self.keep_id, self.other_id, self.session.annotator_id)
