"""Placing imported selectors: position, quote chosen by context score, approximate (to confirm)."""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from annotator.domain.quote_anchoring import (
    CONTEXT_AGREES,
    QuoteSelectors,
    context_score,
    impossible,
    occurrences,
    place,
)
from annotator.domain.reanchor import MATCH_THRESHOLD

TEXT = (
    "Minsk, 24 February 2022. Alexander Lukashenko said on Thursday that Belarus will not send troops "
    "to Ukraine. Officials in Kyiv were not convinced. Belarus will not send troops, he said again, "
    "during a televised meeting with his security council in the capital."
)
QUOTE = "Belarus will not send troops"


def test_a_position_still_holding_its_quote_is_trusted() -> None:
    start = TEXT.index(QUOTE, 100)
    found = place(TEXT, QuoteSelectors(QUOTE, start=start, end=start + len(QUOTE)))
    assert found is not None and (found.start, found.status, found.method) == (start, "ok", "position")


def test_context_that_differs_only_in_white_space_still_chooses_its_occurrence() -> None:
    second = TEXT.index(QUOTE, 100)
    prefix = "Officials  in Kyiv were\nnot convinced. "  # the page's white space, not ours
    found = place(TEXT, QuoteSelectors(QUOTE, prefix=prefix, suffix=", he said again"))
    assert found is not None and (found.start, found.status, found.method) == (second, "ok", "quote")


def test_a_unique_quote_whose_context_contradicts_the_text_needs_confirmation() -> None:
    quote = "security council"
    found = place(TEXT, QuoteSelectors(quote, prefix="a secret meeting of the UN ", suffix=" of Russia"))
    assert found is not None and found.start == TEXT.index(quote)
    assert found.status == "needs_confirmation" and found.score < CONTEXT_AGREES


def test_a_repeated_quote_without_context_or_position_needs_confirmation() -> None:
    found = place(TEXT, QuoteSelectors(QUOTE))
    assert found is not None and (found.start, found.status) == (TEXT.index(QUOTE), "needs_confirmation")


def test_a_quote_with_a_one_letter_typo_lands_on_the_right_span_to_confirm() -> None:
    right = "Alexander Lukashenko said on Thursday that Belarus"
    typo = right.replace("Thursday", "Thrusday")
    found = place(TEXT, QuoteSelectors(typo))
    assert found is not None
    assert (TEXT[found.start : found.end], found.status, found.method) == (
        right,
        "needs_confirmation",
        "approximate",
    )
    assert place(TEXT, QuoteSelectors(typo), approximate=False) is None


def test_a_quote_unlike_anything_in_the_text_is_not_placed() -> None:
    assert place(TEXT, QuoteSelectors("The Moon was annexed by a committee of penguins in May")) is None


def test_impossible_selectors_say_why() -> None:
    assert impossible(QuoteSelectors("")) == "its TextQuoteSelector quotes nothing (its exact text is empty)"
    assert "quotes nothing" in (impossible(QuoteSelectors("  \n")) or "")
    assert impossible(QuoteSelectors(None, start=5, end=5)) == "its TextPositionSelector 5..5 is not a span"
    assert impossible(QuoteSelectors(None)) == "it has neither a quote nor a position"
    assert place(TEXT, QuoteSelectors("")) is None
    assert place(TEXT, QuoteSelectors(None, start=0, end=len(TEXT) + 1)) is None


# --- properties -----------------------------------------------------------------------------------

# Few words, so that quotes repeat and the choice between occurrences is exercised.
WORDS = st.sampled_from("the war troops Belarus not will send said Kyiv again".split())
SPACE = st.sampled_from([" ", " ", " ", "  ", "\n"])


@st.composite
def documents(draw: st.DrawFn) -> str:
    words = draw(st.lists(WORDS, min_size=8, max_size=60))
    return "".join(word + draw(SPACE) for word in words).strip()


@st.composite
def document_and_span(draw: st.DrawFn) -> tuple[str, int, int]:
    text = draw(documents())
    starts = [0] + [i + 1 for i, c in enumerate(text) if c.isspace() and not text[i + 1].isspace()]
    first = draw(st.integers(0, len(starts) - 1))
    last = draw(st.integers(first, min(len(starts) - 1, first + 5)))
    end = starts[last + 1] if last + 1 < len(starts) else len(text) + 1
    end = len(text[:end].rstrip())
    return text, starts[first], end


@settings(max_examples=150, deadline=None)
@given(document_and_span(), st.integers(0, 40), st.integers(0, 40))
def test_the_chosen_occurrence_has_the_best_context_score(
    case: tuple[str, int, int], before: int, after: int
) -> None:
    text, start, end = case
    selectors = QuoteSelectors(
        " ".join(text[start:end].split()),  # the quote as a web page would give it: its own white space
        prefix=text[max(0, start - before) : start],
        suffix=text[end : end + after],
    )
    found = place(text, selectors, approximate=False)
    assert found is not None and found.method == "quote"
    spans = occurrences(text, selectors.exact or "")
    assert (found.start, found.end) in spans
    best = max(context_score(text, span, selectors) for span in spans)
    assert context_score(text, (found.start, found.end), selectors) == best == found.score
    # The true span scores 100 (its own context), so it is chosen unless another copy has the same context.
    assert found.score == 100.0
    assert text[found.start : found.end].split() == text[start:end].split()


