"""Full-text search over documents, claims, events, verdicts and evidence (the FTS5 index, schema v3)."""

from __future__ import annotations

import functools
import heapq
import json
import re
import sqlite3
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from annotator.store import script_search
from annotator.store.project import Project

KINDS: tuple[str, ...] = ("document", "claim", "event", "verdict", "evidence")

# bm25 weights of the index's columns (title, meta, body): a word in a title or a claim's statement says
# more about a row than the same word once in a long body.
_WEIGHTS = "10.0, 5.0, 1.0"
# snippet() marks matches with control characters that real text does not contain; they are turned into
# highlight offsets, so the GUI can style matches and no marker can be confused with the text's own
# brackets or «guillemets».
_OPEN, _CLOSE = "\x02", "\x03"
_SNIPPET_TOKENS = 16
# The excerpt cut around a document's first match, in columns either side (about as long as FTS5's): a
# code point each, two for a wide one (Chinese, Japanese, Korean), so the match stays as far in.
_CONTEXT_BEFORE, _CONTEXT_AFTER = 60, 100
_OPERATORS = frozenset({"AND", "OR", "NOT"})
_TITLE_LIMIT = 160


@dataclass(frozen=True)
class Snippet:
    """A one-line excerpt around the matches; `highlights` are (start, end) code-point offsets in `text`."""

    text: str
    highlights: tuple[tuple[int, int], ...] = ()

    def marked(self, open_mark: str = "«", close_mark: str = "»") -> str:
        """The excerpt with every match between the marks, for plain-text output."""
        parts: list[str] = []
        position = 0
        for start, end in self.highlights:
            parts += [self.text[position:start], open_mark, self.text[start:end], close_mark]
            position = end
        parts.append(self.text[position:])
        return "".join(parts)


@dataclass(frozen=True)
class SearchHit:
    """One matching row, with what a result list shows and where selecting it leads.

    `document_id`, `start` and `end` (code points) say what to open: a claim's or span evidence's span;
    a verdict's claim; for a document, its first match in the text (None when only metadata matched).
    """

    kind: str  # one of KINDS
    id: str  # the row's id in its own table
    title: str  # one line: document or event title, claim statement (or quote), verdict, evidence note
    context: str  # one line: where the hit is (a claim's document, a verdict's claim, an event's date)
    snippet: Snippet
    score: float  # bm25 with column weights: lower is better; comparable within one search only
    document_id: str | None = None
    start: int | None = None
    end: int | None = None
    claim_id: str | None = None  # the claim a verdict or evidence is about


@dataclass(frozen=True)
class SearchResults:
    """Hits grouped by kind (every kind of KINDS present, best first) and how many matched in all.

    When `ranked_among` is set, the query matched more entries than were worth ranking: each kind's
    hits are the best among the `ranked_among` most recently added matching entries, and `totals` count
    only those. count_matches counts every match; the search dialog asks it once the first page is on
    screen (counting a phrase is a sixth of its search; for one Chinese character, a read of every text).
    """

    query: str
    expression: str  # the FTS5 MATCH expression the query became; "" when it had nothing to search for
    hits: dict[str, list[SearchHit]] = field(default_factory=lambda: {kind: [] for kind in KINDS})
    totals: dict[str, int] = field(default_factory=lambda: {kind: 0 for kind in KINDS})
    ranked_among: int | None = None

    @property
    def total(self) -> int:
        """How many entries matched; of the window only when `ranked_among` is set."""
        return sum(self.totals.values())

    def is_empty(self) -> bool:
        return self.total == 0


@dataclass(frozen=True)
class Term:
    """A word or "quoted phrase" of a user's query."""

    text: str
    prefix: bool = False  # a trailing * : the last word is a prefix
    negated: bool = False  # a leading - (or NOT before it): rows containing it are left out


@dataclass(frozen=True)
class ParsedQuery:
    """A query as alternatives of terms that must all match (`any_of`), and terms that must not."""

    any_of: tuple[tuple[Term, ...], ...]
    excluded: tuple[Term, ...]

    @property
    def positive(self) -> list[Term]:
        return [term for group in self.any_of for term in group]


def _has_token(text: str) -> bool:
    # FTS5's unicode61 tokenizer indexes letters and digits; a term without any (e.g. "-", ":", "*")
    # becomes an empty phrase, which matches nothing and would make the whole AND match nothing.
    return any(char.isalnum() for char in text)


