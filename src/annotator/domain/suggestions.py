"""Rule-based suggestions: check-worthy sentences, quotes, predictions and promises, dates and people.

Everything here is a pure function of a document's text, its date and the project's actors, so the same
document always gives the same suggestions. Offsets are code points, as claims' are. The rules are
deliberately readable (each suggestion says why it was made); the per-project model that learns from
the analyst's accept/reject decisions (ops.suggestion_model) only re-weights what these rules find.

Check-worthiness score (higher = more worth checking), the sum of the weights in CHECK_WORTHY_WEIGHTS of
the features a sentence has (a number, a quantity, a comparison, a cause, a record, a named actor, another
name, a date, an attribution), minus PENALTIES (a question, a first-person opinion, a hedge); a sentence
is suggested when it reaches MIN_FACTUAL_SCORE and has at least one substantive feature. A quote scores
QUOTE_SCORE plus one point for a known speaker; a prediction or promise PREDICTION_SCORE plus one for a
due date and one for a known actor.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TypeVar

from rapidfuzz import fuzz

from annotator.domain.dates import parse_stated_date
from annotator.domain.models import Actor, DateResolution

T = TypeVar("T")

GENERATOR = "annotator-rules"
# Bumped whenever a rule changes, so a claim's provenance says which rules proposed it.
GENERATOR_VERSION = "1.0"

SUGGESTION_KINDS = ("factual", "quote", "prediction", "promise", "person")

# --- sentences ---------------------------------------------------------------------------------------

# Words after which a full stop does not end a sentence ("Gen. Hulevich", "U.S. troops").
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof gen col lt sgt capt maj adm gov sen rep st jr sr inc ltd co corp vs etc "
    "no nos vol fig jan feb mar apr jun jul aug sep sept oct nov dec approx e.g i.e u.s u.k u.n".split()
)
_CLOSERS = re.escape("\"'”’»)]")
_SENTENCE_END = re.compile(rf"[.!?…]+[{_CLOSERS}]*(?=\s+[\"'“‘«(\[]?[\w])")


# The word before a full stop, looked for in a short window before it: searching the whole line up to each
# full stop again made splitting a long paragraph quadratic (a third of the time of a 1 MB document).
_LAST_WORD = re.compile(r"[\w.]+$")
_LAST_WORD_WINDOW = 64  # longer than any abbreviation; a longer run of letters is no abbreviation either


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) code points of each sentence, white space trimmed. Lines are paragraphs: a sentence
    never runs across a line break, as the seeds' menus and captions have no full stops."""
    spans: list[tuple[int, int]] = []
    for line in re.finditer(r"[^\n]+", text):
        body = line.group()
        begin = line.start()
        quotes = _Quotes(body)
        for end in _SENTENCE_END.finditer(body):
            if quotes.inside(end.end()):
                continue  # “Of course, ... deployed. I became aware ...” is one quotation
            word = _LAST_WORD.search(body, max(0, end.start() - _LAST_WORD_WINDOW), end.start())
            if word and (word.group().lower().rstrip(".") in _ABBREVIATIONS or len(word.group()) == 1):
                continue
            stop = line.start() + end.end()
            _add_trimmed(text, begin, stop, spans)
            begin = stop
        _add_trimmed(text, begin, line.end(), spans)
    return spans


def _positions(line: str, mark: str) -> list[int]:
    found, at = [], line.find(mark)
    while at >= 0:
        found.append(at)
        at = line.find(mark, at + 1)
    return found


class _Quotes:
    """Where a line's quotation marks are, to tell whether a position is inside a quotation that closes
    later on the line (more “ than ” before it and a ” after it, or an odd number of " before it and
    one after it) by bisection instead of counting the line's characters again for each full stop."""

    def __init__(self, line: str) -> None:
        self.opening = _positions(line, "“")
        self.closing = _positions(line, "”")
        self.straight = _positions(line, '"')

    def inside(self, position: int) -> bool:
        closed = bisect.bisect_left(self.closing, position)
        if bisect.bisect_left(self.opening, position) > closed and closed < len(self.closing):
            return True
        straight = bisect.bisect_left(self.straight, position)
        return straight % 2 == 1 and straight < len(self.straight)


