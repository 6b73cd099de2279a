"""Re-anchoring claims onto a new version of a document: ok, moved, needs_confirmation, orphaned."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.domain.anchors import make_anchor
from annotator.domain.reanchor import MATCH_THRESHOLD, Reanchored, _whole_characters, reanchor, reanchor_all

LEAD = "Alexander Lukashenko said on Thursday that Belarus will not send troops to Ukraine."
ADVISER = "“We have heard such assurances before,” one adviser said,"
TYPO = "Analysts expect the excercises to continue into March, although no date has been announced."
ARTICLE = (
    "Minsk, 24 February 2022.\n\n"
    f"{LEAD} He repeated the promise twice during a televised meeting with his security council.\n\n"
    f"Officials in Kyiv were not convinced. {ADVISER} pointing to the joint drills that had brought "
    "30,000 Russian soldiers to the border.\n\n"
    f"{TYPO}\n"
)
INSERTED = "Editor's note: this article was updated with reactions from Kyiv and Warsaw.\n\n"

Selector = tuple[int, int, str, str, str]


def selector(text: str, quote: str, occurrence: int = 0) -> Selector:
    """The stored anchor of the `occurrence`-th copy of `quote` in `text`, as the app would record it."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(quote, start + 1)
    anchor = make_anchor(text, start, start + len(quote))
    return anchor.start, anchor.end, anchor.exact, anchor.prefix, anchor.suffix


def test_unchanged_text_is_ok_in_place() -> None:
    for quote in (LEAD, ADVISER, TYPO, "Minsk"):
        stored = selector(ARTICLE, quote)
        assert reanchor(ARTICLE, *stored) == Reanchored("ok", stored[0], stored[1], 100.0)


def test_paragraph_inserted_before_moves_the_claim_by_its_length() -> None:
    cut = ARTICLE.index("Officials")
    new_text = ARTICLE[:cut] + INSERTED + ARTICLE[cut:]
    for quote in (ADVISER, TYPO):
        start, end, exact, prefix, suffix = selector(ARTICLE, quote)
        result = reanchor(new_text, start, end, exact, prefix, suffix)
        assert result == Reanchored("moved", start + len(INSERTED), end + len(INSERTED), 100.0)
        assert new_text[result.start : result.end] == exact
    # A claim before the insertion keeps its offsets.
    assert reanchor(new_text, *selector(ARTICLE, LEAD)).status == "ok"


REPEATED = "Belarus will not take part in the war."
TWICE = (
    f"On Monday the foreign ministry told reporters: {REPEATED} Nobody in Kyiv believed it.\n\n"
    f"Three days later the president himself went on television and said: {REPEATED} Troops moved anyway.\n"
)


@pytest.mark.parametrize("occurrence", [0, 1])
def test_duplicated_quote_goes_to_the_copy_with_matching_context(occurrence: int) -> None:
    new_text = INSERTED + TWICE
    start, end, exact, prefix, suffix = selector(TWICE, REPEATED, occurrence)
    result = reanchor(new_text, start, end, exact, prefix, suffix)
    assert result.status == "moved"
    assert (result.start, result.end) == (start + len(INSERTED), end + len(INSERTED))
    assert new_text[result.start : result.end] == exact


def test_repeated_quote_sliding_into_the_old_offsets_is_not_taken_as_ok() -> None:
    # An insertion exactly as long as the gap between the two copies puts the first copy where the
    # second used to be: same quote at the same offsets, but it is the other claim's sentence.
    first, second = (TWICE.index(REPEATED), TWICE.index(REPEATED, TWICE.index(REPEATED) + 1))
    padding = ("Update. " * 64)[: second - first - 1] + "\n"
    new_text = padding + TWICE
    start, end, exact, prefix, suffix = selector(TWICE, REPEATED, 1)
    assert new_text[start:end] == exact
    result = reanchor(new_text, start, end, exact, prefix, suffix)
    assert result == Reanchored("moved", start + len(padding), end + len(padding), 100.0)


EDITS = [
    pytest.param(
        LEAD,
        "Alexander Lukashenko said on Thursday that Belarus would never send troops to Ukraine.",
        id="word-changed",
    ),
    pytest.param(ADVISER, "“We have heard such assurances before”, one adviser said;", id="punctuation"),
    pytest.param(TYPO, TYPO.replace("excercises", "exercises"), id="typo-fixed"),
]


@pytest.mark.parametrize(("old", "new"), EDITS)
def test_lightly_edited_quote_needs_confirmation_over_the_edited_sentence(old: str, new: str) -> None:
    new_text = ARTICLE.replace(old, new)
    result = reanchor(new_text, *selector(ARTICLE, old))
    assert result.status == "needs_confirmation"
    assert MATCH_THRESHOLD <= result.score < 100.0
    assert (result.start, result.end) == (new_text.index(new), new_text.index(new) + len(new))


