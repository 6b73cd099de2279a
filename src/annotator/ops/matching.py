"""Acting on "seen this claim before?": link two claims as the same claim, cite an earlier verdict.

Citing never copies a verdict: it adds an evidence item to the claim (on its current verdict, if it
has one) that points at the earlier claim's span or the fact-check's URL, dated with the as-of date of
the verdict cited, and saying in its note what was concluded. The analyst's own verdict stays theirs.
"""

from __future__ import annotations

from annotator.domain.models import Evidence, utc_now
from annotator.ops import factchecks as factcheck_ops
from annotator.ops import verdicts as verdict_ops
from annotator.ops.history import undoable
from annotator.ops.verdicts import VerdictError
from annotator.store import findings, queries
from annotator.store.project import Project

SAME_AS = "same_as"


class MatchError(ValueError):
    """A link or citation that cannot be made as asked."""


def _pair(claim_id: str, other_id: str) -> tuple[str, str]:
    if claim_id == other_id:
        raise MatchError("a claim cannot be linked to itself")
    return (claim_id, other_id) if claim_id < other_id else (other_id, claim_id)


@undoable
def link_same_claim(project: Project, claim_id: str, other_id: str, created_by: str | None = None) -> bool:
    """Record that two claims say the same thing (kept once per pair); False if they already were."""
    first, second = _pair(claim_id, other_id)
    with project.transaction() as db:
        for one in (first, second):
            if db.execute("SELECT 1 FROM claims WHERE id = ?", [one]).fetchone() is None:
                raise MatchError(f"no claim {one}")
        cursor = db.execute(
            "INSERT OR IGNORE INTO claim_links (claim_id, other_id, relation, created_by, created_at) "
            "VALUES (?, ?, ?, ?, ?)",
            [first, second, SAME_AS, created_by, utc_now()],
        )
    return cursor.rowcount > 0


@undoable
def unlink_same_claim(project: Project, claim_id: str, other_id: str) -> bool:
    """Take back a "same claim" link; False if there was none."""
    first, second = _pair(claim_id, other_id)
    with project.transaction() as db:
        cursor = db.execute(
            "DELETE FROM claim_links WHERE claim_id = ? AND other_id = ? AND relation = ?",
            [first, second, SAME_AS],
        )
    return cursor.rowcount > 0


def _current_verdict_id(project: Project, claim_id: str) -> str | None:
    history = findings.verdict_history(project, claim_id)
    return history[-1].id if history else None


def _cite(
    project: Project,
    claim_id: str,
    source_kind: str,
    source_id: str,
    stance: str = "context",
    created_by: str | None = None,
) -> Evidence:
    queries.get_claim(project, claim_id)  # raises for a claim that does not exist
    verdict_id = _current_verdict_id(project, claim_id)
    if source_kind == "claim":
        if source_id == claim_id:
            raise MatchError("a claim's own verdict cannot be its evidence")
        earlier = queries.get_claim(project, source_id)
        published = findings.desk_view(project, source_id).published
        if published is None:
            raise MatchError("the earlier claim has no published verdict to cite")
        label = next(
            (entry.display for entry in findings.verdict_labels(project) if entry.label == published.label),
            published.label,
        )
        title = queries.get_document(project, earlier.document_id).title
        conclusion = f": {published.conclusion}" if published.conclusion else ""
        note = (
            f"Earlier verdict on “{earlier.statement or earlier.exact}” ({title}): "
            f"{label} as of {published.as_of}{conclusion}"
        )
        evidence = verdict_ops.add_span_evidence(
            project,
            claim_id,
            earlier.document_id,
            earlier.start,
            earlier.end,
            stance,
            note=note,
            verdict_id=verdict_id,
            created_by=created_by,
        )
        dated = published.as_of
    elif source_kind == "factcheck":
        try:
            fact = factcheck_ops.get_fact_check(project, source_id)
        except KeyError as error:
            raise MatchError(str(error.args[0])) from None
        if not fact.url:
            raise MatchError("this fact-check has no URL to cite")
        rating = fact.rating_name or fact.rating_value or "no rating"
        when = f" ({fact.date_published})" if fact.date_published else ""
        note = f"{fact.author_org or 'A fact-checker'} rated “{fact.claim_reviewed}”: {rating}{when}"
        evidence = verdict_ops.add_url_evidence(
            project,
            claim_id,
            fact.url,
            stance,
            dated=fact.date_published,
            note=note,
            verdict_id=verdict_id,
            created_by=created_by,
        )
        return evidence
    else:
        raise MatchError(f"cite a claim or a fact-check, not {source_kind!r}")
    # Dated by the verdict cited, not by the earlier document: what was known, as of when.
    with project.transaction() as db:
        db.execute("UPDATE evidence SET dated = ? WHERE id = ?", [dated, evidence.id])
    return findings.get_evidence(project, evidence.id)


def cite_earlier_verdict(
    project: Project,
    claim_id: str,
    source_kind: str,
    source_id: str,
    stance: str = "context",
    created_by: str | None = None,
) -> Evidence:
    """Cite an earlier claim's published verdict ("claim") or a fact-check ("factcheck") as evidence."""
    try:
        with project.transaction():
            return _cite(project, claim_id, source_kind, source_id, stance, created_by)
    except VerdictError as error:
        raise MatchError(str(error)) from None


# The user action: one recorded transaction (a history.Done that undo and redo replay).
cite = undoable(cite_earlier_verdict)