def _add_trimmed(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        spans.append((start, end))


# --- the suggestion ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Suggestion:
    """A proposed claim (or a person's mention): a span, its kind, a score and the reason for it."""

    document_id: str
    start: int
    end: int
    exact: str
    kind: str  # one of SUGGESTION_KINDS
    score: float
    reason: str
    speaker: str = ""  # quotes: the speaker as matched (a known actor's name, or the name as written)
    speaker_id: str | None = None  # the known actor, if the speaker is one
    cue: str = ""  # quotes: "said", "stressed that"; predictions: "will", "plans to"
    stated: DateResolution | None = None
    stated_text: str = ""  # the date as written, even when it cannot be resolved yet (no document date)
    due: str = ""  # predictions and promises: the ISO date the text implies they come due
    features: tuple[str, ...] = field(default=(), compare=False)  # what the learned model sees
    generator: str = GENERATOR
    version: str = GENERATOR_VERSION

    @property
    def key(self) -> str:
        """Stable within a document: a decision on it is recognised when the suggestions are recomputed."""
        return f"{self.kind}:{self.start}:{self.end}"


# --- dates -------------------------------------------------------------------------------------------

_MONTHS = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|March|Mar|April|Apr|May|June|Jun|July|Jul|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
# The lookahead names every character an expression can begin with (a digit, a month's initial, the first
# letters of early/mid/late/last/this/next, yesterday/today/tomorrow, in/since/until/by): the scan of a
# long text then skips every other position at once, half the time of trying each alternative there.
_DATE_EXPRESSION = re.compile(
    rf"""(?=[0-9JFMASONDemltnysiub])\b(?:
        {_DAY}\s+{_MONTHS}\.?(?:,?\s+\d{{4}})?
      | {_MONTHS}\.?\s+{_DAY}(?:,?\s+\d{{4}})?
      | {_MONTHS}\s+\d{{4}}
      | \d{{4}}-\d{{2}}-\d{{2}}
      | (?:early|mid|late|last|this|next)[\s-](?:week|month|year|spring|summer|autumn|fall|winter)
      | (?:early|mid|late)-?\d{{4}}s?
      | (?:yesterday|today|tomorrow)
      | (?:in|since|until|by)\s+(?:19|20)\d\d
    )\b""",
    re.VERBOSE,
)


_PREPOSITION = re.compile(r"^(?:in|since|until|by)\s+")


def dates_in(text: str, start: int, end: int) -> Iterator[tuple[int, int, str]]:
    """Date expressions in text[start:end]: (start, end, as written without a leading preposition)."""
    for m in _DATE_EXPRESSION.finditer(text, start, end):
        written = _PREPOSITION.sub("", m.group())
        yield m.end() - len(written), m.end(), written


@functools.lru_cache(maxsize=4096)
def resolve(written: str, reference: date | None) -> DateResolution | None:
    """A date as written, resolved (cached: a long text names the same few dates again and again)."""
    return parse_stated_date(written, reference) if written else None


# --- people ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Name:
    text: str
    actor: Actor


def _actor_names(actors: Sequence[Actor]) -> list[_Name]:
    """Every name and alias, and for people the surname alone ("Lukashenka"), longest first."""
    names: dict[str, _Name] = {}
    for actor in actors:
        for name in (actor.name, *actor.aliases):
            name = name.strip()
            if len(name) < 3:
                continue
            names.setdefault(name.casefold(), _Name(name, actor))
            parts = name.split()
            if actor.kind == "person" and len(parts) > 1 and len(parts[-1]) > 3:
                names.setdefault(parts[-1].casefold(), _Name(parts[-1], actor))
    return sorted(names.values(), key=lambda n: -len(n.text))


def _name_pattern(names: Sequence[_Name]) -> re.Pattern[str] | None:
    if not names:
        return None
    alternatives = "|".join(re.escape(n.text) for n in names)
    # The lookahead lists the letters a name can begin with: the scan skips every other position at
    # once instead of trying each name there (a quarter of the time over a long text).
    initials = re.escape("".join(sorted({n.text[0] for n in names})))
    return re.compile(rf"(?=[{initials}])(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


class People:
    """The project's actors, ready to be found in text by name, alias or surname."""

    def __init__(self, actors: Sequence[Actor]) -> None:
        self.actors = list(actors)
        self._names = _actor_names(actors)
        self._by_name = {n.text.casefold(): n.actor for n in self._names}
        self._pattern = _name_pattern(self._names)

    def mentions(self, text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, Actor]]:
        if self._pattern is None:
            return []
        stop = len(text) if end is None else end
        return [
            (m.start(), m.end(), self._by_name[m.group().casefold()])
            for m in self._pattern.finditer(text, start, stop)
        ]

    def match(self, name: str) -> Actor | None:
        """The actor a written name is: exactly a name, alias or surname, else the same surname spelt
        a little differently ("Lukashenko" for "Lukashenka", the spelling people.py also accepts)."""
        key = name.casefold()
        if key in self._by_name:
            return self._by_name[key]
        surname = name.split()[-1] if name.split() else ""
        if surname.casefold() in self._by_name:
            return self._by_name[surname.casefold()]
        for candidate in self._names:
            if len(surname) > 5 and fuzz.ratio(surname.casefold(), candidate.text.casefold()) >= 85:
                return candidate.actor
        return None


# Words that introduce a name without being part of it ("Belarusian President Alexander Lukashenka").
_TITLES = frozenset(
    "president prime minister foreign defence defense chief general gen staff spokesman spokeswoman "
    "spokesperson secretary chancellor king queen pope senator governor mayor ambassador commander "
    "deputy head leader mr mrs ms dr professor prof colonel lieutenant admiral marshal the a an "
    "analyst activist official officer director chairman of belarus russia ukraine".split()
)
_DEMONYM = re.compile(r"(?:ian|ish|ese|an)$", re.IGNORECASE)
_NAME_TOKEN = re.compile(r"[A-Z][\w’'.-]*")


def _trailing_name(fragment: str) -> str:
    """The person's name at the end of `fragment`: its last run of capitalised words, titles and
    demonyms ("Belarusian", "President") dropped."""
    words = fragment.rstrip(", ").split()
    run: list[str] = []
    for word in reversed(words):
        # A comma ends the run: "on 17 March, Belarusian President Alexander Lukashenka".
        if not _NAME_TOKEN.fullmatch(word) or word.endswith(","):
            break
        run.insert(0, word)
    while run and (run[0].casefold().rstrip(".") in _TITLES or _DEMONYM.search(run[0]) and len(run) > 1):
        run.pop(0)
    return " ".join(run).rstrip("’'s").strip() if run else ""


def _leading_name(fragment: str) -> str:
    words = fragment.replace(",", " ").split()
    run: list[str] = []
    for word in words:
        if not _NAME_TOKEN.fullmatch(word):
            break
        run.append(word)
    return " ".join(run)


# --- quotes ------------------------------------------------------------------------------------------

_CUES = (
    "said|says|say|stressed|stresses|told|tells|added|adds|declared|declares|claimed|claims|stated|states|"
    "warned|warns|insisted|insists|announced|announces|lamented|laments|argued|argues|noted|notes|"
    "explained|explains|emphasised|emphasized|emphasises|emphasizes|asserted|asserts|promised|promises|"
    "vowed|vows|pledged|pledges|wrote|writes|replied|replies|admitted|admits|denied|denies|assured|"
    "assures|concluded|concludes|remarked|recalled|confirmed|confirms|suggested|suggests"
)
_CUE_BEFORE = re.compile(rf"(?P<cue>\b(?:{_CUES})\b(?:\s+(?:that|him|her|them|reporters|journalists))?)")
_CUE_AFTER = re.compile(
    rf"^[,.]?\s*(?:(?P<cue1>{_CUES})\s+(?P<name1>[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*)"
    rf"|(?P<name2>[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*)\s+(?P<cue2>{_CUES}))\b"
)
_QUOTED = re.compile(r"“(?P<curly>[^“”\n]+)”|\"(?P<straight>[^\"\n]+)\"|«(?P<guillemet>[^«»\n]+)»")
MIN_QUOTE_WORDS = 3
QUOTE_SCORE = 2.0


def _quote_inner(text: str, m: re.Match[str]) -> tuple[int, int]:
    """The quotation without its marks, its final punctuation, or surrounding white space."""
    group = next(name for name in ("curly", "straight", "guillemet") if m.group(name) is not None)
    start, end = m.span(group)
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ".,;:"):
        end -= 1
    return start, end


