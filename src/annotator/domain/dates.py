"""Parse dates as written ("17 March", "mid-2000s", "last week") into DateResolutions."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from functools import cache
from typing import TYPE_CHECKING

from annotator.domain.models import DateResolution

if TYPE_CHECKING:
    from types import ModuleType

    from dateutil.parser import parserinfo

# Two defaults that differ in year, month and day: a field that comes out the same under both was
# written in the text. Both are leap years (so "29 February" survives) and both months have 31
# days (so a bare "31" survives).
_DEFAULT_A = datetime(2000, 1, 1)
_DEFAULT_B = datetime(2004, 3, 3)

# Lower-case month names that are ordinary English words far more often than dates.
_WORD_MONTHS = frozenset({"may", "march", "mar"})

_MIN_YEAR, _MAX_YEAR = 1000, 2999

_COUNTS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
_NUMBER_WORDS = {"a": 1, "an": 1} | {word: n for n, word in enumerate(_COUNTS, 1)}

_SEASON_MONTHS = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}

# Parts of a year / month / decade meant by "early", "mid", "late" (approximate by nature).
_YEAR_THIRDS = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}
_MONTH_THIRDS = {"early": (1, 10), "mid": (11, 20), "late": (21, 31)}
_DECADE_PARTS = {"early": (0, 3), "mid": (3, 7), "late": (7, 9)}
_QUALIFIERS = {
    "early": "early",
    "beginning": "early",
    "start": "early",
    "mid": "mid",
    "middle": "mid",
    "late": "late",
    "end": "late",
}

_DASHES = re.compile("[\u2010\u2011\u2012\u2013\u2014\u2015\u2212]")
_LEADING_PREPOSITION = re.compile(r"^(?:on|in|during|at)\s+", re.IGNORECASE)

_TOKEN = re.compile(
    r"""
    (?P<ymd>\d{4}([-/.])\d{1,2}\2\d{1,2})(?:T\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?
    | (?P<dmy>\d{1,2}([-/.])\d{1,2}\4\d{4})
    | (?P<ym>\d{4}-\d{2})(?!\d)
    | (?P<time>\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?)
    | (?P<offset>[+-]\d{2}:?\d{2})
    | (?P<number>\d+)(?P<ordinal>st|nd|rd|th)?
    | (?P<word>[^\W\d_]+)\.?
    | (?P<punct>[,])
    | (?P<space>\s+)
    | (?P<other>.)
    """,
    re.VERBOSE,
)

_FILLERS = frozenset({"the", "of", "at"})


@dataclass(frozen=True)
class _Parts:
    """The calendar fields a fragment of text states; None where it says nothing."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None  # Monday = 0, checked against the date when one is given


@dataclass(frozen=True)
class _Span:
    lo: date
    hi: date
    precision: str


def parse_stated_date(
    text: str, reference: date | None = None, dayfirst: bool = True
) -> DateResolution | None:
    """Resolve a date as written, against the document's date `reference`; None if unsure.

    - Precision: a calendar day, month or year is `day` / `month` / `year`; spans with hard edges
      ("February-March 2022", "the 2000s", "autumn 2021") are `range`; spans whose edges are a
      matter of reading ("early 2022", "mid-2000s", "last week", "winter 2022") are `approximate`.
    - A date without a year ("17 March") takes the latest year in which it does not start after
      `reference`: a stated date is normally in the past of the text reporting it. Without a
      reference, year-less and relative ("yesterday") dates give None: we never guess silently.
    - Seasons are meteorological, northern hemisphere: spring March-May, summer June-August,
      autumn/fall September-November, winter December-February. "winter 2022" is the winter whose
      January is in 2022 (as in "the 2022 Winter Olympics"), approximate because it is also used
      for December 2022; "winter 2021/22" is exact. A bare season word needs last/this/next.
    - Anything that is not plainly a date gives None: "may", "march", "sun", a bare "May", a bare
      number. Month names count capitalised, or in lower case only as a full name next to a day or
      year ("24 february 2022"), never "may"/"march", which are verbs far more often.
    - `dayfirst` decides "03/04/2022" (3 April when true); dotted dates are always day first and
      year-first dates always year-month-day, whatever the flag.

    The caller shows the result to the user to confirm; None means "not sure, ask".
    """
    if isinstance(reference, datetime):
        reference = reference.date()
    written = text.strip()
    s = _normalise(written)
    if not s:
        return None
    for reader in (_relative, _season, _qualified, _decade):
        span = reader(s, reference)
        if span is not None:
            return _resolution(written, span)
    span = _single(s, reference, dayfirst)
    if span is None:
        span = _range(s, reference, dayfirst)
    return None if span is None else _resolution(written, span)


_PUBLICATION_LABEL = re.compile(
    r"""^(?:
        (?:last\s+|first\s+)?(?:updated|modified|published|posted|released|dated?|written)
        (?:\s+(?:on|at))?
    )\s*[:|]?\s*""",
    re.IGNORECASE | re.VERBOSE,
)


def parse_publication_date(text: str, dayfirst: bool = True) -> str | None:
    """The ISO date ("2022-04-13", or "2022-04" / "2022" if that is all it says) of a metadata line.

    Handles lines such as "Updated: Apr 13, 2022" and "Published 12 March 2022 14:02 GMT". A
    publication date must stand on its own, so year-less and relative dates give None.
    """
    s = _PUBLICATION_LABEL.sub("", text.strip())
    found = parse_stated_date(s, reference=None, dayfirst=dayfirst)
    if found is None:
        return None
    return {"day": found.lo, "month": found.lo[:7], "year": found.lo[:4]}.get(found.precision)


_PUBLISHED = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ].*)?)?)?")


