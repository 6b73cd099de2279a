"""Reading the analyst's decisions on suggestions, and the provenance of claims made from them."""

from __future__ import annotations

import json
from dataclasses import dataclass

from annotator.store.project import Project


@dataclass(frozen=True)
class Decision:
    """One accept or reject of a suggestion: what the per-project model learns from."""

    document_id: str
    start: int
    end: int
    kind: str
    decision: str  # "accepted" or "rejected"
    features: tuple[str, ...]

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.start}:{self.end}"


@dataclass(frozen=True)
class Provenance:
    """Which generator proposed a claim, and who accepted it."""

    claim_id: str
    generator: str
    generator_version: str
    score: float
    suggestion_kind: str
    reason: str
    accepted_by: str | None
    accepted_at: str


def decisions(project: Project, document_id: str | None = None) -> list[Decision]:
    """Every decision (of one document, if given), oldest first: the model's training data."""
    where, params = ("WHERE document_id = ?", [document_id]) if document_id else ("", [])
    rows = project.conn.execute(
        f'SELECT document_id, start, "end", kind, decision, features FROM suggestion_decisions {where} '
        "ORDER BY created_at, id",
        params,
    )
    return [Decision(d, s, e, k, dec, tuple(json.loads(f))) for d, s, e, k, dec, f in rows]


def provenance(project: Project, claim_ids: list[str] | None = None) -> dict[str, Provenance]:
    """Provenance of the claims made from suggestions, by claim id (all of them, or of `claim_ids`)."""
    rows = project.conn.execute(
        "SELECT claim_id, generator, generator_version, score, suggestion_kind, reason, accepted_by, "
        "accepted_at FROM claim_provenance"
    ).fetchall()
    wanted = set(claim_ids) if claim_ids is not None else None
    return {row[0]: Provenance(*row) for row in rows if wanted is None or row[0] in wanted}


def acceptance_by_kind(project: Project) -> dict[str, tuple[int, int]]:
    """{kind: (accepted, rejected)} over every decision in the project."""
    counts: dict[str, tuple[int, int]] = {}
    for kind, accepted, rejected in project.conn.execute(
        "SELECT kind, sum(decision = 'accepted'), sum(decision = 'rejected') FROM suggestion_decisions "
        "GROUP BY kind ORDER BY kind"
    ):
        counts[kind] = (int(accepted), int(rejected))
    return counts
