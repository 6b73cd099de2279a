"""Operations on claims: tag, edit, set the claimant, delete (undone through ops.history)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from typing import Any

from annotator.domain.anchors import make_anchor
from annotator.domain.dates import parse_stated_date
from annotator.domain.models import CLAIM_KINDS, DATE_PRECISIONS, Claim, new_id, utc_now
from annotator.ops import actors as actor_ops
from annotator.ops.bundles import Bundle, take
from annotator.ops.history import Done, run, undoable
from annotator.store import queries
from annotator.store.project import Project
from annotator.store.rows import insert_record

# Fields the annotation panel may change; the anchor and the document never change after tagging.
EDITABLE_FIELDS = frozenset(
    {
        "kind",
        "claimant_id",
        "stated_text",
        "stated_lo",
        "stated_hi",
        "stated_precision",
        "statement",
        "tags",
        "note",
        "due",
        "anchor_status",
    }
)


class ClaimError(ValueError):
    """An edit that would make a claim invalid (unknown kind, span outside the text, ...)."""


def _document_text(project: Project, document_id: str) -> str:
    row = project.conn.execute("SELECT text FROM documents WHERE id = ?", [document_id]).fetchone()
    if row is None:
        raise ClaimError(f"no document {document_id}")
    return str(row[0])


def tag_claim(
    project: Project,
    document_id: str,
    start: int,
    end: int,
    kind: str = "factual",
    created_by: str | None = None,
    claim_id: str | None = None,
    text: str | None = None,
) -> Claim:
    """Tag text[start:end] (code points) of a document as a claim of `kind`.

    `text` may be passed by a caller that already holds the document text, to spare re-reading it.
    """
    if kind not in CLAIM_KINDS:
        raise ClaimError(f"unknown claim kind {kind!r}; expected one of {', '.join(CLAIM_KINDS)}")
    if text is None:
        text = _document_text(project, document_id)
    try:
        claim = new_claim(text, document_id, start, end, kind, created_by, claim_id)
    except ValueError as error:
        raise ClaimError(str(error)) from error
    restore_claim(project, claim)
    return claim


def new_claim(
    text: str,
    document_id: str,
    start: int,
    end: int,
    kind: str = "factual",
    created_by: str | None = None,
    claim_id: str | None = None,
) -> Claim:
    """The claim that tagging text[start:end] makes, anchored, not yet written (ValueError: bad span)."""
    anchor = make_anchor(text, start, end)
    now = utc_now()
    return Claim(
        id=claim_id or new_id(),
        document_id=document_id,
        start=anchor.start,
        end=anchor.end,
        exact=anchor.exact,
        prefix=anchor.prefix,
        suffix=anchor.suffix,
        kind=kind,
        created_by=created_by,
        created_at=now,
        updated_at=now,
    )


def restore_claim(project: Project, claim: Claim) -> None:
    """Insert a claim exactly as given (redo of a tag, undo of a delete)."""
    insert_record(project, "claims", claim)


def claim_deletion_plan(claim_id: str) -> list[tuple[str, str, list[Any]]]:
    """The claim and what hangs off it: event links, verdicts, evidence (parents first)."""
    return [
        ("claims", "id = ?", [claim_id]),
        ("claim_provenance", "claim_id = ?", [claim_id]),
        ("claim_events", "claim_id = ?", [claim_id]),
        ("verdicts", "claim_id = ?", [claim_id]),
        ("evidence", "claim_id = ?", [claim_id]),
    ]


def delete_claim(project: Project, claim_id: str, deleted_by: str | None = None) -> tuple[Claim, Bundle]:
    """Delete a claim with its links, verdicts and evidence; return it and the bundle undo restores."""
    claim = queries.get_claim(project, claim_id)
    return claim, take(project, claim_deletion_plan(claim_id), deleted_by)


def update_claim(project: Project, claim_id: str, changes: dict[str, Any]) -> dict[str, Any]:
    """Change editable fields of a claim; return their previous values (the inverse change)."""
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise ClaimError(f"cannot edit {', '.join(sorted(unknown))} of a claim")
    if "kind" in changes and changes["kind"] not in CLAIM_KINDS:
        raise ClaimError(f"unknown claim kind {changes['kind']!r}")
    if changes.get("stated_precision", "") not in ("", *DATE_PRECISIONS):
        raise ClaimError(f"unknown date precision {changes['stated_precision']!r}")
    with project.transaction() as db:
        before = queries.get_claim(project, claim_id)
        previous = {name: getattr(before, name) for name in changes}
        after = replace(before, **changes, updated_at=utc_now())
        row = {name: getattr(after, name) for name in (*changes, "updated_at")}
        if "tags" in row:
            row["tags"] = json.dumps(after.tags, ensure_ascii=False)
        db.table("claims").update(claim_id, row)
    return previous


def resolve_pending_dates(
    project: Project, document_id: str, reference: date | None
) -> dict[str, dict[str, Any]]:
    """Resolve stated dates that could not be resolved before (typically: no year, no document date).

    Called when a document gets a date. Returns {claim id: previous fields} so undo can put them back.
    """
    previous: dict[str, dict[str, Any]] = {}
    if reference is None:
        return previous
    with project.transaction():
        for claim in queries.claims_for_document(project, document_id):
            if not claim.stated_text or claim.stated_lo:
                continue
            resolution = parse_stated_date(claim.stated_text, reference)
            if resolution is not None:
                previous[claim.id] = update_claim(
                    project,
                    claim.id,
                    {
                        "stated_lo": resolution.lo,
                        "stated_hi": resolution.hi,
                        "stated_precision": resolution.precision,
                    },
                )
    return previous


# --- user actions: one recorded transaction each, returning a history.Done that undo and redo replay


def tag(
    project: Project,
    document_id: str,
    start: int,
    end: int,
    kind: str = "factual",
    created_by: str | None = None,
    text: str | None = None,
) -> Done[Claim]:
    """Tag a span as a claim (the new Claim is the Done's value)."""
    return run(project, tag_claim, document_id, start, end, kind, created_by, text=text)


def edit(project: Project, claim_id: str, changes: dict[str, Any]) -> Done[dict[str, Any]]:
    """Change editable fields of a claim."""
    return run(project, update_claim, claim_id, changes)


def delete(project: Project, claim_id: str, deleted_by: str | None = None) -> Done[tuple[Claim, Bundle]]:
    """Delete a claim with its event links, verdicts and evidence (tombstones record the deletion)."""
    return run(project, delete_claim, claim_id, deleted_by)


@undoable
def set_claimant(project: Project, claim_id: str, name: str, created_by: str | None = None) -> str | None:
    """Set a claim's claimant by name or alias, creating the actor if nobody has it ("" clears it).

    One transaction: a new actor never exists without the claim that named it. Returns the actor id.
    """
    actor_id = actor_ops.resolve_or_create_actor(project, name, created_by)[0].id if name.strip() else None
    update_claim(project, claim_id, {"claimant_id": actor_id})
    return actor_id
