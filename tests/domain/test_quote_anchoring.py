"""Placing imported selectors: position, quote chosen by context score, approximate (to confirm)."""

from __future__ import annotations

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