@pytest.mark.parametrize(("old", "new"), EDITS)
def test_edited_quote_is_found_when_its_context_was_rewritten_too(old: str, new: str) -> None:
    # Neither stored prefix nor suffix survives, so only the fuzzy search over the text can find it.
    before = "The story has since been rewritten by another desk; much of it now reads differently. "
    after = " Readers will notice that the paragraphs around this one were rewritten as well."
    new_text = INSERTED + before + new + after + "\n\n" + ARTICLE.replace(old, "")
    result = reanchor(new_text, *selector(ARTICLE, old))
    assert result.status == "needs_confirmation"
    assert result.start == new_text.index(new)
    found = new_text[result.start : result.end]
    # The fit may leave out a changed final punctuation mark, never more.
    assert new.startswith(found)
    assert len(found) >= len(new) - 1


@pytest.mark.parametrize("quote", [LEAD, ADVISER, "Minsk", "30,000 Russian soldiers"])
def test_deleted_quote_is_orphaned(quote: str) -> None:
    new_text = ARTICLE.replace(quote, "")
    assert reanchor(new_text, *selector(ARTICLE, quote)) == Reanchored("orphaned", -1, -1, 0.0)


def test_rewritten_beyond_recognition_is_orphaned() -> None:
    new_text = ARTICLE.replace(LEAD, "The president was not available for comment on Thursday evening.")
    assert reanchor(new_text, *selector(ARTICLE, LEAD)).status == "orphaned"


def test_short_quote_is_found_fuzzily_only_where_its_context_stands() -> None:
    stored = selector(ARTICLE, "Lukashenko")
    kept_context = ARTICLE.replace("Alexander Lukashenko said", "Alexander Lukashenka said")
    result = reanchor(kept_context, *stored)
    assert result.status == "needs_confirmation"
    assert kept_context[result.start : result.end] == "Lukashenka"
    # The same spelling with the sentence gone from its place: a "Lukashenka" elsewhere is not claimed.
    moved_away = ARTICLE.replace(LEAD, "") + "\nLukashenka is the Belarusian spelling."
    assert reanchor(moved_away, *stored).status == "orphaned"


def test_reanchor_all_finds_an_edited_quote_moved_away_from_its_neighbours() -> None:
    # The adviser's words moved to the top and were edited; the claims around them stayed in place, so
    # the search between those neighbours finds nothing and the whole text must be searched.
    edited = ADVISER.replace("such assurances", "these assurances")
    filler = "Our correspondents in Minsk, Kyiv and Warsaw contributed to this report. " * 5
    new_text = f"{edited} {filler}\n\n" + ARTICLE.replace(ADVISER + " ", "")
    anchors = [
        (name, *selector(ARTICLE, quote)) for name, quote in (("a", LEAD), ("b", ADVISER), ("c", TYPO))
    ]
    results = reanchor_all(new_text, anchors)
    assert {name: result.status for name, result in results.items()} == {
        "a": "moved",
        "b": "needs_confirmation",
        "c": "moved",
    }
    assert (results["b"].start, results["b"].end) == (0, len(edited))
    assert results["a"].start > len(filler)  # so the neighbours' window did not reach the top


EMOJI = "😀"
FLAG_BY = "🇧🇾"  # two astral regional-indicator code points
ACCENTED = "The Vie\u0323\u0302t Nam delegation arrived in Hue\u0301"  # decomposed marks


def test_offsets_count_code_points_after_astral_emoji() -> None:
    prefix = f"{EMOJI}{FLAG_BY} "
    new_text = prefix + ARTICLE
    start, end, exact, before, after = selector(ARTICLE, LEAD)
    result = reanchor(new_text, start, end, exact, before, after)
    assert result == Reanchored("moved", start + 4, end + 4, 100.0)
    assert len(prefix) == 4 and new_text[result.start : result.end] == LEAD


def test_quote_with_combining_marks_moves_and_fuzzy_spans_keep_marks_with_their_letters() -> None:
    old_text = f"{ARTICLE}{ACCENTED}, said officials in Hanoi.\n"
    stored = selector(old_text, ACCENTED)
    moved = reanchor(EMOJI + old_text, *stored)
    assert (moved.status, moved.start) == ("moved", stored[0] + 1)
    # The edit changes the last mark (acute to grave) and the text after the quote, so the span's end is
    # fitted: the closest fit stops after the bare "e", and the span must take the mark along.
    edited = ACCENTED.replace("delegation arrived", "delegation finally arrived").replace("\u0301", "\u0300")
    new_text = f"{EMOJI}{ARTICLE}{edited} on Tuesday, officials in Hanoi confirmed.\n"
    result = reanchor(new_text, *stored)
    assert result.status == "needs_confirmation"
    assert new_text[result.start : result.end] == edited


