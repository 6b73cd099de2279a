"""The base of every undo command: one operation forward, one back, and their Changes for the session.

Most commands wrap an operation that `ops.history` records (`RecordedCommand`): the first redo runs
the named operation, and later undos and redos replay the rows it changed.
"""

from __future__ import annotations

from typing import Any, Protocol

from PySide6.QtGui import QUndoCommand

from annotator.ops import history
from annotator.ops.changes import Changes
from annotator.store.project import Project


class Session(Protocol):
    """What a command needs of the session (ProjectSession), named here so this module needs no import
    of it: the session imports the commands' base, never the other way round."""

    project: Project
    annotator_id: str

    def apply(self, changes: Changes) -> None: ...


class OperationCommand(QUndoCommand):
    """An undo step: `perform` (first redo and every later redo) and `revert` (undo) each run one
    operation and return its Changes; `redo`/`undo` apply them to the session's views."""

    def __init__(self, session: Session, text: str) -> None:
        super().__init__(text)
        self.session = session

    def perform(self) -> Changes:
        raise NotImplementedError

    def revert(self) -> Changes:
        raise NotImplementedError

    def changed(self) -> bool:
        """False after a first redo that changed nothing (say, linking what was linked): not pushed."""
        return True

    def redo(self) -> None:
        self.session.apply(self.perform())

    def undo(self) -> None:
        self.session.apply(self.revert())


class RecordedCommand(OperationCommand):
    """A step around one recorded operation: `run` calls it once; undo and redo replay its rows."""

    def __init__(self, session: Session, text: str) -> None:
        super().__init__(session, text)
        self.done: history.Done[Any] | None = None

    def run(self) -> history.Done[Any]:
        """The named operation, run on the first redo."""
        raise NotImplementedError

    def perform(self) -> Changes:
        if self.done is None:
            self.done = self.run()
            return self.done.changes
        return history.redo(self.session.project, self.done)

    def revert(self) -> Changes:
        assert self.done is not None
        return history.undo(self.session.project, self.done)

    def changed(self) -> bool:
        return self.done is None or self.done.changed()


class AlreadyDone(QUndoCommand):
    """How the session holds a command on its stack: the session runs each redo and undo itself (to
    catch a failure before the stack moves), then lets the stack move with this one step skipped."""

    def __init__(self, command: QUndoCommand) -> None:
        super().__init__(command.text())
        self.command = command
        self.skip = True  # the first redo ran before the push

    def redo(self) -> None:
        if not self.skip:
            self.command.redo()
        self.skip = False

    def undo(self) -> None:
        if not self.skip:
            self.command.undo()
        self.skip = False