def reference_date(published: str) -> date | None:
    """The day to resolve a document's year-less dates against, from its stored `published` value.

    Takes "2022-03-25" (or a timestamp starting so), "2022-03" or "2022". A partial date counts as
    its last day, the latest the document can be, so "17 March" in a "2022-03" document is
    2022-03-17 rather than a year earlier. Anything else (including "") gives None.
    """
    m = _PUBLISHED.fullmatch(published.strip())
    if m is None:
        return None
    year, month, day = (int(g) if g else None for g in m.groups())
    assert year is not None
    try:
        if month is None:
            return date(year, 12, 31)
        return date(year, month, day) if day is not None else _month_end(year, month)
    except ValueError:
        return None


# --- normalising and building results ---------------------------------------------------------


def _normalise(s: str) -> str:
    s = _DASHES.sub("-", s)
    s = " ".join(s.split())
    # A trailing full stop is sentence punctuation, or the dot of "Feb." which is optional anyway.
    s = s.strip(" ,;:()[]").rstrip(".")
    return _LEADING_PREPOSITION.sub("", s)


def _resolution(written: str, span: _Span) -> DateResolution:
    return DateResolution(written, span.lo.isoformat(), span.hi.isoformat(), span.precision)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _span_of(parts: _Parts) -> _Span:
    """The days a complete set of parts covers, with its natural precision."""
    assert parts.year is not None
    if parts.month is None:
        return _Span(date(parts.year, 1, 1), date(parts.year, 12, 31), "year")
    if parts.day is None:
        return _Span(date(parts.year, parts.month, 1), _month_end(parts.year, parts.month), "month")
    day = date(parts.year, parts.month, parts.day)
    return _Span(day, day, "day")


def _latest_year_not_after(parts: _Parts, reference: date) -> _Parts | None:
    """Fill in the year: the latest one in which the date starts on or before `reference`."""
    # Up to eight years back so a year-less "29 February" still finds a leap year.
    for year in range(reference.year, reference.year - 9, -1):
        candidate = replace(parts, year=year)
        try:
            if _span_of(candidate).lo <= reference:
                return candidate
        except ValueError:  # 29 February in a common year
            continue
    return None


