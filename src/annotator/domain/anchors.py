"""W3C-style text anchors: the exact quote of a code-point span plus its prefix and suffix context."""

from __future__ import annotations

from dataclasses import dataclass

CONTEXT_CHARS = 32


@dataclass(frozen=True)
class Anchor:
    """A TextPositionSelector (start/end in code points) with its TextQuoteSelector."""

    start: int
    end: int
    exact: str
    prefix: str
    suffix: str


def make_anchor(text: str, start: int, end: int, context: int = CONTEXT_CHARS) -> Anchor:
    """Anchor the span text[start:end], refusing spans that fall outside the text or are empty."""
    if not 0 <= start < end <= len(text):
        raise ValueError(f"span {start}..{end} is not a non-empty range inside a text of {len(text)}")
    return Anchor(
        start=start,
        end=end,
        exact=text[start:end],
        prefix=text[max(0, start - context) : start],
        suffix=text[end : end + context],
    )


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink a selection so it does not begin or end with white space, as users rarely mean it to."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
