"""The report as one self-contained, printable HTML file: templated, no scripts, everything escaped."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from typing import Any

from markupsafe import Markup

from annotator import __version__
from annotator.export import templates
from annotator.export.gather import evidence_date
from annotator.export.model import Report, context_after, context_before
from annotator.export.templates import css_class
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
from annotator.export.views import claim_views

# The policy forbids scripts, frames and every external fetch even if some text ever escaped
# unescaped, or a desk's template tried to load something: defence in depth, and a guarantee that the
# file renders the same offline. It is added by code, not by the template, so every template has it.
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
_CSP_META = f'<meta http-equiv="Content-Security-Policy" content="{html.escape(CSP)}">'
# What may come before <head>: a doctype, the <html> tag, comments and white space. Anything else
# (a script before the head, say) would run before the policy is read, so such output is refused.
_HEAD = re.compile(
    r"\A\s*(?:<!DOCTYPE[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<html[^>]*>\s*)?<head(?:\s[^>]*)?>", re.I | re.S
)


def escape(text: str) -> str:
    """html.escape(text, quote=True), skipped for the many strings with nothing to escape."""
    # Five substring tests scan a string twice as fast as one regex character class does (a
    # 10,000-claim report tests 70,000 distinct strings, 4.5 million characters: 44 -> 23 ms).
    if "&" in text or "<" in text or ">" in text or '"' in text or "'" in text:
        return html.escape(text, quote=True)
    return text


def link(text: str, url: str) -> Markup:
    """Escaped link text, a real link only for http(s) URLs (anything else stays plain text)."""
    target = link_target(url)
    if target is None:
        return Markup(escape(text))
    href = escape(target)
    label = href if text == target else escape(text)
    return Markup(f'<a href="{href}" rel="noopener noreferrer">{label}</a>')


def quote(exact: str, prefix: str, suffix: str) -> Markup:
    """The quote marked in its context, the context cut at word boundaries."""
    before, after = context_before(prefix), context_after(suffix)
    lead = f'<span class="context">…{escape(before)}</span>' if before else ""
    trail = f'<span class="context">{escape(after)}…</span>' if after else ""
    return Markup(f"{lead}<mark>{escape(exact)}</mark>{trail}")


class _HtmlMemo(dict[object, str]):
    """Every printed value, escaped once per distinct value (markup the renderer built passes as is)."""

    def __missing__(self, value: object) -> str:
        if type(value) is str:  # most values (Markup, a str subclass, goes below)
            text = self[value] = escape(value)
            return text
        if isinstance(value, Markup):
            return str(value)  # never cached: an equal plain string must still be escaped
        if value is None:
            return ""
        text = escape(value if isinstance(value, str) else str(value))
        if isinstance(value, str | int):
            self[value] = text
        return text


_ESCAPED = _HtmlMemo()


def people(names: Iterable[str]) -> str:
    names = list(names)
    return ", ".join(names) if names else "—"


def _stylesheet(text: str) -> Markup:
    # "</" could close the <style> element early; CSS allows "<\/" as the same two characters.
    return Markup(text.replace("</", "<\\/"))


def template_values(report: Report) -> dict[str, Any]:
    """What the HTML templates see: the report, its stylesheet and logo, and the helpers."""
    folder = templates.custom_folder(report.settings.template)
    return {
        "report": report,
        "version": __version__,
        "stylesheet": _stylesheet(templates.stylesheet(folder)),
        "logo": templates.logo(folder),
        "css_class": css_class,
        "link": link,
        "quote": quote,
        "people": people,
        "claim_fields": claim_fields,
        "cited_sources": cited_sources,
        "display_time": display_time,
        "event_line": event_line,
        "event_when": event_when,
        "evidence_summary": evidence_summary,
        "evidence_date": evidence_date,
        "source_line": source_line,
        "source_evidence_line": source_evidence_line,
        "verdict_line": verdict_line,
        "folder": folder,
    }


def render_html(report: Report) -> str:
    """The whole report as one HTML document (UTF-8 text), from the built-in or the desk's template."""
    values = template_values(report)
    folder = values.pop("folder")
    values["claims"] = claim_views(report)
    # The built-in template escapes through a memo of escaped strings (autoescaping would escape the
    # same names, dates and citations tens of thousands of times); a desk's runs sandboxed, autoescaped.
    try:
        finalize = _ESCAPED.__getitem__ if folder is None else None
        pieces = templates.render_pieces("html", folder, finalize, **values)
    finally:
        _ESCAPED.clear()  # escaping is deterministic, so sharing it between threads is safe; memory is not
    page = with_policy(pieces)
    if page is None:
        where = folder / templates.HTML_TEMPLATE if folder else templates.HTML_TEMPLATE
        raise templates.TemplateError(
            f"{where} must begin with <head> (after an optional doctype and <html>): the report's "
            "Content-Security-Policy goes first in it"
        )
    return page


def with_policy(pieces: list[str]) -> str | None:
    """The rendered pieces joined, the CSP first in the head; None if the page does not begin with
    <head> (after an optional doctype, comments and <html>). `pieces` is used up.

    The page is joined once, the policy among its pieces: inserting it into the joined page copied
    all of it again (19 million characters for 10,000 claims, 10 ms). The head tag is sought in a prefix of
    the pieces, doubled until it is found: _HEAD matches a prefix that holds the whole tag exactly as
    it matches the page, since every choice it makes is settled by the text up to the tag's ">".
    """
    count = 1
    while True:
        prefix = "".join(pieces[:count])
        head = _HEAD.match(prefix)
        if head is not None:
            break
        if count >= len(pieces):
            return None
        count *= 2
    end = head.end()
    pieces[:count] = [prefix[:end], "\n", _CSP_META, prefix[end:]]
    return "".join(pieces)