def _complete(parts: _Parts, reference: date | None) -> _Span | None:
    if parts.year is None:
        if reference is None:
            return None
        filled = _latest_year_not_after(parts, reference)
        if filled is None:
            return None
        parts = filled
    try:
        span = _span_of(parts)
    except ValueError:
        return None
    if parts.weekday is not None and (span.precision != "day" or span.lo.weekday() != parts.weekday):
        return None  # "Friday, 24 February 2022" contradicts itself: ask rather than pick one
    return span


# --- single dates: tokens checked here, fields read by dateutil -----------------------------


@cache
def _dateutil() -> tuple[ModuleType, parserinfo]:
    """dateutil's parser, and its table of month and weekday names (so both readers agree on what a
    name is): imported when a date is first read, not by every module that may read one (the window's
    start, which reads none)."""
    from dateutil import parser

    return parser, parser.parserinfo()


def _month_number(word: str) -> int | None:
    number = _dateutil()[1].month(word)
    if number is None:
        return None
    full = calendar.month_name[number].lower()
    if word[0].isupper():
        return int(number)
    # Lower case: only an unambiguous full name ("february"), never an abbreviation or a verb.
    if word == full and word not in _WORD_MONTHS:
        return int(number)
    return None


def _weekday_number(word: str) -> int | None:
    number = _dateutil()[1].weekday(word)
    if number is None:
        return None
    # "sun", "sat", "wed" in lower case are words; abbreviations only count capitalised.
    if word[0].isupper() or word == calendar.day_name[number].lower():
        return int(number)
    return None


def _fields(canonical: str, dayfirst: bool, yearfirst: bool) -> _Parts | None:
    """Ask dateutil which of year, month and day `canonical` states, by parsing it twice."""
    try:
        parser = _dateutil()[0]
        a = parser.parse(canonical, default=_DEFAULT_A, dayfirst=dayfirst, yearfirst=yearfirst)
        b = parser.parse(canonical, default=_DEFAULT_B, dayfirst=dayfirst, yearfirst=yearfirst)
    except (ValueError, OverflowError):
        return None
    return _Parts(
        year=a.year if a.year == b.year else None,
        month=a.month if a.month == b.month else None,
        day=a.day if a.day == b.day else None,
    )


def _parts(s: str, dayfirst: bool, endpoint: bool = False) -> _Parts | None:
    """Read the calendar fields of one date expression, or None if any token is not a date word.

    `endpoint` relaxes the shape for one side of a range, where a bare day ("24-27 February") or a
    day with only a year ("February 24-27, 2022") borrows from the other side.
    """
    order: list[str] = []  # "D", "M", "Y" in the order written
    values: dict[str, int] = {}
    numeric: tuple[str, bool, bool] | None = None  # (text, dayfirst, yearfirst)
    weekday: int | None = None
    had_time = False
    lowercase_month = False
    for m in _TOKEN.finditer(s):
        kind = m.lastgroup
        if kind == "space" or kind == "punct":
            continue
        if kind == "ordinal":  # "10th": the ordinal suffix is the group that closed last
            kind = "number"
        if kind in ("ymd", "dmy", "ym"):
            if numeric is not None or order:
                return None
            if kind == "ymd" or kind == "ym":
                # Year first means ISO order; dateutil's dayfirst would swap month and day.
                numeric = (m.group(kind), False, True)
            else:
                # Dotted dates are day-first everywhere they are used (24.02.2022).
                numeric = (m.group(kind), dayfirst or m.group(4) == ".", False)
            order.append("N")
        elif kind == "time":
            if not order:
                return None
            had_time = True
        elif kind == "offset":
            if not had_time:
                return None
        elif kind == "number":
            digits = m.group("number")
            value = int(digits)
            if len(digits) == 4 and _MIN_YEAR <= value <= _MAX_YEAR and not m.group("ordinal"):
                field = "Y"
            elif len(digits) <= 2 and 1 <= value <= 31:
                field = "D"
            else:
                return None
            if field in values:
                return None
            values[field] = value
            order.append(field)
        elif kind == "word":
            word = m.group("word")
            month = _month_number(word)
            if month is not None:
                if "M" in values:
                    return None
                values["M"] = month
                order.append("M")
                lowercase_month = word[0].islower()
                continue
            day = _weekday_number(word)
            if day is not None and weekday is None and not order:
                weekday = day
            elif word.lower() in _FILLERS:
                continue
            elif had_time and (word.isupper() or word.lower() in ("am", "pm")):
                continue  # time zone or am/pm after a time: irrelevant to the day
            else:
                return None
        else:
            return None

    shape = "".join(order)
    if shape == "N":
        assert numeric is not None
        parts = _fields(*numeric)
        if parts is None or parts.year is None or parts.month is None:
            return None
        return replace(parts, weekday=weekday)
    allowed = {"DMY", "MDY", "DM", "MD", "MY", "Y", "M"}
    if endpoint:
        allowed |= {"D", "DY"}
    if shape not in allowed or (lowercase_month and "D" not in values and "Y" not in values):
        return None
    if "M" not in values:  # a range endpoint waiting for the other side's month
        return _Parts(year=values.get("Y"), day=values["D"]) if "D" in values else _Parts(year=values["Y"])
    # Fields in a fixed "day month-name year" order that dateutil cannot misread, whatever the
    # order written; dateutil then checks the date exists (no 31 April) and says what was stated.
    words = [str(values["D"])] if "D" in values else []
    words.append(calendar.month_name[values["M"]])
    if "Y" in values:
        words.append(str(values["Y"]))
    parts = _fields(" ".join(words), dayfirst=True, yearfirst=False)
    if parts is None or (parts.year, parts.month, parts.day) != (
        values.get("Y"),
        values.get("M"),
        values.get("D"),
    ):
        return None
    return replace(parts, weekday=weekday)