def _lex(query: str) -> list[Term | str]:
    """Terms and operator words (AND, OR, NOT) in order; quotes need not balance."""
    # FTS5 reads the expression as a C string: a NUL would cut it short, inside a quoted term.
    query = query.replace("\x00", " ")
    items: list[Term | str] = []
    position, length = 0, len(query)
    while position < length:
        char = query[position]
        if char.isspace():
            position += 1
            continue
        negated = False
        if char == "-" and position + 1 < length and query[position + 1] == '"':
            negated, position = True, position + 1
        if query[position] == '"':
            close = query.find('"', position + 1)
            close = length if close < 0 else close  # an unbalanced quote runs to the end
            text = query[position + 1 : close]
            position = close + 1
            prefix = False
            while position < length and query[position] == "*":
                prefix, position = True, position + 1
            items.append(Term(text, prefix, negated))
            continue
        end = position
        while end < length and not query[end].isspace() and query[end] != '"':
            end += 1
        word, position = query[position:end], end
        if word in _OPERATORS:
            items.append(word)
            continue
        stripped = word.lstrip("-")
        negated = stripped != word and _has_token(stripped)
        word = stripped if negated else word
        bare = word.rstrip("*")
        items.append(Term(bare, prefix=bare != word, negated=negated))
    return items


def parse_query(query: str) -> ParsedQuery:
    """Words (all must match), "phrases", prefix*, -excluded, and OR / AND / NOT between two terms.

    An operator word anywhere else (alone, first, last, doubled) is searched as an ordinary word, and
    terms with nothing to search for ("-", ":", "*") are dropped, so any text is a valid query.
    """
    items = _lex(query)

    def is_term(index: int) -> bool:
        return 0 <= index < len(items) and isinstance(items[index], Term)

    groups: list[list[Term]] = []
    excluded: list[Term] = []
    joined = negate_next = False
    for index, item in enumerate(items):
        if isinstance(item, str):
            if is_term(index - 1) and is_term(index + 1):
                joined = item == "OR"
                negate_next = item == "NOT"
                continue
            item = Term(item)
        if not _has_token(item.text):
            joined = negate_next = False
            continue
        if negate_next or item.negated:
            excluded.append(Term(item.text, item.prefix, negated=True))
        elif joined and groups:
            groups[-1].append(item)
        else:
            groups.append([item])
        joined = negate_next = False
    return ParsedQuery(tuple(tuple(group) for group in groups), tuple(excluded))


def _fts_string(term: Term) -> str:
    # Inside an FTS5 string only the double quote is special (doubled to escape it), so every word,
    # operator and punctuation mark the user typed is searched as text, never parsed as syntax.
    return '"' + term.text.replace('"', '""') + '"' + ("*" if term.prefix else "")


def match_expression(query: str | ParsedQuery) -> str:
    """The user's query as a safe FTS5 MATCH expression; "" when there is nothing to search for."""
    parsed = parse_query(query) if isinstance(query, str) else query
    if not parsed.any_of:
        return ""  # FTS5 cannot match "everything except X", so a query of exclusions finds nothing
    groups = [" OR ".join(_fts_string(term) for term in group) for group in parsed.any_of]
    expression = " AND ".join(f"({group})" if " OR " in group else group for group in groups)
    if parsed.excluded:
        expression = f"({expression})" + "".join(f" NOT {_fts_string(term)}" for term in parsed.excluded)
    return expression


def _parse_snippet(raw: str) -> Snippet:
    """Split snippet() output into one line of text and the offsets of its highlighted matches."""
    text = ""
    highlights: list[tuple[int, int]] = []
    opened: int | None = None
    for piece in re.split(f"([{_OPEN}{_CLOSE}])", " ".join(raw.split())):
        if piece == _OPEN:
            opened = len(text)
        elif piece == _CLOSE:
            if opened is not None and len(text) > opened:
                highlights.append((opened, len(text)))
            opened = None
        else:
            text += piece
    return Snippet(text, tuple(highlights))


def _one_line(text: str, limit: int = _TITLE_LIMIT) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


