"""Operations on verdicts (an append-only history per claim) and on the evidence behind them."""

from __future__ import annotations

from typing import Any

from annotator.domain import verdicts as verdict_rules
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
    publish: bool | None = None,
) -> Verdict:
    """Append a verdict; earlier ones stay as history. `as_of` is the ISO date of what was known.

    `publish`: True publishes it at once as the desk's verdict (refused when the project needs a second
    reviewer), False leaves it a proposal, None publishes it exactly when no second reviewer is needed.
    """
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
    with project.transaction():
        restore_verdict(project, verdict)
        if not findings.second_reviewer_required(project) if publish is None else publish:
            publish_own_verdict(project, verdict.id, created_by)
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
    row = project.conn.execute("SELECT text, published FROM documents WHERE id = ?", [document_id]).fetchone()
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
    project: Project,
    claim_id: str,
    fields: dict[str, Any],
    created_by: str | None = None,
    publish: bool | None = None,
) -> Done[Verdict]:
    """Append a verdict (fields: label, as_of, conclusion, ...) to a claim's history; see add_verdict."""
    return run(project, add_verdict, claim_id, created_by=created_by, publish=publish, **fields)


def publish_own_verdict(project: Project, verdict_id: str, published_by: str | None) -> None:
    """The author's own "publish": their proposal becomes the desk's verdict, when the project does not
    ask for a second reviewer and no colleague has disputed it or asked for changes."""
    claim_id = _claim_of(project, verdict_id)
    entry = next(e for e in findings.desk_view(project, claim_id).history if e.verdict.id == verdict_id)
    if entry.verdict.created_by != published_by:
        raise VerdictError(
            "only its author can publish a verdict; a colleague approves it by accepting it in a review"
        )
    if findings.second_reviewer_required(project):
        raise VerdictError(
            "this project needs a second reviewer for verdicts: a colleague has to accept it to publish it"
        )
    if entry.state in (verdict_rules.DISPUTED, verdict_rules.NEEDS_CHANGES):
        what = "disputed" if entry.state == verdict_rules.DISPUTED else "sent back for changes"
        raise VerdictError(f"this verdict was {what} by a colleague; record a new verdict instead")
    if entry.state in (verdict_rules.PUBLISHED, verdict_rules.SUPERSEDED):
        raise VerdictError("this verdict is already approved")
    with project.transaction() as db:
        db.execute(
            "INSERT INTO verdict_publications (verdict_id, claim_id, published_by, created_at) "
            "VALUES (?, ?, ?, ?)",
            [verdict_id, claim_id, published_by, utc_now()],
        )


def _claim_of(project: Project, verdict_id: str) -> str:
    row = project.conn.execute("SELECT claim_id FROM verdicts WHERE id = ?", [verdict_id]).fetchone()
    if row is None:
        raise VerdictError(f"no verdict {verdict_id}")
    return str(row[0])


# The author publishes their own proposal (a history.Done that undo and redo replay).
publish = undoable(publish_own_verdict)


@undoable
def set_second_reviewer(project: Project, required: bool) -> bool:
    """Turn the project setting "verdicts need a second reviewer" on or off; returns the new value."""
    with project.transaction() as db:
        db.table("settings").upsert(
            {"key": findings.SECOND_REVIEWER_SETTING, "value": "on" if required else "off"}, pk="key"
        )
    return required


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
