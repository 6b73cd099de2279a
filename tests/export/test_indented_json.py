"""The JSON exports' writer gives the standard library's indented text, byte for byte."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from annotator.export.text import indented_json

# What the exports hold: text of any script (control characters, quotes, astral emoji), integers, the
# confidences and ratings that are their only floats (orjson writes 1e-7 where Python writes 1e-07: the
# same number, but not the same text), nesting.
VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**53), 2**53)
    | st.integers(0, 100).map(lambda n: n / 100)
    | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(), children, max_size=4),
    max_leaves=20,
)


@given(VALUES)
def test_indented_json_is_the_standard_librarys_text(value: object) -> None:
    assert indented_json(value) == json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def test_the_cases_a_report_meets() -> None:
    value = {
        "quote": '“we are not going”\u2028\x1f"\\ 🇧🇾',
        "rating": 5,
        "confidence": 0.85,
        "tags": [],
        "x": {},
    }
    assert indented_json(value) == json.dumps(value, ensure_ascii=False, indent=2) + "\n"
