"""Guess an article's title, authors and publication date from its text, each guess with its evidence."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from datetime import datetime

from dateutil import parser as date_parser

from annotator.domain.models import ImportedDocument, MetadataProposal

# Metadata of a saved article sits in its first lines (title, byline, date) or its last ones (author
# bio); looking further only finds teasers and body text that merely mention names and dates.
HEAD_LINES = 40
TAIL_LINES = 40
# Characters taken from each end before splitting it into lines, so a long text is never copied whole;
# a line cut at this bound is body text (far longer than any title, byline or bio), not metadata.
END_CHARS = 65536

# Site chrome that text saved from a web page starts or ends with. Matched against a whole line,
# lower-cased, without bullets and trailing punctuation.
BOILERPLATE = re.compile(
    r"loading|rss|top of page|bottom of page|skip to (?:main )?content|(?:main )?menu|search|home|"
    r"subscribe|sign (?:in|up)|log ?in|log ?out|register|share(?: this)?|print|e-?mail|follow us|newsletter|"
    r"advertisement|toggle navigation|navigation|close|recent posts|see all|latest news|must read|related|"
    r"read more|keep reading|you might also like.*|recommended(?: to you)?|comments?|image source|"
    r"accept(?: all)? cookies",
)
BULLETS = "•·‧∙▪◦"
# Breadcrumbs and menus put several links on one line.
MENU_SEPARATORS = re.compile(r"\s[|>»/]\s|\s•\s")

BYLINE = re.compile(
    r"(?:(?:written |words |posted )?by\s+|authors?(?:\(s\))?\s*[:\-–—]\s*)(?P<names>.+)", re.IGNORECASE
)
BYLINE_STOP = re.compile(r"\s[|\-–—]\s|\s(?:on|updated|published|posted)\s|\d", re.IGNORECASE)
NAME_SPLIT = re.compile(r"\s*(?:,|;|&|\band\b)\s*")
# The name is bounded: a person's name (two to five words) is far shorter, and an unbounded lazy group
# would try every position of a long line before failing.
MAX_NAME_CHARS = 120
BIO = re.compile(rf"(?P<name>.{{1,{MAX_NAME_CHARS}}}?)\s+(?:is|was)\s+(?:an?|the)\s+(?P<rest>.*)")
# Longer lines are prose, not a closing bio.
MAX_BIO_WORDS = 60
ROLE = re.compile(
    r"\b(?:researcher|analyst|journalist|reporter|correspondent|editor|writer|author|columnist|contributor|"
    r"professor|lecturer|fellow|scholar|scientist|student|candidate|director|expert|consultant|blogger|"
    r"historian|economist|founder|member)s?\b",
    re.IGNORECASE,
)
# What _clean takes off the start of a line. The patterns below that start with it match a raw line
# as the cleaned one would, without first copying each of the (often paragraph-long) lines.
LINE_START = rf"\s*[{BULLETS}]*\s*"
ABOUT_AUTHOR_LINE = re.compile(LINE_START + r"about the authors?:?\s*", re.IGNORECASE)
# Lower-case particles that may sit inside a person's name (Ludwig van Beethoven, Ibn al-Haytham).
NAME_PARTICLES = frozenset(
    {"de", "da", "di", "du", "del", "der", "den", "van", "von", "la", "le", "al", "bin", "ibn"}
)
HANDLE = re.compile(r"@[\w.]{2,}|(?=[\w.-]*[\d_])[a-z][\w.-]{2,}")

DATE_LABELS = r"first published|published|posted|dated?|created|last updated|updated|last modified|modified"
DATE_LABEL = re.compile(rf"(?P<label>{DATE_LABELS})\b(?:\s+on)?\s*[:\-–—]?\s*(?P<date>.+)", re.IGNORECASE)
# A line that may hold a labelled date: only these are cleaned and parsed.
DATE_LABEL_START = re.compile(rf"{LINE_START}(?:{DATE_LABELS})", re.IGNORECASE)
# Labels that give the publication date itself; "updated"/"modified" are a fallback.
PUBLISHED_LABELS = frozenset({"first published", "published", "posted", "date", "dated", "created"})
YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
# ImportedDocument fields holding one string; "authors" (a list) is proposed as "A; B".
SCALAR_FIELDS = frozenset({"title", "published", "publisher", "url", "language"})
# Two different defaults reveal which parts of a date the text leaves out: those parts differ.
_DEFAULT_A = datetime(2000, 1, 1)
_DEFAULT_B = datetime(2004, 2, 2)


def propose_metadata(text: str) -> list[MetadataProposal]:
    """Title, authors and published-date proposals for an article saved as text, best first per field."""
    # Only the two ends are split into lines, and a long text's ends are sliced off first (split and
    # rsplit with a limit would still copy the unsplit remainder): a 100 MB text costs no more than a
    # short one. The ends of a text over 2 * END_CHARS cannot overlap, so it is always taken apart.
    pieces = text.split("\n", HEAD_LINES + TAIL_LINES) if len(text) <= 2 * END_CHARS else []
    if 0 < len(pieces) <= HEAD_LINES + TAIL_LINES:
        head, tail, near_ends = pieces[:HEAD_LINES], pieces[-TAIL_LINES:], pieces
    else:
        head = text[:END_CHARS].split("\n", HEAD_LINES)[:HEAD_LINES]
        tail = text[-END_CHARS:].rsplit("\n", TAIL_LINES)[1:]
        near_ends = head + tail
    header = _header(head)
    proposals: list[MetadataProposal] = []
    proposals.extend(_title_proposals(header))
    proposals.extend(_byline_proposals(header))
    proposals.extend(_bio_proposals(head, tail))
    proposals.extend(_date_proposals(near_ends, header))
    return proposals


def apply_proposals(document: ImportedDocument, proposals: Iterable[MetadataProposal]) -> None:
    """Record the proposals and fill each still-empty field with the first proposal for it."""
    for proposal in proposals:
        document.proposals.append(proposal)
        if proposal.field == "authors":
            document.authors = document.authors or proposal.value.split("; ")
        elif proposal.field in SCALAR_FIELDS and not getattr(document, proposal.field):
            setattr(document, proposal.field, proposal.value)


def iso_date(text: str, *, fuzzy: bool = False) -> str | None:
    """`text` as an ISO date ("2022-04-13"), or year-month ("2022-04") when it names no day.

    None unless the text has a four-digit year and a month: a publication date without them is too
    vague to propose. With `fuzzy`, words around the date are ignored.
    """
    if not YEAR.search(text):
        return None
    return _iso_date(text, fuzzy)


# Cached: a date line is looked at several times per document (as a labelled date, as a header line,
# as a title candidate), and dateutil costs more than the rest of the metadata guessing. The keys are
# short: callers pass only lines of a few words.
@functools.lru_cache(maxsize=1024)
def _iso_date(text: str, fuzzy: bool) -> str | None:
    try:
        first = date_parser.parse(text, default=_DEFAULT_A, fuzzy=fuzzy)
        # A part the text leaves out takes the default's value; when none of year, month and day has
        # _DEFAULT_A's value, the text names them all, and the second parse could only agree.
        if first.year != _DEFAULT_A.year and first.month != _DEFAULT_A.month and first.day != _DEFAULT_A.day:
            return first.date().isoformat()
        second = date_parser.parse(text, default=_DEFAULT_B, fuzzy=fuzzy)
    except (ValueError, OverflowError):  # dateutil's ParserError is a ValueError
        return None
    if first.year != second.year or first.month != second.month:
        return None
    if first.day != second.day:
        return f"{first.year:04d}-{first.month:02d}"
    return first.date().isoformat()


def split_authors(value: str) -> list[str]:
    """Author names from one string: split on ';' if present, else on ',' / 'and' / '&' between full names.

    A comma alone may separate a surname from given names ("Doe, Jane"), so a comma-split is kept only
    when every part has at least two words.
    """
    value = " ".join(value.split())
    if not value:
        return []
    if ";" in value:
        return [part.strip() for part in value.split(";") if part.strip()]
    parts = [part for part in NAME_SPLIT.split(value) if part]
    if len(parts) > 1 and all(len(part.split()) >= 2 for part in parts):
        return parts
    return [value]


def is_person_name(text: str) -> bool:
    """Two to five words, each capitalised (or a particle such as "van"), made of letters, '-', ''', '.'."""
    words = text.split()
    if not 2 <= len(words) <= 5 or words[0].lower() in NAME_PARTICLES:
        return False
    for word in words:
        if word in NAME_PARTICLES:
            continue
        if not word[0].isupper() or not all(ch.isalpha() or ch in "-'’." for ch in word):
            return False
    return True


def _header(head: list[str]) -> list[str]:
    """The lines before the first paragraph of prose: where a title, byline and date can be."""
    for index, line in enumerate(head):
        if _is_prose(line):
            return head[:index]
    return head


def _is_prose(line: str) -> bool:
    words = line.split()
    return len(words) >= 35 or (len(words) >= 12 and line.rstrip().rstrip("\"”’'").endswith("."))


def _clean(line: str) -> str:
    """A line without surrounding space and leading bullets, as a human would read it."""
    return line.strip().lstrip(BULLETS).strip()


def _is_boilerplate(line: str) -> bool:
    return BOILERPLATE.fullmatch(_clean(line).lower().rstrip(".:…!")) is not None


def _blocks(lines: list[str]) -> list[list[str]]:
    """Runs of consecutive non-blank lines."""
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    return [block for block in blocks if block]


def _title_proposals(header: list[str]) -> list[MetadataProposal]:
    # A block holding a known boilerplate line is site chrome: its other lines are menu items and
    # slogans ("Why Support Belarus Digest?"), not the title, however title-like they look.
    for block in _blocks(header):
        if any(_is_boilerplate(line) for line in block):
            continue
        for line in block:
            if _is_heading(line):
                title = " ".join(_clean(line).split())
                return [MetadataProposal("title", title, line.strip())]
    return []


def _is_heading(line: str) -> bool:
    text = _clean(line)
    words = text.split()
    if not 3 <= len(words) <= 30 or len(text) > 200:
        return False
    # A trailing "..." marks a truncated teaser or breadcrumb ("ArticlesNew Concessions ... Involve...");
    # a full stop or colon marks a sentence or a label, not a heading.
    if text.endswith(("...", "…", ".", ":", ",", ";")) or text[0].islower():
        return False
    if "://" in text or text.lower().startswith("www.") or MENU_SEPARATORS.search(text):
        return False
    byline = BYLINE.fullmatch(text)
    if (byline and _names_in_byline(byline["names"])) or _labelled_date(text) or iso_date(text):
        return False
    letters = sum(ch.isalpha() for ch in text)
    return letters >= len(text) / 2


def _byline_proposals(header: list[str]) -> list[MetadataProposal]:
    proposals: list[MetadataProposal] = []
    for line in header:
        text = _clean(line)
        match = BYLINE.fullmatch(text)
        if match is None or len(text.split()) > 15:
            continue
        names = _names_in_byline(match["names"])
        if names:
            proposals.append(MetadataProposal("authors", "; ".join(names), line.strip()))
    # Blog platforms (Wix) show the author as a lone bullet item above the title: "  • jishiyama8".
    # Only the first bullet counts: later ones are the date, reading time or a list.
    for line in header:
        if line.strip().startswith(tuple(BULLETS)):
            text = _clean(line)
            if is_person_name(text) or _is_handle(text):
                proposals.append(MetadataProposal("authors", text, line.strip()))
            break
    return proposals


def _names_in_byline(text: str) -> list[str]:
    stop = BYLINE_STOP.search(text)
    if stop is not None:
        text = text[: stop.start()]
    names = []
    for part in NAME_SPLIT.split(text.strip()):
        # "By Jane Doe, Senior Correspondent": the second part is a job, not a co-author.
        if (is_person_name(part) and not ROLE.search(part)) or _is_handle(part):
            names.append(part)
    return names


def _is_handle(text: str) -> bool:
    """A user name such as "jishiyama8" or "@jdoe": one token with a digit, underscore or '@'."""
    return HANDLE.fullmatch(text) is not None


def _bio_proposals(head: list[str], tail: list[str]) -> list[MetadataProposal]:
    """Authors from a closing bio ("Jane Doe is a researcher at ...") or an "About the author" section."""
    proposals: list[MetadataProposal] = []
    seen: set[str] = set()

    def propose(name: str, line: str) -> None:
        if name not in seen:
            seen.add(name)
            proposals.append(MetadataProposal("authors", name, line.strip()))

    for lines in (head, tail):
        for index, line in enumerate(lines):
            if not ABOUT_AUTHOR_LINE.fullmatch(line):
                continue
            following = next((later for later in lines[index + 1 :] if later.strip()), "")
            text = _clean(following)
            match = BIO.match(text)
            if is_person_name(text):
                propose(text, following)
            elif match is not None and is_person_name(match["name"]):
                propose(match["name"], following)
    for line in tail:
        text = _clean(line)
        # Cheapest test first: BIO gives up within MAX_NAME_CHARS, the word count then splits at most
        # MAX_BIO_WORDS words; neither ever scans a whole long paragraph.
        match = BIO.match(text)
        if match is None or not is_person_name(match["name"]):
            continue
        if len(text.split(None, MAX_BIO_WORDS)) > MAX_BIO_WORDS:
            continue
        # The role must come early ("is an associate analyst at"), not anywhere in a long sentence.
        if ROLE.search(" ".join(match["rest"].split()[:4])):
            propose(match["name"], line)
    return proposals


def _date_proposals(near_ends: list[str], header: list[str]) -> list[MetadataProposal]:
    """Dates from labelled lines ("Updated: Apr 13, 2022") near either end, and from date-only lines in
    the header; publication labels rank before update labels."""
    ranked: list[tuple[int, MetadataProposal]] = []
    for line in near_ends:
        labelled = _labelled_date(_clean(line)) if DATE_LABEL_START.match(line) else None
        if labelled is not None:
            value, rank = labelled
            ranked.append((rank, MetadataProposal("published", value, line.strip())))
    for line in header:
        text = _clean(line)
        if 0 < len(text.split()) <= 8 and _labelled_date(text) is None:
            date = iso_date(text)
            if date is not None:
                ranked.append((0, MetadataProposal("published", date, line.strip())))
    ranked.sort(key=lambda pair: pair[0])  # stable: within a rank, the order found
    return [proposal for _, proposal in ranked]


def _labelled_date(text: str) -> tuple[str, int] | None:
    """The ISO date of a line such as "Published 12 March 2022", and its rank (0 published, 1 updated)."""
    match = DATE_LABEL.fullmatch(text)
    if match is None or len(text.split()) > 12:
        return None
    value = iso_date(match["date"], fuzzy=True)
    if value is None:
        return None
    return value, 0 if match["label"].lower() in PUBLISHED_LABELS else 1


TITLE_WORDS = 12  # a title made from a first sentence keeps this many words


def propose_title(text: str) -> MetadataProposal | None:
    """A title for a document that came without one, for the user to confirm: a heading-like line near
    the top, else its first sentence, shortened."""
    head = text[:END_CHARS]
    found = next((p for p in propose_metadata(head) if p.field == "title"), None)
    if found is not None:
        return found
    for line in head.split("\n", HEAD_LINES)[:HEAD_LINES]:
        words = _clean(line).split()
        if len(words) < 4 or _is_boilerplate(line):
            continue
        sentence = re.split(r"(?<=[.!?])\s", " ".join(words), maxsplit=1)[0].split()
        title = " ".join(sentence[:TITLE_WORDS]).rstrip(".,;:")
        return MetadataProposal("title", title + ("…" if len(sentence) > TITLE_WORDS else ""), line.strip())
    return None
