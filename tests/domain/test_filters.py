"""Claim filters: combining criteria, date overlap, and saving them."""

from __future__ import annotations

from annotator.domain.filters import NO_VERDICT, ClaimFilter
from annotator.domain.models import Claim


def _claim(**fields: object) -> Claim:
    values: dict[str, object] = {"id": "c", "document_id": "d", "start": 0, "end": 1, "exact": "x"}
    values.update(fields)
    return Claim(**values)  # type: ignore[arg-type]


def test_empty_filter_matches_everything_and_is_inactive() -> None:
    assert not ClaimFilter().active
    assert ClaimFilter().matches(_claim(), None, [])


def test_criteria_combine_with_and_values_with_or() -> None:
    prediction = _claim(kind="prediction", claimant_id="luka", tags=["war"], created_by="ann")
    wanted = ClaimFilter(kinds=frozenset({"prediction", "promise"}), claimants=frozenset({"luka"}))
    assert wanted.matches(prediction, None, [])
    assert not wanted.matches(_claim(kind="quote", claimant_id="luka"), None, [])
    assert not ClaimFilter(tags=frozenset({"peace"})).matches(prediction, None, [])
    assert ClaimFilter(tags=frozenset({"peace", "war"})).matches(prediction, None, [])
    assert ClaimFilter(annotators=frozenset({"ann"})).matches(prediction, None, [])
    assert ClaimFilter(events=frozenset({"e1"})).matches(prediction, None, ["e2", "e1"])
    assert not ClaimFilter(events=frozenset({"e1"})).matches(prediction, None, [])


def test_verdict_filter_knows_unjudged_claims() -> None:
    only_open = ClaimFilter(verdicts=frozenset({NO_VERDICT, "pending"}))
    assert only_open.matches(_claim(), None, [])
    assert only_open.matches(_claim(), "pending", [])
    assert not only_open.matches(_claim(), "confirmed", [])


def test_date_range_overlaps_what_the_stated_date_may_mean() -> None:
    march = _claim(stated_lo="2022-03-01", stated_hi="2022-03-31")
    assert ClaimFilter(date_from="2022-03-15").matches(march, None, [])
    assert ClaimFilter(date_to="2022-03-01").matches(march, None, [])
    assert not ClaimFilter(date_from="2022-04-01").matches(march, None, [])
    assert not ClaimFilter(date_from="2022-01-01").matches(_claim(), None, [])


def test_toggle_and_round_trip_through_json() -> None:
    chosen = ClaimFilter().toggled("kinds", "quote").toggled("kinds", "opinion").toggled("kinds", "quote")
    assert chosen.kinds == {"opinion"}
    chosen = ClaimFilter(verdicts=frozenset({"refuted"}), date_to="2022-12-31")
    assert ClaimFilter.from_json(chosen.to_json()) == chosen
    assert ClaimFilter.from_json("not json") == ClaimFilter()
