"""Search in scripts written without spaces (Chinese, Japanese, Thai, Korean...): the trigram index, and
a scan of the texts it holds for terms shorter than a trigram."""

from __future__ import annotations

import json
import re
import sqlite3
import unicodedata
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from itertools import accumulate

from annotator.store.schema import SPACELESS_RANGES

_SPACELESS = re.compile(f"[{SPACELESS_RANGES}]")
# The trigram tokenizer cannot match fewer characters than this.
TRIGRAM = 3
# bm25-like weights of (title, meta, body) matches, and the body length at which a body match counts half:
# a long text with one mention should not outrank a short one about the subject.
_TITLE_WEIGHT, _META_WEIGHT, _BODY_HALF_LENGTH = 10.0, 5.0, 2000.0


def is_spaceless(text: str) -> bool:
    """Whether `text` has a character of a script whose words are not separated by spaces, which the
    word index cannot find inside a longer run (see schema._V12_TRIGRAM)."""
    return _SPACELESS.search(text) is not None


# bm25 of the trigram index with the word index's column weights, lower is better.
SCORE = f"bm25(search_trigram, {_TITLE_WEIGHT}, {_META_WEIGHT}, 1.0)"


def normalized(text: str) -> str:
    """A term as the trigram index is searched for it: its whitespace runs as single spaces."""
    return " ".join(text.split())


def matchable(text: str) -> bool:
    """Whether the trigram index itself finds `text` (a term of this script of three characters or more);
    shorter ones are found by a scan (`scanned`)."""
    return is_spaceless(text) and len(normalized(text)) >= TRIGRAM


def _to_search_refs(conn: sqlite3.Connection, trigram_sql: str, parameters: list[object]) -> dict[int, float]:
    """`trigram_sql`'s (trigram rowid, score) rows keyed by their search_index rowids instead."""
    rows = conn.execute(
        f"""SELECT r.id, found.score FROM ({trigram_sql}) found
            JOIN search_trigram_refs t ON t.id = found.rowid
            JOIN search_refs r ON r.kind = t.kind AND r.ref_id = t.ref_id""",
        parameters,
    )
    return dict(rows.fetchall())


# Which columns have it, not how often: counting (replace()) cost five times the scan itself.
_DAMPING = f"{_BODY_HALF_LENGTH} / ({_BODY_HALF_LENGTH} + length(body))"


def _has(parameter: str) -> str:
    return f"(instr(title, {parameter}) > 0 OR instr(meta, {parameter}) > 0 OR instr(body, {parameter}) > 0)"


def _score(parameter: str) -> str:
    """A score by the columns that have it, weighted as the word index's columns are, a body's damped by
    its length."""
    title, meta, body = (f"(instr({column}, {parameter}) > 0)" for column in ("title", "meta", "body"))
    return f"-({_TITLE_WEIGHT} * {title} + {_META_WEIGHT} * {meta} + {body} * {_DAMPING})"


def substring_scores(conn: sqlite3.Connection, text: str) -> dict[int, float]:
    """The search_index rowids of the entries containing `text` anywhere, each with a score (lower is
    better, as bm25's). Three characters or more: the trigram index and its bm25, case-insensitively,
    reading no text. Shorter: a scan of the texts the trigram index holds (only those with such
    characters, which bounds it however large the rest of the project is), scored as `scanned` scores."""
    text = normalized(text)
    if len(text) >= TRIGRAM:
        expression = '"' + text.replace('"', '""') + '"'
        matching = f"SELECT rowid, {SCORE} AS score FROM search_trigram WHERE search_trigram MATCH ?"
        return _to_search_refs(conn, matching, [expression])
    scan = f"SELECT rowid, {_score('?1')} AS score FROM search_trigram WHERE {_has('?1')}"
    return _to_search_refs(conn, scan, [text])