def _single(s: str, reference: date | None, dayfirst: bool) -> _Span | None:
    parts = _parts(s, dayfirst)
    if parts is None:
        return None
    if parts.day is None and parts.year is None and parts.month == 5:
        return None  # a bare "May" is as likely the modal verb opening a sentence
    return _complete(parts, reference)


# --- ranges -----------------------------------------------------------------------------------

_RANGE_START = re.compile(r"^(?:from|between)\s+", re.IGNORECASE)
_RANGE_SEPARATOR = re.compile(r"\s*-\s*|\s+(?:to|until|till|through|thru|and)\s+", re.IGNORECASE)


def _range(s: str, reference: date | None, dayfirst: bool) -> _Span | None:
    s = _RANGE_START.sub("", s)
    # Try each separator: "2022-02-24 - 2022-03-03" has hyphens inside its dates as well.
    for sep in _RANGE_SEPARATOR.finditer(s):
        left = _parts(s[: sep.start()], dayfirst, endpoint=True)
        right = _parts(s[sep.end() :], dayfirst, endpoint=True)
        if left is not None and right is not None:
            span = _join(left, right, reference)
            if span is not None:
                return span
    return None


def _join(left: _Parts, right: _Parts, reference: date | None) -> _Span | None:
    # A side with a day but no month borrows the other side's ("24-27 February", "February 24-27"),
    # and a side without a year borrows the other's ("February 24 - March 3, 2022").
    if left.month is None:
        left = replace(left, month=right.month if left.day is not None else None)
    if right.month is None:
        right = replace(right, month=left.month if right.day is not None else None)
    for side in (left, right):
        if side.month is None and (side.day is not None or side.year is None):
            return None
    left_year, right_year = left.year, right.year
    if left_year is None and right_year is None:
        # Neither side has a year: start the range in the latest year that puts its start on or
        # before the reference, like a single year-less date.
        filled = None if reference is None else _latest_year_not_after(left, reference)
        if filled is None:
            return None
        left_year = filled.year
    borrowed_left, borrowed_right = left_year is None, right_year is None
    left_year = right_year if left_year is None else left_year
    right_year = left_year if right_year is None else right_year
    assert left_year is not None and right_year is not None
    try:
        lo = _span_of(replace(left, year=left_year)).lo
        hi = _span_of(replace(right, year=right_year)).hi
        # A borrowed year can put the start after the end: "December - February 2022" starts the
        # year before, "December 2021 - February" ends the year after.
        if lo > hi and borrowed_left:
            lo = _span_of(replace(left, year=left_year - 1)).lo
        elif lo > hi and borrowed_right:
            hi = _span_of(replace(right, year=right_year + 1)).hi
    except ValueError:
        return None
    if lo >= hi:
        return None
    return _Span(lo, hi, "range")


