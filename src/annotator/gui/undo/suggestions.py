"""Undo commands for accepting and rejecting suggestions."""

from __future__ import annotations

from typing import Any

from annotator.domain.suggestions import Suggestion
from annotator.gui.operation_command import RecordedCommand
from annotator.gui.session import ProjectSession
from annotator.ops import suggestions as suggestion_ops
from annotator.ops.history import Done


class AcceptSuggestionCommand(RecordedCommand):
    """Accept a suggestion: it becomes a claim with its kind, claimant, dates and provenance."""

    def __init__(self, session: ProjectSession, suggestion: Suggestion) -> None:
        super().__init__(session, f"Accept suggested {suggestion.kind}")
        self.suggestion = suggestion

    def run(self) -> Done[Any]:
        return suggestion_ops.accept_suggestion(
            self.session.project, self.suggestion, self.session.annotator_id
        )


class RejectSuggestionCommand(RecordedCommand):
    """Reject a suggestion: it is shown no more, and the project's model learns from it."""

    def __init__(self, session: ProjectSession, suggestion: Suggestion) -> None:
        super().__init__(session, f"Reject suggested {suggestion.kind}")
        self.suggestion = suggestion

    def run(self) -> Done[Any]:
        return suggestion_ops.reject_suggestion(
            self.session.project, self.suggestion, self.session.annotator_id
        )


class AcceptAllSuggestionsCommand(RecordedCommand):
    """Accept every open suggestion of one kind in a document, as one step."""

    def __init__(self, session: ProjectSession, document_id: str, kind: str) -> None:
        super().__init__(session, f"Accept all suggested {kind} claims")
        self.document_id = document_id
        self.kind = kind

    def run(self) -> Done[Any]:
        return suggestion_ops.accept_all_of_kind(
            self.session.project, self.document_id, self.kind, self.session.annotator_id
        )
