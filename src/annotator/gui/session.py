"""The open project as Qt sees it: the undo stack, who is working, and change signals for views."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from annotator.gui.operation_command import AlreadyDone, OperationCommand
from annotator.ops.changes import Changes
from annotator.ops.errors import OPERATION_ERRORS, describe_error
from annotator.store import activity, queries
from annotator.store.project import Project

log = logging.getLogger(__name__)


class ProjectSession(QObject):
    """One open project. Undo commands change data through ops; `apply` turns what an operation
    changed into these signals, so every view refreshes from one place instead of re-querying."""

    documentsChanged = Signal()
    documentChanged = Signal(str)  # document id: metadata edited
    # document id, claims added (list[Claim]), ids of claims removed (list[str]): views patch themselves
    # instead of reloading 10,000 claims after each tag.
    claimsChanged = Signal(str, list, list)
    claimChanged = Signal(str, str)  # document id, claim id: fields edited
    actorsChanged = Signal()
    eventsChanged = Signal()  # events created, edited or deleted
    linksChanged = Signal(str)  # claim id: its links to events changed
    verdictsChanged = Signal(str)  # claim id: a verdict was recorded or withdrawn
    evidenceChanged = Signal(str)  # claim id: evidence added or removed
    reviewsChanged = Signal()  # reviews or conflicts added, withdrawn or resolved
    suggestionsChanged = Signal(str)  # document id: a suggestion there was accepted or rejected
    mentionsChanged = Signal(str)  # document id: people's mentions there were tagged or untagged
    factChecksChanged = Signal()  # other organisations' fact-checks were imported or taken back
    # An operation failed and changed nothing: (what was tried, why it failed). The window shows it;
    # editors put back what the project holds.
    operationFailed = Signal(str, str)

    def __init__(self, project: Project, annotator_id: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.annotator_id = annotator_id
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setObjectName("undoStack")

    # --- running operations ---------------------------------------------------------------------

    def push(self, command: QUndoCommand) -> bool:
        """Do a command and put it on the undo stack; False (with `operationFailed`) if it failed.

        The first redo runs here, before the push, so a command whose operation failed never enters the
        stack. (An import runs on its worker thread first; its command's first redo only tells the views.)
        """
        if not self._run(command.text(), command, forward=True):
            return False
        if isinstance(command, OperationCommand) and not command.changed():
            return True  # nothing to undo
        self.undo_stack.push(AlreadyDone(command))
        return True

    def undo(self) -> bool:
        """Undo the last step; if its operation fails the step stays where it was (False)."""
        index = self.undo_stack.index()
        if index == 0:
            return False
        return self._step(self.undo_stack.command(index - 1), "Undo", self.undo_stack.undo, forward=False)

    def redo(self) -> bool:
        """Redo the next step; if its operation fails the step stays where it was (False)."""
        index = self.undo_stack.index()
        if index == self.undo_stack.count():
            return False
        return self._step(self.undo_stack.command(index), "Redo", self.undo_stack.redo, forward=True)

    def _step(self, entry: QUndoCommand, verb: str, move: Callable[[], None], forward: bool) -> bool:
        if not isinstance(entry, AlreadyDone):
            move()  # pushed straight onto the stack by someone else: Qt runs it
            return True
        if not self._run(f"{verb} {entry.command.text()}", entry.command, forward):
            return False
        entry.skip = True  # done just now: the stack only moves its index
        move()
        return True

    def _run(self, what: str, command: QUndoCommand, forward: bool) -> bool:
        """Run a command's redo (forward) or undo; on an operation error say why and return False.

        Views hear of the changes only after the operation committed, outside the `try`: a view's
        failure to refresh is a bug to report, not an operation that changed nothing.
        """
        changes = None
        try:
            if isinstance(command, OperationCommand):
                changes = command.perform() if forward else command.revert()
            elif forward:
                command.redo()
            else:
                command.undo()
        except OPERATION_ERRORS as error:
            log.warning("%s failed: %s", what, error)
            self.operationFailed.emit(what, describe_error(error))
            return False
        if changes is not None:
            self.apply(changes)
        return True

    def apply(self, changes: Changes) -> None:
        """Tell the views what an operation (or its undo) changed."""
        if changes.actors:
            self.actorsChanged.emit()  # first: claim views show claimants by name
        if changes.events:
            self.eventsChanged.emit()
        for document_id in sorted(changes.document_details):
            self.documentChanged.emit(document_id)
        if changes.documents:
            # Documents came or went: views reload the document list and the open document whole.
            self.documentsChanged.emit()
        else:
            self._apply_claims(changes)
        for signal, claim_ids in (
            (self.linksChanged, changes.links),
            (self.verdictsChanged, changes.verdicts),
            (self.evidenceChanged, changes.evidence),
        ):
            for claim_id in sorted(claim_ids):
                signal.emit(claim_id)
        if changes.reviews:
            self.reviewsChanged.emit()
        for document_id in sorted(changes.suggestions):
            self.suggestionsChanged.emit(document_id)
        for document_id in sorted(changes.mentions):
            self.mentionsChanged.emit(document_id)
        if changes.factchecks:
            self.factChecksChanged.emit()

    def _apply_claims(self, changes: Changes) -> None:
        added: dict[str, list[str]] = defaultdict(list)
        removed: dict[str, list[str]] = defaultdict(list)
        for document_id, claim_id in sorted(changes.claims_added):
            added[document_id].append(claim_id)
        for document_id, claim_id in sorted(changes.claims_removed):
            removed[document_id].append(claim_id)
        for document_id in sorted(added.keys() | removed.keys()):
            claims = [queries.get_claim(self.project, claim_id) for claim_id in added[document_id]]
            self.claimsChanged.emit(document_id, claims, removed[document_id])
        for document_id, claim_id in sorted(changes.claims):
            self.claimChanged.emit(document_id, claim_id)

    def close(self) -> None:
        self.undo_stack.clear()
        self.project.close()

    # --- changes made by other processes (the window polls) -------------------------------------

    _seen_version: int | None = None
    _seen_marks: dict[str, activity.TableMark] = {}  # replaced, never mutated

    def note_data_version(self) -> None:
        """The project's data version before a window reads what it shows, so that a later
        `watch_external_changes` can tell whether another connection committed in between."""
        self._seen_version = activity.data_version(self.project)

    def watch_external_changes(self, counted: dict[str, int] | None = None) -> None:
        """Take the project as it is now as the point later `external_changes` compare against. After
        `note_data_version`, a commit by another connection since then is reported, at the next look,
        as a change to every table: what the window read may be older than these marks. `counted`:
        row counts read since `note_data_version` (see activity.table_marks)."""
        version = activity.data_version(self.project)
        if self._seen_version is not None and version != self._seen_version:
            self._seen_marks = {}  # no table's mark matches: every table counts as changed
        else:
            self._seen_version, self._seen_marks = version, activity.table_marks(self.project, counted)

    def external_changes(self) -> set[str]:
        """The tables other connections changed since the last look; cheap when nothing changed."""
        version = activity.data_version(self.project)
        if version == self._seen_version:
            return set()
        self._seen_version = version
        marks = activity.table_marks(self.project)
        changed = {table for table, mark in marks.items() if self._seen_marks.get(table) != mark}
        self._seen_marks = marks
        return changed

    def refresh_external(self, tables: set[str], shown_document: str | None = None) -> None:
        """Tell the views about another process's changes, through the signals our own edits use."""
        if tables & {"claims", "claim_events", "verdicts", "evidence"}:
            # Reopening the document reloads its claims and the panel; the list recounts claims.
            self.documentsChanged.emit()
        elif "documents" in tables:
            # Only document rows (new ones, edited details): the lists reload, the open document stays.
            self.documentChanged.emit(shown_document or "")
        if tables & {"actors", "actor_aliases"}:
            self.actorsChanged.emit()
        if tables & {"events", "claim_events"}:
            self.eventsChanged.emit()
        if tables & {"reviews", "verdicts", "conflicts", "tombstones"}:
            self.reviewsChanged.emit()
