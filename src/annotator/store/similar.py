"""Seen this claim before? Claims of the project and imported fact-checks ranked by likeness to a text.

Candidates come from the full-text indexes (claims: the statement and quote columns of search_index;
fact-checks: search_factchecks) by BM25, then are re-ranked by domain.similarity.combined_score. BM25
is made relative within each index (the two are not on one scale), so a fact-check and a claim that
match equally well score alike.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from annotator.domain import similarity
from annotator.store import findings
from annotator.store.project import Project

# How many candidates each index gives the re-ranking: enough that a claim worded differently from the
# query still reaches it, few enough that re-scoring them costs a few milliseconds.
CANDIDATES = 60
DEFAULT_LIMIT = 10
# FTS5 scores every row matching any term, so a common word ("war" in a project about a war) would make
# a lookup over 100,000 claims score most of them: 250 ms instead of 25. The terms searched are the
# text's rarest, added rarest first while the rows they match (their document frequencies, summed) stay
# within this budget; the rarest two are always kept. The re-ranking still compares the whole texts.
POSTINGS_BUDGET = 5_000
MIN_TERMS = 2
# Each full-text index's vocabulary (fts5vocab): a term's document frequency, read per connection.
_VOCABULARIES = {
    "search_index": "similar_claim_vocabulary",
    "search_factchecks": "similar_factcheck_vocabulary",
}

_CLAIM_CANDIDATES_SQL = """
    SELECT r.ref_id, bm25(search_index, 10.0, 5.0, 1.0) AS score
    FROM search_index JOIN search_refs r ON r.id = search_index.rowid
    WHERE search_index MATCH ? AND r.kind = 'claim'
    ORDER BY score LIMIT ?
"""

_CLAIM_DETAILS_SQL = """
    SELECT c.id, c.exact, c.statement, c.kind, c.document_id, c.start, c."end", d.title, d.published,
           COALESCE(a.name, ''), c.stated_lo
    FROM claims c JOIN documents d ON d.id = c.document_id LEFT JOIN actors a ON a.id = c.claimant_id
    WHERE c.id IN (SELECT value FROM json_each(?))
"""

_FACTCHECK_CANDIDATES_SQL = """
    SELECT f.id, f.claim_reviewed, f.rating_name, f.rating_value, f.author_org, f.url, f.date_published,
           f.claimant, f.document_id, bm25(search_factchecks, 10.0, 1.0) AS score
    FROM search_factchecks JOIN factchecks f ON f.rowid = search_factchecks.rowid
    WHERE search_factchecks MATCH ?
    ORDER BY score LIMIT ?