# Python's regular expressions cannot ignore diacritics, so a first match in a document's text is found
# with a character class per letter holding every character that folds to it ("t" -> tTţŢťŤțȚ...), plus
# any combining marks of decomposed text. Like FTS5's `remove_diacritics 2`, only letters with a Latin
# base are folded: "й" stays distinct from "и", "ά" from "α".
_MARK = "[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]"
_TOKEN = re.compile(r"[^\W_]+")


def _fold(char: str) -> str:
    lowered = char.lower() if len(char.lower()) == 1 else char
    base = "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c)).lower()
    return base if len(base) == 1 and base.isascii() else lowered


@functools.cache
def _variants() -> dict[str, str]:
    """For each folded character, every character below U+3000 (Latin, Greek, Cyrillic...) folding to it."""
    groups: dict[str, set[str]] = defaultdict(set)
    for code in range(0x3000):
        char = chr(code)
        folded = _fold(char)
        if folded != char:
            groups[folded].update((char, folded))
    return {folded: "".join(sorted(chars)) for folded, chars in groups.items()}


def _char_pattern(char: str) -> str:
    folded = _fold(char)
    chars = _variants().get(folded, "") or (folded + char + char.upper())
    return "[" + "".join(re.escape(c) for c in sorted(set(chars))) + "]" + _MARK + "*"


def _term_pattern(term: Term) -> str | None:
    if script_search.is_spaceless(term.text):
        # Found anywhere, as the trigram index finds it: such scripts do not put spaces between words.
        chars = " ".join(term.text.split())
        return "".join(r"\s+" if char == " " else _char_pattern(char) for char in chars) or None
    tokens = _TOKEN.findall(term.text)
    if not tokens:
        return None
    body = r"[\W_]+".join("".join(_char_pattern(char) for char in token) for token in tokens)
    # A prefix match runs to the end of its word, as FTS5 highlights the whole token.
    return r"(?<![^\W_])" + body + (rf"(?:[^\W_]|{_MARK})*" if term.prefix else r"(?![^\W_])")


def _matcher(parsed: ParsedQuery) -> re.Pattern[str] | None:
    patterns = [pattern for term in parsed.positive if (pattern := _term_pattern(term))]
    return re.compile("|".join(f"(?:{pattern})" for pattern in patterns)) if patterns else None


def first_match(text: str, query: str | ParsedQuery) -> tuple[int, int] | None:
    """The code-point span of the earliest word or phrase of `query` in `text`, matched as FTS5 does
    (whole words, case and diacritics ignored, prefix*); None if the text has none."""
    matcher = _matcher(parse_query(query) if isinstance(query, str) else query)
    found = matcher.search(text) if matcher is not None else None
    return (found.start(), found.end()) if found else None


def _text_snippet(text: str, span: tuple[int, int], matcher: re.Pattern[str]) -> Snippet:
    """An excerpt of `text` around `span` with every match in it highlighted, cut at whitespace."""
    start, end = span
    left = script_search.reach(text, start, -_CONTEXT_BEFORE)
    right = script_search.reach(text, end, _CONTEXT_AFTER)
    if left > 0 and (space := re.search(r"\s", text[left:start])):
        left += space.end()
    if right < len(text) and (spaces := [m.start() for m in re.finditer(r"\s", text[end:right])]):
        right = end + spaces[-1]
    pieces = ["…" if left > 0 else ""]
    position = left
    for found in matcher.finditer(text, left, right):
        pieces += [text[position : found.start()], _OPEN, found.group(), _CLOSE]
        position = found.end()
    pieces += [text[position:right], "…" if right < len(text) else ""]
    return _parse_snippet("".join(pieces))


class _Index(NamedTuple):
    """An FTS5 table, the table of the (kind, ref_id) each of its rowids stands for, and its score."""

    table: str
    refs: str
    score: str


_WORD_INDEX = _Index("search_index", "search_refs", f"bm25(search_index, {_WEIGHTS})")
# Scripts without spaces (store/script_search.py): rowids of its own, each standing for a (kind, ref_id).
_TRIGRAM_INDEX = _Index("search_trigram", "search_trigram_refs", script_search.SCORE)


