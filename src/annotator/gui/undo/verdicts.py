"""Undo commands for verdicts and evidence."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QUndoCommand

from annotator.domain.models import Evidence, Verdict
from annotator.gui.session import ProjectSession
from annotator.ops import verdicts as verdict_ops


class AddVerdictCommand(QUndoCommand):
    """Append a verdict to a claim's history; undo withdraws it (it was never a finding)."""

    def __init__(self, session: ProjectSession, claim_id: str, fields: dict[str, Any]) -> None:
        super().__init__(f"Record verdict: {fields.get('label', '')}")
        self.session = session
        self.claim_id = claim_id
        self.fields = fields
        self.verdict: Verdict | None = None

    def redo(self) -> None:
        if self.verdict is None:
            self.verdict = verdict_ops.add_verdict(
                self.session.project, self.claim_id, created_by=self.session.annotator_id, **self.fields
            )
        else:
            verdict_ops.restore_verdict(self.session.project, self.verdict)
        self.session.verdictsChanged.emit(self.claim_id)

    def undo(self) -> None:
        assert self.verdict is not None
        verdict_ops.withdraw_verdict(self.session.project, self.verdict.id)
        self.session.verdictsChanged.emit(self.claim_id)


class AddEvidenceCommand(QUndoCommand):
    """Add span evidence (kind "span": document_id, start, end, ...) or URL evidence (kind "url")."""

    def __init__(self, session: ProjectSession, claim_id: str, kind: str, fields: dict[str, Any]) -> None:
        super().__init__("Add evidence")
        self.session = session
        self.claim_id = claim_id
        self.kind = kind
        self.fields = fields
        self.evidence: Evidence | None = None

    def redo(self) -> None:
        project = self.session.project
        if self.evidence is not None:
            verdict_ops.restore_evidence(project, self.evidence)
        elif self.kind == "span":
            self.evidence = verdict_ops.add_span_evidence(
                project, self.claim_id, created_by=self.session.annotator_id, **self.fields
            )
        else:
            self.evidence = verdict_ops.add_url_evidence(
                project, self.claim_id, created_by=self.session.annotator_id, **self.fields
            )
        self.session.evidenceChanged.emit(self.claim_id)

    def undo(self) -> None:
        assert self.evidence is not None
        verdict_ops.remove_evidence(self.session.project, self.evidence.id)
        self.session.evidenceChanged.emit(self.claim_id)


class RemoveEvidenceCommand(QUndoCommand):
    def __init__(self, session: ProjectSession, evidence: Evidence) -> None:
        super().__init__("Remove evidence")
        self.session = session
        self.evidence = evidence

    def redo(self) -> None:
        verdict_ops.remove_evidence(self.session.project, self.evidence.id)
        self.session.evidenceChanged.emit(self.evidence.claim_id)

    def undo(self) -> None:
        verdict_ops.restore_evidence(self.session.project, self.evidence)
        self.session.evidenceChanged.emit(self.evidence.claim_id)
