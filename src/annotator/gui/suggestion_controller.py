"""The window's suggestions: computed in the background, drawn in the document view and listed under the
Suggestions filter; moved through, accepted and rejected with the keyboard as undoable commands. Also the
open document's tagged people's mentions, which accepting a suggested person makes."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QObject, QThread, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QStatusBar

from annotator.domain.models import Claim
from annotator.domain.suggestions import Suggestion
from annotator.gui.claim_panel import ClaimPanel
from annotator.gui.document_view import DocumentView
from annotator.gui.session import ProjectSession
from annotator.gui.suggestion_worker import SuggestionWorker, start_suggestions
from annotator.gui.undo.mentions import AcceptPersonSuggestionCommand, TagAllOccurrencesCommand
from annotator.gui.undo.suggestions import (
    AcceptAllSuggestionsCommand,
    AcceptSuggestionCommand,
    RejectSuggestionCommand,
)
from annotator.ops import suggestions as suggestion_ops
from annotator.store import mention_queries, queries, suggestion_queries


class SuggestionWindow(Protocol):
    """What the controller needs of the main window (named here, so this module needs no import of it)."""

    session: ProjectSession
    panel: ClaimPanel
    document_view: DocumentView
    document_id: str | None
    actions_by_name: dict[str, QAction]

    def statusBar(self) -> QStatusBar: ...  # noqa: N802 (Qt's name)

    def update_suggestion_actions(self) -> None: ...


# How long edits must pause before an undo's freed spans are looked at again for suggestions.
RECOMPUTE_PAUSE_MS = 800


class SuggestionController(QObject):
    """Owns the window's suggestions: a cache per document, the worker computing them, the current one."""

    shown = Signal(str)  # document id: its suggestions are now drawn and listed

    def __init__(self, window: SuggestionWindow) -> None:
        super().__init__()
        self.window = window
        self.cache: dict[str, list[Suggestion]] = {}
        self.generation = 0  # bumped when decisions change: older answers are dropped
        self._pending: list[str] = []
        self._shown: list[Suggestion] = []  # the open document's, as last displayed (best first)
        self._stopped = False  # the window closed: answers still queued to this object are dropped
        self._thread: QThread | None = None
        self._worker: SuggestionWorker | None = None
        self._recompute_later: set[str] = set()  # documents whose claims an undo took back
        self._recompute_timer = QTimer(self)
        self._recompute_timer.setSingleShot(True)
        self._recompute_timer.setInterval(RECOMPUTE_PAUSE_MS)
        self._recompute_timer.timeout.connect(self._recompute_paused)
        session = window.session
        session.suggestionsChanged.connect(self._on_decisions_changed)
        session.claimsChanged.connect(self._on_claims_changed)
        session.actorsChanged.connect(self._on_decisions_changed)
        session.mentionsChanged.connect(self._on_mentions_changed)
        window.panel.suggestionSelected.connect(self._on_list_selection)

    # --- computing ------------------------------------------------------------------------------

    @property
    def current(self) -> list[Suggestion]:
        """The open document's suggestions as shown, best first ([] until computed, or hidden)."""
        return self._shown

    def request(self, document_ids: list[str]) -> None:
        """Compute these documents' suggestions in the background (again, if asked again)."""
        if self._stopped:
            return
        for document_id in document_ids:
            if document_id not in self._pending:
                self._pending.append(document_id)
        if self._thread is None and self._pending:
            project = self.window.session.project
            view = self.window.document_view
            documents = []
            for document_id in self._pending:
                # The open document's text is the view's own str, not a second copy read again.
                text = view.text if document_id == view.document_id else None
                try:
                    documents.append(suggestion_ops.inputs(project, document_id, text))
                except LookupError:
                    continue  # removed meanwhile (an undone import)
            self._pending = []
            worker = SuggestionWorker(documents, suggestion_queries.decisions(project), self.generation)
            self._worker = worker
            worker.computed.connect(self._on_computed)
            worker.failed.connect(self._on_failed)
            worker.finished.connect(self._on_finished)
            self._thread = start_suggestions(worker)

    def refresh(self) -> None:
        """Suggest Now: recompute the open document's suggestions."""
        if self.window.document_id is not None:
            self.cache.pop(self.window.document_id, None)
            self.request([self.window.document_id])

    def document_opened(self, document_id: str | None) -> None:
        self._show_mentions(document_id)
        if document_id is None:
            self._display([])
        elif document_id in self.cache:
            self._display(self.cache[document_id])
            self.shown.emit(document_id)
        else:
            self._display([])
            # After the document is on screen: reading what the worker needs is the window's own work.
            QTimer.singleShot(0, self, lambda: self._request_if_open(document_id))

    def _request_if_open(self, document_id: str) -> None:
        if document_id == self.window.document_id and document_id not in self.cache:
            self.request([document_id])

    def _on_computed(self, document_id: str, generation: int, found: list[Suggestion]) -> None:
        if self._stopped:
            return
        if generation != self.generation:
            self.request([document_id])  # computed from decisions since changed
            return
        self.cache[document_id] = found
        if document_id == self.window.document_id:
            self._display(found)
            self.shown.emit(document_id)

    def _on_failed(self, message: str) -> None:
        if self._stopped:
            return
        self.window.statusBar().showMessage(message, 10000)

    def _on_finished(self) -> None:
        if self._thread is not None:
            self._thread.wait()
        self._thread = None
        self._worker = None
        if self._pending:
            self.request([])

    def stop(self) -> None:
        """The window closes: let the worker finish its document, then end the thread."""
        self._stopped = True
        self._pending = []
        self._recompute_timer.stop()
        if self._worker is not None:
            self._worker.cancel()
        if self._thread is not None:
            self._thread.wait()
            self._thread = None

    def _on_decisions_changed(self, *_: object) -> None:
        # Every decision retrains the model, which re-scores every document: recompute what is shown.
        self.generation += 1
        self.cache.clear()
        if self.window.document_id is not None:
            self.request([self.window.document_id])

    def _on_mentions_changed(self, document_id: str) -> None:
        # Tagged (or an undo took them back): draw them, and recompute which names are still suggested.
        if document_id == self.window.document_id:
            self._show_mentions(document_id)
        self.cache.pop(document_id, None)
        if document_id == self.window.document_id:
            self.request([document_id])

    def _show_mentions(self, document_id: str | None) -> None:
        mentions = (
            mention_queries.mentions_for_document(self.window.session.project, document_id)
            if document_id is not None
            else []
        )
        self.window.document_view.set_mentions([(m.start, m.end) for m in mentions])

    def _on_claims_changed(self, document_id: str, added: list[Claim], removed: list[str]) -> None:
        # A claim tagged over a suggestion takes its place at once, and that is all a new claim changes:
        # recomputing on every tag kept a worker competing with the window for the interpreter while
        # the analyst tags (at 100k claims a tag took seconds instead of milliseconds). A removed claim
        # (an undo) may free its span for a suggestion again: recomputed once the edits pause.
        if document_id in self.cache:
            spans = {(claim.start, claim.end) for claim in added}
            self.cache[document_id] = [
                s for s in self.cache[document_id] if s.kind == "person" or (s.start, s.end) not in spans
            ]
            if document_id == self.window.document_id:
                self._display(self.cache[document_id])
            if removed:
                self._recompute_later.add(document_id)
                self._recompute_timer.start()

    def _recompute_paused(self) -> None:
        documents = [d for d in self._recompute_later if d in self.cache]
        self._recompute_later.clear()
        if documents:
            self.request(documents)

    # --- showing --------------------------------------------------------------------------------

    def _display(self, suggestions: list[Suggestion]) -> None:
        self._shown = suggestions
        visible = suggestions if self.window.actions_by_name["actionShowSuggestions"].isChecked() else []
        self.window.document_view.set_suggestions(visible)
        self.window.panel.set_suggestions(visible)
        self.window.update_suggestion_actions()

    def set_visible(self, visible: bool) -> None:
        self.window.document_view.show_suggestions(visible)
        self._display(self.cache.get(self.window.document_id or "", []))

    def selected(self) -> Suggestion | None:
        key = self.window.document_view.current_suggestion
        return next((s for s in self.current if s.key == key), None)

    def select(self, suggestion: Suggestion | None) -> None:
        self.window.document_view.select_suggestion(suggestion.key if suggestion else None)
        self.window.panel.select_suggestion(suggestion.key if suggestion else None)
        if suggestion is not None:
            self.window.statusBar().showMessage(describe(suggestion), 15000)
            if suggestion.kind != "person":
                # "Seen this claim before?" for what is shown, before anyone accepts it.
                self.window.panel.similar_tab.show_similar_for_text(suggestion.exact)
        self.window.update_suggestion_actions()

    def _on_list_selection(self, key: str) -> None:
        found = next((s for s in self.current if s.key == key), None)
        if found is not None and found.key != self.window.document_view.current_suggestion:
            self.select(found)

    def _navigable(self) -> list[Suggestion]:
        # People's names are marked, not stepped through: the keys walk the proposed claims.
        shown = self.window.document_view.suggestions if self.window.document_view.suggestions_visible else []
        return [s for s in shown if s.kind != "person"]

    def step(self, direction: int) -> bool:
        """Select the next (+1) or previous (-1) suggestion in text order; False at the end."""
        ordered = self._navigable()
        current = self.selected()
        if current is None:
            candidates = ordered if direction > 0 else list(reversed(ordered))
        else:
            position = (current.start, current.end, current.kind)
            if direction > 0:
                candidates = [s for s in ordered if (s.start, s.end, s.kind) > position]
            else:
                candidates = [s for s in reversed(ordered) if (s.start, s.end, s.kind) < position]
        if not candidates:
            self.window.statusBar().showMessage("No more suggestions in this document.", 5000)
            return False
        self.select(candidates[0])
        return True

    # --- deciding -------------------------------------------------------------------------------

    def _after_decision(self, decided: Suggestion) -> None:
        """Drop the decided suggestion from view at once and move on to the next one."""
        following = [
            s
            for s in self._navigable()
            if (s.start, s.end, s.kind) > (decided.start, decided.end, decided.kind)
        ]
        # What is on screen, not the cache: the decision has just emptied that for the recompute under
        # way, whose answer replaces this list when it comes.
        remaining = [s for s in self._shown if s.key != decided.key]
        if decided.document_id in self.cache:
            self.cache[decided.document_id] = remaining
        self._display(remaining)
        self.select(following[0] if following else None)

    def accept(self) -> bool:
        suggestion = self.selected()
        if suggestion is None:
            self.window.statusBar().showMessage(
                "Select a suggestion first (Suggestions > Next Suggestion).", 5000
            )
            return False
        command = (
            AcceptPersonSuggestionCommand(self.window.session, suggestion)
            if suggestion.kind == "person"
            else AcceptSuggestionCommand(self.window.session, suggestion)
        )
        if not self.window.session.push(command):
            return False
        self._after_decision(suggestion)
        return True

    def reject(self) -> bool:
        suggestion = self.selected()
        if suggestion is None:
            self.window.statusBar().showMessage(
                "Select a suggestion first (Suggestions > Next Suggestion).", 5000
            )
            return False
        if not self.window.session.push(RejectSuggestionCommand(self.window.session, suggestion)):
            return False
        self._after_decision(suggestion)
        return True

    def accept_all_of_kind(self) -> bool:
        suggestion = self.selected()
        if suggestion is None or self.window.document_id is None:
            self.window.statusBar().showMessage("Select a suggestion of the kind to accept first.", 5000)
            return False
        if suggestion.kind == "person":
            # A person's name: every occurrence of that person is what "all of this kind" means here.
            return self.tag_all_occurrences()
        command = AcceptAllSuggestionsCommand(self.window.session, self.window.document_id, suggestion.kind)
        if not self.window.session.push(command):
            return False
        self.window.statusBar().showMessage(
            f"Accepted every suggested {suggestion.kind} in this document.", 5000
        )
        return True

    # --- people's mentions ------------------------------------------------------------------------

    def person_target(self) -> tuple[str, str] | None:
        """(actor id, name) whose occurrences "Tag All Occurrences" would tag: the selected suggested
        person, else the claimant of the selected claim; None when there is neither."""
        suggestion = self.selected()
        if suggestion is not None and suggestion.kind == "person" and suggestion.speaker_id is not None:
            return suggestion.speaker_id, suggestion.speaker
        claim_id = self.window.document_view.selected_claim
        if claim_id is None:
            return None
        project = self.window.session.project
        # The panel's claim is the selected one as last read (a tag asks this three times): no read again.
        shown = self.window.panel.claim
        claim = shown if shown is not None and shown.id == claim_id else queries.get_claim(project, claim_id)
        claimant = claim.claimant_id
        if claimant is None:
            return None
        name = mention_queries.actor_name(project, claimant)
        return (claimant, name) if name is not None else None

    def update_person_action(self) -> None:
        action = self.window.actions_by_name["actionTagAllOccurrences"]
        target = self.person_target() if self.window.document_id is not None else None
        action.setEnabled(target is not None)
        action.setText(f"Tag All &Occurrences of {target[1]}" if target else "Tag All &Occurrences of Person")

    def tag_all_occurrences(self) -> bool:
        """Tag every occurrence of the target person's name and aliases in the open document, one step."""
        target = self.person_target()
        document_id = self.window.document_id
        if target is None or document_id is None:
            self.window.statusBar().showMessage(
                "Select a suggested person's name, or a claim with a claimant, first.", 5000
            )
            return False
        actor_id, name = target
        command = TagAllOccurrencesCommand(self.window.session, document_id, actor_id, name)
        if not self.window.session.push(command):
            return False
        count = len(command.done.value) if command.done is not None else 0
        self.window.statusBar().showMessage(
            f"Tagged {count} mention{'' if count == 1 else 's'} of {name} in this document.", 5000
        )
        return True


def describe(suggestion: Suggestion) -> str:
    """The status-bar line about a suggestion: what, how strong, why, said by whom and when."""
    parts = [f"Suggested {suggestion.kind} ({suggestion.score:.2f}): {suggestion.reason}"]
    if suggestion.speaker and suggestion.kind != "person" and suggestion.speaker not in suggestion.reason:
        parts.append(f"speaker {suggestion.speaker}")
    if suggestion.stated_text:
        shown = (
            suggestion.stated.display() if suggestion.stated else "unresolved until the document has a date"
        )
        parts.append(f"stated {suggestion.stated_text} ({shown})")
    if suggestion.due:
        parts.append(f"due {suggestion.due}")
    return "; ".join(parts)