@functools.cache
def _sql(index: _Index) -> dict[str, str]:
    """The statements that rank and count an index's matches of a MATCH expression."""
    table, refs, score = index
    return {
        # Every hit's kind and bm25 score, in one pass of the index. The best few per kind are picked
        # in Python (a heap per kind): ranking with window functions sorted all of them, 40,000 rows for
        # a common word over 10,000 documents, which cost more than computing the scores.
        "scored": f"""
            SELECT r.kind, {table}.rowid, {score}
            FROM {table} JOIN {refs} r ON r.id = {table}.rowid
            WHERE {table} MATCH ?""",
        # The same for only the `?` most recently added matching entries: FTS5 walks its index newest
        # first and stops there, so neither the scores nor the kinds of older matches are computed.
        "recent": f"""
            SELECT r.kind, recent.rowid, recent.score
            FROM (SELECT rowid, {score} AS score FROM {table}
                  WHERE {table} MATCH ? ORDER BY rowid DESC LIMIT ?) recent
            JOIN {refs} r ON r.id = recent.rowid""",
        # How many entries of each kind match (count_matches).
        "count by kind": f"""
            SELECT r.kind, count(*) FROM {table} JOIN {refs} r ON r.id = {table}.rowid
            WHERE {table} MATCH ? GROUP BY r.kind""",
        "refs": f"SELECT id, ref_id FROM {refs} WHERE id IN (SELECT value FROM json_each(?))",
    }


# A query matching more entries than this is ranked among this many of the most recently added ones.
# bm25 over every match of a word found in nearly every document is 40-60 ms at 10,000 documents (and
# grows with the project) before anything is shown; these few thousand are ranked in a few ms. Rarer
# queries, the usual case, are ranked over all their matches.
RANK_WINDOW = 2000

_Ranked = list[tuple[str, int, str, float, int]]


def _ranked(
    conn: sqlite3.Connection, expression: str, limit: int, window: int | None, index: _Index = _WORD_INDEX
) -> tuple[_Ranked, bool]:
    """(kind, rowid, ref id, score, hits of that kind) of the `limit` best hits of each kind, best first,
    and whether more entries matched than the `window` newest ones that were ranked. One more than the
    window is asked for, so the answer needs no count (a second pass for a phrase)."""
    if window is None:
        return _best(conn, conn.execute(_sql(index)["scored"], [expression]), limit, index), False
    rows = conn.execute(_sql(index)["recent"], [expression, window + 1]).fetchall()
    windowed = len(rows) > window
    if windowed:
        rows.remove(min(rows, key=lambda row: row[1]))  # the oldest
    return _best(conn, rows, limit, index), windowed


def _best(
    conn: sqlite3.Connection, rows: Iterable[tuple[str, int, float]], limit: int, index: _Index
) -> _Ranked:
    """_ranked's rows from (kind, rowid, score) rows of `index`."""
    scored: dict[str, list[tuple[float, int]]] = defaultdict(list)
    for kind, rowid, score in rows:
        scored[kind].append((score, rowid))
    best = {kind: heapq.nsmallest(limit, hits) for kind, hits in scored.items()}
    wanted = json.dumps([rowid for hits in best.values() for _, rowid in hits])
    refs = dict(conn.execute(_sql(index)["refs"], [wanted]).fetchall())
    ranked = [
        (kind, rowid, refs[rowid], score, len(scored[kind]))
        for kind, hits in best.items()
        for score, rowid in hits
    ]
    ranked.sort(key=lambda row: (row[3], row[1]))
    return ranked


def count_matches(project: Project, query: str) -> dict[str, int]:
    """How many entries of each kind match `query`, all of them counted (SearchResults.totals counts
    only the ranked window when `ranked_among` is set)."""
    parsed = parse_query(query)
    expression = match_expression(parsed)
    totals = dict.fromkeys(KINDS, 0)
    if not expression:
        return totals
    index = _WORD_INDEX
    if _has_substrings(parsed):
        if _one_trigram_expression(parsed):
            expression, index = _trigram_expression(parsed), _TRIGRAM_INDEX
        elif _one_scan(parsed):
            # A read of every text (0.3 s for one character over 10,000 documents), scoring nothing.
            totals.update(script_search.scanned_counts(project.conn, *_scan_arguments(parsed)))
            return totals
        else:
            for kind, _, _, _, total in _substring_found(project, parsed, 1, None).ranked:
                totals[kind] = total
            return totals
    totals.update(dict(project.conn.execute(_sql(index)["count by kind"], [expression]).fetchall()))
    return totals