def _speaker(
    text: str, sentence: tuple[int, int], quote: tuple[int, int, int, int], people: People
) -> tuple[str, str, Actor | None]:
    """(speaker as written, cue, actor): from "X stressed that … “…”" or "“…,” said X" / "“…,” X said"."""
    s_start, s_end = sentence
    q_open, _inner_start, _inner_end, q_close = quote
    before = text[s_start:q_open]
    cues = list(_CUE_BEFORE.finditer(before))
    if cues:
        cue = cues[-1]
        lead = before[: cue.start()]
        known = people.mentions(lead)
        if known:
            actor = known[-1][2]
            return lead[known[-1][0] : known[-1][1]], cue.group("cue"), actor
        name = _trailing_name(lead.strip())
        if name:
            return name, cue.group("cue"), people.match(name)
    after = _CUE_AFTER.match(text[q_close:s_end])
    if after:
        name = after.group("name1") or after.group("name2")
        cue_word = after.group("cue1") or after.group("cue2")
        name = _leading_name(name) if after.group("name1") else _trailing_name(name)
        if name and name.casefold() not in ("he", "she", "they"):
            return name, cue_word, people.match(name)
    return "", "", None


# --- predictions and promises ------------------------------------------------------------------------

_FUTURE = re.compile(
    r"\b(?P<cue>will|won’t|won't|shall|is going to|are going to|am going to|’ll|'ll|may|might|"
    r"plans? to|planning to|intends? to|intend(?:ed|s)? to|expects? to|(?:is|are) expected to|"
    r"(?:is|are) likely to|promised? to|promises to|pledged? to|vowed? to|"
    r"(?:would )?soon|by the end of (?:the |this )?(?:year|month|week))\b",
    re.IGNORECASE,
)
# Every word one of the cues above starts with or holds ("won’t" tokenises as "won", "’ll" as "ll").
_FUTURE_WORDS = frozenset(
    "will won shall going ll may might plan plans planning intend intends intended expect expects "
    "expected likely promise promised promises pledge pledged vow vowed soon end".split()
)
_PROMISE_CUE = re.compile(
    r"\b(?P<cue>(?:we|i)\s+(?:will|shall|are going to|am going to|won’t|won't|are not going to|will not)|"
    r"promise[sd]?|pledge[sd]?|vow(?:s|ed)?|guarantee[sd]?)\b",
    re.IGNORECASE,
)
_DUE = re.compile(
    r"\b(?:by|before|until|within)\s+(?P<when>(?:the\s+)?end\s+of\s+(?:the\s+|this\s+)?(?:year|month)|"
    rf"{_DAY}\s+{_MONTHS}(?:\s+\d{{4}})?|{_MONTHS}\s+\d{{4}}|{_MONTHS}|(?:19|20)\d\d|"
    r"(?:a|one|two|three|six|\d+)\s+(?:days?|weeks?|months?|years?))\b"
    r"|\b(?P<next>next\s+(?:week|month|year))\b",
    re.IGNORECASE,
)
PREDICTION_SCORE = 1.5
_UNIT_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365}


