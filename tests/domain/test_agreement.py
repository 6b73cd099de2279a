"""Agreement statistics checked against published worked examples and hand-computed span cases."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.domain.agreement import (
    SpanAgreement,
    cohens_kappa,
    krippendorff_alpha_nominal,
    pairwise_kappas,
    span_agreement,
)


def table_pairs(table: list[list[int]], labels: list[str]) -> list[tuple[str, str]]:
    """Expand a contingency table (rows: first annotator, columns: second) into per-item pairs."""
    return [
        (labels[i], labels[j])
        for i, row in enumerate(table)
        for j, count in enumerate(row)
        for _ in range(count)
    ]


def rows_to_units(rows: dict[str, str], missing: str) -> dict[str, dict[str, str | None]]:
    """Observer rows of a reliability-data matrix (space separated) -> {unit: {observer: value}}."""
    units: dict[str, dict[str, str | None]] = {}
    for observer, row in rows.items():
        for index, value in enumerate(row.split(), start=1):
            units.setdefault(f"u{index}", {})[observer] = None if value == missing else value
    return units


# --- Cohen's kappa --------------------------------------------------------------------------------


def test_kappa_wikipedia_worked_example() -> None:
    # Wikipedia, "Cohen's kappa", Examples / Simple example: 50 grant proposals, reader A and reader B
    # say Yes/No; both Yes 20, A Yes B No 5, A No B Yes 10, both No 15. p_o = 0.7, p_e = 0.5, kappa = 0.4.
    pairs = table_pairs([[20, 5], [10, 15]], ["Yes", "No"])
    assert len(pairs) == 50
    assert cohens_kappa(pairs) == 0.4  # exact: the arithmetic is done in integers


def test_kappa_wikipedia_same_percentages_different_numbers() -> None:
    # Wikipedia, "Cohen's kappa", "Same percentages but different numbers": two tables with the same
    # p_o = 0.60 but different marginals give kappa = 0.1304 and 0.2593.
    assert cohens_kappa(table_pairs([[45, 15], [25, 15]], ["Yes", "No"])) == pytest.approx(0.1304, abs=5e-5)
    assert cohens_kappa(table_pairs([[25, 35], [5, 35]], ["Yes", "No"])) == pytest.approx(0.2593, abs=5e-5)


def test_kappa_sas_three_category_example() -> None:
    # SAS PROC FREQ "Simple Kappa Coefficient" printout for the 3x3 table [[0,4,1],[0,8,0],[0,1,5]]
    # (reproduced in statsmodels' stats/tests/test_inter_rater.py): Kappa 0.4842 (= 107/221).
    # A category that the first rater never uses must not break anything.
    pairs = table_pairs([[0, 4, 1], [0, 8, 0], [0, 1, 5]], ["a", "b", "c"])
    assert cohens_kappa(pairs) == pytest.approx(0.4842, abs=5e-5)
    assert cohens_kappa(pairs) == pytest.approx(107 / 221)


def test_kappa_r_irr_anxiety_example() -> None:
    # R package irr, data set `anxiety` (20 subjects, 3 raters, scores 1-6):
    # kappa2(anxiety[, 2:3]) -> Kappa = -0.006289308 (unweighted; also in statsmodels' test suite).
    rater2 = "3 6 4 6 2 4 2 4 3 3 2 3 3 3 2 2 1 3 3 4".split()
    rater3 = "2 1 4 4 3 2 1 6 1 1 1 2 3 3 1 1 3 3 2 2".split()
    assert cohens_kappa(list(zip(rater2, rater3, strict=True))) == pytest.approx(-0.006289308, abs=1e-9)


def test_kappa_perfect_and_undefined_cases() -> None:
    assert cohens_kappa([("true", "true"), ("false", "false"), ("misleading", "misleading")]) == 1.0
    assert cohens_kappa([]) is None
    # One label for everything from both: p_e = p_o = 1, kappa = 0/0 -> None (documented convention).
    assert cohens_kappa([("true", "true")] * 5) is None
    # Complete systematic disagreement on a balanced binary table: kappa = -1.
    assert cohens_kappa([("a", "b"), ("b", "a")] * 3) == -1.0


@given(st.lists(st.tuples(st.sampled_from("xyz"), st.sampled_from("xyz")), max_size=40))
def test_kappa_symmetric_and_label_blind(pairs: list[tuple[str, str]]) -> None:
    swapped = [(b, a) for a, b in pairs]
    renamed = [(a.upper(), b.upper()) for a, b in pairs]
    kappa = cohens_kappa(pairs)
    assert cohens_kappa(swapped) == kappa
    assert cohens_kappa(renamed) == kappa
    if kappa is not None:
        assert -1.0 <= kappa <= 1.0


def test_pairwise_kappas_uses_shared_items_and_sorted_pairs() -> None:
    labels = {
        "zoe": {"c1": "true", "c2": "false", "c3": "true", "c4": "false"},
        "amy": {"c1": "true", "c2": "false", "c3": "false", "c5": "true"},
        "bob": {"c9": "true"},
    }
    result = pairwise_kappas(labels)
    assert list(result) == [("amy", "bob"), ("amy", "zoe"), ("bob", "zoe")]
    assert result[("amy", "bob")] is None  # nothing in common
    assert result[("bob", "zoe")] is None
    # amy vs zoe over c1..c3 only: (true,true), (false,false), (false,true).
    expected = cohens_kappa([("true", "true"), ("false", "false"), ("false", "true")])
    assert result[("amy", "zoe")] == expected
    assert expected == pytest.approx(0.4)  # n=3, agreements 2, chance = 1*2 + 2*1 = 4: (6-4)/(9-4)
    assert pairwise_kappas({"solo": {"c1": "true"}}) == {}


# --- Krippendorff's alpha -------------------------------------------------------------------------

KRIPPENDORFF_2011 = {
    # Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C (nominal data, any
    # number of observers, missing values): 4 observers x 12 units, "." = missing. Published result
    # alpha_nominal = 0.743. Unit 12 has a single value and is not pairable.
    "A": "1 2 3 3 2 1 4 1 2 . . .",
    "B": "1 2 3 3 2 2 4 1 2 5 . 3",
    "C": ". 3 3 3 2 3 4 2 2 5 1 .",
    "D": "1 2 3 3 2 4 4 1 2 5 1 .",
}

WIKIPEDIA_ALPHA = {
    # Wikipedia, "Krippendorff's alpha", "A computational example": 3 coders x 15 units, "*" = missing.
    # Published results: alpha_interval = 0.811, alpha_nominal = 0.691.
    "A": "* * * * * 3 4 1 2 1 1 3 3 * 3",
    "B": "1 * 2 1 3 3 4 3 * * * * * * *",
    "C": "* * 2 1 3 4 4 * 2 1 1 3 3 * 4",
}


def test_alpha_krippendorff_2011_example() -> None:
    alpha = krippendorff_alpha_nominal(rows_to_units(KRIPPENDORFF_2011, "."))
    assert alpha is not None
    assert round(alpha, 3) == 0.743


def test_alpha_ignores_unpairable_units() -> None:
    units = rows_to_units(KRIPPENDORFF_2011, ".")
    with_lone_values = {**units, "extra1": {"A": "9"}, "extra2": {"A": None, "B": None}}
    assert krippendorff_alpha_nominal(with_lone_values) == krippendorff_alpha_nominal(units)
    absent_instead_of_none = {
        unit: {observer: value for observer, value in values.items() if value is not None}
        for unit, values in units.items()
    }
    assert krippendorff_alpha_nominal(absent_instead_of_none) == krippendorff_alpha_nominal(units)


def test_alpha_wikipedia_example() -> None:
    alpha = krippendorff_alpha_nominal(rows_to_units(WIKIPEDIA_ALPHA, "*"))
    assert alpha is not None
    assert round(alpha, 3) == 0.691


def test_alpha_perfect_agreement() -> None:
    units = {
        "c1": {"amy": "true", "bob": "true", "cat": "true"},
        "c2": {"amy": "false", "bob": "false", "cat": None},
        "c3": {"amy": "misleading", "bob": "misleading"},
    }
    assert krippendorff_alpha_nominal(units) == 1.0


def test_alpha_undefined_cases() -> None:
    assert krippendorff_alpha_nominal({}) is None
    assert krippendorff_alpha_nominal({"c1": {"amy": None, "bob": None}, "c2": {"amy": None}}) is None
    # Only single-value units: nothing pairable.
    assert krippendorff_alpha_nominal({"c1": {"amy": "true"}, "c2": {"bob": "false"}}) is None
    # No variation at all: expected disagreement is 0.
    assert krippendorff_alpha_nominal({"c1": {"amy": "true", "bob": "true"}}) is None


def test_alpha_two_annotators_close_to_kappa() -> None:
    # Two coders, no missing values (the Wikipedia kappa table): alpha is defined, in range and close to
    # kappa. For two coders alpha = 1 - (2N - 1) / (2N) * (1 - Scott's pi), slightly above pi for small N.
    pairs = table_pairs([[20, 5], [10, 15]], ["Yes", "No"])
    units = {f"p{i}": {"A": a, "B": b} for i, (a, b) in enumerate(pairs)}
    alpha = krippendorff_alpha_nominal(units)
    kappa = cohens_kappa(pairs)
    assert alpha is not None and kappa is not None
    assert -1.0 <= alpha <= 1.0
    assert alpha == pytest.approx(kappa, abs=0.05)
    # Scott's pi: pooled proportions Yes 55/100, No 45/100 -> p_e = 0.505, pi = (0.7 - 0.505) / 0.495.
    scotts_pi = (0.7 - 0.505) / 0.495
    n = len(pairs)
    assert alpha == pytest.approx(1 - (2 * n - 1) / (2 * n) * (1 - scotts_pi))
    assert alpha > scotts_pi


@given(
    st.dictionaries(
        st.text("abc", min_size=1, max_size=3),
        st.dictionaries(st.sampled_from(["amy", "bob", "cat"]), st.none() | st.sampled_from("xyz")),
        max_size=12,
    )
)
def test_alpha_blind_to_annotator_names(units: dict[str, dict[str, str | None]]) -> None:
    renamed = {
        unit: {name.upper(): label for name, label in values.items()} for unit, values in units.items()
    }
    assert krippendorff_alpha_nominal(renamed) == krippendorff_alpha_nominal(units)


# --- span agreement -------------------------------------------------------------------------------


def test_spans_identical() -> None:
    spans = [(0, 10), (20, 35), (50, 51)]
    result = span_agreement(spans, list(spans))
    assert (result.precision, result.recall, result.f1) == (1.0, 1.0, 1.0)
    assert result.matched == 3
    assert result.pairs == ((0, 0), (1, 1), (2, 2))


def test_spans_disjoint() -> None:
    result = span_agreement([(0, 10), (20, 30)], [(10, 20), (30, 40)])  # touching is not overlapping
    assert (result.precision, result.recall, result.f1, result.matched) == (0.0, 0.0, 0.0, 0)


def test_spans_partial_hand_computed() -> None:
    reference = [(0, 10), (20, 30), (40, 50), (60, 70)]
    candidate = [(5, 12), (25, 45), (80, 90)]
    # (5,12) overlaps (0,10): IoU 5/12. (25,45) overlaps (20,30) and (40,50), each IoU 5/25; ties go to
    # the lower reference index, so it takes (20,30) and (40,50) stays unmatched. (80,90) matches nothing.
    result = span_agreement(reference, candidate)
    assert result.matched == 2
    assert result.pairs == ((0, 0), (1, 1))
    assert result.precision == pytest.approx(2 / 3)
    assert result.recall == pytest.approx(2 / 4)
    assert result.f1 == pytest.approx(2 * 2 / (4 + 3))
    assert result.f1 == pytest.approx(2 * (2 / 3) * (1 / 2) / (2 / 3 + 1 / 2))
    assert (result.reference_count, result.candidate_count) == (4, 3)

    # With a threshold of IoU >= 0.4 only the first pair survives (5/12 = 0.417; 5/25 = 0.2).
    strict = span_agreement(reference, candidate, min_overlap=0.4)
    assert strict.pairs == ((0, 0),)
    assert (strict.precision, strict.recall) == pytest.approx((1 / 3, 1 / 4))


def test_spans_one_to_one_matching() -> None:
    # One big reference span covering two small candidate spans: only one of them can match it.
    big = [(0, 100)]
    small = [(0, 10), (50, 70)]
    result = span_agreement(big, small)
    assert result.matched == 1
    assert result.pairs == ((0, 1),)  # the larger overlap (IoU 20/100 beats 10/100) wins
    assert (result.precision, result.recall) == (0.5, 1.0)
    assert result.f1 == pytest.approx(2 / 3)
    # And the other way round: the big candidate matches only one of the two references.
    reverse = span_agreement(small, big)
    assert (reverse.precision, reverse.recall, reverse.matched) == (1.0, 0.5, 1)


def test_spans_greedy_prefers_best_overlap() -> None:
    # Candidate (0,12) overlaps both references; it goes to its near-duplicate (0,10) (IoU 10/12), leaving
    # (8,30) for candidate (10,30) (IoU 20/22) even though (0,12) was listed first.
    result = span_agreement([(8, 30), (0, 10)], [(0, 12), (10, 30)])
    assert result.pairs == ((0, 1), (1, 0))  # sorted by reference index
    assert result.f1 == 1.0


def test_spans_threshold_one_means_identical() -> None:
    result = span_agreement([(0, 10), (20, 30)], [(0, 10), (20, 31)], min_overlap=1.0)
    assert result.pairs == ((0, 0),)


def test_spans_empty_cases() -> None:
    assert span_agreement([], []) == SpanAgreement(1.0, 1.0, 1.0, 0, 0, 0, ())
    nothing_found = span_agreement([(0, 5)], [])
    assert (nothing_found.precision, nothing_found.recall, nothing_found.f1) == (1.0, 0.0, 0.0)
    nothing_there = span_agreement([], [(0, 5), (6, 9)])
    assert (nothing_there.precision, nothing_there.recall, nothing_there.f1) == (0.0, 1.0, 0.0)
    # A zero-length span overlaps nothing, not even itself.
    assert span_agreement([(3, 3)], [(3, 3)]).matched == 0


def test_spans_reject_bad_input() -> None:
    with pytest.raises(ValueError):
        span_agreement([(5, 2)], [])
    with pytest.raises(ValueError):
        span_agreement([], [(-1, 2)])
    with pytest.raises(ValueError):
        span_agreement([], [], min_overlap=1.5)


def test_span_agreement_is_frozen() -> None:
    result = span_agreement([(0, 1)], [(0, 1)])
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.precision = 0.5  # type: ignore[misc]


span_lists = st.lists(
    st.tuples(st.integers(0, 60), st.integers(0, 20)).map(lambda t: (t[0], t[0] + t[1])), max_size=8
)


@given(span_lists, span_lists, st.sampled_from([0.0, 0.3, 0.7, 1.0]))
def test_spans_swap_exchanges_precision_and_recall(
    reference: list[tuple[int, int]], candidate: list[tuple[int, int]], min_overlap: float
) -> None:
    forward = span_agreement(reference, candidate, min_overlap)
    backward = span_agreement(candidate, reference, min_overlap)
    assert forward.matched == backward.matched
    assert (forward.precision, forward.recall, forward.f1) == (
        backward.recall,
        backward.precision,
        backward.f1,
    )
    assert len({r for r, _ in forward.pairs}) == len({c for _, c in forward.pairs}) == forward.matched
    assert 0.0 <= forward.f1 <= 1.0


def test_agreement_figures_come_with_the_bands_reviewers_read_them_by() -> None:
    from annotator.domain.agreement import alpha_band, kappa_band

    assert [kappa_band(k) for k in (-0.1, 0.1, 0.3, 0.5, 0.7, 0.9, None)] == [
        "poor",
        "slight",
        "fair",
        "moderate",
        "substantial",
        "almost perfect",
        "undefined: one label throughout",
    ]
    assert alpha_band(0.85) == "reliable"
    assert alpha_band(0.7).startswith("tentative")
    assert alpha_band(0.2).startswith("unreliable")
