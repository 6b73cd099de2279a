"""The report as Markdown (CommonMark), with every piece of user text escaped so it stays text."""

from __future__ import annotations

import re

from annotator.export.model import ClaimEntry, Report
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
from annotator.store.findings import TrackRecord

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


class _Memo(dict[str, str]):
    """md() of strings that recur claim after claim (names, dates, kinds, sources), computed once."""

    def __missing__(self, text: str) -> str:
        escaped = self[text] = md(text)
        return escaped


def md_block(text: str) -> str:
    """Multi-line user text, escaped line by line, for a paragraph."""
    return "\n".join(_escape_line(line.strip()) for line in text.splitlines())


def _link(text: str, url: str) -> str:
    """A Markdown link for http(s) URLs (angle-bracket destination, so spaces and parens are safe)."""
    target = link_target(url)
    if target is None or any(c in target for c in "<>\n"):
        return md(text)
    return f"[{md(text)}](<{target}>)"


def _quoted(exact: str, prefix: str, suffix: str) -> str:
    # No spaces around the bold quote: the context runs on exactly as in the source text.
    body = (f"…{md(prefix)}" if prefix else "") + f"**{md(exact)}**" + (f"{md(suffix)}…" if suffix else "")
    return f"> {body}"


def _track(title: str, heading: str, records: list[TrackRecord]) -> list[str]:
    if not records:
        return []
    out = [f"### {title}", "", f"| {heading} | Confirmed | Refuted | Pending | Other | Total |"]
    out.append("|---|---:|---:|---:|---:|---:|")
    for r in records:
        counts = " | ".join(str(r.count(o)) for o in ("confirmed", "refuted", "pending", "other"))
        out.append(f"| {md(r.name)} | {counts} | {r.total} |")
    return [*out, ""]


def _claim(entry: ClaimEntry, out: list[str], m: _Memo) -> None:
    """One claim's section; `m` holds the escaped forms of values that recur across claims."""
    claim = entry.claim
    current = entry.current
    out += [f"### {md(entry.headline)}", ""]
    out += [f"**Verdict:** {m[verdict_line(current)] if current else 'No verdict yet'}", ""]
    out += [_quoted(claim.exact, claim.prefix, claim.suffix), ""]
    out += [f"- **{name}:** {m[value]}" for name, value in claim_fields(entry)]
    source = entry.document
    out.append(f"- **Source:** {m[source_line(source)]}")
    if source.url:
        out.append(f"  {_link(source.url, source.url)}")
    out.append("")
    if entry.events:
        out += ["**Events**", ""]
        out += [f"- {m[event_line(event, relation)]}" for event, relation in entry.events]
        out.append("")
    if current is not None:
        verdict = current.verdict
        if verdict.conclusion:
            out += [f"**Conclusion:** {md(verdict.conclusion)}", ""]
        if verdict.reasoning:
            out += [md_block(verdict.reasoning), ""]
    if entry.evidence:
        out += ["**Evidence**", ""]
        for item in entry.evidence:
            evidence = item.evidence
            out.append(f"- {m[evidence_summary(item)]}")
            if item.source is not None:
                out.append(f"  {_quoted(evidence.exact, evidence.prefix, evidence.suffix)}")
                if item.source.url:
                    out.append(f"  {_link(item.source.url, item.source.url)}")
            else:
                line = _link(evidence.url, evidence.url)
                if evidence.archived_url:
                    line += f" (archived: {_link(evidence.archived_url, evidence.archived_url)})"
                out.append(f"  {line}")
            if evidence.note:
                out.append(f"  {md(evidence.note)}")
        out.append("")
    if len(entry.history) > 1:
        out += ["**Verdict history**", "", "| As of | Verdict | Conclusion | By |", "|---|---|---|---|"]
        for step in entry.history:
            v = step.verdict
            out.append(f"| {m[v.as_of]} | {m[step.label.display]} | {md(v.conclusion)} | {m[step.author]} |")
        out.append("")


def render_markdown(report: Report) -> str:
    summary = report.summary
    out = [
        f"# {md(report.title)}",
        "",
        f"- **Project:** {md(report.project_name)}",
        f"- **Generated:** {md(display_time(report.generated_at))}",
        f"- **Authors:** {md(', '.join(report.authors)) or '—'}",
        f"- **Scope:** {md('; '.join(report.scope))}",
        f"- **Claims:** {len(report.claims)}",
        *(
            [f"- **From suggestions:** {md(report.suggestions_sentence())}"]
            if report.from_suggestions
            else []
        ),
        "",
        "## Summary",
        "",
        "### Claims by verdict",
        "",
        "| Verdict | Claims |",
        "|---|---:|",
    ]
    out += [f"| {md(display)} | {count} |" for _, display, count in summary.by_label]
    out += [f"| **Total** | {len(report.claims)} |", ""]
    out += _track("Track record by claimant", "Claimant", summary.claimants)
    out += _track("Track record by source", "Source", summary.sources)
    if summary.timeline:
        out += ["### Timeline", ""]
        for item in summary.timeline:
            event = item.event
            place = f" — {md(event.place)}" if event.place else ""
            count = "1 claim" if item.claim_count == 1 else f"{item.claim_count} claims"
            out.append(f"- {md(event_when(event) or 'undated')}: **{md(event.title)}**{place} ({count})")
        out.append("")
    out += ["## Claims", ""]
    if not report.claims:
        out += ["No claims match this report's scope.", ""]
    memo = _Memo()
    for entry in report.claims:
        _claim(entry, out, memo)
    sources = cited_sources(report.claims)
    if sources:
        out += ["## Sources", ""]
        for number, source in enumerate(sources, start=1):
            url = f" {_link(source.url, source.url)}" if source.url else ""
            out.append(f"{number}. {md(source_line(source))}{url}  ")
            out.append(f"   {md(source_evidence_line(source))}")
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"
