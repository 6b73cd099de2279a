"""The words a similar-claim lookup searches for, and the score that ranks what it finds."""

from __future__ import annotations

from annotator.domain import similarity


def test_stems_let_word_forms_find_each_other() -> None:
    assert similarity.stem("sending") == "send"
    assert similarity.stem("troops") == "troop"
    assert similarity.stem("soldiers") == "soldier"
    assert similarity.stem("involvement") == "involve"
    # A stem keeps four letters: short words are searched whole.
    assert similarity.stem("says") == "says"
    assert similarity.stem("war") == "war"


def test_content_terms_drop_stop_words_and_repeats_longest_first() -> None:
    terms = similarity.content_terms("Belarus will not send its troops, not now, not to the war in Ukraine")
    assert terms == ["ukraine", "belaru", "troop", "send", "war"]
    assert similarity.content_terms("the of and to", 5) == []
    assert len(similarity.content_terms(" ".join(f"word{n}" for n in range(40)))) == similarity.MAX_TERMS


def test_the_match_expression_is_safe_fts_syntax() -> None:
    assert (
        similarity.match_expression('Lukashenko "denied" NOT (war)') == '"lukashenko"* OR "deni"* OR "war"*'
    )
    assert similarity.match_expression("— … !") == ""


def test_fuzzy_similarity_takes_the_best_text_and_ignores_order_and_case() -> None:
    same = similarity.fuzzy_similarity("Belarus will not send troops", ["", "TROOPS: Belarus will not send"])
    assert same == 1.0
    unlike = similarity.fuzzy_similarity("Belarus will not send troops", ["The referendum was rigged"])
    assert 0 <= unlike < 0.5
    # One shared word is not a match: the sort ratio holds a one-word text down.
    assert similarity.fuzzy_similarity("Belarus", ["Belarus will not send troops to Ukraine"]) < 0.7


def test_lexical_similarity_is_bm25_relative_to_the_best_of_the_lookup() -> None:
    assert similarity.lexical_similarity(-8.0, -8.0) == 1.0
    assert similarity.lexical_similarity(-2.0, -8.0) == 0.25
    assert similarity.lexical_similarity(-2.0, 0.0) == 0.0


def test_the_combined_score_weighs_word_overlap_and_bm25() -> None:
    assert similarity.combined_score(1.0, 1.0) == 1.0
    assert similarity.combined_score(0.0, 0.0) == 0.0
    weight = similarity.FUZZ_WEIGHT
    assert similarity.combined_score(0.5, 0.25) == round(weight * 0.5 + (1 - weight) * 0.25, 4)
