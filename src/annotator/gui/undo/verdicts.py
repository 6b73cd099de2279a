"""Undo commands for verdicts and evidence."""

from __future__ import annotations

from typing import Any

from annotator.domain.models import Evidence, Verdict
from annotator.gui.operation_command import RecordedCommand
from annotator.gui.session import ProjectSession
from annotator.ops import verdicts as verdict_ops
from annotator.ops.history import Done


class AddVerdictCommand(RecordedCommand):
    """Append a verdict to a claim's history; undo withdraws it (it was never a finding)."""

    def __init__(
        self, session: ProjectSession, claim_id: str, fields: dict[str, Any], publish: bool | None = None
    ) -> None:
        label = str(fields.get("label", "")).replace("_", " ")  # as the user picked it: "mostly confirmed"
        super().__init__(session, f"Record verdict: {label}")
        self.claim_id = claim_id
        self.fields = fields
        self.publish = publish

    def run(self) -> Done[Verdict]:
        return verdict_ops.record_verdict(
            self.session.project,
            self.claim_id,
            self.fields,
            created_by=self.session.annotator_id,
            publish=self.publish,
        )

    @property
    def verdict(self) -> Verdict | None:
        return self.done.value if self.done is not None else None


class PublishVerdictCommand(RecordedCommand):
    """The author publishes their own proposal as the desk's verdict; undo makes it a proposal again."""

    def __init__(self, session: ProjectSession, verdict: Verdict) -> None:
        super().__init__(session, f"Publish verdict: {verdict.label}")
        self.verdict_id = verdict.id

    def run(self) -> Done[None]:
        return verdict_ops.publish(self.session.project, self.verdict_id, self.session.annotator_id)


class SecondReviewerCommand(RecordedCommand):
    """Turn the project setting "verdicts need a second reviewer" on or off."""

    def __init__(self, session: ProjectSession, required: bool) -> None:
        super().__init__(session, "Require a second reviewer" if required else "Allow authors to publish")
        self.required = required

    def run(self) -> Done[bool]:
        return verdict_ops.set_second_reviewer(self.session.project, self.required)


class AddEvidenceCommand(RecordedCommand):
    """Add span evidence (kind "span": document_id, start, end, ...) or URL evidence (kind "url")."""

    def __init__(self, session: ProjectSession, claim_id: str, kind: str, fields: dict[str, Any]) -> None:
        super().__init__(session, "Add evidence")
        self.claim_id = claim_id
        self.kind = kind
        self.fields = fields

    def run(self) -> Done[Evidence]:
        return verdict_ops.add_evidence(
            self.session.project, self.claim_id, self.kind, self.fields, created_by=self.session.annotator_id
        )

    @property
    def evidence(self) -> Evidence | None:
        return self.done.value if self.done is not None else None


class RemoveEvidenceCommand(RecordedCommand):
    def __init__(self, session: ProjectSession, evidence: Evidence) -> None:
        super().__init__(session, "Remove evidence")
        self.evidence = evidence

    def run(self) -> Done[Evidence]:
        return verdict_ops.remove(self.session.project, self.evidence.id)
