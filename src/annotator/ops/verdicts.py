"""Operations on verdicts (an append-only history per claim) and on the evidence behind them."""

from __future__ import annotations

from typing import Any

from annotator.domain.anchors import make_anchor
from annotator.domain.models import EVIDENCE_STANCES, Evidence, Verdict, new_id, utc_now
from annotator.ops.history import Done, run, undoable
from annotator.store import findings
from annotator.store.project import Project
from annotator.store.rows import insert_record


class VerdictError(ValueError):
    """A verdict or piece of evidence that cannot be recorded as given."""


def add_verdict(
    project: Project,
    claim_id: str,
    label: str,
    as_of: str,
    conclusion: str = "",
    reasoning: str = "",
    confidence: float | None = None,
    created_by: str | None = None,
    verdict_id: str | None = None,
) -> Verdict:
    """Append a verdict; earlier ones stay as history. `as_of` is the ISO date of what was known."""
    labels = {entry.label for entry in findings.verdict_labels(project)}
    if label not in labels:
        raise VerdictError(f"unknown verdict label {label!r}; the scale has {', '.join(sorted(labels))}")
    if len(as_of) != 10:
        raise VerdictError(f"the as-of date must be a full ISO date (YYYY-MM-DD), not {as_of!r}")
    if confidence is not None and not 0 <= confidence <= 1:
        raise VerdictError("confidence must be between 0 and 1")
    now = utc_now()
    verdict = Verdict(
        id=verdict_id or new_id(),
        claim_id=claim_id,
        label=label,
        as_of=as_of,
        conclusion=conclusion.strip(),
        reasoning=reasoning,
        confidence=confidence,
        created_by=created_by,
        created_at=now,
        updated_at=now,
    )
    restore_verdict(project, verdict)
    return verdict


def restore_verdict(project: Project, verdict: Verdict) -> None:
    insert_record(project, "verdicts", verdict)


def add_span_evidence(
    project: Project,
    claim_id: str,
    document_id: str,
    start: int,
    end: int,
    stance: str,
    note: str = "",
    verdict_id: str | None = None,
    created_by: str | None = None,
    evidence_id: str | None = None,
) -> Evidence:
    """Evidence quoted from a document (the same one or another), anchored like a claim."""
    row = project.db.execute("SELECT text, published FROM documents WHERE id = ?", [document_id]).fetchone()
    if row is None:
        raise VerdictError(f"no document {document_id}")
    try:
        anchor = make_anchor(row[0], start, end)
    except ValueError as error:
        raise VerdictError(str(error)) from error
    evidence = _evidence(
        claim_id,
        stance,
        note,
        verdict_id,
        created_by,
        evidence_id,
        document_id=document_id,
        start=anchor.start,
        end=anchor.end,
        exact=anchor.exact,
        prefix=anchor.prefix,
        suffix=anchor.suffix,
        dated=row[1] if len(row[1]) == 10 else "",
    )
    restore_evidence(project, evidence)
    return evidence


def add_url_evidence(
    project: Project,
    claim_id: str,
    url: str,
    stance: str,
    archived_url: str = "",
    accessed: str = "",
    dated: str = "",
    note: str = "",
    verdict_id: str | None = None,
    created_by: str | None = None,
    evidence_id: str | None = None,
) -> Evidence:
    """Evidence on the web: its URL, an archived copy's URL and the day it was accessed."""
    if not url.strip():
        raise VerdictError("URL evidence needs a URL")
    evidence = _evidence(
        claim_id,
        stance,
        note,
        verdict_id,
        created_by,
        evidence_id,
        url=url.strip(),
        archived_url=archived_url.strip(),
        accessed=accessed,
        dated=dated,
    )
    restore_evidence(project, evidence)
    return evidence


def _evidence(
    claim_id: str,
    stance: str,
    note: str,
    verdict_id: str | None,
    created_by: str | None,
    evidence_id: str | None,
    **fields: object,
) -> Evidence:
    if stance not in EVIDENCE_STANCES:
        raise VerdictError(f"unknown stance {stance!r}; expected one of {', '.join(EVIDENCE_STANCES)}")
    now = utc_now()
    return Evidence(
        id=evidence_id or new_id(),
        claim_id=claim_id,
        stance=stance,
        verdict_id=verdict_id,
        note=note,
        created_by=created_by,
        created_at=now,
        updated_at=now,
        **fields,  # type: ignore[arg-type]
    )


def restore_evidence(project: Project, evidence: Evidence) -> None:
    insert_record(project, "evidence", evidence)


def remove_evidence(project: Project, evidence_id: str) -> Evidence:
    """Remove a piece of evidence and return it, so undo can restore it."""
    with project.transaction() as db:
        evidence = findings.get_evidence(project, evidence_id)
        db.execute("DELETE FROM evidence WHERE id = ?", [evidence_id])
    return evidence


# --- user actions: one recorded transaction each, returning a history.Done that undo and redo replay


def record_verdict(
    project: Project, claim_id: str, fields: dict[str, Any], created_by: str | None = None
) -> Done[Verdict]:
    """Append a verdict (fields: label, as_of, conclusion, ...) to a claim's history."""
    return run(project, add_verdict, claim_id, created_by=created_by, **fields)


@undoable
def add_evidence(
    project: Project, claim_id: str, kind: str, fields: dict[str, Any], created_by: str | None = None
) -> Evidence:
    """Span evidence (kind "span": document_id, start, end, stance, ...) or URL evidence (kind "url")."""
    if kind == "span":
        return add_span_evidence(project, claim_id, created_by=created_by, **fields)
    if kind == "url":
        return add_url_evidence(project, claim_id, created_by=created_by, **fields)
    raise VerdictError(f"evidence is a span or a URL, not {kind!r}")


def remove(project: Project, evidence_id: str) -> Done[Evidence]:
    return run(project, remove_evidence, evidence_id)
