"""Imported fact-checks (other organisations' ClaimReviews) stored for "seen this claim before?".

A fact-check is reference material, not the project's own finding: it is never a verdict. It is stored
once per (url, claimReviewed), or per (organisation, claimReviewed) when it has no URL, so importing a
file or a page again adds nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from annotator.domain.models import new_id, utc_now
from annotator.store.project import Project

if TYPE_CHECKING:
    # Only a type here: importing the file readers (ingest) would add ~80 ms to the window's start, which
    # reaches this module through the Similar tab's undo commands.
    from annotator.ingest.claimreview import ImportedFactCheck


@dataclass(frozen=True)
class FactCheckImport:
    """What one file or page gave: the fact-checks stored and how many were already in the project."""

    added: tuple[str, ...] = ()
    known: int = 0

    def summary(self) -> str:
        return f"{len(self.added)} fact-check{'s' if len(self.added) != 1 else ''} imported" + (
            f", {self.known} already in the project" if self.known else ""
        )


@dataclass(frozen=True)
class FactCheck:
    """A stored fact-check, as a citation of it needs it."""

    id: str
    claim_reviewed: str
    rating_name: str
    rating_value: str
    author_org: str
    url: str
    date_published: str
    claimant: str
    document_id: str | None


def store_fact_checks(
    project: Project,
    found: list[ImportedFactCheck],
    source: str,
    created_by: str | None = None,
    document_id: str | None = None,
) -> FactCheckImport:
    """Store the fact-checks not already in the project, in one transaction."""
    added: list[str] = []
    known = 0
    now = utc_now()
    with project.transaction() as db:
        for item in found:
            key = [item.url, item.claim_reviewed] if item.url else [item.author_org, item.claim_reviewed]
            column = "url" if item.url else "author_org"
            if db.execute(
                f"SELECT 1 FROM factchecks WHERE {column} = ? AND claim_reviewed = ?", key
            ).fetchone():
                known += 1
                continue
            fact_id = new_id()
            db.execute(
                "INSERT INTO factchecks (id, claim_reviewed, rating_name, rating_value, best_rating, "
                "worst_rating, author_org, url, date_published, claimant, appearance, claim_date, review, "
                "source, document_id, created_by, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    fact_id,
                    item.claim_reviewed,
                    item.rating_name,
                    item.rating_value,
                    item.best_rating,
                    item.worst_rating,
                    item.author_org,
                    item.url,
                    item.date_published,
                    item.claimant,
                    json.dumps(list(item.appearance), ensure_ascii=False),
                    item.claim_date,
                    json.dumps(item.review, ensure_ascii=False, default=str),
                    source,
                    document_id,
                    created_by,
                    now,
                ],
            )
            added.append(fact_id)
    return FactCheckImport(tuple(added), known)


def get_fact_check(project: Project, fact_id: str) -> FactCheck:
    row = project.conn.execute(
        "SELECT id, claim_reviewed, rating_name, rating_value, author_org, url, date_published, claimant, "
        "document_id FROM factchecks WHERE id = ?",
        [fact_id],
    ).fetchone()
    if row is None:
        raise KeyError(f"no fact-check {fact_id}")
    return FactCheck(*row)


def take_fact_checks(project: Project, ids: list[str]) -> list[dict[str, Any]]:
    """Remove fact-checks (undo of their import) and return their rows, so a redo can put them back."""
    with project.transaction() as db:
        rows = [
            dict(row)
            for fact_id in ids
            for row in db.query("SELECT * FROM factchecks WHERE id = ?", [fact_id])
        ]
        project.conn.executemany("DELETE FROM factchecks WHERE id = ?", [[fact_id] for fact_id in ids])
    return rows


def put_fact_checks(project: Project, rows: list[dict[str, Any]]) -> None:
    if rows:
        with project.transaction() as db:
            db.table("factchecks").insert_all(rows)
