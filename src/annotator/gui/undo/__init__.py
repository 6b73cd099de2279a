"""Thin QUndoCommands, one module per ops/ module, each wrapping named operations."""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand


class AlreadyDone(QUndoCommand):
    """Pushes a command whose first redo() already ran (to report errors before it enters the stack)."""

    def __init__(self, command: QUndoCommand) -> None:
        super().__init__(command.text())
        self.command = command
        self.first = True

    def redo(self) -> None:
        if not self.first:
            self.command.redo()
        self.first = False

    def undo(self) -> None:
        self.command.undo()
