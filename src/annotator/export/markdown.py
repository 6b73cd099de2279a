"""The report as Markdown (CommonMark), with every piece of user text escaped so it stays text."""

from __future__ import annotations

import re

from annotator.export import templates, views
from annotator.export.model import Report
from annotator.export.text import (
    cited_sources,
    display_time,
    event_when,
    source_evidence_line,
    source_line,
)
from annotator.export.views import Link, Quote, claim_views

# CommonMark lets a backslash escape any ASCII punctuation. These are the characters that can start
# markup anywhere in a line: emphasis, code, links, raw HTML (< and &), tables and strikethrough.
_INLINE = str.maketrans({char: "\\" + char for char in "\\`*_[]<>&|~!"})
# ...and these only at the start of a line: headings, list items, block quotes, setext underlines,
# and ordered-list markers ("1." / "1)" before a space), escaped at the "." since "\1" is no escape.
_LINE_START = re.compile(r"(\s*)(?:([-+#>=])|(\d{1,9})([.)])(?=\s|$))")
_SPACE = re.compile(r"\s+")
# Quick tests that let most text skip the work above: plain character classes, which the regex
# engine scans far faster than an alternation (reports call md() on every field of every claim).
_SPECIAL = re.compile(r"[\\`*_\[\]<>&|~!]")
_ODD_SPACE = re.compile(r"[^\S ]")
_BLANK_RUNS = re.compile(r"\n{3,}")


def _escape_line(line: str) -> str:
    if _SPECIAL.search(line):
        line = line.translate(_INLINE)
    start = _LINE_START.match(line)
    if start is None:
        return line
    indent, marker, digits, delimiter = start.groups()
    escaped = f"{indent}\\{marker}" if marker else f"{indent}{digits}\\{delimiter}"
    return escaped + line[start.end() :]


def md(text: str) -> str:
    """User text as inline Markdown: escaped, on one line (a newline would end a list item)."""
    if "  " in text or _ODD_SPACE.search(text):
        text = _SPACE.sub(" ", text)
    return _escape_line(text)


def md_block(text: str) -> str:
    """Multi-line user text, escaped line by line, for a paragraph."""
    return "\n".join(_escape_line(line.strip()) for line in text.splitlines())


class MdSafe(str):
    """Markdown the renderer built itself (links, quotes, blocks): printed as it is, not escaped."""

    __slots__ = ()


class _MdMemo(dict[object, str]):
    """Every printed value escaped as inline Markdown, once per distinct value."""

    def __missing__(self, value: object) -> str:
        if isinstance(value, MdSafe):
            return str(value)  # never cached: an equal plain string must still be escaped
        text = md(value if isinstance(value, str) else "" if value is None else str(value))
        if isinstance(value, str | int):
            self[value] = text
        return text


_ESCAPED = _MdMemo()


def link(address: Link | None) -> MdSafe:
    """A Markdown link for http(s) URLs (angle-bracket destination, so spaces and parens are safe)."""
    if address is None:
        return MdSafe("")
    if not address.ok or any(c in address.url for c in "<>\n"):
        return MdSafe(md(address.url))
    return MdSafe(f"[{md(address.url)}](<{address.url}>)")


def quote(shown: Quote) -> MdSafe:
    """The quote in bold within its context (no spaces around it: the context runs on as in the text)."""
    before = f"…{md(shown.before)}" if shown.before else ""
    after = f"{md(shown.after)}…" if shown.after else ""
    return MdSafe(f"{before}**{md(shown.exact)}**{after}")


def block(text: str) -> MdSafe:
    return MdSafe(md_block(text))


def people(names: list[str]) -> str:
    return ", ".join(names) if names else "—"


def render_markdown(report: Report) -> str:
    """The report as Markdown, from the built-in or the desk's template."""
    folder = templates.custom_folder(report.settings.template)
    try:
        text = templates.render(
            "md",
            folder,
            _ESCAPED.__getitem__,
            report=report,
            claims=claim_views(report),
            block=block,
            link=link,
            web=views.link,
            quote=quote,
            people=people,
            cited_sources=cited_sources,
            display_time=display_time,
            event_when=event_when,
            source_line=source_line,
            source_evidence_line=source_evidence_line,
        )
    finally:
        _ESCAPED.clear()
    return _BLANK_RUNS.sub("\n\n", text).strip("\n") + "\n"