def due_date(phrase: str, reference: date | None) -> str:
    """The ISO date a "by the end of the year" / "within two weeks" / "by 2025" phrase comes due."""
    if reference is None:
        return ""
    m = _DUE.search(phrase)
    if m is None:
        return ""
    when = (m.group("when") or m.group("next") or "").lower()
    if re.fullmatch(r"(?:the\s+)?end\s+of\s+(?:the\s+|this\s+)?year", when):
        return f"{reference.year}-12-31"
    if re.fullmatch(r"(?:the\s+)?end\s+of\s+(?:the\s+|this\s+)?month", when):
        resolution = resolve(f"{reference:%B %Y}", reference)
        return resolution.hi if resolution else ""
    within = re.fullmatch(r"(a|one|two|three|six|\d+)\s+(day|week|month|year)s?", when)
    if within:
        words = {"a": 1, "one": 1, "two": 2, "three": 3, "six": 6}
        n = int(within.group(1)) if within.group(1).isdigit() else words[within.group(1)]
        return (reference + timedelta(days=n * _UNIT_DAYS[within.group(2)])).isoformat()
    resolution = parse_stated_date(when, reference)
    if resolution is None and re.fullmatch(r"[a-z]+", when):
        # A bare month ("by June") is the next June from the document's date.
        for year in (reference.year, reference.year + 1):
            later = parse_stated_date(f"{when} {year}", reference)
            if later is not None and later.hi >= reference.isoformat():
                return later.hi
    return resolution.hi if resolution else ""


