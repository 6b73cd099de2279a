"""The report as one self-contained, printable HTML file: inline CSS, no scripts, everything escaped."""

from __future__ import annotations

import html
import re

from annotator import __version__
from annotator.domain.models import Event
from annotator.export.model import NOT_REVIEWED, ClaimEntry, EvidenceEntry, Report, SourceInfo, VerdictEntry
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

# The policy forbids scripts, frames and every external fetch even if some text ever escaped
# unescaped: defence in depth, and a guarantee that the file renders the same offline.
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"

CSS = """
:root { --ink: #1d1d1f; --muted: #5f6368; --rule: #d8d8d8; --mark: #fff3b0; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif;
       color: var(--ink); max-width: 52rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.7rem; margin: 0 0 .5rem; }
h2 { font-size: 1.3rem; border-bottom: 2px solid var(--ink); padding-bottom: .2rem; margin-top: 2.2rem; }
h3 { font-size: 1.1rem; margin: 1.2rem 0 .4rem; }
h4 { font-size: .8rem; text-transform: uppercase; letter-spacing: .05em; color: var(--muted);
     margin: .9rem 0 .3rem; }
dl.meta, dl.fields { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem;
                     margin: .5rem 0; }
dt { color: var(--muted); }
dd { margin: 0; white-space: pre-wrap; }
table { border-collapse: collapse; margin: .4rem 0 1rem; }
th, td { border-bottom: 1px solid var(--rule); padding: .2rem .7rem .2rem 0; text-align: left;
         vertical-align: top; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
ol.timeline { padding-left: 1.2rem; }
ol.timeline time { font-variant-numeric: tabular-nums; color: var(--muted); margin-right: .4rem; }
article.claim { border-top: 1px solid var(--rule); padding: .6rem 0 1rem; }
article.claim h3 { margin-top: .4rem; }
.badge { display: inline-block; font-size: .8rem; font-weight: 600; padding: .05rem .5rem;
         border-radius: 1rem; background: #e8eaed; }
.badge.confirmed, .badge.mostly_confirmed { background: #d3f0d8; color: #0b5d1e; }
.badge.refuted, .badge.mostly_refuted { background: #fbd5d2; color: #8a1c12; }
.badge.mixed { background: #fde8c4; color: #7a4a00; }
.badge.pending, .badge.none { background: #e3e7f3; color: #2b3a67; }
blockquote { margin: .5rem 0; padding: .4rem .8rem; border-left: 3px solid var(--rule);
             white-space: pre-wrap; }
blockquote .context { color: var(--muted); }
mark { background: var(--mark); color: inherit; }
.reasoning, .note { white-space: pre-wrap; }
p.source, p.url { margin: .3rem 0; }
.url { word-break: break-all; }
ul { padding-left: 1.2rem; margin: .3rem 0; }
footer { margin-top: 3rem; color: var(--muted); font-size: .8rem; }
@media print {
  @page { margin: 16mm 14mm; }
  body { font-size: 10pt; max-width: none; margin: 0; padding: 0; color: #000; }
  a { color: inherit; text-decoration: none; }
  .badge { border: 1px solid #000; background: none !important; color: #000 !important; }
  mark { background: none; font-weight: 600; text-decoration: underline; }
  h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
  section.summary { break-after: page; page-break-after: always; }
  article.claim { break-inside: avoid; page-break-inside: avoid; }
  tr, li, blockquote { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
}
""".strip()

_CLASS_UNSAFE = re.compile(r"[^a-z0-9_-]")
_MARKUP = re.compile("[&<>\"']")


def escape(text: str) -> str:
    """html.escape(text, quote=True), skipped for the many strings with nothing to escape.

    One scan of a character class costs a fraction of html.escape's five replace() passes, and a
    report escapes about ten strings per claim; the output is identical either way.
    """
    return html.escape(text, quote=True) if _MARKUP.search(text) else text


def _e(text: object) -> str:
    return escape(str(text))


def _css_class(label: str) -> str:
    return _CLASS_UNSAFE.sub("-", label.lower()) or "none"


def _link(text: str, url: str) -> str:
    """Escaped link text, a real link only for http(s) URLs (anything else stays plain text)."""
    target = link_target(url)
    if target is None:
        return escape(text)
    href = escape(target)
    label = href if text == target else escape(text)
    return f'<a href="{href}" rel="noopener noreferrer">{label}</a>'


def _source(source: SourceInfo) -> str:
    # Links show their URL as their text, so a printed copy keeps every address.
    url = f'<br><span class="url">{_link(source.url, source.url)}</span>' if source.url else ""
    return f'<p class="source">Source: {_e(source_line(source))}{url}</p>'


def _sources(report: Report) -> list[str]:
    sources = cited_sources(report.claims)
    if not sources:
        return []
    out = ['<section class="sources" id="sources"><h2>Sources</h2><ol>']
    for source in sources:
        url = f'<br><span class="url">{_link(source.url, source.url)}</span>' if source.url else ""
        out.append(
            f"<li>{_e(source_line(source))}{url}<br>"
            f'<span class="hash">{_e(source_evidence_line(source))}</span></li>'
        )
    out.append("</ol></section>")
    return out


