"""Undo commands for new versions of a document and for confirming where claims moved."""

from __future__ import annotations

from typing import Any

from annotator.domain.models import Claim, ImportedDocument
from annotator.gui.operation_command import RecordedCommand
from annotator.gui.session import ProjectSession
from annotator.ops import versions as version_ops
from annotator.ops.history import Done


class AddVersionCommand(RecordedCommand):
    """Import a new version of a document and move its claims onto it; undo puts everything back."""

    def __init__(
        self, session: ProjectSession, old_document_id: str, imported: ImportedDocument, source: str = ""
    ) -> None:
        super().__init__(session, "Import new version")
        self.old_document_id = old_document_id
        self.imported = imported
        self.source = source  # the file it came from, for the custody log

    def run(self) -> Done[version_ops.VersionResult]:
        return version_ops.new_version(
            self.session.project, self.old_document_id, self.imported, self.session.annotator_id, self.source
        )

    @property
    def result(self) -> version_ops.VersionResult | None:
        return self.done.value if self.done is not None else None


class ConfirmAnchorCommand(RecordedCommand):
    """Accept (or, with reject=True, refuse) where a fuzzy match put a claim in a new version."""

    def __init__(self, session: ProjectSession, claim: Claim, reject: bool = False) -> None:
        super().__init__(session, "Reject new position" if reject else "Confirm new position")
        self.claim = claim
        self.reject = reject

    def run(self) -> Done[Any]:
        decide = version_ops.reject if self.reject else version_ops.confirm
        return decide(self.session.project, self.claim.id)