# --- check-worthy sentences --------------------------------------------------------------------------

CHECK_WORTHY_WEIGHTS: dict[str, float] = {
    "number": 1.0,
    "quantity": 0.5,
    "comparison": 1.0,
    "cause": 0.75,
    "record": 1.0,
    "named actor": 1.0,
    "named organisation or place": 0.5,
    "date": 0.5,
    "attribution": 0.25,
}
PENALTIES: dict[str, float] = {"question": 1.5, "opinion": 1.0, "hedge": 0.5}
SUBSTANTIVE = frozenset({"number", "quantity", "comparison", "cause", "record", "named actor"})
MIN_FACTUAL_SCORE = 1.5
MIN_SENTENCE_WORDS = 6

_FEATURES: dict[str, re.Pattern[str]] = {
    "number": re.compile(
        # Not a bare year ("in 2020"): that is a date, scored as one.
        r"(?<![\w.])(?!(?:19|20)\d\d\b)\d[\d,.]*\b|\b(?:hundreds?|thousands?|millions?|billions?|trillions?|dozens?|"
        r"half|third|quarter|twice|double[ds]?|tripled?)\b",
        re.IGNORECASE,
    ),
    "quantity": re.compile(
        r"\d\s*(?:%|per\s?cent|percent|km|kilometres|kilometers|miles|troops|soldiers|people|"
        r"dollars|euros|roubles|rubles|tonnes|tons|battalions|\$)|[$€£]\s?\d",
        re.IGNORECASE,
    ),
}
# Features that are single words are looked up in the sentence's set of words: one pass of the
# tokeniser instead of a regular expression of fifty alternatives per feature (ten times faster).
_FEATURE_WORDS: dict[str, frozenset[str]] = {
    "comparison": frozenset(
        "more less fewer greater larger smaller higher lower bigger than most least only increase "
        "increased increases decrease decreased decreases rose risen fell fallen grew grown dropped "
        "doubled halved compared versus largest biggest highest lowest smallest greatest strongest "
        "weakest longest deadliest worst best".split()
    ),
    "cause": frozenset("because caused causes therefore".split()),
    "record": frozenset("record unprecedented ever historic".split()),
    "attribution": frozenset(_CUES.split("|")),
}
_FEATURE_PHRASES: dict[str, re.Pattern[str]] = {
    "cause": re.compile(
        r"\b(?:due to|led to|leads to|as a result|result(?:ed)? in|thanks to|owing to|so that)\b",
        re.IGNORECASE,
    ),
    "record": re.compile(r"\b(?:first time|never before|all-time|for the first)\b", re.IGNORECASE),
    "attribution": re.compile(r"\baccording to\b", re.IGNORECASE),
}
_FEATURE_ORDER = ("number", "quantity", "comparison", "cause", "record", "attribution")
_PENALTY_PATTERNS: dict[str, re.Pattern[str]] = {
    "question": re.compile(r"\?[\s”\"’]*$"),
    "opinion": re.compile(
        r"\b(?:i|we)\s+(?:think|believe|feel|hope|guess)\b|\bin my (?:view|opinion)\b", re.IGNORECASE
    ),
    "hedge": re.compile(r"\b(?:perhaps|maybe|arguably|apparently|seems?|appears?)\b", re.IGNORECASE),
}
_CAPITALISED = re.compile(r"(?<=[\w,;:’'”\"] )[A-Z][a-z]+(?:[ -][A-Z][a-z]+)*")


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


