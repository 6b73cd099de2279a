"""New versions of a document: store the new text, re-anchor every claim onto it, and undo that."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from annotator.domain.anchors import make_anchor
from annotator.domain.models import ImportedDocument, utc_now
from annotator.domain.reanchor import reanchor_all
from annotator.domain.wording import count_of
from annotator.ops.documents import add_document, text_hash
from annotator.ops.history import undoable
from annotator.ops.originals import record_import
from annotator.store import queries
from annotator.store.project import Project


class VersionError(ValueError):
    """A new version that cannot be added (the same text, or no such document)."""


@dataclass
class VersionResult:
    """What a new version did to each claim: status per claim id (ok, moved, needs_confirmation, orphaned)."""

    old_document_id: str
    new_document_id: str
    statuses: dict[str, str] = field(default_factory=dict)
    history_ids: list[int] = field(default_factory=list)
    imported: ImportedDocument | None = None  # kept so a redo can add the same version again

    def redo(self, project: Project, created_by: str | None = None) -> VersionResult:
        """Add this version again after `remove_version`, under the same document id."""
        assert self.imported is not None
        return add_version(project, self.old_document_id, self.imported, created_by, self.new_document_id)

    def describe(self) -> str:
        counts = Counter(self.statuses.values())
        parts = [
            f"{counts[s]} {s.replace('_', ' ')}" for s in ("ok", "moved", "needs_confirmation", "orphaned")
        ]
        return f"new version added; its {count_of(len(self.statuses), 'claim')}: " + ", ".join(parts)


def add_version(
    project: Project,
    old_document_id: str,
    imported: ImportedDocument,
    created_by: str | None = None,
    new_document_id: str | None = None,
) -> VersionResult:
    """Add `imported` as the next version of a document and move its claims onto it.

    Claims found again (in place, moved, or by a fuzzy match the user must confirm) move to the new
    version with their old anchor kept in anchor_history; claims not found stay on the old version,
    marked orphaned, readable with their quote. Nothing is deleted. One transaction.
    """
    old = queries.get_document(project, old_document_id, with_text=False)
    if queries.find_document_by_hash(project, text_hash(imported.text)) is not None:
        raise VersionError("that text is already in the project; a new version must differ")
    claims = queries.claims_for_document(project, old_document_id)
    placed = reanchor_all(
        imported.text, [(c.id, c.start, c.end, c.exact, c.prefix, c.suffix) for c in claims]
    )
    now = utc_now()
    with project.transaction() as db:
        new_id, _ = add_document(project, imported, created_by, new_document_id)
        db.execute(
            "UPDATE documents SET version_of = ?, version = ?, url = CASE WHEN url = '' THEN ? ELSE url END "
            "WHERE id = ?",
            [old_document_id, old.version + 1, old.url, new_id],
        )
        result = VersionResult(old_document_id, new_id, imported=imported)
        for claim in claims:
            found = placed[claim.id]
            result.statuses[claim.id] = found.status
            cursor = db.execute(
                'INSERT INTO anchor_history (claim_id, document_id, start, "end", exact, prefix, suffix, '
                "anchor_status, replaced_by_document, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    claim.id,
                    claim.document_id,
                    claim.start,
                    claim.end,
                    claim.exact,
                    claim.prefix,
                    claim.suffix,
                    claim.anchor_status,
                    new_id,
                    now,
                ],
            )
            result.history_ids.append(int(cursor.lastrowid or 0))
            if found.status == "orphaned":
                db.execute("UPDATE claims SET anchor_status = 'orphaned' WHERE id = ?", [claim.id])
                continue
            anchor = make_anchor(imported.text, found.start, found.end)
            db.table("claims").update(
                claim.id,
                {
                    "document_id": new_id,
                    "start": anchor.start,
                    "end": anchor.end,
                    "exact": anchor.exact,
                    "prefix": anchor.prefix,
                    "suffix": anchor.suffix,
                    "anchor_status": found.status,
                    "updated_at": now,
                },
            )
    return result


def _restore_from_history(project: Project, history_id: int) -> None:
    row = project.conn.execute(
        'SELECT claim_id, document_id, start, "end", exact, prefix, suffix, anchor_status '
        "FROM anchor_history WHERE id = ?",
        [history_id],
    ).fetchone()
    claim_id, document_id, start, end, exact, prefix, suffix, status = row
    project.db.table("claims").update(
        claim_id,
        {
            "document_id": document_id,
            "start": start,
            "end": end,
            "exact": exact,
            "prefix": prefix,
            "suffix": suffix,
            "anchor_status": status,
        },
    )


def remove_version(project: Project, result: VersionResult) -> None:
    """Undo of add_version: every claim back where it was, the history rows and the new text gone."""
    with project.transaction() as db:
        for history_id in result.history_ids:
            _restore_from_history(project, history_id)
        db.execute(
            f"DELETE FROM anchor_history WHERE id IN ({', '.join('?' * len(result.history_ids))})",
            result.history_ids,
        )
        db.execute("DELETE FROM documents WHERE id = ?", [result.new_document_id])


def confirm_anchor(project: Project, claim_id: str) -> str:
    """The user accepts a fuzzy re-anchoring; returns the previous status for undo."""
    previous = queries.get_claim(project, claim_id).anchor_status
    with project.transaction() as db:
        db.table("claims").update(claim_id, {"anchor_status": "ok", "updated_at": utc_now()})
    return previous


def previous_anchor(project: Project, claim_id: str) -> dict[str, object] | None:
    """The anchor a claim had before the latest new version moved it (None if it never moved)."""
    row = next(
        project.query(
            'SELECT id, document_id, start, "end", exact, anchor_status FROM anchor_history '
            "WHERE claim_id = ? ORDER BY id DESC LIMIT 1",
            [claim_id],
        ),
        None,
    )
    return dict(row) if row else None


def reject_anchor(project: Project, claim_id: str) -> dict[str, object]:
    """The user rejects a fuzzy re-anchoring: the claim goes back to its old version, orphaned.

    Returns the claim's fields before, for undo (with `restore_fields`).
    """
    claim = queries.get_claim(project, claim_id)
    before = {
        name: getattr(claim, name)
        for name in ("document_id", "start", "end", "exact", "prefix", "suffix", "anchor_status")
    }
    history = previous_anchor(project, claim_id)
    if history is None:
        raise VersionError("this claim was never moved by a new version")
    with project.transaction():
        _restore_from_history(project, int(history["id"]))  # type: ignore[call-overload]
        project.db.table("claims").update(claim_id, {"anchor_status": "orphaned", "updated_at": utc_now()})
    return before


def orphaned_from_earlier_versions(project: Project, document_id: str) -> list[str]:
    """Ids of orphaned claims left on earlier versions of this document (shown with it, by quote)."""
    ids: list[str] = []
    current: str | None = document_id
    seen: set[str] = set()
    while current and current not in seen:
        seen.add(current)
        row = project.conn.execute("SELECT version_of FROM documents WHERE id = ?", [current]).fetchone()
        current = row[0] if row else None
        if current:
            ids += [
                r[0]
                for r in project.conn.execute(
                    "SELECT id FROM claims WHERE document_id = ? AND anchor_status = 'orphaned'", [current]
                )
            ]
    return ids


# User actions (each a history.Done that undo and redo replay): a new version with its claims moved
# onto it, and the user's decision on a claim a fuzzy match placed.
@undoable
def new_version(
    project: Project,
    old_document_id: str,
    imported: ImportedDocument,
    created_by: str | None = None,
    source: str = "",
) -> VersionResult:
    """Document > Import New Version: `add_version`, and the new version's custody entry (imported from
    `source`, by default its file name), in one undoable operation."""
    with project.transaction():
        result = add_version(project, old_document_id, imported, created_by)
        record_import(
            project, result.new_document_id, imported, source or imported.source_filename, created_by
        )
    return result


confirm = undoable(confirm_anchor)
reject = undoable(reject_anchor)