"""


@dataclass(frozen=True)
class SimilarHit:
    """One claim or fact-check like the text looked up, with what a reader needs to judge it."""

    kind: str  # "claim" (of this project) or "factcheck" (imported ClaimReview)
    id: str
    text: str  # the claim's statement (or its quote), the fact-check's claimReviewed
    source: str  # the claim's document title; the fact-checking organisation
    claimant: str
    verdict: str  # the published verdict's label, or the fact-check's rating; "" when none
    verdict_as_of: str  # the verdict's as-of date, the fact-check's datePublished
    score: float  # domain.similarity.combined_score: 0..1, higher is more alike
    fuzzy: float
    lexical: float
    quote: str = ""  # a claim's quoted span
    date: str = ""  # when the claim's document was published
    url: str = ""  # a fact-check's address
    document_id: str | None = None
    start: int | None = None
    end: int | None = None
    verdict_id: str | None = None
    same_as: bool = False  # already linked as the same claim as the one looked up for

    def to_json(self) -> dict[str, object]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


def find_similar(
    project: Project,
    text: str,
    limit: int = DEFAULT_LIMIT,
    exclude_claim_id: str | None = None,
    extra_texts: tuple[str, ...] = (),
) -> list[SimilarHit]:
    """Claims and fact-checks most like `text` (and `extra_texts`: a claim's quote beside its
    statement), best first. `exclude_claim_id` leaves out the claim being looked up for, and marks
    the claims already linked to it as the same claim."""
    texts = tuple(t for t in (text, *extra_texts) if t.strip())
    terms = similarity.content_terms(" ".join(texts), limit=similarity.MAX_TERMS * 2)
    if not terms or limit <= 0:
        return []
    hits = _claim_hits(project, texts, _expression(project, "search_index", terms), exclude_claim_id, limit)
    hits += _factcheck_hits(project, texts, _expression(project, "search_factchecks", terms))
    hits = [hit for hit in hits if hit.score >= similarity.MIN_SCORE]
    hits.sort(key=lambda hit: (-hit.score, hit.kind, hit.id))
    return hits[:limit]


def find_similar_to_claim(project: Project, claim_id: str, limit: int = DEFAULT_LIMIT) -> list[SimilarHit]:
    """What is like a claim of the project: looked up by its statement and its quote."""
    row = project.conn.execute("SELECT statement, exact FROM claims WHERE id = ?", [claim_id]).fetchone()
    if row is None:
        return []
    statement, exact = row
    return find_similar(project, statement or exact, limit, claim_id, (exact,) if statement else ())


def _expression(project: Project, index: str, terms: list[str]) -> str:
    """An FTS5 expression finding rows with any of the selective terms (see POSTINGS_BUDGET)."""
    conn = project.conn
    vocabulary = _VOCABULARIES[index]
    # A temp table: nothing is written to the project (a read-only one can be looked up in too).
    conn.execute(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{vocabulary} USING fts5vocab(main, {index}, 'row')"
    )
    frequency = {
        # Every indexed word the prefix term matches ("troop*": troop, troops, trooper).
        term: conn.execute(
            f"SELECT coalesce(sum(doc), 0) FROM temp.{vocabulary} WHERE term >= ? AND term < ?",
            [term, term + "\U0010ffff"],
        ).fetchone()[0]
        for term in terms
    }
    chosen: list[str] = []
    postings = 0
    for term in sorted(terms, key=lambda t: (frequency[t], t)):
        if frequency[term] == 0:
            continue  # in no row: it cannot find anything
        if len(chosen) >= MIN_TERMS and (
            postings + frequency[term] > POSTINGS_BUDGET or len(chosen) >= similarity.MAX_TERMS
        ):
            break
        chosen.append(term)
        postings += frequency[term]
    return " OR ".join(f'"{term}"*' for term in chosen)


def same_as_ids(project: Project, claim_id: str) -> set[str]:
    """The claims linked to this one as the same claim."""
    return {
        row[0]
        for row in project.conn.execute(
            "SELECT other_id FROM claim_links WHERE claim_id = ? AND relation = 'same_as' UNION "
            "SELECT claim_id FROM claim_links WHERE other_id = ? AND relation = 'same_as'",
            [claim_id, claim_id],
        )
    }


def _claim_hits(
    project: Project, texts: tuple[str, ...], expression: str, exclude_claim_id: str | None, limit: int
) -> list[SimilarHit]:
    """The best `limit` claims; verdicts are read for those only (each is a few queries)."""
    if not expression:
        return []
    conn = project.conn
    # Only the statement (title) and quote (body) columns: a claimant's name or a tag is not the claim.
    ranked = conn.execute(_CLAIM_CANDIDATES_SQL, [f"{{title body}} : ({expression})", CANDIDATES + 1])
    bm25 = {claim_id: score for claim_id, score in ranked if claim_id != exclude_claim_id}
    if not bm25:
        return []
    best = min(bm25.values())
    scored = []
    for row in conn.execute(_CLAIM_DETAILS_SQL, [json.dumps(list(bm25))]):
        claim_id, exact, statement = row[:3]
        fuzzy = max(similarity.fuzzy_similarity(text, (statement, exact)) for text in texts)
        lexical = similarity.lexical_similarity(bm25[claim_id], best)
        scored.append((similarity.combined_score(fuzzy, lexical), claim_id, fuzzy, lexical, row))
    scored = sorted(
        (item for item in scored if item[0] >= similarity.MIN_SCORE), key=lambda item: (-item[0], item[1])
    )
    linked = same_as_ids(project, exclude_claim_id) if exclude_claim_id else set()
    labels = {label.label: label.display for label in findings.verdict_labels(project)}
    hits = []
    for score, claim_id, fuzzy, lexical, row in scored[:limit]:
        _, exact, statement, _kind, document_id, start, end, title, published, claimant, _ = row
        verdict = findings.desk_view(project, claim_id).published
        hits.append(
            SimilarHit(
                kind="claim",
                id=claim_id,
                text=statement or exact,
                source=title,
                claimant=claimant,
                verdict=labels.get(verdict.label, verdict.label) if verdict else "",
                verdict_as_of=verdict.as_of if verdict else "",
                score=score,
                fuzzy=round(fuzzy, 4),
                lexical=round(lexical, 4),
                quote=exact,
                date=published,
                document_id=document_id,
                start=start,
                end=end,
                verdict_id=verdict.id if verdict else None,
                same_as=claim_id in linked,
            )
        )
    return hits


def _factcheck_hits(project: Project, texts: tuple[str, ...], expression: str) -> list[SimilarHit]:
    if not expression:
        return []
    rows = project.conn.execute(
        _FACTCHECK_CANDIDATES_SQL, [f"{{claim}} : ({expression})", CANDIDATES]
    ).fetchall()
    if not rows:
        return []
    best = min(row[-1] for row in rows)
    hits = []
    for fact_id, claim, rating, value, org, url, date, claimant, document_id, score in rows:
        fuzzy = max(similarity.fuzzy_similarity(text, (claim,)) for text in texts)
        lexical = similarity.lexical_similarity(score, best)
        hits.append(
            SimilarHit(
                kind="factcheck",
                id=fact_id,
                text=claim,
                source=org,
                claimant=claimant,
                verdict=rating or value,
                verdict_as_of=date,
                score=similarity.combined_score(fuzzy, lexical),
                fuzzy=round(fuzzy, 4),
                lexical=round(lexical, 4),
                url=url,
                document_id=document_id,
            )
        )
    return hits
