"""Placing an imported annotation's selectors in a document's text, as Hypothesis and Apache Annotator do.

The steps, each tried only when the one before finds nothing:

1. **Position**: a TextPositionSelector whose span still holds the quote (or that comes with no quote)
   is trusted as it is.
2. **Quote**: every occurrence of the quote, white space between its words matching any white space
   (text taken from a web page differs from our extracted text mostly there). The occurrence with the best
   *context score* wins, ties going to the one nearest the position hint (or the first). The context score
   is rapidfuzz's 0..100 Indel similarity (`fuzz.ratio`) between the selector's "prefix|suffix" and the
   text around the occurrence, both with runs of white space collapsed to one space; with neither prefix
   nor suffix every occurrence scores 100.
3. **Approximate**: the span most like the quote, as re-anchoring onto a new version finds it
   (`domain.reanchor`): similarity of at least MATCH_THRESHOLD, i.e. an error budget relative to the
   quote's length, searched around the stored context and through the whole text.

A placement is *needs_confirmation* unless the text there says the same as the selectors: an approximate
match always is; an exact quote is when its context score is below CONTEXT_AGREES (the prefix and suffix
contradict the text) or when, with no context and no position, the quote occurs more than once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from rapidfuzz import fuzz

from annotator.domain.anchors import trim_span
from annotator.domain.reanchor import MATCH_THRESHOLD, reanchor

PlacementStatus = Literal["ok", "needs_confirmation"]
# Context this similar to the text around a quote confirms it: one changed word or a few characters in 64
# keep the ratio above 90, while unrelated context of the same length scores around 40.
CONTEXT_AGREES = MATCH_THRESHOLD
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class QuoteSelectors:
    """What a target says about its span: a TextQuoteSelector and/or a TextPositionSelector."""

    exact: str | None
    prefix: str = ""
    suffix: str = ""
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True)
class Placement:
    """Where the selectors land: code-point span, how it was found, the score that chose it (0..100)."""

    start: int
    end: int
    status: PlacementStatus
    method: Literal["position", "quote", "approximate"]
    score: float


def impossible(selectors: QuoteSelectors) -> str | None:
    """Why the selectors cannot point at any span of any text, or None if they might."""
    if selectors.exact is not None and not selectors.exact.strip():
        return "its TextQuoteSelector quotes nothing (its exact text is empty)"
    if selectors.exact is None:
        if selectors.start is None or selectors.end is None:
            return "it has neither a quote nor a position"
        if not 0 <= selectors.start < selectors.end:
            return f"its TextPositionSelector {selectors.start}..{selectors.end} is not a span"
    return None


def collapse(text: str) -> str:
    """Text as compared for context: every run of white space one space."""
    return _SPACES.sub(" ", text)


def occurrences(text: str, exact: str) -> list[tuple[int, int]]:
    """Every span of `text` holding the quote's words in order, separated by any white space."""
    words = exact.split()
    if not words:
        return []
    pattern = re.compile(r"\s+".join(re.escape(word) for word in words))
    found: list[tuple[int, int]] = []
    at = 0
    while (match := pattern.search(text, at)) is not None:
        found.append((match.start(), match.end()))
        at = match.start() + 1  # overlapping occurrences ("aa" twice in "aaa") count too
    return found


def context_score(text: str, span: tuple[int, int], selectors: QuoteSelectors) -> float:
    """The documented context score of one occurrence (see the module docstring)."""
    prefix, suffix = collapse(selectors.prefix), collapse(selectors.suffix)
    if not prefix and not suffix:
        return 100.0
    start, end = span
    # Twice the context's length of raw text, so that collapsing white space still leaves enough of it.
    before = collapse(text[max(0, start - 2 * len(selectors.prefix) - 8) : start])
    after = collapse(text[end : end + 2 * len(selectors.suffix) + 8])
    before = before[len(before) - len(prefix) :] if prefix else ""
    after = after[: len(suffix)]
    return float(fuzz.ratio(prefix + "\x00" + suffix, before + "\x00" + after))


def place(text: str, selectors: QuoteSelectors, approximate: bool = True) -> Placement | None:
    """Where the selectors land in `text` (steps 1 to 3, step 3 only if `approximate`), or None."""
    if impossible(selectors) is not None:
        return None
    exact, start, end = selectors.exact, selectors.start, selectors.end
    if start is not None and end is not None and 0 <= start < end <= len(text):  # noqa: SIM102 (mypy)
        if exact is None or text[start:end] == exact:
            return Placement(start, end, "ok", "position", 100.0)
    if exact is None:
        return None
    found = _by_quote(text, selectors)
    if found is not None or not approximate:
        return found
    hint_start = start if start is not None else -1
    hint_end = end if end is not None else -1
    fuzzy = reanchor(
        text, hint_start, hint_end, exact, selectors.prefix, selectors.suffix, from_other_tool=True
    )
    if fuzzy.status == "orphaned":
        return None
    start, end = fuzzy.start, fuzzy.end
    if selectors.start is not None:
        # The same text elsewhere is as good a match: the position hint chooses between the copies.
        copies = [
            hit
            for hit, _ in occurrences(text, text[start:end])
            if text[hit : hit + end - start] == text[start:end]
        ]
        start = min(copies or [start], key=lambda hit: abs(hit - (selectors.start or 0)))
        end = start + fuzzy.end - fuzzy.start
    return Placement(start, end, "needs_confirmation", "approximate", fuzzy.score)


def _by_quote(text: str, selectors: QuoteSelectors) -> Placement | None:
    spans = [trim_span(text, *span) for span in occurrences(text, selectors.exact or "")]
    spans = [span for span in spans if span[0] < span[1]]
    if not spans:
        return None
    hint = selectors.start if selectors.start is not None else 0
    scored = [(context_score(text, span, selectors), span) for span in spans]
    best = max(score for score, _ in scored)
    score, span = min(
        ((score, span) for score, span in scored if score == best), key=lambda item: abs(item[1][0] - hint)
    )
    has_context = bool(selectors.prefix.strip() or selectors.suffix.strip())
    ambiguous = not has_context and selectors.start is None and len(spans) > 1
    agrees = score >= CONTEXT_AGREES and not ambiguous
    return Placement(span[0], span[1], "ok" if agrees else "needs_confirmation", "quote", score)