WORDS = (
    "the of and to in a that said would was for on with as by president government minister army border "
    "troops war talks sanctions statement officials country week reported Belarus Minsk Kyiv Moscow "
    "Lukashenko Łukaszenka Zelenskyy Kraków naïve café résumé São Paulo Ørsted Беларусь Київ drills "
    "exercise promise denied confirmed claimed according analysts expected agreement ceasefire refugees"
).split()


def prose(size: int, rng: random.Random) -> list[str]:
    """Numbered sentences of prose-like text (so each is unique), about `size` characters together."""
    sentences: list[str] = []
    total = 0
    while total < size:
        words = rng.choices(
            WORDS, weights=[1 / (rank + 1) for rank in range(len(WORDS))], k=rng.randint(8, 24)
        )
        sentence = f"Item {len(sentences)}: " + " ".join(words).capitalize() + "."
        sentence += "\n\n" if rng.random() < 0.2 else " "
        sentences.append(sentence)
        total += len(sentence)
    return sentences


def test_one_megabyte_text_with_200_claims_reanchors_each_claim_correctly() -> None:
    rng = random.Random(7)
    sentences = prose(1_000_000, rng)
    old_text = "".join(sentences)
    starts = [0]
    for sentence in sentences:
        starts.append(starts[-1] + len(sentence))
    chosen = sorted(rng.sample(range(1, len(sentences) - 1), 200))
    edited, deleted = set(chosen[::20]), set(chosen[5::40])  # 10 edited, 5 deleted claims
    # 5 more edited claims whose neighbouring sentences were reworded too, so their stored context is
    # gone and the fuzzy search has to look for them (between the claims placed exactly around them).
    lonely = [index for index in chosen[10::20] if index - 1 not in chosen and index + 1 not in chosen]
    rewritten = set(lonely[:5])
    assert len(rewritten) == 5
    anchors: list[tuple[str, int, int, str, str, str]] = []
    for index in chosen:
        anchor = make_anchor(old_text, starts[index], starts[index] + len(sentences[index].rstrip()))
        anchors.append((f"c{index}", anchor.start, anchor.end, anchor.exact, anchor.prefix, anchor.suffix))

    new_sentences = list(sentences)
    for index in edited | rewritten:
        new_sentences[index] = sentences[index].replace(": ", ": Reportedly, ", 1)
    for index in rewritten:
        for neighbour in (index - 1, index + 1):
            new_sentences[neighbour] = sentences[neighbour][::-1].lstrip() + " "
    for index in deleted:
        new_sentences[index] = ""
    for index in range(0, len(sentences), len(sentences) // 8):  # paragraphs inserted along the text
        new_sentences[index] = INSERTED + new_sentences[index]
    new_text = "".join(new_sentences)

    results = reanchor_all(new_text, anchors)
    assert len(results) == 200
    for claim_id, _, _, exact, _, _ in anchors:
        index = int(claim_id[1:])
        result = results[claim_id]
        if index in deleted:
            assert result.status == "orphaned", claim_id
        elif index in edited | rewritten:
            assert result.status == "needs_confirmation", claim_id
            expected = new_sentences[index].removeprefix(INSERTED).rstrip()
            assert new_text[result.start : result.end] == expected, claim_id
        else:
            assert result.status in ("ok", "moved"), claim_id
            assert new_text[result.start : result.end] == exact, claim_id


def test_fitted_spans_never_split_an_emoji_zwj_sequence() -> None:
    text = "a👨\u200d👩\u200d👧b"  # man ZWJ woman ZWJ girl: five code points, one visible character
    assert _whole_characters(text, 3, 4) == (1, 6)
    assert _whole_characters(text, 0, 2) == (0, 6)
    assert _whole_characters(text, 6, 7) == (6, 7)


fragments = st.sampled_from(
    ["Belarus ", "will not ", "send troops", ". ", "\n\n", EMOJI, FLAG_BY, "e\u0301", "Київ "]
)
texts = st.lists(fragments, min_size=1, max_size=40).map("".join)


@settings(max_examples=100, deadline=None)
@given(old_text=texts, new_text=texts, data=st.data())
def test_any_result_is_a_valid_span_and_exact_results_hold_the_quote(
    old_text: str, new_text: str, data: st.DataObject
) -> None:
    start = data.draw(st.integers(0, len(old_text) - 1))
    end = data.draw(st.integers(start + 1, len(old_text)))
    anchor = make_anchor(old_text, start, end)
    result = reanchor(new_text, anchor.start, anchor.end, anchor.exact, anchor.prefix, anchor.suffix)
    if result.status == "orphaned":
        assert (result.start, result.end) == (-1, -1)
    else:
        assert 0 <= result.start < result.end <= len(new_text)
    if result.status in ("ok", "moved"):
        assert new_text[result.start : result.end] == anchor.exact
    if result.status == "needs_confirmation":
        assert MATCH_THRESHOLD <= result.score < 100.0
