"""Undo commands for tagging people's mentions."""

from __future__ import annotations

from typing import Any

from annotator.domain.suggestions import Suggestion
from annotator.gui.operation_command import RecordedCommand
from annotator.gui.session import ProjectSession
from annotator.ops import mentions as mention_ops
from annotator.ops.history import Done


class AcceptPersonSuggestionCommand(RecordedCommand):
    """A suggested person's name becomes a tagged mention of them."""

    def __init__(self, session: ProjectSession, suggestion: Suggestion) -> None:
        super().__init__(session, f"Tag mention of {suggestion.speaker}")
        self.suggestion = suggestion

    def run(self) -> Done[Any]:
        return mention_ops.accept_person_suggestion(
            self.session.project, self.suggestion, self.session.annotator_id
        )


class TagAllOccurrencesCommand(RecordedCommand):
    """Every occurrence of one person's name and aliases in a document, tagged as one step."""

    def __init__(self, session: ProjectSession, document_id: str, actor_id: str, name: str) -> None:
        super().__init__(session, f"Tag all occurrences of {name}")
        self.document_id = document_id
        self.actor_id = actor_id

    def run(self) -> Done[Any]:
        return mention_ops.tag_all_occurrences(
            self.session.project, self.document_id, self.actor_id, self.session.annotator_id
        )