# Snippets only for the rows shown: snippet() reads each row's stored text, ranking does not. A
# document's body is left out (CASE is lazy): snippet() tokenizes the whole column, which takes seconds
# for a 5 MB text, so its excerpt is cut in Python around the first match; its title and metadata
# (columns 0 and 1) are short and come from snippet() as a fallback. The unary + keeps the rowid list
# from FTS5: given it, FTS5 runs the whole query again for each wanted row, 6 ms each for a prefix*;
# the range it is given instead lets it skip the matches outside the wanted rows' span.
_SNIPPET_SQL = f"""
    SELECT search_index.rowid,
           CASE WHEN r.kind = 'document'
                THEN snippet(search_index, 1, '{_OPEN}', '{_CLOSE}', '…', {_SNIPPET_TOKENS})
                ELSE snippet(search_index, -1, '{_OPEN}', '{_CLOSE}', '…', {_SNIPPET_TOKENS}) END,
           CASE WHEN r.kind = 'document'
                THEN snippet(search_index, 0, '{_OPEN}', '{_CLOSE}', '…', {_SNIPPET_TOKENS}) END
    FROM search_index JOIN search_refs r ON r.id = search_index.rowid
    WHERE search_index MATCH ? AND search_index.rowid BETWEEN ? AND ?
      AND +search_index.rowid IN (SELECT value FROM json_each(?))
"""

_CLAIM_TEXT = "CASE WHEN c.statement != '' THEN c.statement ELSE c.exact END"

# Per kind: (id, title, context, document id, start, end, claim id) of the rows whose ids are in ?.
_DETAILS_SQL: dict[str, str] = {
    "document": """
        SELECT id, title, CASE WHEN publisher != '' THEN publisher ELSE source_filename END,
               id, NULL, NULL, NULL
        FROM documents WHERE id IN (SELECT value FROM json_each(?))""",
    "claim": f"""
        SELECT c.id, {_CLAIM_TEXT}, d.title, c.document_id, c.start, c."end", c.id
        FROM claims c JOIN documents d ON d.id = c.document_id
        WHERE c.id IN (SELECT value FROM json_each(?))""",
    "event": """
        SELECT id, title, date_text, NULL, NULL, NULL, NULL
        FROM events WHERE id IN (SELECT value FROM json_each(?))""",
    "verdict": f"""
        SELECT v.id,
               COALESCE(l.display, v.label) || CASE WHEN v.conclusion != '' THEN ': ' || v.conclusion
                                                    ELSE '' END || ' (as of ' || v.as_of || ')',
               {_CLAIM_TEXT}, c.document_id, c.start, c."end", c.id
        FROM verdicts v JOIN claims c ON c.id = v.claim_id
        LEFT JOIN verdict_labels l ON l.label = v.label
        WHERE v.id IN (SELECT value FROM json_each(?))""",
    "evidence": f"""
        SELECT e.id, CASE WHEN e.note != '' THEN e.note WHEN e.exact != '' THEN e.exact ELSE e.url END,
               e.stance || ': ' || {_CLAIM_TEXT}, e.document_id, e.start, e."end", e.claim_id
        FROM evidence e JOIN claims c ON c.id = e.claim_id
        WHERE e.id IN (SELECT value FROM json_each(?))""",
}