_WORD = re.compile(r"[^\W\d_]+")
_DIGIT = re.compile(r"\d")
# A word each expression below cannot match without: a sentence that has none of them is not searched
# (a failed search reads the whole sentence, and most sentences have none of these). Each set holds a
# word of every alternative, as the tokeniser (_words) yields it, so the result is the same.
_NEEDS_WORDS: dict[str, frozenset[str]] = {
    "number": frozenset(
        "hundred hundreds thousand thousands million millions billion billions trillion trillions dozen "
        "dozens half third quarter twice double doubled doubles triple tripled".split()
    ),
    "cause": frozenset("due led leads result resulted thanks owing so".split()),
    "record": frozenset("first never all".split()),
    "attribution": frozenset(["according"]),
    "opinion": frozenset("think believe feel hope guess view opinion".split()),
    "hedge": frozenset("perhaps maybe arguably apparently seem seems appear appears".split()),
    "promise": frozenset(
        "we i promise promised promises pledge pledged pledges vow vows vowed guarantee guaranteed "
        "guarantees".split()
    ),
    "due": frozenset("by before until within next".split()),
}


@dataclass
class _Sentence:
    """What several rules ask of one sentence, worked out once: its words, the known actors it names
    and its date expressions."""

    start: int
    end: int
    text: str
    words: list[str]
    word_set: frozenset[str]
    mentions: list[tuple[int, int, Actor]]
    dates: list[tuple[int, int, str]]

    def has(self, rule: str) -> bool:
        return not self.word_set.isdisjoint(_NEEDS_WORDS[rule])


def _sentence(
    text: str,
    start: int,
    end: int,
    people: People,
    mentions: list[tuple[int, int, Actor]] | None = None,
    dates: list[tuple[int, int, str]] | None = None,
) -> _Sentence:
    """The sentence text[start:end]; `mentions` and `dates`: those inside it, when the caller found them
    in the whole text already."""
    sentence = text[start:end]
    words = _words(sentence)
    return _Sentence(
        start,
        end,
        sentence,
        words,
        frozenset(words),
        people.mentions(text, start, end) if mentions is None else mentions,
        list(dates_in(text, start, end)) if dates is None else dates,
    )


def _within(
    found: list[tuple[int, int, T]], starts: list[int], start: int, end: int
) -> list[tuple[int, int, T]]:
    """The spans of `found` (sorted, their starts in `starts`) that lie inside [start, end)."""
    first = bisect.bisect_left(starts, start)
    last = bisect.bisect_left(starts, end, first)
    return [item for item in found[first:last] if item[1] <= end]


