"""The rule-based suggester: sentences, check-worthy ranking, quotes and their speakers, predictions and
their due dates, stated dates and people; offsets valid over any text."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.domain.models import Actor
from annotator.domain.suggestions import (
    CHECK_WORTHY_WEIGHTS,
    SUGGESTION_KINDS,
    due_date,
    ranked,
    sentences,
    suggest,
)

LUKASHENKA = Actor("a-luk", "Alexander Lukashenka", aliases=["Lukashenko"])
PUTIN = Actor("a-put", "Vladimir Putin")


def _seed(seeds_dir: Path, prefix: str) -> str:
    return next(seeds_dir.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


def test_the_seed_quote_has_its_speaker_cue_and_stated_date(seeds_dir: Path) -> None:
    text = _seed(seeds_dir, "002")
    found = suggest("doc", text, date(2022, 3, 20))
    quotes = [s for s in found if s.kind == "quote" and s.exact == "we are not going to join the war"]
    assert quotes, "the quote of the issue's done-when is suggested"
    quote = quotes[0]
    assert text[quote.start : quote.end] == quote.exact
    assert quote.speaker == "Alexander Lukashenka"
    assert quote.cue == "stressed that"
    assert quote.stated_text == "17 March"
    assert quote.stated is not None and (quote.stated.lo, quote.stated.precision) == ("2022-03-17", "day")


def test_a_known_actor_is_the_speaker_by_surname_and_spelt_otherwise() -> None:
    text = "On 1 March Lukashenko said, “Of course, the troops had to be deployed.” Nobody asked why."
    (quote,) = [s for s in suggest("doc", text, date(2022, 3, 2), [LUKASHENKA]) if s.kind == "quote"]
    assert (quote.speaker, quote.speaker_id) == ("Alexander Lukashenka", "a-luk")
    assert quote.exact == "Of course, the troops had to be deployed"
    assert "speaker Alexander Lukashenka" in quote.reason


def test_a_speaker_named_after_the_quote() -> None:
    text = "“We will not send a single soldier to Ukraine,” said Viktar Hulevich on 12 March."
    (quote,) = [s for s in suggest("doc", text, date(2022, 3, 20)) if s.kind == "quote"]
    assert (quote.speaker, quote.cue, quote.speaker_id) == ("Viktar Hulevich", "said", None)
    assert quote.stated_text == "12 March"


def test_a_date_inside_the_quotation_is_not_when_it_was_said() -> None:
    text = "Lukashenka said, “I became aware of this on 24 February at 5 a.m., after being told.”"
    (quote,) = [s for s in suggest("doc", text, date(2022, 3, 2)) if s.kind == "quote"]
    assert quote.stated_text == ""


def test_sentences_do_not_split_at_abbreviations_or_inside_quotations() -> None:
    text = "Gen. Hulevich spoke. He said “One thing. Another thing.” Then he left.\nNext line"
    spans = [text[a:b] for a, b in sentences(text)]
    assert spans == [
        "Gen. Hulevich spoke.",
        "He said “One thing. Another thing.”",
        "Then he left.",
        "Next line",
    ]


def test_check_worthy_sentences_rank_by_their_features_with_the_reason() -> None:
    text = (
        "The weather was pleasant and everybody went for a long walk.\n"
        "Belarus has more than 10,000 troops on the border, the largest deployment since 1991.\n"
        "Lukashenka met officials in Minsk to discuss the army and 5 battalions."
    )
    factual = ranked([s for s in suggest("doc", text, None, [LUKASHENKA]) if s.kind == "factual"])
    assert [s.exact[:14] for s in factual] == ["Belarus has mo", "Lukashenka met"]
    top = factual[0]
    assert top.reason.startswith("number + quantity + comparison")
    assert top.score == sum(CHECK_WORTHY_WEIGHTS[f] for f in top.reason.split(" + "))
    assert "named actor" in factual[1].reason


def test_a_question_is_penalised() -> None:
    statement = "Belarus sent 300,000 soldiers to the border in March, more than ever."
    question = "Did Belarus send 300,000 soldiers to the border in March, more than ever?"
    scores = {s.exact: s.score for s in suggest("doc", f"{statement}\n{question}") if s.kind == "factual"}
    assert scores[question] < scores[statement]


def test_predictions_and_promises_with_their_due_dates() -> None:
    text = (
        "Lukashenko may allow up to 300,000 soldiers to attack Kyiv by the end of the year.\n"
        "“We will never join the war,” Lukashenka promised reporters in Minsk."
    )
    found = {s.kind: s for s in suggest("doc", text, date(2022, 4, 13), [LUKASHENKA])}
    assert found["prediction"].cue == "may"
    assert found["prediction"].due == "2022-12-31"
    assert found["prediction"].speaker_id == "a-luk"
    assert found["promise"].cue.lower() == "we will"


def test_due_dates_as_phrased() -> None:
    today = date(2022, 4, 13)
    assert due_date("troops will leave within two weeks", today) == "2022-04-27"
    assert due_date("a decision by June", today) == "2022-06-30"
    assert due_date("the base will open by 2025", today) == "2025-12-31"
    assert due_date("they will come next month", today) == "2022-05-31"
    assert due_date("they will come", today) == ""
    assert due_date("by the end of the year", None) == ""


def test_may_the_month_is_no_prediction() -> None:
    text = "Since May 2021, Belarusians can only fly abroad via Moscow, just like in Soviet times."
    assert [s.kind for s in suggest("doc", text, date(2022, 4, 1))] == ["factual"]


def test_every_mention_of_a_known_actor_by_name_alias_or_surname() -> None:
    text = "Alexander Lukashenka met Putin. Lukashenko left; LUKASHENKA’s aides stayed."
    people = [
        (s.exact, s.speaker_id) for s in suggest("doc", text, None, [LUKASHENKA, PUTIN]) if s.kind == "person"
    ]
    assert people == [
        ("Alexander Lukashenka", "a-luk"),
        ("Putin", "a-put"),
        ("Lukashenko", "a-luk"),
        ("LUKASHENKA", "a-luk"),
    ]


def test_the_same_text_gives_the_same_suggestions(seeds_dir: Path) -> None:
    text = _seed(seeds_dir, "004")
    assert suggest("d", text, date(2022, 10, 12), [LUKASHENKA]) == suggest(
        "d", text, date(2022, 10, 12), [LUKASHENKA]
    )


PIECES = st.sampled_from(
    [
        "Lukashenka said, “we will not join the war.” ",
        "“Of course,” said Putin. ",
        "300,000 troops, more than ever, by the end of the year. ",
        "On 17 March ",
        "Gen. ",
        "😀🇧🇾 ",
        "e\u0301 ",
        "白俄罗斯不会参战。",
        "\n",
        "\r\n",
        "“",
        "”",
        '"',
        "? ",
        "It may rain. ",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(PIECES, st.text(max_size=12)), max_size=25).map("".join))
def test_offsets_are_valid_code_point_spans_of_the_text(text: str) -> None:
    for start, end in sentences(text):
        assert 0 <= start < end <= len(text)
        assert not text[start].isspace() and not text[end - 1].isspace()
    for s in suggest("doc", text, date(2022, 4, 1), [LUKASHENKA, PUTIN]):
        assert 0 <= s.start < s.end <= len(text)
        assert text[s.start : s.end] == s.exact
        assert s.kind in SUGGESTION_KINDS
        assert s.reason
        if s.stated_text:
            assert s.stated_text in text
