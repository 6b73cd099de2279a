"""Stated dates as written in the seed corpus and beyond, resolved against the document's date."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.domain.dates import parse_publication_date, parse_stated_date, reference_date
from annotator.domain.models import DATE_PRECISIONS, DateResolution

REF = date(2022, 3, 25)  # a document published on 25 March 2022

CASES = [
    # Calendar days, as the seed articles write them.
    ("17 March", REF, "2022-03-17", "2022-03-17", "day"),
    ("October 10th", date(2022, 10, 12), "2022-10-10", "2022-10-10", "day"),
    ("February 24th", REF, "2022-02-24", "2022-02-24", "day"),
    ("Apr 13, 2022", None, "2022-04-13", "2022-04-13", "day"),
    ("24 February 2022", None, "2022-02-24", "2022-02-24", "day"),
    ("2022-02-24", None, "2022-02-24", "2022-02-24", "day"),
    ("24.02.2022", None, "2022-02-24", "2022-02-24", "day"),
    ("the 24th of February 2022", None, "2022-02-24", "2022-02-24", "day"),
    ("Thursday, 24 February 2022", None, "2022-02-24", "2022-02-24", "day"),
    ("on 27 February 2022.", None, "2022-02-27", "2022-02-27", "day"),
    ("Feb. 27, 2022", None, "2022-02-27", "2022-02-27", "day"),
    ("24 february 2022", None, "2022-02-24", "2022-02-24", "day"),
    ("12 March 2022 14:02 GMT", None, "2022-03-12", "2022-03-12", "day"),
    ("2022-03-12T14:02:00Z", None, "2022-03-12", "2022-03-12", "day"),
    ("May 9", REF, "2021-05-09", "2021-05-09", "day"),
    # Months and years.
    ("March 2022", None, "2022-03-01", "2022-03-31", "month"),
    ("February 2024", None, "2024-02-01", "2024-02-29", "month"),
    ("in May 2022", None, "2022-05-01", "2022-05-31", "month"),
    ("2022-02", None, "2022-02-01", "2022-02-28", "month"),
    ("in March", REF, "2022-03-01", "2022-03-31", "month"),
    ("2022", None, "2022-01-01", "2022-12-31", "year"),
    ("in 2014", None, "2014-01-01", "2014-12-31", "year"),
    # Seasons: meteorological, northern hemisphere, hard edges.
    ("autumn 2021", None, "2021-09-01", "2021-11-30", "range"),
    ("fall 2021", None, "2021-09-01", "2021-11-30", "range"),
    ("Autumn of 2021", None, "2021-09-01", "2021-11-30", "range"),
    ("spring 2022", None, "2022-03-01", "2022-05-31", "range"),
    ("summer 2022", None, "2022-06-01", "2022-08-31", "range"),
    ("winter 2021/22", None, "2021-12-01", "2022-02-28", "range"),
    ("winter 2023-2024", None, "2023-12-01", "2024-02-29", "range"),
    # "winter 2022" is read as the winter whose January is in 2022, but people disagree.
    ("winter 2022", None, "2021-12-01", "2022-02-28", "approximate"),
    ("last autumn", REF, "2021-09-01", "2021-11-30", "range"),
    ("last winter", REF, "2021-12-01", "2022-02-28", "range"),
    ("this winter", date(2022, 1, 10), "2021-12-01", "2022-02-28", "range"),
    ("this summer", REF, "2022-06-01", "2022-08-31", "range"),
    ("next spring", REF, "2023-03-01", "2023-05-31", "range"),
    # Explicit ranges.
    ("February-March 2022", None, "2022-02-01", "2022-03-31", "range"),
    ("February 24 - March 3, 2022", None, "2022-02-24", "2022-03-03", "range"),
    ("February 24 \u2013 March 3, 2022", None, "2022-02-24", "2022-03-03", "range"),
    ("24-27 February 2022", None, "2022-02-24", "2022-02-27", "range"),
    ("February 24-27, 2022", None, "2022-02-24", "2022-02-27", "range"),
    ("2022-02-24 - 2022-03-03", None, "2022-02-24", "2022-03-03", "range"),
    ("from March to May 2022", None, "2022-03-01", "2022-05-31", "range"),
    ("between 2020 and 2022", None, "2020-01-01", "2022-12-31", "range"),
    ("2014-2022", None, "2014-01-01", "2022-12-31", "range"),
    ("December - February 2022", None, "2021-12-01", "2022-02-28", "range"),
    ("December 2021 - February", None, "2021-12-01", "2022-02-28", "range"),
    ("December-February", REF, "2021-12-01", "2022-02-28", "range"),
    ("24-27 February", REF, "2022-02-24", "2022-02-27", "range"),
    # Decades.
    ("the 2000s", None, "2000-01-01", "2009-12-31", "range"),
    ("the 1990's", None, "1990-01-01", "1999-12-31", "range"),
    ("mid-2000s", None, "2003-01-01", "2007-12-31", "approximate"),
    ("in the mid-2000s", None, "2003-01-01", "2007-12-31", "approximate"),
    ("early 2000s", None, "2000-01-01", "2003-12-31", "approximate"),
    ("late 1990s", None, "1997-01-01", "1999-12-31", "approximate"),
    # Parts of a year or a month.
    ("early 2022", None, "2022-01-01", "2022-04-30", "approximate"),
    ("mid-2022", None, "2022-05-01", "2022-08-31", "approximate"),
    ("late 2021", None, "2021-09-01", "2021-12-31", "approximate"),
    ("the end of 2021", None, "2021-09-01", "2021-12-31", "approximate"),
    ("the beginning of 2022", None, "2022-01-01", "2022-04-30", "approximate"),
    ("early March 2022", None, "2022-03-01", "2022-03-10", "approximate"),
    ("mid-March 2022", None, "2022-03-11", "2022-03-20", "approximate"),
    ("late February 2022", None, "2022-02-21", "2022-02-28", "approximate"),
    ("late March", date(2022, 3, 10), "2021-03-21", "2021-03-31", "approximate"),
    ("early March", REF, "2022-03-01", "2022-03-10", "approximate"),
    # Relative to the document's date (25 March 2022 is a Friday).
    ("today", REF, "2022-03-25", "2022-03-25", "day"),
    ("yesterday", REF, "2022-03-24", "2022-03-24", "day"),
    ("Yesterday", REF, "2022-03-24", "2022-03-24", "day"),
    ("tomorrow", REF, "2022-03-26", "2022-03-26", "day"),
    ("the day before yesterday", REF, "2022-03-23", "2022-03-23", "day"),
    ("3 days ago", REF, "2022-03-22", "2022-03-22", "day"),
    ("two weeks ago", REF, "2022-03-08", "2022-03-14", "approximate"),
    ("last week", REF, "2022-03-14", "2022-03-20", "approximate"),
    ("this week", REF, "2022-03-21", "2022-03-27", "approximate"),
    ("last month", REF, "2022-02-01", "2022-02-28", "month"),
    ("last month", date(2022, 1, 5), "2021-12-01", "2021-12-31", "month"),
    ("next month", date(2022, 12, 5), "2023-01-01", "2023-01-31", "month"),
    ("last year", REF, "2021-01-01", "2021-12-31", "year"),
    ("last Thursday", REF, "2022-03-24", "2022-03-24", "day"),
    ("last Friday", REF, "2022-03-18", "2022-03-18", "day"),
]


@pytest.mark.parametrize(("text", "reference", "lo", "hi", "precision"), CASES)
def test_stated_date(text: str, reference: date | None, lo: str, hi: str, precision: str) -> None:
    assert parse_stated_date(text, reference) == DateResolution(text.strip(), lo, hi, precision)


@pytest.mark.parametrize(
    "text",
    [
        "may",
        "will may",
        "Lukashenko may allow",
        "march",
        "they march on",
        "mar 2022",
        "may 2022",
        "sun",
        "sat",
        "Sat",
        "Sunday",
        "a",
        "second",
        "the second",
        "we are not going to",
        "we are not going to join the war",
        "",
        "   ",
        "300,000",
        "10",
        "10-20",
        "1 2 3",
        "10:00",
        "May",
        "in May",
        "fall",
        "spring",
        "an august body",
        "august",
        "the beginning of the war",
        "2022-02-30",
        "31 April 2022",
        "29 February 2021",
        "Friday, 24 February 2022",  # contradicts itself: ask rather than pick a side
        "Kyiv",
        "12345",
        "20220",
    ],
)
def test_not_a_date(text: str) -> None:
    assert parse_stated_date(text) is None
    assert parse_stated_date(text, REF) is None


@pytest.mark.parametrize(
    "text", ["17 March", "October 10th", "in March", "yesterday", "last week", "last autumn", "early March"]
)
def test_yearless_and_relative_dates_need_a_reference(text: str) -> None:
    assert parse_stated_date(text) is None
    assert parse_stated_date(text, REF) is not None


def test_yearless_date_is_not_after_the_document_date() -> None:
    # Written in January 2022, "17 March" can only mean a March already past.
    assert parse_stated_date("17 March", date(2022, 1, 10)) == DateResolution(
        "17 March", "2021-03-17", "2021-03-17", "day"
    )
    assert parse_stated_date("17 March", date(2022, 3, 25)).lo == "2022-03-17"  # type: ignore[union-attr]
    # The document's own day still counts as "not after".
    assert parse_stated_date("17 March", date(2022, 3, 17)).lo == "2022-03-17"  # type: ignore[union-attr]
    assert parse_stated_date("17 March", date(2022, 3, 16)).lo == "2021-03-17"  # type: ignore[union-attr]
    # A month counts from its first day: "October" in a document of 12 October 2022 is this October.
    assert parse_stated_date("October", date(2022, 10, 12)).lo == "2022-10-01"  # type: ignore[union-attr]
    assert parse_stated_date("October", date(2022, 9, 30)).lo == "2021-10-01"  # type: ignore[union-attr]


def test_yearless_29_february_goes_back_to_a_leap_year() -> None:
    assert parse_stated_date("29 February", REF) == DateResolution(
        "29 February", "2020-02-29", "2020-02-29", "day"
    )


def test_datetime_reference_is_accepted() -> None:
    assert parse_stated_date("17 March", datetime(2022, 1, 10, 9, 30)).lo == "2021-03-17"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "dayfirst", "expected"),
    [
        ("03/04/2022", True, "2022-04-03"),
        ("03/04/2022", False, "2022-03-04"),
        ("03-04-2022", True, "2022-04-03"),
        ("03-04-2022", False, "2022-03-04"),
        # Unambiguous whichever way round.
        ("24/02/2022", False, "2022-02-24"),
        ("02/24/2022", True, "2022-02-24"),
        # Dots are day-first wherever they are used; year-first is always year-month-day.
        ("03.04.2022", False, "2022-04-03"),
        ("2022-03-04", True, "2022-03-04"),
        ("2022/03/04", True, "2022-03-04"),
    ],
)
def test_day_first_or_month_first(text: str, dayfirst: bool, expected: str) -> None:
    assert parse_stated_date(text, dayfirst=dayfirst) == DateResolution(text, expected, expected, "day")


def test_text_is_kept_as_written() -> None:
    found = parse_stated_date("  on 24 February 2022. ")
    assert found is not None
    assert found.text == "on 24 February 2022."


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("17 March", "2022-03-17"),
        ("March 2022", "2022-03"),
        ("2022", "2022"),
        ("autumn 2021", "2021-09-01 – 2021-11-30"),
        ("mid-2000s", "~2003-01-01 – 2007-12-31"),
    ],
)
def test_display_for_confirmation(text: str, shown: str) -> None:
    found = parse_stated_date(text, REF)
    assert found is not None
    assert found.display() == shown


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Updated: Apr 13, 2022", "2022-04-13"),
        ("Published 12 March 2022 14:02 GMT", "2022-03-12"),
        ("Last updated on March 12, 2022", "2022-03-12"),
        ("Posted: 24.02.2022", "2022-02-24"),
        ("Updated: Apr 13, 2022 10:15 AM EDT", "2022-04-13"),
        ("First published 2022-02-24T06:00:00+03:00", "2022-02-24"),
        ("Date: 2022-03", "2022-03"),
        ("Published 2023", "2023"),
        ("Apr 13, 2022", "2022-04-13"),
    ],
)
def test_publication_date(line: str, expected: str) -> None:
    assert parse_publication_date(line) == expected


@pytest.mark.parametrize(
    "line",
    ["Posted: 17 March", "Updated: yesterday", "Published in spring 2022", "Loading...", "Recent Posts", ""],
)
def test_publication_date_needs_a_standalone_date(line: str) -> None:
    assert parse_publication_date(line) is None


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        ("2022-03-25", date(2022, 3, 25)),
        ("2022-03-25T14:02:00+00:00", date(2022, 3, 25)),
        (" 2022-03-25 ", date(2022, 3, 25)),
        # A partial date stands for its last day: the latest the document can have been written.
        ("2022-03", date(2022, 3, 31)),
        ("2024-02", date(2024, 2, 29)),
        ("2022", date(2022, 12, 31)),
        ("", None),
        ("March 2022", None),
        ("2022-13", None),
        ("2022-02-30", None),
    ],
)
def test_reference_date_from_stored_published_value(published: str, expected: date | None) -> None:
    assert reference_date(published) == expected


def test_month_only_document_date_still_resolves_days_in_that_month() -> None:
    found = parse_stated_date("17 March", reference_date("2022-03"))
    assert found is not None
    assert found.lo == "2022-03-17"


@settings(max_examples=100)
@given(st.dates(min_value=date(1000, 1, 1), max_value=date(2999, 12, 31)), st.booleans())
def test_any_written_day_parses_back_to_itself(day: date, dayfirst: bool) -> None:
    month = day.strftime("%B")
    iso = day.isoformat()
    for text in (
        f"{day.day} {month} {day.year}",
        f"{month} {day.day}, {day.year}",
        f"{day:%b} {day.day}, {day.year}",
        iso,
        f"{day.day:02}.{day.month:02}.{day.year}",
    ):
        assert parse_stated_date(text, dayfirst=dayfirst) == DateResolution(text, iso, iso, "day")


@settings(max_examples=200)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(
                ["May", "march", "17", "2022", "-", "to", "the", "of", "mid", "early", "last", ","]
            ),
            st.text(max_size=6),
        ),
        max_size=6,
    ).map(" ".join),
    st.one_of(st.none(), st.dates(min_value=date(1001, 1, 1), max_value=date(2998, 12, 31))),
)
def test_never_raises_and_always_answers_sensibly(text: str, reference: date | None) -> None:
    found = parse_stated_date(text, reference)
    if found is not None:
        assert found.precision in DATE_PRECISIONS
        assert date.fromisoformat(found.lo) <= date.fromisoformat(found.hi)


def test_years_offered_for_a_date_without_one_are_the_latest_named_then_the_most_frequent() -> None:
    from annotator.domain.dates import years_mentioned

    assert years_mentioned("After the 2020 vote, in 2020 and 2021, Minsk said in 2022...") == [2022, 2020]
    assert years_mentioned("In 2022, and again in 2022.") == [2022]
    assert years_mentioned("Call 12345 or 3.2022; page 20221.") == []