def _sentence_features(s: _Sentence) -> list[str]:
    sentence, words = s.text, s.word_set
    has_digit = _DIGIT.search(sentence) is not None
    found = []
    for name in _FEATURE_ORDER:
        if name == "number":
            hit = (has_digit or s.has("number")) and _FEATURES["number"].search(sentence) is not None
        elif name == "quantity":
            hit = has_digit and _FEATURES["quantity"].search(sentence) is not None
        else:
            hit = not words.isdisjoint(_FEATURE_WORDS[name]) or (
                name in _FEATURE_PHRASES
                and s.has(name)
                and _FEATURE_PHRASES[name].search(sentence) is not None
            )
        if hit:
            found.append(name)
    if s.mentions:
        found.append("named actor")
    if _CAPITALISED.search(sentence):
        found.append("named organisation or place")
    if s.dates:
        found.append("date")
    if _PENALTY_PATTERNS["question"].search(sentence):
        found.append("-question")
    found += [
        f"-{name}"
        for name in ("opinion", "hedge")
        if s.has(name) and _PENALTY_PATTERNS[name].search(sentence)
    ]
    return found


def _score(features: Sequence[str]) -> float:
    return sum(CHECK_WORTHY_WEIGHTS.get(f, 0.0) for f in features) - sum(
        PENALTIES.get(f[1:], 0.0) for f in features if f.startswith("-")
    )


def _reason(features: Sequence[str]) -> str:
    plus = [f for f in features if not f.startswith("-")]
    minus = [f[1:] for f in features if f.startswith("-")]
    return " + ".join(plus) + (f" − {' − '.join(minus)}" if minus else "")


def check_worthiness(sentence: str, actors: Sequence[Actor] = ()) -> tuple[float, list[str]]:
    """The check-worthiness score of any one sentence and the features behind it, suggested or not
    (the benchmark ranks every sentence of a transcript with it)."""
    features = _sentence_features(_sentence(sentence, 0, len(sentence), People(actors)))
    return _score(features), features


def model_features(
    kind: str, exact: str, features: Sequence[str] = (), words: Sequence[str] | None = None
) -> tuple[str, ...]:
    """What the learned model sees of a suggestion: its kind, the rules that fired, and its words
    (`words`: those of `exact`, when the caller has them already)."""
    return (
        f"kind={kind}",
        *(f"rule={f}" for f in features),
        *(f"word={w}" for w in (_words(exact) if words is None else words)),
    )


# --- the suggester -----------------------------------------------------------------------------------


def _first_date(
    dates: Sequence[tuple[int, int, str]], reference: date | None, skip: tuple[int, int] | None = None
) -> tuple[str, DateResolution | None]:
    for d_start, d_end, written in dates:
        if skip is not None and skip[0] <= d_start and d_end <= skip[1]:
            continue  # a date inside the quotation is what was said, not when
        return written, resolve(written, reference)
    return "", None


def suggest(
    document_id: str, text: str, reference: date | None = None, actors: Sequence[Actor] = ()
) -> list[Suggestion]:
    """Every suggestion for a document, in text order (rank them with `ranked`)."""
    people = People(actors)
    # The names and dates in the whole text, found once: each sentence takes its own by bisection.
    everyone = people.mentions(text)
    named_at = [m[0] for m in everyone]
    dates = list(dates_in(text, 0, len(text)))
    dated_at = [d[0] for d in dates]
    found: list[Suggestion] = []
    for start, end in sentences(text):
        sentence = _sentence(
            text,
            start,
            end,
            people,
            _within(everyone, named_at, start, end),
            _within(dates, dated_at, start, end),
        )
        found += _sentence_suggestions(document_id, text, sentence, reference, people)
    for m_start, m_end, actor in everyone:
        found.append(
            Suggestion(
                document_id,
                m_start,
                m_end,
                text[m_start:m_end],
                "person",
                1.0,
                f"name of {actor.name}" if text[m_start:m_end] != actor.name else "known actor",
                speaker=actor.name,
                speaker_id=actor.id,
                features=("kind=person", f"actor={actor.id}"),
            )
        )
    found.sort(key=lambda s: (s.start, s.end, s.kind))
    return found