def search(
    project: Project, query: str, limit_per_kind: int = 50, rank_window: int | None = RANK_WINDOW
) -> SearchResults:
    """Search everything; up to `limit_per_kind` hits per kind, best (bm25) first.

    A query matching more than `rank_window` entries is ranked among the `rank_window` most recently
    added of them (see SearchResults.ranked_among); None ranks every match, however many.
    Never raises on what a user types: the query becomes a safe FTS5 expression (see `parse_query`).
    """
    parsed = parse_query(query)
    expression = match_expression(parsed)
    hits: dict[str, list[SearchHit]] = {kind: [] for kind in KINDS}
    totals = dict.fromkeys(KINDS, 0)
    if not expression:
        return SearchResults(query, expression, hits, totals)
    conn = project.conn
    matcher = _matcher(parsed)
    substrings = _has_substrings(parsed)
    # At least one row per kind is ranked, so the totals are known even when no hits are wanted.
    if substrings:
        found = _substring_found(project, parsed, max(limit_per_kind, 1), rank_window)
    else:
        found = _Found(*_ranked(conn, expression, max(limit_per_kind, 1), rank_window))
    ranked = found.ranked
    for kind, _, _, _, total in ranked:
        totals[kind] = total
    among = rank_window if found.windowed else None
    if limit_per_kind <= 0:
        return SearchResults(query, expression, hits, totals, among)
    if substrings:
        snippets = _substring_snippets(project, [row[1] for row in ranked], matcher, found.trigram)
    else:
        wanted = [row[1] for row in ranked]
        parameters = [expression, min(wanted, default=0), max(wanted, default=0), json.dumps(wanted)]
        snippets = {
            rowid: [_parse_snippet(raw) for raw in raws if raw is not None]
            for rowid, *raws in conn.execute(_SNIPPET_SQL, parameters)
        }
    for kind in KINDS:
        rows = [row for row in ranked if row[0] == kind]
        if not rows:
            continue
        ids = json.dumps([row[2] for row in rows])
        details = {row[0]: row[1:] for row in conn.execute(_DETAILS_SQL[kind], [ids])}
        for _, rowid, ref_id, score, _ in rows:
            if ref_id not in details:
                continue  # an index entry without its row: cannot happen while the triggers stand
            title, context, document_id, start, end, claim_id = details[ref_id]
            candidates = snippets.get(rowid, [])
            if kind == "document":
                body = _document_body_match(project, ref_id, matcher)
                if body is not None:
                    (start, end), excerpt = body
                    candidates = [excerpt]
            snippet = next(
                (s for s in candidates if s.highlights), candidates[0] if candidates else Snippet("")
            )
            hits[kind].append(
                SearchHit(
                    kind=kind,
                    id=ref_id,
                    title=_one_line(title or "(untitled)"),
                    context=_one_line(context or ""),
                    snippet=snippet,
                    score=score,
                    document_id=document_id,
                    start=start,
                    end=end,
                    claim_id=claim_id,
                )
            )
    return SearchResults(query, expression, hits, totals, among)


def _term_scores(project: Project, term: Term) -> dict[int, float]:
    """The search_index rowids of the entries a term matches, from the index that suits its script, each
    with its bm25-like score (lower is better)."""
    if script_search.is_spaceless(term.text):
        return script_search.substring_scores(project.conn, term.text)
    matching = f"SELECT rowid, bm25(search_index, {_WEIGHTS}) FROM search_index WHERE search_index MATCH ?"
    return dict(project.conn.execute(matching, [_fts_string(term)]).fetchall())


def _has_substrings(parsed: ParsedQuery) -> bool:
    """Whether a term is in a script without spaces, which the trigram index serves."""
    return any(script_search.is_spaceless(term.text) for term in (*parsed.positive, *parsed.excluded))


def _one_trigram_expression(parsed: ParsedQuery) -> bool:
    """Whether the trigram index alone answers the whole query: every term is of a script without spaces
    and at least three characters long."""
    return all(script_search.matchable(term.text) for term in (*parsed.positive, *parsed.excluded))


def _trigram_expression(parsed: ParsedQuery) -> str:
    """The query as a MATCH expression of the trigram index (when _one_trigram_expression): each term a
    substring (a trailing * means nothing there), combined as the word index combines words."""

    def substring(term: Term) -> Term:
        return Term(script_search.normalized(term.text), negated=term.negated)

    return match_expression(
        ParsedQuery(
            tuple(tuple(substring(term) for term in group) for group in parsed.any_of),
            tuple(substring(term) for term in parsed.excluded),
        )
    )


def _one_scan(parsed: ParsedQuery) -> bool:
    """Whether one scan of the trigram index's texts answers the whole query: every term is of a script
    without spaces."""
    return all(script_search.is_spaceless(term.text) for term in (*parsed.positive, *parsed.excluded))


def _scan_arguments(parsed: ParsedQuery) -> tuple[list[list[str]], list[str], str]:
    """script_search.scanned's groups, exclusions and narrowing expression for a query (_one_scan): the
    groups of long terms only narrow the scan down to what the trigram index finds for them."""
    narrowing = ParsedQuery(
        tuple(group for group in parsed.any_of if all(script_search.matchable(t.text) for t in group)), ()
    )
    return (
        [[term.text for term in group] for group in parsed.any_of],
        [term.text for term in parsed.excluded],
        _trigram_expression(narrowing) if narrowing.any_of else "",
    )


@dataclass(frozen=True)
class _Found:
    """What ranking found: _ranked's rows, and how."""

    ranked: _Ranked
    windowed: bool = False  # only the window's most recently added matches were ranked
    trigram: bool = False  # the rowids are the trigram index's (else the word index's)


