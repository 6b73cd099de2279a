"""Flatten possibly overlapping claim spans into non-overlapping segments for highlighting."""

from __future__ import annotations

import functools
import heapq
from collections.abc import Iterable, Sequence
from typing import NamedTuple


class ClaimSpan(NamedTuple):
    """What showing a claim in a document needs, and no more: opening one with 100,000 claims builds
    these plain tuples (straight from the database row, see `as_spans`), not full Claim objects."""

    start: int
    end: int
    id: str
    kind: str


# tuple.__new__(ClaimSpan, row) in C for every row: ClaimSpan._make would run a Python frame per row.
_new_span = functools.partial(tuple.__new__, ClaimSpan)


def as_spans(rows: Iterable[tuple[int, int, str, str]]) -> list[ClaimSpan]:
    """(start, end, id, kind) rows as ClaimSpans, without a Python call per row."""
    return list(map(_new_span, rows))


class Segment(NamedTuple):
    """A stretch of text covered by the same set of claims.

    `top` is the claim drawn on top (the innermost: the one that started last), and `depth` how many
    claims cover the stretch, so overlaps can be drawn darker instead of one hiding another. A tuple
    rather than a frozen dataclass: a screen of 100,000 stacked claims makes ~900 of them per paint, and
    each costs half as much.
    """

    start: int
    end: int
    top: str
    depth: int


def segments(spans: Iterable[tuple[int, int, str]], window: tuple[int, int] | None = None) -> list[Segment]:
    """Sweep (start, end, id) spans into segments, optionally clipped to window=(lo, hi).

    O(n log n) in the number of spans: one sort of the boundaries, then one pass keeping the set of
    open spans, so 10,000 heavily overlapping claims stay cheap.
    """
    events: list[tuple[int, int, int, str]] = []
    for start, end, ident in spans:
        if window is not None:
            start, end = max(start, window[0]), min(end, window[1])
        if start < end:
            # At the same offset, closings (0) sort before openings (1).
            events.append((start, 1, -end, ident))
            events.append((end, 0, 0, ident))
    events.sort()
    result: list[Segment] = []
    # Max-heap by opening order (negated), with lazy removal: closed ids stay in the heap until they
    # reach the top, so each step is O(log n) even when thousands of spans overlap.
    heap: list[tuple[int, str]] = []
    open_ids: set[str] = set()
    order = 0
    position = 0
    for offset, is_open, _, ident in events:
        if offset > position and open_ids:
            while heap[0][1] not in open_ids:
                heapq.heappop(heap)
            result.append(Segment(position, offset, heap[0][1], len(open_ids)))
        position = offset
        if is_open:
            order += 1
            open_ids.add(ident)
            heapq.heappush(heap, (-order, ident))
        else:
            open_ids.discard(ident)
    return result


def claims_at(spans: Sequence[tuple[int, int, str]], offset: int) -> list[str]:
    """Ids of the spans containing `offset`, innermost (shortest) first."""
    hits = [(end - start, ident) for start, end, ident in spans if start <= offset < end]
    return [ident for _, ident in sorted(hits)]