def _quote(exact: str, prefix: str, suffix: str) -> str:
    before = f'<span class="context">…{escape(prefix)}</span>' if prefix else ""
    after = f'<span class="context">{escape(suffix)}…</span>' if suffix else ""
    return f"<blockquote>{before}<mark>{escape(exact)}</mark>{after}</blockquote>"


def _track_table(title: str, heading: str, records: list[TrackRecord]) -> list[str]:
    if not records:
        return []
    out = [
        f"<h3>{_e(title)}</h3>",
        f'<table><thead><tr><th>{_e(heading)}</th><th class="n">Confirmed</th><th class="n">Refuted</th>'
        '<th class="n">Pending</th><th class="n">Other</th><th class="n">Total</th></tr></thead><tbody>',
    ]
    for record in records:
        counts = "".join(
            f'<td class="n">{record.count(o)}</td>' for o in ("confirmed", "refuted", "pending", "other")
        )
        out.append(f'<tr><td>{_e(record.name)}</td>{counts}<td class="n">{record.total}</td></tr>')
    out.append("</tbody></table>")
    return out


def _summary(report: Report) -> list[str]:
    summary = report.summary
    out = ['<section class="summary" id="summary">', "<h2>Summary</h2>", "<h3>Claims by verdict</h3>"]
    out.append('<table><thead><tr><th>Verdict</th><th class="n">Claims</th></tr></thead><tbody>')
    for label, display, count in summary.by_label:
        out.append(
            f'<tr><td><span class="badge {_css_class(label)}">{_e(display)}</span></td>'
            f'<td class="n">{count}</td></tr>'
        )
    out.append(f'<tr><th>Total</th><td class="n">{len(report.claims)}</td></tr></tbody></table>')
    out += _track_table("Track record by claimant", "Claimant", summary.claimants)
    out += _track_table("Track record by source", "Source", summary.sources)
    if summary.timeline:
        out.append('<h3>Timeline</h3><ol class="timeline">')
        for item in summary.timeline:
            event = item.event
            when = event_when(event) or "undated"
            place = f" — {_e(event.place)}" if event.place else ""
            claims = "1 claim" if item.claim_count == 1 else f"{item.claim_count} claims"
            out.append(
                f"<li><time>{_e(when)}</time><strong>{_e(event.title)}</strong>{place}"
                f' <span class="count">({claims})</span></li>'
            )
        out.append("</ol>")
    out.append("</section>")
    return out


class _Memo(dict[str, str]):
    """Escaped forms of strings that repeat across claims (names, labels, dates, kinds), each escaped
    once: a 10,000-claim report would otherwise spend most of its time in html.escape."""

    def __missing__(self, text: str) -> str:
        escaped = self[text] = escape(text)
        return escaped


