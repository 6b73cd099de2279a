"""Re-anchoring claims onto a new version of a document: exact, moved, fuzzy (to confirm) or orphaned."""

from __future__ import annotations

import bisect
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal, NamedTuple

from rapidfuzz import fuzz, process
from rapidfuzz.distance import LCSseq

from annotator.domain.anchors import CONTEXT_CHARS, trim_span

Status = Literal["ok", "moved", "needs_confirmation", "orphaned"]

# Scores are rapidfuzz's 0..100 Indel similarity (fuzz.ratio). Between unrelated sentences of real prose it
# sits around 40 (99th percentile under 50), while one changed word, a typo fix or changed punctuation in
# a sentence keeps it above 85; 80 leaves room for a couple of edits and stays far from chance.
MATCH_THRESHOLD = 80.0
# partial_ratio scores a window exactly as long as the old quote, which undercounts a quote that grew
# (inserted words fall outside the window), so the search keeps looser hits and the refined span must
# then reach MATCH_THRESHOLD. A cutoff also lets rapidfuzz prune: without one a search costs many times more.
SEED_CUTOFF = 60.0
# Short quotes are searched for fuzzily only where their stored context still stands: elsewhere an 80%
# match is often chance. Deleting a random 24-character quote from real articles (the seed corpus) left
# such a match 13% of the time ("e on Russia has skyrocke" ~ "e on Russia has also le"), 6% at 32
# characters, and from about 64 on the matches were near-copies of the passage itself.
SHORT_QUOTE = 32
# Context found in more places than this (boilerplate, runs of spaces) does not point at one place.
MAX_CONTEXT_HITS = 16
# How far each end of a fuzzy span may move while fitting it to the quote.
MAX_SLACK = 128
# rapidfuzz's partial_ratio is exact and fast (bit-parallel) for needles of up to 64 code points; longer
# ones grow much worse than linearly (over 1 MB: 300 chars ~40 ms, 3,000 chars ~1 s, 10,000 chars ~20 s).
# So a long quote is searched by a few 64-character probes, and a light edit leaves at least one of them
# close to intact.
PROBE_CHARS = 64
MAX_PROBES = 3
# Fitting a span's end weighs each quote character it matches against each text character it takes in.
# Maximising fuzz.ratio instead would drop an edited word at the edge of the quote ("Item 352: Reportedly,
# The ..." fits better without its first 22 characters), which is exactly the text the user must see. At a
# quarter, an end takes in an edit if a third as many quote characters come with it, but not the next
# sentence for a few letters it shares with the quote by chance.
EXTRA_CHAR_COST = 0.25
# Fitting an end compares only this much of the quote's head or tail: Indel similarity is quadratic in
# length, and the far end of a long quote says nothing about where its near end is.
FIT_CHARS = 256
ZWJ = "\u200d"


@dataclass(frozen=True)
class Reanchored:
    """Where a claim lands in the new text: code-point start/end (-1 when orphaned) and a 0..100 score."""

    status: Status
    start: int
    end: int
    score: float


ORPHANED = Reanchored("orphaned", -1, -1, 0.0)


class _Quote(NamedTuple):
    start: int
    end: int
    exact: str
    prefix: str
    suffix: str


