"""Code-point <-> UTF-16 conversion: properties over hostile Unicode and one example per character class."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.domain.offsets import OffsetMap, codepoint_to_utf16, utf16_to_codepoint

EMOJI = "😀"
FLAG_BY = "🇧🇾"  # two regional-indicator code points, both astral
FAMILY = "👨\u200d👩\u200d👧"  # three astral emoji joined by two ZWJs
E_ACUTE = "e\u0301"  # e + combining acute accent
VIETNAMESE = "Vie\u0323\u0302t Nam"  # e with stacked dot below and circumflex, decomposed
ARABIC = "قال 24 فبراير 2022"
HEBREW = "שלום 300,000 חיילים"
CJK = "白俄罗斯不会参战"
CJK_EXT_B = "\U00020000\U0002a6d6"  # astral-plane ideographs

FRAGMENTS = [
    EMOJI,
    FLAG_BY,
    FAMILY,
    E_ACUTE,
    VIETNAMESE,
    ARABIC,
    HEBREW,
    CJK,
    CJK_EXT_B,
    "\t",
    "\n",
    " ",
    "Lukashenko",
]

# Fragments exercise the known-hard cases; single characters let hypothesis wander over all of
# Unicode (surrogates excluded: a Python str holding a lone surrogate cannot come out of a decoder).
texts = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.characters(exclude_categories=("Cs",))),
    max_size=30,
).map("".join)


def utf16_len(s: str) -> int:
    return len(s.encode("utf-16-le")) // 2


@settings(max_examples=150)
@given(texts)
def test_every_codepoint_round_trips_and_matches_utf16_encoding(text: str) -> None:
    m = OffsetMap(text)
    assert m.utf16_length == utf16_len(text)
    for cp in range(len(text) + 1):
        u16 = m.to_utf16(cp)
        assert u16 == utf16_len(text[:cp])
        assert m.to_codepoint(u16) == cp
        assert m.to_codepoint(u16, round_up=True) == cp


@settings(max_examples=150)
@given(texts, st.data())
def test_utf16_selection_converts_to_the_covering_codepoint_span(text: str, data: st.DataObject) -> None:
    m = OffsetMap(text)
    a = data.draw(st.integers(0, m.utf16_length))
    b = data.draw(st.integers(0, m.utf16_length))
    u_start, u_end = min(a, b), max(a, b)
    start, end = m.span_to_codepoints(u_start, u_end)
    exact = text[start:end]
    # The stored span covers the selection and overshoots by at most half a surrogate pair each side.
    assert 0 <= start <= end <= len(text)
    assert m.to_utf16(start) <= u_start <= m.to_utf16(start) + 1
    assert m.to_utf16(end) - 1 <= u_end <= m.to_utf16(end)
    # What was selected (as UTF-16 units) is what is stored, once widened to whole code points.
    units = text.encode("utf-16-le")[2 * m.to_utf16(start) : 2 * m.to_utf16(end)]
    assert units.decode("utf-16-le") == exact


@settings(max_examples=150)
@given(texts, st.data())
def test_codepoint_span_survives_a_trip_through_utf16(text: str, data: st.DataObject) -> None:
    m = OffsetMap(text)
    a = data.draw(st.integers(0, len(text)))
    b = data.draw(st.integers(0, len(text)))
    start, end = min(a, b), max(a, b)
    u_start, u_end = m.span_to_utf16(start, end)
    assert m.span_to_codepoints(u_start, u_end) == (start, end)
    assert text.encode("utf-16-le")[2 * u_start : 2 * u_end].decode("utf-16-le") == text[start:end]


@settings(max_examples=100)
@given(texts)
def test_positions_inside_a_surrogate_pair_round_to_that_character(text: str) -> None:
    m = OffsetMap(text)
    for u16 in range(m.utf16_length + 1):
        down = m.to_codepoint(u16)
        up = m.to_codepoint(u16, round_up=True)
        if up != down:
            # Only the middle of an astral character is ambiguous, and it rounds to its two edges.
            assert up == down + 1
            assert ord(text[down]) > 0xFFFF
            assert m.to_utf16(down) == u16 - 1
            assert m.to_utf16(up) == u16 + 1


def test_text_without_astral_characters_is_identity() -> None:
    text = f"{E_ACUTE}\t{VIETNAMESE}\n{ARABIC}\n{HEBREW}\n{CJK}"
    m = OffsetMap(text)
    assert m.is_identity
    assert m.utf16_length == len(text)
    assert [m.to_utf16(i) for i in range(len(text) + 1)] == list(range(len(text) + 1))


def test_ascii_text_is_identity() -> None:
    m = OffsetMap("we are not going to join the war\n\t300,000")
    assert m.is_identity
    assert m.to_codepoint(10) == 10


def test_emoji_shifts_everything_after_it_by_one() -> None:
    text = f"a{EMOJI}b"
    m = OffsetMap(text)
    assert not m.is_identity
    assert [m.to_utf16(i) for i in range(4)] == [0, 1, 3, 4]
    assert m.utf16_length == 4
    assert m.to_codepoint(3) == 2
    # Position 2 is between the two halves of the emoji.
    assert m.to_codepoint(2) == 1
    assert m.to_codepoint(2, round_up=True) == 2


def test_flag_is_two_astral_code_points() -> None:
    text = f"Belarus {FLAG_BY} flag"
    m = OffsetMap(text)
    start = text.index(FLAG_BY)
    assert m.span_to_utf16(start, start + 2) == (8, 12)
    # A selection ending between the two indicators keeps the first one whole.
    assert text[slice(*m.span_to_codepoints(8, 10))] == "🇧"
    assert text[slice(*m.span_to_codepoints(9, 11))] == FLAG_BY
    assert m.to_codepoint(m.utf16_length) == len(text)


def test_zwj_family_counts_astral_members_only() -> None:
    text = f"{FAMILY}!"
    m = OffsetMap(text)
    assert len(text) == 6  # three emoji, two ZWJs, "!"
    assert m.utf16_length == 9
    assert m.to_utf16(5) == 8
    assert text[slice(*m.span_to_codepoints(0, 8))] == FAMILY


def test_combining_marks_are_one_position_each() -> None:
    text = f"caf{E_ACUTE} {VIETNAMESE}"
    m = OffsetMap(text)
    assert m.to_utf16(len(text)) == len(text)
    # Splitting a cluster is allowed here: snapping to graphemes is the selection's business.
    assert text[slice(*m.span_to_codepoints(0, 4))] == "cafe"


def test_right_to_left_text_and_digits_are_logical_order() -> None:
    text = f"{EMOJI} {ARABIC} | {HEBREW}"
    m = OffsetMap(text)
    cp = text.index("2022")
    assert m.to_utf16(cp) == cp + 1
    assert text[slice(*m.span_to_codepoints(cp + 1, cp + 5))] == "2022"
    heb = text.index("300,000")
    assert text[slice(*m.span_to_codepoints(*m.span_to_utf16(heb, heb + 7)))] == "300,000"


def test_tabs_and_newlines_are_single_units() -> None:
    text = f"a\tb\n{EMOJI}\n\tc"
    m = OffsetMap(text)
    assert [m.to_utf16(i) for i in range(len(text) + 1)] == [0, 1, 2, 3, 4, 6, 7, 8, 9]


def test_cjk_basic_plane_and_extension_b() -> None:
    text = f"{CJK}{CJK_EXT_B}{CJK}"
    m = OffsetMap(text)
    assert m.to_utf16(len(CJK)) == len(CJK)
    assert m.to_utf16(len(CJK) + 2) == len(CJK) + 4
    assert m.utf16_length == 2 * len(CJK) + 4


def test_empty_text() -> None:
    m = OffsetMap("")
    assert m.utf16_length == 0
    assert m.to_utf16(0) == 0
    assert m.to_codepoint(0) == 0


@pytest.mark.parametrize("cp", [-1, 4])
def test_codepoint_out_of_range_is_refused(cp: int) -> None:
    with pytest.raises(ValueError, match="code-point offset"):
        OffsetMap(f"a{EMOJI}b").to_utf16(cp)


@pytest.mark.parametrize("u16", [-1, 5])
def test_utf16_out_of_range_is_refused(u16: int) -> None:
    with pytest.raises(ValueError, match="UTF-16 position"):
        OffsetMap(f"a{EMOJI}b").to_codepoint(u16)


def test_module_helpers_agree_with_the_map() -> None:
    text = f"{FLAG_BY} 24 February {EMOJI} 2022"
    m = OffsetMap(text)
    for cp in range(len(text) + 1):
        assert codepoint_to_utf16(text, cp) == m.to_utf16(cp)
    for u16 in range(m.utf16_length + 1):
        assert utf16_to_codepoint(text, u16) == m.to_codepoint(u16)
        assert utf16_to_codepoint(text, u16, round_up=True) == m.to_codepoint(u16, round_up=True)


def test_large_text_with_astral_characters_far_apart() -> None:
    # Astral characters only near the ends of a long text: bisect must still land on the right one.
    text = EMOJI + "x" * 100_000 + EMOJI + "y"
    m = OffsetMap(text)
    assert m.to_utf16(50_000) == 50_001
    assert m.to_utf16(len(text)) == len(text) + 2
    # The second emoji is code point 100_001, UTF-16 units 100_002..100_003.
    assert m.to_codepoint(100_004) == 100_002
    assert m.to_codepoint(100_003) == 100_001
    assert m.to_codepoint(100_003, round_up=True) == 100_002
