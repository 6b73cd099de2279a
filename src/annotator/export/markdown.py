"""The report as Markdown (CommonMark), with every piece of user text escaped so it stays text."""

from __future__ import annotations

import re

from annotator.export import templates
from annotator.export.gather import evidence_date
from annotator.export.model import Report, context_after, context_before
from annotator.export.text import (
    cited_sources,
    claim_fields,
    display_time,
    event_line,
    event_when,
    evidence_summary,
    link_target,
    source_evidence_line,
    source_line,
    verdict_line,
)

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


def _finalize(value: object) -> str:
    """Every value a Markdown template prints, escaped as inline text unless the renderer built it."""
    if isinstance(value, MdSafe):
        return value
    return md(value if isinstance(value, str) else str(value))


def link(text: str, url: str) -> MdSafe:
    """A Markdown link for http(s) URLs (angle-bracket destination, so spaces and parens are safe)."""
    target = link_target(url)
    if target is None or any(c in target for c in "<>\n"):
        return MdSafe(md(text))
    return MdSafe(f"[{md(text)}](<{target}>)")


def quote(exact: str, prefix: str, suffix: str) -> MdSafe:
    """The quote in bold within its context, the context cut at word boundaries."""
    # No spaces around the bold quote: the context runs on exactly as in the source text.
    before, after = context_before(prefix), context_after(suffix)
    body = (f"…{md(before)}" if before else "") + f"**{md(exact)}**" + (f"{md(after)}…" if after else "")
    return MdSafe(body)


def block(text: str) -> MdSafe:
    return MdSafe(md_block(text))


def people(names: list[str]) -> str:
    return ", ".join(names) if names else "—"


def render_markdown(report: Report) -> str:
    """The report as Markdown, from the built-in or the desk's template."""
    folder = templates.custom_folder(report.settings.template)
    text = templates.render(
        "md",
        folder,
        _finalize,
        report=report,
        block=block,
        link=link,
        quote=quote,
        people=people,
        claim_fields=claim_fields,
        cited_sources=cited_sources,
        display_time=display_time,
        event_line=event_line,
        event_when=event_when,
        evidence_summary=evidence_summary,
        evidence_date=evidence_date,
        source_line=source_line,
        source_evidence_line=source_evidence_line,
        verdict_line=verdict_line,
    )
    return _BLANK_RUNS.sub("\n\n", text).strip("\n") + "\n"
