"""Project-wide figures for `annotator stats` and the statistics view."""

from __future__ import annotations

from collections import Counter
from typing import Any

from annotator.domain.models import CLAIM_KINDS
from annotator.store import findings
from annotator.store.agreement_queries import agreement_figures
from annotator.store.project import Project
from annotator.store.suggestion_queries import acceptance_by_kind


def _record_dict(record: findings.TrackRecord) -> dict[str, Any]:
    return {
        "name": record.name,
        "confirmed": record.count("confirmed"),
        "refuted": record.count("refuted"),
        "pending": record.count("pending"),
        "other": record.count("other"),
        "claims": record.claim_ids,
    }


def project_statistics(project: Project, today: str) -> dict[str, Any]:
    """Everything `stats` reports, as plain JSON-ready data."""
    kinds = Counter(dict.fromkeys(CLAIM_KINDS, 0))
    kinds.update(kind for (kind,) in project.conn.execute("SELECT kind FROM claims"))
    labels = Counter({label.label: 0 for label in findings.verdict_labels(project)})
    labels.update(verdict.label for verdict in findings.current_verdicts(project).values())
    claimants, sources = findings.track_records(project)
    due = findings.due_for_review(project, today)
    return {
        "documents": project.conn.execute("SELECT count(*) FROM documents").fetchone()[0],
        "claims": {"total": sum(kinds.values()), "by_kind": dict(kinds)},
        "verdicts": {"current_by_label": dict(labels)},
        "events": project.conn.execute("SELECT count(*) FROM events").fetchone()[0],
        "predictions_due": [{"claim": claim.id, "due": claim.due, "quote": claim.exact} for claim in due],
        "track_record": {
            "by_claimant": [_record_dict(record) for record in claimants],
            "by_source": [_record_dict(record) for record in sources],
        },
        "agreement": agreement_figures(project),
        "suggestions": suggestion_statistics(project),
    }


def suggestion_statistics(project: Project) -> dict[str, Any]:
    """The analysts' decisions on suggestions per kind, with the share accepted, and how many claims
    came from suggestions (claims still in the project)."""
    by_kind = {
        kind: {
            "accepted": accepted,
            "rejected": rejected,
            "acceptance_rate": round(accepted / (accepted + rejected), 3) if accepted + rejected else None,
        }
        for kind, (accepted, rejected) in acceptance_by_kind(project).items()
    }
    claims = project.conn.execute("SELECT count(*) FROM claim_provenance").fetchone()[0]
    return {"by_kind": by_kind, "claims_from_suggestions": claims}