def _sentence_suggestions(
    document_id: str, text: str, s: _Sentence, reference: date | None, people: People
) -> list[Suggestion]:
    out: list[Suggestion] = []
    start, end, sentence = s.start, s.end, s.text
    # Most sentences quote nobody: the quotation expression is not run over them at all.
    quoted = "“" in sentence or '"' in sentence or "«" in sentence
    for m in _QUOTED.finditer(text, start, end) if quoted else ():
        inner_start, inner_end = _quote_inner(text, m)
        if len(_words(text[inner_start:inner_end])) < MIN_QUOTE_WORDS:
            continue
        name, cue, actor = _speaker(text, (start, end), (m.start(), inner_start, inner_end, m.end()), people)
        written, stated = _first_date(s.dates, reference, skip=(m.start(), m.end()))
        reasons = ["quotation"]
        if cue:
            reasons.append(f"cue “{cue}”")
        if actor is not None:
            reasons.append(f"speaker {actor.name}")
        elif name:
            reasons.append(f"speaker {name} (not yet a known actor)")
        rules = ["quote", *(["cue"] if cue else []), *(["known speaker"] if actor else [])]
        exact = text[inner_start:inner_end]
        out.append(
            Suggestion(
                document_id,
                inner_start,
                inner_end,
                exact,
                "quote",
                QUOTE_SCORE + (1.0 if actor else 0.5 if name else 0.0),
                " + ".join(reasons),
                speaker=actor.name if actor else name,
                speaker_id=actor.id if actor else None,
                cue=cue,
                stated=stated,
                stated_text=written,
                features=model_features("quote", exact, rules),
            )
        )
    words = s.words
    if len(words) < MIN_SENTENCE_WORDS:
        return out
    mentions = s.mentions
    # "May" capitalised inside a sentence is the month ("Since May 2021"), not the modal verb. The word
    # set first: most sentences have no future cue, and the cue expression is slow to scan.
    future = (
        None
        if _FUTURE_WORDS.isdisjoint(s.word_set)
        else next((m for m in _FUTURE.finditer(sentence) if m.group() != "May" or m.start() == 0), None)
    )
    if future and not _PENALTY_PATTERNS["question"].search(sentence):
        promise = _PROMISE_CUE.search(sentence) if s.has("promise") else None
        kind = "promise" if promise else "prediction"
        future = promise or future
        due = due_date(sentence, reference) if s.has("due") else ""
        written, stated = _first_date(s.dates, reference)
        rules = [f"cue {future.group('cue').lower()}", *(["due date"] if due else [])]
        rules += ["named actor"] if mentions else []
        reason = f"{kind} cue “{future.group('cue')}”" + (f" + due {due}" if due else "")
        reason += f" + {mentions[0][2].name}" if mentions else ""
        out.append(
            Suggestion(
                document_id,
                start,
                end,
                sentence,
                kind,
                PREDICTION_SCORE + (1.0 if due else 0.0) + (1.0 if mentions else 0.0),
                reason,
                speaker=mentions[0][2].name if mentions else "",
                speaker_id=mentions[0][2].id if mentions else None,
                cue=future.group("cue"),
                stated=stated,
                stated_text=written,
                due=due,
                features=model_features(kind, sentence, rules, words),
            )
        )
    features = _sentence_features(s)
    score = _score(features)
    if score >= MIN_FACTUAL_SCORE and SUBSTANTIVE & set(features):
        written, stated = _first_date(s.dates, reference)
        out.append(
            Suggestion(
                document_id,
                start,
                end,
                sentence,
                "factual",
                score,
                _reason(features),
                speaker=mentions[0][2].name if mentions else "",
                speaker_id=mentions[0][2].id if mentions else None,
                stated=stated,
                stated_text=written,
                features=model_features("factual", sentence, features, words),
            )
        )
    return out


def ranked(suggestions: Sequence[Suggestion]) -> list[Suggestion]:
    """Best first; ties in text order, so the ranking is deterministic."""
    return sorted(suggestions, key=lambda s: (-s.score, s.start, s.end, s.kind))
