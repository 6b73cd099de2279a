"""Search in scripts written without spaces (Chinese, Japanese, Thai, Korean...): the trigram index, and
a scan of the texts it holds for terms shorter than a trigram."""

from __future__ import annotations

import json
import re
import sqlite3
import unicodedata
from collections.abc import Iterable

from annotator.store.schema import SPACELESS_RANGES

_SPACELESS = re.compile(f"[{SPACELESS_RANGES}]")
# The trigram tokenizer cannot match fewer characters than this.
TRIGRAM = 3
# bm25-like weights of (title, meta, body) matches, and the body length at which a body match counts half:
# a long text with one mention should not outrank a short one about the subject.
_TITLE_WEIGHT, _META_WEIGHT, _BODY_HALF_LENGTH = 10.0, 5.0, 2000.0


def is_spaceless(text: str) -> bool:
    """Whether `text` has a character of a script whose words are not separated by spaces, which the
    word index cannot find inside a longer run (see schema._V9_TRIGRAM)."""
    return _SPACELESS.search(text) is not None


def _to_search_refs(conn: sqlite3.Connection, trigram_sql: str, parameters: list[str]) -> set[int]:
    """The search_index rowids of the trigram entries that `trigram_sql` selects (by rowid)."""
    rows = conn.execute(
        f"""SELECT r.id FROM search_trigram_refs t
            JOIN search_refs r ON r.kind = t.kind AND r.ref_id = t.ref_id
            WHERE t.id IN ({trigram_sql})""",
        parameters,
    )
    return {row[0] for row in rows}


def substring_rows(conn: sqlite3.Connection, text: str) -> set[int]:
    """The search_index rowids of the entries containing `text` anywhere (case-insensitively for three
    characters or more, as the trigram index matches; exactly for shorter ones)."""
    text = " ".join(text.split())
    if len(text) >= TRIGRAM:
        expression = '"' + text.replace('"', '""') + '"'
        matching = "SELECT rowid FROM search_trigram WHERE search_trigram MATCH ?"
        return _to_search_refs(conn, matching, [expression])
    # Too short for a trigram: scan the texts, only those of the rows the trigram index holds (the ones
    # with such characters), which bounds the scan however large the rest of the project is.
    return _to_search_refs(
        conn,
        "SELECT rowid FROM search_trigram WHERE instr(title, ?) OR instr(meta, ?) OR instr(body, ?)",
        [text, text, text],
    )


def scores(conn: sqlite3.Connection, rowids: Iterable[int], terms: list[str]) -> dict[int, float]:
    """A score per search_index rowid, lower is better as bm25's: occurrences of the spaceless `terms`,
    weighted by column, a body's damped by its length."""
    terms = [" ".join(term.split()) for term in terms if is_spaceless(term) and term.strip()]
    counts = [
        f"(length({column}) - length(replace({column}, ?, ''))) / length(?)"
        for column in ("title", "meta", "body")
        for _ in terms
    ]
    per_column = len(terms)
    selected = ", ".join(counts) if counts else "0"
    parameters = [value for _column in range(3) for term in terms for value in (term, term)]
    result: dict[int, float] = {}
    for rowid, body_length, *found in conn.execute(
        f"SELECT rowid, length(body), {selected} FROM search_index "
        "WHERE rowid IN (SELECT value FROM json_each(?))",
        [*parameters, json.dumps(list(rowids))],
    ):
        title, meta, body = (sum(found[i * per_column : (i + 1) * per_column]) for i in range(3))
        damping = _BODY_HALF_LENGTH / (_BODY_HALF_LENGTH + (body_length or 0))
        result[rowid] = -(_TITLE_WEIGHT * title + _META_WEIGHT * meta + body * damping)
    return result


def entry_texts(conn: sqlite3.Connection, rowids: Iterable[int]) -> dict[int, tuple[str, str, str]]:
    """The (title, meta, body) indexed for each rowid; a document's body is left out (its excerpt is cut
    from the document's own text around the first match)."""
    rows = conn.execute(
        """SELECT i.rowid, i.title, i.meta, CASE WHEN r.kind = 'document' THEN '' ELSE i.body END
           FROM search_index i JOIN search_refs r ON r.id = i.rowid
           WHERE i.rowid IN (SELECT value FROM json_each(?))""",
        [json.dumps(list(rowids))],
    )
    return {rowid: (title, meta, body) for rowid, title, meta, body in rows}


def reach(text: str, position: int, columns: int) -> int:
    """The index `columns` display columns before (negative) or after `position` in `text`, counting a
    wide character (East Asian Wide or Fullwidth) as two; an excerpt cut there shows a Chinese match as
    far from its edge as a Latin one."""
    step = -1 if columns < 0 else 1
    budget, index = abs(columns), position
    while budget > 0 and 0 <= index + (step if step < 0 else 0) < len(text):
        char = text[index - 1] if step < 0 else text[index]
        budget -= 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
        index += step
    return index
