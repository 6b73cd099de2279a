"""Undo commands for "seen this claim before?": same-claim links and cited earlier verdicts."""

from __future__ import annotations

from annotator.domain.models import Evidence
from annotator.gui.operation_command import RecordedCommand
from annotator.gui.session import ProjectSession
from annotator.ops import matching
from annotator.ops.history import Done


class SameClaimCommand(RecordedCommand):
    """Link two claims as the same claim (or take the link back, `unlink`)."""

    def __init__(self, session: ProjectSession, claim_id: str, other_id: str, unlink: bool = False) -> None:
        super().__init__(session, "Not the same claim" if unlink else "Same claim as…")
        self.claim_id = claim_id
        self.other_id = other_id
        self.unlink = unlink

    def run(self) -> Done[bool]:
        if self.unlink:
            return matching.unlink_same_claim(self.session.project, self.claim_id, self.other_id)
        return matching.link_same_claim(
            self.session.project, self.claim_id, self.other_id, created_by=self.session.annotator_id
        )


class CiteVerdictCommand(RecordedCommand):
    """Cite an earlier claim's published verdict, or a fact-check, as evidence on a claim."""

    def __init__(
        self,
        session: ProjectSession,
        claim_id: str,
        source_kind: str,
        source_id: str,
        stance: str = "context",
    ) -> None:
        super().__init__(session, "Cite earlier verdict as evidence")
        self.claim_id = claim_id
        self.source_kind = source_kind
        self.source_id = source_id
        self.stance = stance

    def run(self) -> Done[Evidence]:
        return matching.cite(
            self.session.project,
            self.claim_id,
            self.source_kind,
            self.source_id,
            self.stance,
            created_by=self.session.annotator_id,
        )