# --- decades, seasons, early/mid/late, relative dates ----------------------------------------

_DECADE = re.compile(r"^(?:the\s+)?(\d{3}0)'?s$", re.IGNORECASE)


def _decade(s: str, reference: date | None) -> _Span | None:
    m = _DECADE.match(s)
    if m is None or not _MIN_YEAR <= int(m.group(1)) <= _MAX_YEAR:
        return None
    start = int(m.group(1))
    return _Span(date(start, 1, 1), date(start + 9, 12, 31), "range")


_SEASON = re.compile(
    r"""^(?:(?P<rel>last|this|next)\s+)?(?:the\s+)?
    (?P<season>spring|summer|autumn|fall|winter)
    (?:\s+(?:of\s+)?(?P<year>\d{4})(?:\s*[/-]\s*(?P<year2>\d{2}|\d{4}))?)?$""",
    re.IGNORECASE | re.VERBOSE,
)


def _season_span(season: str, year: int) -> _Span:
    """The season that starts in `year` (winter: December of `year` to February of the next)."""
    first = _SEASON_MONTHS[season]
    lo = date(year, first, 1)
    last_month, last_year = (first + 2, year) if first + 2 <= 12 else (first + 2 - 12, year + 1)
    return _Span(lo, _month_end(last_year, last_month), "range")


def _season(s: str, reference: date | None) -> _Span | None:
    m = _SEASON.match(s)
    if m is None:
        return None
    season = m.group("season").lower()
    rel = (m.group("rel") or "").lower()
    if m.group("year"):
        if rel:
            return None
        year = int(m.group("year"))
        if m.group("year2"):
            second = int(m.group("year2"))
            second += 0 if second >= 100 else year // 100 * 100
            # "winter 2021/22" is the winter across the two years; other seasons have no such form.
            return _season_span(season, year) if season == "winter" and second == year + 1 else None
        if season == "winter":
            return replace(_season_span(season, year - 1), precision="approximate")
        return _season_span(season, year)
    if not rel or reference is None:
        return None  # a bare "fall" or "spring" is a word first and a season second
    candidates = [_season_span(season, y) for y in range(reference.year - 2, reference.year + 2)]
    if rel == "last":
        return max((c for c in candidates if c.hi < reference), key=lambda c: c.lo)
    if rel == "next":
        return min((c for c in candidates if c.lo > reference), key=lambda c: c.lo)
    # "this": the season under way, else the one starting in the reference year.
    for c in candidates:
        if c.lo <= reference <= c.hi:
            return c
    return _season_span(season, reference.year)


_QUALIFIED = re.compile(
    r"^(?:the\s+)?(?P<q>early|mid|middle|late|beginning|start|end)(?:\s*-\s*|\s+of\s+(?:the\s+)?|\s+)(?P<rest>.+)$",
    re.IGNORECASE,
)


def _qualified(s: str, reference: date | None) -> _Span | None:
    m = _QUALIFIED.match(s)
    if m is None:
        return None
    q = _QUALIFIERS[m.group("q").lower()]
    rest = m.group("rest")
    decade = _DECADE.match(rest)
    if decade is not None:
        start = int(decade.group(1))
        first, last = _DECADE_PARTS[q]
        return _Span(date(start + first, 1, 1), date(start + last, 12, 31), "approximate")
    parts = _parts(rest, dayfirst=True)
    if parts is None or parts.day is not None or (parts.month is None and parts.year is None):
        return None
    if parts.month is None:
        assert parts.year is not None
        lo_month, hi_month = _YEAR_THIRDS[q]
        return _Span(date(parts.year, lo_month, 1), _month_end(parts.year, hi_month), "approximate")
    if parts.year is not None:
        return _month_part(parts.year, parts.month, q)
    if reference is None:
        return None
    # Year-less "late March": the latest one that starts on or before the reference.
    this_year = _month_part(reference.year, parts.month, q)
    return this_year if this_year.lo <= reference else _month_part(reference.year - 1, parts.month, q)


