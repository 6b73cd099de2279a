"""Read-only queries for reviewing colleagues' work: the review queue, comment threads, disagreements."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass

from annotator.domain import verdicts as verdict_rules
from annotator.domain.models import Claim, Review, Verdict
from annotator.store.project import Project
from annotator.store.queries import claim_from_tuple
from annotator.store.rows import CLAIM_COLUMNS, columns, from_row, from_rows

_CLAIM_SELECT = ", ".join(f'c."{name}"' for name in CLAIM_COLUMNS)


@dataclass(frozen=True)
class QueueItem:
    """One claim or verdict by someone else that the reviewer has not reviewed yet."""

    target_type: str  # "claim" or "verdict"
    target_id: str
    claim_id: str
    document_id: str
    document_title: str
    start: int
    end: int
    exact: str
    kind: str
    label: str  # the verdict's label; "" for a claim
    as_of: str  # the verdict's as-of date; "" for a claim
    author_id: str
    author: str


@dataclass(frozen=True)
class ThreadEntry:
    """A review in a comment thread, with its author's name and how deep in the replies it sits."""

    review: Review
    author: str
    depth: int


@dataclass(frozen=True)
class Disagreement:
    """A claim whose annotators' current verdicts differ, for side-by-side display."""

    claim: Claim
    document_title: str
    verdicts: tuple[tuple[str, Verdict], ...]  # (annotator name, their current verdict), by name


def annotator_names(project: Project) -> dict[str, str]:
    """Display name per annotator id; two annotators of one name are told apart by their id's start."""
    rows = project.conn.execute("SELECT id, name FROM annotators ORDER BY name, id").fetchall()
    counts = Counter(name for _, name in rows)
    return {
        annotator_id: name if counts[name] == 1 else f"{name} ({annotator_id[:6]})"
        for annotator_id, name in rows
    }


_QUEUE_SQL = """
    SELECT 'claim' AS target_type, c.id AS target_id, c.id AS claim_id, d.id AS document_id,
           d.title AS title, c.start AS start, c."end" AS stop, c.exact AS exact, c.kind AS kind,
           '' AS label, '' AS as_of, c.created_by AS author_id, 0 AS rank, c.created_at AS recorded
    FROM claims c JOIN documents d ON d.id = c.document_id
    WHERE c.created_by IS NOT NULL AND c.created_by != :reviewer
      AND {seen} EXISTS (SELECT 1 FROM reviews r WHERE r.target_type = 'claim' AND r.target_id = c.id
                      AND r.created_by = :reviewer)
    UNION ALL
    SELECT 'verdict', v.id, c.id, d.id, d.title, c.start, c."end", c.exact, c.kind,
           v.label, v.as_of, v.created_by, 1, v.created_at
    FROM verdicts v JOIN claims c ON c.id = v.claim_id JOIN documents d ON d.id = c.document_id
    WHERE v.created_by IS NOT NULL AND v.created_by != :reviewer
      AND {seen} EXISTS (SELECT 1 FROM reviews r WHERE r.target_type = 'verdict' AND r.target_id = v.id
                      AND r.created_by = :reviewer)
    ORDER BY title COLLATE NOCASE, document_id, start, stop, claim_id, rank, as_of, recorded, target_id
"""


def review_queue(project: Project, reviewer_id: str, reviewed: bool = False) -> list[QueueItem]:
    """Claims and verdicts by other annotators that `reviewer_id` has not reviewed (with `reviewed`:
    has reviewed, so past reviews and their threads stay findable), in reading order.

    Work with no recorded author is left out: it cannot be told apart from the reviewer's own.
    """
    names = annotator_names(project)
    sql = _QUEUE_SQL.replace("{seen}", "" if reviewed else "NOT")
    rows = project.conn.execute(sql, {"reviewer": reviewer_id}).fetchall()
    return [
        QueueItem(
            target_type=row[0],
            target_id=row[1],
            claim_id=row[2],
            document_id=row[3],
            document_title=row[4],
            start=row[5],
            end=row[6],
            exact=row[7],
            kind=row[8],
            label=row[9],
            as_of=row[10],
            author_id=row[11],
            author=names.get(row[11], ""),
        )
        for row in rows
    ]


def get_review(project: Project, review_id: str) -> Review:
    row = next(project.query(f"SELECT {columns(Review)} FROM reviews WHERE id = ?", [review_id]), None)
    if row is None:
        raise KeyError(f"no review {review_id}")
    return from_row(Review, row)


def review_thread(project: Project, target_type: str, target_id: str) -> list[ThreadEntry]:
    """Every review of one claim or verdict, each followed by its replies, oldest first at each level."""
    reviews = from_rows(
        Review,
        project.query(
            # rowid breaks ties: timestamps have whole seconds, and a quick reply shares its parent's.
            f"""SELECT {columns(Review)} FROM reviews WHERE target_type = ? AND target_id = ?
                ORDER BY created_at, rowid""",
            [target_type, target_id],
        ),
    )
    ids = {review.id for review in reviews}
    replies: dict[str | None, list[Review]] = defaultdict(list)
    for review in reviews:
        # A reply to a review of another target (or a lost one) is shown at the top rather than hidden.
        replies[review.reply_to if review.reply_to in ids else None].append(review)
    names = annotator_names(project)
    thread: list[ThreadEntry] = []

    def walk(parent: str | None, depth: int) -> None:
        for review in replies.get(parent, []):
            thread.append(ThreadEntry(review, names.get(review.created_by or "", ""), depth))
            walk(review.id, depth + 1)

    walk(None, 0)
    return thread


def current_verdicts_by_annotator(project: Project) -> dict[str, dict[str, Verdict]]:
    """claim id -> annotator id -> that annotator's current (latest) verdict; unattributed ones left out."""
    history: dict[tuple[str, str], list[Verdict]] = defaultdict(list)
    # In recording order, as findings.current_verdicts reads them, so both pick the same verdict on a tie.
    rows = project.query(
        f"SELECT {columns(Verdict)} FROM verdicts WHERE created_by IS NOT NULL ORDER BY rowid"
    )
    for row in rows:
        verdict = from_row(Verdict, row)
        history[(verdict.claim_id, str(verdict.created_by))].append(verdict)
    result: dict[str, dict[str, Verdict]] = defaultdict(dict)
    for (claim_id, annotator_id), verdicts in history.items():
        current = verdict_rules.current(verdicts)
        if current is not None:
            result[claim_id][annotator_id] = current
    return dict(result)


def disagreements(project: Project) -> list[Disagreement]:
    """Claims on which two or more annotators' current verdicts carry different labels, in reading order."""
    names = annotator_names(project)
    disputed = {
        claim_id: by_annotator
        for claim_id, by_annotator in current_verdicts_by_annotator(project).items()
        if len({verdict.label for verdict in by_annotator.values()}) > 1
    }
    if not disputed:
        return []
    cursor = project.conn.execute(
        f"""SELECT {_CLAIM_SELECT}, d.title FROM claims c JOIN documents d ON d.id = c.document_id
            WHERE c.id IN (SELECT value FROM json_each(?))
            ORDER BY d.title COLLATE NOCASE, d.id, c.start, c."end", c.id""",
        [json.dumps(sorted(disputed))],
    )
    result = []
    for row in cursor:
        claim = claim_from_tuple(row[:-1])
        verdicts = sorted(
            ((names.get(annotator_id, ""), verdict) for annotator_id, verdict in disputed[claim.id].items()),
            key=lambda pair: (pair[0].casefold(), pair[1].id),
        )
        result.append(Disagreement(claim=claim, document_title=row[-1], verdicts=tuple(verdicts)))
    return result
