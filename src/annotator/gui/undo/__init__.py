"""Thin QUndoCommands, one module per ops/ module, each wrapping named operations.

Every command is an `OperationCommand` (annotator.gui.operation_command): its redo and undo each call
one operation (one transaction) and hand the `Changes` it returns to the session, which tells the views.
Commands are pushed through `ProjectSession.push`, which runs the first redo before the command enters
the stack, so a failed operation never does.
"""
