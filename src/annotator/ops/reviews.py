"""Operations on reviews of a colleague's claim or verdict: review, or reply in its comment thread."""

from __future__ import annotations

from annotator.domain.models import REVIEW_DECISIONS, Review, new_id, utc_now
from annotator.ops.history import undoable
from annotator.store import review_queries
from annotator.store.project import Project
from annotator.store.rows import insert_record

REVIEW_TARGETS: tuple[str, ...] = ("claim", "verdict")
_TARGET_TABLES = {"claim": "claims", "verdict": "verdicts"}


class ReviewError(ValueError):
    """A review that cannot be recorded as given (own work, unknown target, bad decision, ...)."""


def add_review(
    project: Project,
    target_type: str,
    target_id: str,
    decision: str | None,
    comment: str,
    created_by: str,
    reply_to: str | None = None,
    review_id: str | None = None,
) -> Review:
    """Record a decision on someone else's claim or verdict, or a reply in its comment thread.

    Nobody reviews their own work. The author may still answer in a thread (reply_to set), but a reply
    by the author carries the decision of the review it answers unchanged: they can explain, not judge.
    A reply's `decision` may be None, meaning "the same as the review it answers".
    """
    if target_type not in REVIEW_TARGETS:
        raise ReviewError(f"can only review a claim or a verdict, not {target_type!r}")
    author = _author(project, target_type, target_id)
    if project.conn.execute("SELECT 1 FROM annotators WHERE id = ?", [created_by]).fetchone() is None:
        raise ReviewError(f"unknown reviewer {created_by!r}: record who is reviewing first")
    parent = _parent(project, reply_to, target_type, target_id) if reply_to is not None else None
    if decision is None:
        if parent is None:
            raise ReviewError("a review needs a decision: accepted, disputed or needs_changes")
        decision = parent.decision
    if decision not in REVIEW_DECISIONS:
        raise ReviewError(f"unknown decision {decision!r}; expected one of {', '.join(REVIEW_DECISIONS)}")
    if parent is None and decision != "accepted" and not comment.strip():
        # The author has to know what to fix or why: a bare "disputed" tells them nothing.
        raise ReviewError(f"say why in a comment: a {decision.replace('_', ' ')} review needs one")
    if author is not None and author == created_by:
        if parent is None:
            raise ReviewError(f"you cannot review your own {target_type}; a colleague has to review it")
        if decision != parent.decision:
            raise ReviewError(
                f"you can answer a review of your own {target_type}, but not change its decision"
            )
    now = utc_now()
    review = Review(
        id=review_id or new_id(),
        target_type=target_type,
        target_id=target_id,
        decision=decision,
        comment=comment.strip(),
        reply_to=reply_to,
        created_by=created_by,
        created_at=now,
        updated_at=now,
    )
    restore_review(project, review)
    return review


def _author(project: Project, target_type: str, target_id: str) -> str | None:
    table = _TARGET_TABLES[target_type]
    row = project.conn.execute(f"SELECT created_by FROM {table} WHERE id = ?", [target_id]).fetchone()
    if row is None:
        raise ReviewError(f"no {target_type} {target_id}")
    return None if row[0] is None else str(row[0])


def _parent(project: Project, reply_to: str, target_type: str, target_id: str) -> Review:
    try:
        parent = review_queries.get_review(project, reply_to)
    except KeyError:
        raise ReviewError(f"no review {reply_to} to reply to") from None
    if (parent.target_type, parent.target_id) != (target_type, target_id):
        raise ReviewError("a reply must be about the same claim or verdict as the review it answers")
    return parent


def restore_review(project: Project, review: Review) -> None:
    """Insert a review exactly as given (redo of adding it)."""
    insert_record(project, "reviews", review)


# The user action (a history.Done that undo and redo replay): review, or reply in a review's thread.
review = undoable(add_review)