class _Scan:
    """The WHERE clause, per-group scores and parameters of a scan of the trigram index's texts."""

    def __init__(self, any_of: Sequence[Sequence[str]], excluded: Sequence[str], within: str) -> None:
        self.parameters: dict[str, object] = {}
        names: dict[str, str] = {}

        def name(text: str) -> str:
            if text not in names:
                names[text] = f":t{len(names)}"
                self.parameters[names[text][1:]] = normalized(text)
            return names[text]

        conditions = [" OR ".join(_has(name(text)) for text in group) for group in any_of]
        conditions += [f"NOT {_has(name(text))}" for text in excluded]
        if within:
            conditions.append("search_trigram MATCH :within")
            self.parameters["within"] = within
        self.where = " AND ".join(f"({condition})" for condition in conditions)
        self.score = " + ".join(
            f"min({', '.join(_score(name(text)) for text in group)})"
            if len(group) > 1
            else _score(name(group[0]))
            for group in any_of
        )


def scanned(
    conn: sqlite3.Connection,
    any_of: Sequence[Sequence[str]],
    excluded: Sequence[str],
    newest: int | None,
    within: str = "",
) -> list[tuple[str, int, float]]:
    """(kind, trigram rowid, score) of the entries with one text of each of `any_of`'s groups and none
    of `excluded`, in any column, newest first: only the `newest` most recently added when given (None:
    all), so a window of the most recent matches stops the scan early. A group scores its best text's
    score, and the groups' scores add up (as search combines its terms). `within`, a MATCH expression
    every such entry matches, lets the trigram index pick the entries to read."""
    scan = _Scan(any_of, excluded, within)
    rows = conn.execute(
        f"""SELECT t.kind, found.rowid, found.score FROM (
                SELECT rowid, {scan.score} AS score FROM search_trigram WHERE {scan.where}
                ORDER BY rowid DESC LIMIT :newest) found
            JOIN search_trigram_refs t ON t.id = found.rowid""",
        {**scan.parameters, "newest": -1 if newest is None else newest},
    )
    return rows.fetchall()


def scanned_counts(
    conn: sqlite3.Connection, any_of: Sequence[Sequence[str]], excluded: Sequence[str], within: str = ""
) -> dict[str, int]:
    """How many entries of each kind `scanned` finds, every one counted (nothing scored)."""
    scan = _Scan(any_of, excluded, within)
    rows = conn.execute(
        f"""SELECT t.kind, count(*) FROM search_trigram s JOIN search_trigram_refs t ON t.id = s.rowid
            WHERE {scan.where} GROUP BY t.kind""",
        scan.parameters,
    )
    return dict(rows.fetchall())


def entry_texts(
    conn: sqlite3.Connection, rowids: Iterable[int], trigram: bool = False
) -> dict[int, tuple[str, str, str]]:
    """The (title, meta, body) indexed for each rowid of the word index (of the trigram index when
    `trigram`); a document's body is left out (its excerpt is cut from the document's own text around
    the first match)."""
    table, refs = ("search_trigram", "search_trigram_refs") if trigram else ("search_index", "search_refs")
    rows = conn.execute(
        f"""SELECT i.rowid, i.title, i.meta, CASE WHEN r.kind = 'document' THEN '' ELSE i.body END
           FROM {table} i JOIN {refs} r ON r.id = i.rowid
           WHERE i.rowid IN (SELECT value FROM json_each(?))""",
        [json.dumps(list(rowids))],
    )
    return {rowid: (title, meta, body) for rowid, title, meta, body in rows}


def reach(text: str, position: int, columns: int) -> int:
    """The index `columns` display columns before (negative) or after `position` in `text`, counting a
    wide character (East Asian Wide or Fullwidth) as two; an excerpt cut there shows a Chinese match as
    far from its edge as a Latin one."""
    step = -1 if columns < 0 else 1
    window = text[max(0, position + columns) : position] if step < 0 else text[position : position + columns]
    # No wide character (the first wide block, Hangul Jamo, starts at U+1100): a column per code point,
    # found without asking unicodedata about each character of every search snippet.
    if not window or max(window) < "\u1100":
        return max(0, position + columns) if step < 0 else min(len(text), position + columns)
    # Each character's columns, summed in C: the cut is where the running total reaches `columns`
    # (half the time of a per-character loop).
    chars = reversed(window) if step < 0 else window
    totals = list(
        accumulate(2 if c >= "\u1100" and unicodedata.east_asian_width(c) in "WF" else 1 for c in chars)
    )
    moved = min(bisect_left(totals, abs(columns)) + 1, len(totals))
    return position + step * moved