def _substring_found(
    project: Project, parsed: ParsedQuery, limit_per_kind: int, window: int | None
) -> _Found:
    """What _ranked gives for a query with a term in a script without spaces.

    Terms all of three characters or more: one expression of the trigram index, ranked and windowed
    inside FTS5 as words are (scoring and joining every match of a name in every document took half a
    second at 10,000 documents). Shorter ones among them, all in such scripts: a scan of the indexed
    texts, newest first, that stops after the window (a second for 白俄罗斯 战争 over 10,000 documents,
    when each term's every match was read and combined). Mixing scripts: each term's entries from its own
    index, combined in Python as the query says (an alternative's best score, summed over the terms that
    must all match), every match ranked.
    """
    conn = project.conn
    if _one_trigram_expression(parsed):
        expression = _trigram_expression(parsed)
        return _Found(*_ranked(conn, expression, limit_per_kind, window, _TRIGRAM_INDEX), trigram=True)
    if _one_scan(parsed):
        any_of, excluded, within = _scan_arguments(parsed)
        rows = script_search.scanned(conn, any_of, excluded, None if window is None else window + 1, within)
        windowed = window is not None and len(rows) > window
        if windowed:
            rows.remove(min(rows, key=lambda row: row[1]))  # the oldest
        return _Found(_best(conn, rows, limit_per_kind, _TRIGRAM_INDEX), windowed=windowed, trigram=True)
    return _Found(_combined_ranked(project, parsed, limit_per_kind))


def _combined_ranked(project: Project, parsed: ParsedQuery, limit_per_kind: int) -> _Ranked:
    """_ranked's rows for a query mixing scripts or short substrings, from every match of each term."""
    matched: dict[int, float] | None = None
    for group in parsed.any_of:
        alternatives: dict[int, float] = {}
        for term in group:
            for rowid, score in _term_scores(project, term).items():
                alternatives[rowid] = min(score, alternatives.get(rowid, score))
        if matched is None:
            matched = alternatives
        else:
            matched = {
                rowid: score + alternatives[rowid]
                for rowid, score in matched.items()
                if rowid in alternatives
            }
    for term in parsed.excluded:
        excluded = _term_scores(project, term)
        matched = {rowid: score for rowid, score in (matched or {}).items() if rowid not in excluded}
    if not matched:
        return []
    by_kind: dict[str, list[tuple[float, int, str]]] = defaultdict(list)
    for rowid, kind, ref_id in project.conn.execute(
        "SELECT id, kind, ref_id FROM search_refs WHERE id IN (SELECT value FROM json_each(?))",
        [json.dumps(sorted(matched))],
    ):
        by_kind[kind].append((matched[rowid], rowid, ref_id))
    ranked = [
        (kind, rowid, ref_id, score, len(rows))
        for kind, rows in by_kind.items()
        for score, rowid, ref_id in sorted(rows)[:limit_per_kind]
    ]
    return sorted(ranked, key=lambda row: row[3])


def _substring_snippets(
    project: Project, rowids: list[int], matcher: re.Pattern[str] | None, trigram: bool
) -> dict[int, list[Snippet]]:
    """Excerpts around the first match in each entry's title, meta or body, as snippet() would give;
    `rowids` are the trigram index's when `trigram`."""
    snippets: dict[int, list[Snippet]] = {}
    for rowid, columns in script_search.entry_texts(project.conn, rowids, trigram).items():
        found = []
        for text in columns:
            match = matcher.search(text) if matcher is not None else None
            if match is not None and matcher is not None:
                found.append(_text_snippet(text, match.span(), matcher))
        snippets[rowid] = found or [Snippet(_one_line(next((text for text in columns if text), "")))]
    return snippets


def _document_body_match(
    project: Project, document_id: str, matcher: re.Pattern[str] | None
) -> tuple[tuple[int, int], Snippet] | None:
    """The first match in a document's text and the excerpt around it; None if only metadata matched."""
    if matcher is None:
        return None
    row = project.conn.execute("SELECT text FROM documents WHERE id = ?", [document_id]).fetchone()
    found = matcher.search(row[0]) if row else None
    if found is None:
        return None
    span = (found.start(), found.end())
    return span, _text_snippet(row[0], span, matcher)