def _month_part(year: int, month: int, q: str) -> _Span:
    first, last = _MONTH_THIRDS[q]
    end = _month_end(year, month)
    return _Span(date(year, month, first), end.replace(day=min(last, end.day)), "approximate")


_AGO = re.compile(r"^(?P<n>\d{1,3}|[a-z]+)\s+(?P<unit>day|week)s?\s+ago$", re.IGNORECASE)
_LAST_NEXT = re.compile(r"^(?P<rel>last|this|next)\s+(?P<unit>week|month|year)$", re.IGNORECASE)
_LAST_WEEKDAY = re.compile(r"^last\s+(?P<day>[a-z]+)$", re.IGNORECASE)
_DAY_WORDS = {"today": 0, "yesterday": -1, "tomorrow": 1, "the day before yesterday": -2}


def _relative(s: str, reference: date | None) -> _Span | None:
    if reference is None:
        return None
    lower = s.lower()
    if lower in _DAY_WORDS:
        day = reference + timedelta(days=_DAY_WORDS[lower])
        return _Span(day, day, "day")
    m = _AGO.match(s)
    if m is not None:
        word = m.group("n").lower()
        n = int(word) if word.isdigit() else _NUMBER_WORDS.get(word)
        if not n:
            return None
        if m.group("unit").lower() == "day":
            day = reference - timedelta(days=n)
            return _Span(day, day, "day")
        # "two weeks ago" is about a fortnight back, give or take a few days.
        centre = reference - timedelta(weeks=n)
        return _Span(centre - timedelta(days=3), centre + timedelta(days=3), "approximate")
    m = _LAST_NEXT.match(s)
    if m is not None:
        step = {"last": -1, "this": 0, "next": 1}[m.group("rel").lower()]
        unit = m.group("unit").lower()
        if unit == "week":
            # The calendar week, Monday to Sunday; approximate because "last week" is also used for
            # "the past seven days".
            monday = reference - timedelta(days=reference.weekday()) + timedelta(weeks=step)
            return _Span(monday, monday + timedelta(days=6), "approximate")
        if unit == "month":
            index = reference.year * 12 + reference.month - 1 + step
            year, month = divmod(index, 12)
            return _Span(date(year, month + 1, 1), _month_end(year, month + 1), "month")
        year = reference.year + step
        return _Span(date(year, 1, 1), date(year, 12, 31), "year")
    m = _LAST_WEEKDAY.match(s)
    if m is not None:
        weekday = _weekday_number(m.group("day"))
        if weekday is None:
            return None
        back = (reference.weekday() - weekday - 1) % 7 + 1  # 1..7 days: strictly before reference
        day = reference - timedelta(days=back)
        return _Span(day, day, "day")
    return None


_YEAR = re.compile(r"(?<![\d.,/-])(19[5-9]\d|20\d\d)(?![\d.,/-]?\d)")


def years_mentioned(text: str) -> list[int]:
    """Years to offer for a date written without one: the latest year the text names (a text is
    written after what it reports, so this is the likeliest), then the one it names most often, if
    different. The user confirms by typing it; nothing is assumed."""
    counts: dict[int, int] = {}
    for match in _YEAR.finditer(text):
        year = int(match.group(1))
        counts[year] = counts.get(year, 0) + 1
    if not counts:
        return []
    latest = max(counts)
    frequent = max(counts, key=lambda year: (counts[year], year))
    return [latest] if frequent == latest else [latest, frequent]