class _ClaimWriter:
    """Writes claim articles, caching what many claims share (their source, events, badges)."""

    def __init__(self) -> None:
        self.memo = _Memo()
        self.sources: dict[str, str] = {}
        self.badges: dict[tuple[str, str], str] = {}
        self.events: dict[tuple[str, str], str] = {}
        self.fields: dict[tuple[str, str], str] = {}
        self.field_lists: dict[tuple[object, ...], str] = {}
        self.verdict_lines: dict[tuple[str, str, float | None, str], str] = {}
        self.no_verdict = self.badge("", "No verdict yet")

    def field(self, item: tuple[str, str]) -> str:
        """One <dt>/<dd> pair; most pairs ("Kind: prediction", "Tagged by: ...") recur claim after claim."""
        html = self.fields.get(item)
        if html is None:
            html = self.fields[item] = f"<dt>{escape(item[0])}</dt><dd>{escape(item[1])}</dd>"
        return html

    def field_list(self, entry: ClaimEntry) -> str:
        """The claim's fields (those of text.claim_fields), cached whole for the common combinations.

        Most claims share their kind, tags, claimant, author, review state and often the stated date;
        the key is cheap to build, and a hit spares formatting and escaping the eight pairs.
        """
        claim = entry.claim
        if claim.note:  # free text: rarely repeats, not worth a cache entry
            return "".join(map(self.field, claim_fields(entry)))
        key = (
            claim.kind,
            tuple(claim.tags),
            entry.claimant.id if entry.claimant else "",
            claim.stated_text,
            claim.stated_lo,
            claim.stated_hi,
            claim.due,
            entry.author,
            id(entry.review),  # the one NOT_REVIEWED instance, or a review (then rarely repeated)
        )
        html = self.field_lists.get(key)
        if html is None:
            html = "".join(map(self.field, claim_fields(entry)))
            if entry.review is NOT_REVIEWED:
                self.field_lists[key] = html
        return html

    def badge(self, label: str, display: str) -> str:
        key = (label, display)
        if key not in self.badges:
            self.badges[key] = f'<p><span class="badge {_css_class(label)}">{escape(display)}</span></p>'
        return self.badges[key]

    def source(self, source: SourceInfo) -> str:
        if source.id not in self.sources:
            self.sources[source.id] = _source(source)
        return self.sources[source.id]

    def verdict(self, entry: VerdictEntry) -> str:
        """The verdict line; a report repeats the same few (label, date, author) combinations."""
        v = entry.verdict
        key = (entry.label.display, v.as_of, v.confidence, entry.author)
        html = self.verdict_lines.get(key)
        if html is None:
            html = self.verdict_lines[key] = (
                f"<h4>Verdict</h4><p><strong>{escape(verdict_line(entry))}</strong></p>"
            )
        return html

    def event(self, event: Event, relation: str) -> str:
        key = (event.id, relation)
        if key not in self.events:
            self.events[key] = f"<li>{escape(event_line(event, relation))}</li>"
        return self.events[key]

    def write(self, entry: ClaimEntry, out: list[str]) -> None:
        m = self.memo
        claim = entry.claim
        current = entry.current
        fields = self.field_list(entry)
        badge = self.badge(current.label.label, current.label.display) if current else self.no_verdict
        out.append(
            f'<article class="claim" id="claim-{escape(claim.id)}">\n<h3>{escape(entry.headline)}</h3>\n'
            f"{badge}\n{_quote(claim.exact, claim.prefix, claim.suffix)}\n"
            f'<dl class="fields">{fields}</dl>\n{self.source(entry.document)}'
        )
        if entry.events:
            items = "".join(self.event(event, relation) for event, relation in entry.events)
            out.append(f"<h4>Events</h4><ul>{items}</ul>")
        if current is not None:
            verdict = current.verdict
            out.append(self.verdict(current))
            if verdict.conclusion:
                out.append(f'<p class="conclusion">{escape(verdict.conclusion)}</p>')
            if verdict.reasoning:
                out.append(f'<p class="reasoning">{escape(verdict.reasoning)}</p>')
        if entry.evidence:
            out.append("<h4>Evidence</h4><ul>")
            out.extend(self.evidence(item) for item in entry.evidence)
            out.append("</ul>")
        if len(entry.history) > 1:
            out.append(
                "<h4>Verdict history</h4><table><thead><tr><th>As of</th><th>Verdict</th><th>Conclusion</th>"
                "<th>By</th></tr></thead><tbody>"
            )
            for step in entry.history:
                v = step.verdict
                out.append(
                    f"<tr><td>{m[v.as_of]}</td><td>{m[step.label.display]}</td><td>{escape(v.conclusion)}</td>"
                    f"<td>{m[step.author]}</td></tr>"
                )
            out.append("</tbody></table>")
        out.append("</article>")

    def evidence(self, item: EvidenceEntry) -> str:
        evidence = item.evidence
        parts = [f"<li><strong>{self.memo[evidence_summary(item)]}</strong>"]
        if item.source is not None:
            parts.append(_quote(evidence.exact, evidence.prefix, evidence.suffix))
            if item.source.url:
                parts.append(f'<p class="url">{_link(item.source.url, item.source.url)}</p>')
        else:
            links = [_link(evidence.url, evidence.url)]
            if evidence.archived_url:
                links.append("archived: " + _link(evidence.archived_url, evidence.archived_url))
            parts.append(f'<p class="url">{" · ".join(links)}</p>')
        if evidence.note:
            parts.append(f'<p class="note">{escape(evidence.note)}</p>')
        parts.append("</li>")
        return "".join(parts)


def render_html(report: Report) -> str:
    """The whole report as one HTML document (UTF-8 text)."""
    title = report.title
    meta = [
        ("Project", report.project_name),
        ("Generated", display_time(report.generated_at)),
        ("Authors", ", ".join(report.authors) or "—"),
        ("Scope", "; ".join(report.scope)),
        ("Claims", str(len(report.claims))),
    ]
    if report.from_suggestions:
        # Methodology: how many reported claims a machine proposed (each accepted by an analyst).
        meta.append(("From suggestions", report.suggestions_sentence()))
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_e(CSP)}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="annotator {_e(__version__)}">',
        f"<title>{_e(title)}</title>",
        f"<style>\n{CSS}\n</style>",
        "</head>",
        "<body>",
        '<header class="title-block">',
        f"<h1>{_e(title)}</h1>",
        '<dl class="meta">' + "".join(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in meta) + "</dl>",
        "</header>",
    ]
    out += _summary(report)
    out.append('<section class="claims" id="claims"><h2>Claims</h2>')
    if not report.claims:
        out.append("<p>No claims match this report's scope.</p>")
    writer = _ClaimWriter()
    for entry in report.claims:
        writer.write(entry, out)
    out.append("</section>")
    out += _sources(report)
    generated = display_time(report.generated_at)
    out.append(f"<footer>Generated by annotator {_e(__version__)} on {_e(generated)}.</footer>")
    out.append("</body>\n</html>\n")
    return "\n".join(out)