class _Text:
    """The new text plus occurrence lists memoised per string, shared by every claim being re-anchored."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._hits: dict[str, list[int]] = {}

    def occurrences(self, needle: str) -> list[int]:
        """Every start of `needle`, overlapping ones included ("aa" in "aaa" twice)."""
        hits = self._hits.get(needle)
        if hits is None:
            hits = []
            index = self.text.find(needle)
            while index != -1:
                hits.append(index)
                index = self.text.find(needle, index + 1)
            self._hits[needle] = hits
        return hits


def reanchor(
    text: str, start: int, end: int, exact: str, prefix: str, suffix: str, from_other_tool: bool = False
) -> Reanchored:
    """Find one stored anchor (W3C position + quote selectors) in `text`, a new version of its document."""
    return reanchor_all(text, [("", start, end, exact, prefix, suffix)], from_other_tool)[""]


def reanchor_all(
    text: str, anchors: Iterable[tuple[str, int, int, str, str, str]], from_other_tool: bool = False
) -> dict[str, Reanchored]:
    """Re-anchor many claims, given as (claim id, start, end, exact, prefix, suffix), onto `text`.

    Our own anchors carry CONTEXT_CHARS of context unless the text's start or end cut it, so a shorter
    context places the quote at that edge. Selectors made by other tools (`from_other_tool=True`) may
    carry any length of context, or none: a short one is then searched for like a long one; and a short
    quote is searched for through the whole text too, as Hypothesis does, since an imported placement
    is always for the user to confirm.

    Exact placements are made first for every claim; they then bound where each remaining claim's fuzzy
    search looks (between its neighbours' new places), so a large text is scanned whole only for claims
    whose quote cannot be found near where it should be.
    """
    shared = _Text(text)
    quotes = {
        claim_id: _Quote(start, end, exact, prefix, suffix)
        for claim_id, start, end, exact, prefix, suffix in anchors
    }
    results: dict[str, Reanchored] = {}
    for claim_id, quote in quotes.items():
        placed = _place_exact(shared, quote, expected=quote.start)
        if placed is not None:
            results[claim_id] = placed

    # Claims keep their order through an edit, so the exactly placed ones map old offsets to new ones.
    landmarks = sorted((quotes[claim_id].start, placed.start) for claim_id, placed in results.items())
    old_starts = [old for old, _ in landmarks]
    for claim_id, quote in quotes.items():
        if claim_id not in results:
            window, expected = _window(len(text), quote, landmarks, old_starts)
            results[claim_id] = _place_fuzzy(shared, quote, window, expected, from_other_tool)
    return results


def _place_exact(shared: _Text, quote: _Quote, expected: int) -> Reanchored | None:
    """Steps 1 and 2: the quote verbatim at its old place, or elsewhere (best context wins); else None."""
    text, exact = shared.text, quote.exact
    if not exact:
        return ORPHANED
    here = quote.start >= 0 and text[quote.start : quote.end] == exact
    if here and _context_at(text, quote.start, quote.end, quote.prefix, quote.suffix):
        return Reanchored("ok", quote.start, quote.end, 100.0)
    hits = shared.occurrences(exact)
    if not hits:
        return None
    # Even when the old place still holds the quote, another copy whose context matches better is the
    # claim's: after an insertion a repeated phrase can slide into the old offsets.
    start = hits[0] if len(hits) == 1 else _best_by_context(text, hits, quote, expected)
    status: Status = "ok" if here and start == quote.start else "moved"
    return Reanchored(status, start, start + len(exact), 100.0)


def _context_at(text: str, start: int, end: int, prefix: str, suffix: str) -> bool:
    return text[max(0, start - len(prefix)) : start] == prefix and text[end : end + len(suffix)] == suffix


def _best_by_context(text: str, hits: list[int], quote: _Quote, expected: int) -> int:
    """The occurrence whose surroundings are most like the stored prefix/suffix; ties go to `expected`."""
    length, before, after = len(quote.exact), len(quote.prefix), len(quote.suffix)
    # One comparison of "prefix|suffix" per occurrence, done in rapidfuzz's C loop with the query
    # preprocessed once, keeps thousands of hits of a short quote cheap.
    query = quote.prefix + "\x00" + quote.suffix
    contexts = [
        text[max(0, hit - before) : hit] + "\x00" + text[hit + length : hit + length + after] for hit in hits
    ]
    scored = process.extract(query, contexts, scorer=fuzz.ratio, limit=None)
    best = scored[0][1]
    return min(
        (hits[index] for _, score, index in scored if score == best), key=lambda hit: abs(hit - expected)
    )


def _window(
    size: int, quote: _Quote, landmarks: list[tuple[int, int]], old_starts: list[int]
) -> tuple[tuple[int, int], int]:
    """The stretch of the new text between the claim's exactly placed neighbours, and its likely start."""
    index = bisect.bisect_right(old_starts, quote.start)
    margin = 2 * len(quote.exact) + 2 * CONTEXT_CHARS
    lo, expected = 0, quote.start
    if index > 0:
        old, new = landmarks[index - 1]
        lo, expected = max(0, new - margin), new + quote.start - old
    hi = size
    if index < len(landmarks):
        hi = min(size, landmarks[index][1] + margin)
    if hi - lo < margin:  # neighbours out of order: the text was rearranged, so search it all
        lo, hi = 0, size
    return (lo, hi), expected


def _place_fuzzy(
    shared: _Text, quote: _Quote, window: tuple[int, int], expected: int, from_other_tool: bool
) -> Reanchored:
    """Steps 3 and 4: the span most like the quote, for the user to confirm; orphaned if none is close."""
    text, exact = shared.text, quote.exact
    candidates: list[tuple[float, int, int]] = []
    for start, end, between_context in _context_spans(shared, quote, cut_at_edges=not from_other_tool):
        if between_context:
            # Both context strings stand: whatever now lies between them replaced the quote, so that
            # whole stretch is the answer if it is similar enough, even if a tighter fit scores higher.
            start, end = _whole_characters(text, *trim_span(text, start, end))
            if start < end and (score := fuzz.ratio(exact, text[start:end])) >= MATCH_THRESHOLD:
                candidates.append((score, start, end))
                continue
        candidates.append(_fit(text, exact, start, end))
    searchable = from_other_tool or len(exact) >= SHORT_QUOTE
    if not any(score >= MATCH_THRESHOLD for score, _, _ in candidates) and searchable:
        searches = [window] if window == (0, len(text)) else [window, (0, len(text))]
        for lo, hi in searches:
            found = _search(text, exact, lo, hi)
            if found is not None and found[0] >= MATCH_THRESHOLD:
                candidates.append(found)
                break
    good = [candidate for candidate in candidates if candidate[0] >= MATCH_THRESHOLD]
    if not good:
        return ORPHANED
    score, start, end = max(good, key=lambda candidate: (candidate[0], -abs(candidate[1] - expected)))
    return Reanchored("needs_confirmation", start, end, score)


def _context_spans(shared: _Text, quote: _Quote, cut_at_edges: bool) -> list[tuple[int, int, bool]]:
    """Where the stored context says the quote should be: (start, end, whether both sides stand)."""
    text, length = shared.text, len(quote.exact)
    # A context shorter than CONTEXT_CHARS was cut by the start (or end) of the text, so it anchors there.
    if cut_at_edges and len(quote.prefix) < CONTEXT_CHARS:
        starts = [len(quote.prefix)] if text.startswith(quote.prefix) else []
    elif quote.prefix:
        starts = [hit + len(quote.prefix) for hit in _distinctive(shared, quote.prefix)]
    else:
        starts = []
    if cut_at_edges and len(quote.suffix) < CONTEXT_CHARS:
        ends = [len(text) - len(quote.suffix)] if text.endswith(quote.suffix) else []
    else:
        ends = _distinctive(shared, quote.suffix) if quote.suffix else []
    reach = 2 * length + CONTEXT_CHARS
    spans: list[tuple[int, int, bool]] = []
    paired: set[int] = set()
    for start in starts:
        # The nearest suffix after the prefix, if the quote between them has not grown past recognition.
        index = bisect.bisect_left(ends, start + 1)
        if index < len(ends) and ends[index] - start <= reach:
            spans.append((start, ends[index], True))
            paired.add(ends[index])
        else:
            spans.append((start, min(len(text), start + length), False))
    spans.extend((max(0, end - length), end, False) for end in ends if end not in paired)
    return spans


def _distinctive(shared: _Text, context: str) -> list[int]:
    """Where a context string occurs, or nowhere if it is too common to point at one place."""
    hits = shared.occurrences(context)
    return hits if len(hits) <= MAX_CONTEXT_HITS else []


def _search(text: str, exact: str, lo: int, hi: int) -> tuple[float, int, int] | None:
    """The best fuzzy span for the quote inside text[lo:hi], found with rapidfuzz's C sliding window."""
    if hi - lo <= len(exact):
        return _fit(text, exact, lo, hi)
    window = text[lo:hi]
    best: tuple[float, int, int] | None = None
    for offset in _probe_offsets(len(exact)):
        hit = fuzz.partial_ratio_alignment(
            exact[offset : offset + PROBE_CHARS], window, score_cutoff=SEED_CUTOFF
        )
        if hit is None:
            continue
        start = lo + hit.dest_start - offset
        found = _fit(text, exact, max(0, start), min(len(text), start + len(exact)))
        if best is None or found[0] > best[0]:
            best = found
        if best[0] >= MATCH_THRESHOLD:
            break
    return best


def _probe_offsets(length: int) -> list[int]:
    """Where the probes start in a quote: its head, its tail and evenly between, at most MAX_PROBES."""
    if length <= PROBE_CHARS:
        return [0]
    count = min(MAX_PROBES, -(-length // PROBE_CHARS))
    step = (length - PROBE_CHARS) / (count - 1)
    return [round(index * step) for index in range(count)]


def _fit(text: str, exact: str, start: int, end: int) -> tuple[float, int, int]:
    """Move each end of a rough span to where the span is most like the quote; returns (score, start, end).

    The end is fitted first, then the start. Only the quote's last (first) FIT_CHARS take part, so a long
    quote costs no more to fit than a sentence.
    """
    slack = min(MAX_SLACK, len(exact) // 4 + 8)
    tail = exact[-FIT_CHARS:]
    tail_from = max(start, end - len(tail))
    ends = range(max(tail_from + 1, end - slack), min(len(text), end + slack) + 1)
    end = _best_bound(tail, end, ends, lambda bound: text[tail_from:bound])
    head = exact[:FIT_CHARS]
    head_to = min(end, start + len(head))
    starts = range(max(0, start - slack), min(head_to - 1, start + slack) + 1)
    start = _best_bound(head, start, starts, lambda bound: text[bound:head_to])
    start, end = _whole_characters(text, *trim_span(text, start, end))
    if start >= end:
        return 0.0, start, end
    return fuzz.ratio(exact, text[start:end]), start, end


def _best_bound(quote: str, current: int, bounds: range, span: Callable[[int], str]) -> int:
    """The bound among `bounds` whose span(bound) best covers `quote`, staying nearest `current` on a tie."""
    ordered = sorted(bounds, key=lambda bound: abs(bound - current))
    spans = [span(bound) for bound in ordered]
    # One C call scores every candidate (the quote is preprocessed once); the weighing is done here.
    scored = process.extract(quote, spans, scorer=LCSseq.similarity, limit=None)
    if not scored:
        return current
    _, _, index = max(scored, key=lambda item: (item[1] - EXTRA_CHAR_COST * len(spans[item[2]]), -item[2]))
    return ordered[index]


def _whole_characters(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a span so it does not split a letter from its combining marks or an emoji ZWJ sequence."""
    while 0 < start < len(text) and (_is_mark(text[start]) or text[start - 1] == ZWJ):
        start -= 1
    while end < len(text) and (_is_mark(text[end]) or text[end - 1] == ZWJ):
        end += 1
    return start, end


def _is_mark(char: str) -> bool:
    return unicodedata.category(char) in ("Mn", "Mc", "Me") or char == ZWJ