@settings(max_examples=150, deadline=None)
@given(document_and_span())
def test_a_position_holding_its_quote_always_wins(case: tuple[str, int, int]) -> None:
    text, start, end = case
    found = place(text, QuoteSelectors(text[start:end], prefix="unrelated", start=start, end=end))
    assert found is not None and (found.start, found.end, found.status) == (start, end, "ok")


# Distinct words: in "aaa aaa aaa ..." every window is as good a match as the true one.
SENTENCES = st.lists(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=3, max_size=9),
    min_size=12,
    max_size=40,
    unique=True,
)


@settings(max_examples=60, deadline=None)
@given(SENTENCES, st.data())
def test_a_long_quote_with_one_changed_letter_lands_on_its_span_to_confirm(
    words: list[str], data: st.DataObject
) -> None:
    text = " ".join(words)
    first = data.draw(st.integers(0, len(words) - 10))
    start = len(" ".join(words[:first])) + (1 if first else 0)
    end = start + len(" ".join(words[first : first + 10]))
    quote = text[start:end]
    at = data.draw(st.integers(0, len(quote) - 1).filter(lambda i: quote[i] != " "))
    typo = quote[:at] + ("x" if quote[at] != "x" else "y") + quote[at + 1 :]
    assume(typo not in text)  # else it is an exact quote elsewhere, tested above
    found = place(text, QuoteSelectors(typo))
    assert found is not None and found.status == "needs_confirmation" and found.method == "approximate"
    # On the true span, give or take the letters next to an edit at its edge that the text shares by chance
    # ("cxa" for "caa" after "...acx ": the fit may take in "cx "), and as similar as the threshold demands.
    assert found.score >= MATCH_THRESHOLD
    assert abs(found.start - start) <= 3 and abs(found.end - end) <= 3


# --- the cases the Hypothesis client's own matcher is tested on (its match-quote tests), on our texts --

DICKENS = (
    "It was the best of times, it was the worst of times, it was the age of wisdom, it was the age of "
    "foolishness, it was the epoch of belief, it was the epoch of incredulity, it was the season of Light, "
    "it was the season of Darkness, it was the spring of hope, it was the winter of despair, we had "
    "everything before us, we had nothing before us, we were all going direct to Heaven, we were all going "
    "direct the other way."
)


def _found(text: str, selectors: QuoteSelectors) -> str:
    found = place(text, selectors)
    assert found is not None
    return text[found.start : found.end]


def test_reference_a_short_quote_with_a_typo_finds_its_closest_span() -> None:
    assert _found(TEXT, QuoteSelectors("Officals in Kyiv")) == "Officials in Kyiv"


@pytest.mark.parametrize(
    ("quote", "prefix", "suffix", "expected"),
    [
        ("before us", "we had everything ", "", "before us, we had nothing"),
        ("before us", "we had nothing ", "", "before us, we were all going"),
        ("before us", "we had every-thing ", "", "before us, we had nothing"),
        ("before us", "we had nout ", "", "before us, we were all going"),
        ("we had", "", " everything", "we had everything"),
        ("we had", "", " nothing", "we had nothing"),
        ("we had", "", " ever ting", "we had everything"),
        ("we had", "", " nutting", "we had nothing"),
    ],
)
def test_reference_context_chooses_between_occurrences(
    quote: str, prefix: str, suffix: str, expected: str
) -> None:
    found = place(DICKENS, QuoteSelectors(quote, prefix=prefix, suffix=suffix))
    assert found is not None and DICKENS[found.start : found.end] == quote
    assert found.start == DICKENS.index(expected)


def test_reference_the_position_breaks_ties_between_equal_occurrences() -> None:
    first = DICKENS.index("everything before us") + len("everything ")
    second = DICKENS.index("nothing before us") + len("nothing ")
    for hint in (first, second):
        found = place(DICKENS, QuoteSelectors("before us", start=hint + 1, end=hint + 10))
        assert found is not None and found.start == hint
    found = place(DICKENS, QuoteSelectors("before us"))
    assert found is not None and found.start == first  # no hint: the first, to be confirmed
    assert found.status == "needs_confirmation"
    # The same for a quote with a typo, placed approximately.
    for hint in (first, second):
        found = place(DICKENS, QuoteSelectors("befor us", start=hint, end=hint + 8))
        assert found is not None and (found.start, found.method) == (hint, "approximate")


def test_reference_no_acceptable_match_empty_quote_or_empty_text_places_nothing() -> None:
    assert place(DICKENS, QuoteSelectors(TEXT)) is None
    assert place("foobar", QuoteSelectors("")) is None
    assert place("", QuoteSelectors("foobar")) is None


def test_reference_context_longer_than_the_text_around_the_match() -> None:
    found = place(DICKENS, QuoteSelectors("It was the best", prefix="Once upon a time: "))
    assert found is not None and found.start == 0
    found = place("Some document text", QuoteSelectors("text", suffix="missing"))
    assert found is not None and found.start == len("Some document ")
