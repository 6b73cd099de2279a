"""A desk's own PDF look: the report model and claim views as JSON, typeset by Typst from its report.typ.

A desk starts from resources/report/report.typ (the built-in look, copied into its template folder) and
changes what it likes. The template reads the model from `sys.inputs`, so no claim text is ever parsed
as markup and nothing needs escaping; paths in it (a logo) resolve in the desk's folder. The claims are
the very views the HTML and Markdown templates print (export/views.py), so the formats cannot drift.
Typst shapes text itself (kerning, Chinese line breaking, fallback fonts), numbers the pages and makes
every heading a PDF bookmark; each claim's heading carries its anchor as a label (a named destination).
Fonts are the system's ($ANNOTATOR_PDF_FONT's file first, if set): the first installed family of
TEXT_FAMILIES for Latin, Romanian and Cyrillic, then the first of CJK_FAMILIES for Chinese, Japanese
and Korean.
"""

from __future__ import annotations

import functools
import os
import re
import warnings
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
import typst

from annotator import __version__
from annotator.export import templates
from annotator.export.errors import PdfFontError
from annotator.export.model import Report
from annotator.export.text import cited_sources, display_time, event_when, source_evidence_line, source_line
from annotator.export.views import claim_views
from annotator.export.views import link as views_link

TEMPLATE = "report.typ"
# Sans-serif families with Latin (Romanian ș ț ă), Greek and Cyrillic, in order of preference.
TEXT_FAMILIES = ("DejaVu Sans", "Noto Sans", "Liberation Sans", "Arial", "Arial Unicode MS")
# Tried for characters the text family lacks (Chinese, Japanese, Korean).
CJK_FAMILIES = (
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Droid Sans Fallback",
    "Microsoft YaHei",
    "SimSun",
    "PingFang SC",
    "Heiti SC",
)
_CJK = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]")
# A Typst package import ("@preview/name:1.0.0") would be downloaded at run time; reports never do.
_PACKAGE = re.compile(r"""["']@[a-z0-9_-]+/""", re.I)

# Where Typst's diagnostic places an error: "┌─ report.typ:21:2".
_PLACE = re.compile(r"┌─ \S+?:(\d+):(\d+)")


@functools.cache
def _families(extra: tuple[str, ...]) -> frozenset[str]:
    """The font families Typst finds: the system's, plus those in the `extra` folders or files."""
    found = typst.Fonts(include_system_fonts=True, include_embedded_fonts=False, font_paths=list(extra))
    return frozenset(found.families())


def _font_paths() -> tuple[str, ...]:
    """The folder of $ANNOTATOR_PDF_FONT's file, if set, for Typst to search besides the system's fonts
    (its system search covers /usr/share/fonts, ~/.local/share/fonts, macOS's and Windows' folders)."""
    chosen = os.environ.get("ANNOTATOR_PDF_FONT", "")
    if chosen and not Path(chosen).is_file():
        raise PdfFontError(f"ANNOTATOR_PDF_FONT names {chosen}, which is not a file")
    return (str(Path(chosen).resolve().parent),) if chosen else ()


def fonts(needs_cjk: bool) -> tuple[list[str], tuple[str, ...]]:
    """The font families for the report's text, in fallback order, and the font paths to find them in."""
    paths = _font_paths()
    chosen = os.environ.get("ANNOTATOR_PDF_FONT", "")
    lowered = {family.lower(): family for family in _families(paths)}
    picked: list[str] = []
    if chosen:
        # The family of the file named, as Typst reads it from the file's folder.
        found = typst.Fonts(include_system_fonts=False, include_embedded_fonts=False, font_paths=list(paths))
        target = Path(chosen).resolve()
        own = [f.family for f in found.fonts() if f.path and Path(f.path).resolve() == target]
        if not own:
            raise PdfFontError(f"ANNOTATOR_PDF_FONT names {chosen}, which Typst cannot read as a font")
        picked.append(own[0])
    text = next((lowered[f.lower()] for f in TEXT_FAMILIES if f.lower() in lowered), None)
    if text is None and not picked:
        raise PdfFontError(
            "no Unicode font found for the PDF (looked for " + ", ".join(TEXT_FAMILIES) + "); "
            "install fonts-dejavu-core or set ANNOTATOR_PDF_FONT to a .ttf file"
        )
    if text is not None and text not in picked:
        picked.append(text)
    cjk = next((lowered[f.lower()] for f in CJK_FAMILIES if f.lower() in lowered), None)
    if cjk is not None:
        picked.append(cjk)
    elif needs_cjk:
        raise PdfFontError(
            "the report holds Chinese, Japanese or Korean text and no font for it was found (looked for "
            + ", ".join(CJK_FAMILIES)
            + "); install fonts-wqy-microhei or fonts-noto-cjk"
        )
    return picked, paths


def _template(folder: Path) -> bytes:
    """The desk's report.typ, refused if it would download a package."""
    path = folder / TEMPLATE
    try:
        source = path.read_bytes()
    except OSError as error:
        raise templates.TemplateError(f"{path} cannot be read: {error}") from None
    if _PACKAGE.search(source.decode("utf-8", "replace")):
        raise templates.TemplateError(
            f"{path} imports a Typst package; packages would be downloaded while exporting, so a "
            "report template must be self-contained (copy what it needs into the template folder)"
        )
    return source


def _logo(folder: Path) -> str:
    """The desk's logo file, relative to its folder, or ""."""
    return next((name for name in templates.LOGOS if (folder / name).is_file()), "")


def report_model(report: Report, logo: str = "") -> dict[str, Any]:
    """What the Typst template reads: the report's every section, the claims as their shared views."""
    views = claim_views(report)
    byline = "By " + (", ".join(report.authors) or "—")
    if report.editors:
        byline += " · Edited by " + ", ".join(report.editors)
    meta = [
        ("Published", (report.first_published or report.generated_at)[:10]),
        ("Last updated", (report.last_updated or report.generated_at)[:10]),
        ("Scope", "; ".join(report.scope)),
        ("Claims", str(len(report.claims))),
        ("Project", report.project_name),
    ]
    if report.from_suggestions:
        meta.append(("From suggestions", report.suggestions_sentence()))
    summary = report.summary
    outcomes = ("confirmed", "refuted", "pending", "other")
    tracks = [
        {
            "title": title,
            "heading": heading,
            "records": [
                {"name": r.name, "counts": [*(r.count(o) for o in outcomes), r.total]} for r in records
            ],
        }
        for title, heading, records in (
            ("Track record by claimant", "Claimant", summary.claimants),
            ("Track record by source", "Source", summary.sources),
        )
        if records
    ]
    timeline = [
        {
            "when": event_when(item.event) or "undated",
            "title": item.event.title,
            "place": f" — {item.event.place}" if item.event.place else "",
            "count": f"({item.claim_count} claim{'' if item.claim_count == 1 else 's'})",
        }
        for item in summary.timeline
    ]
    corrections = [
        {
            "anchor": item.anchor,
            "headline": item.headline,
            "text": f"the verdict “{item.was.label.display}” (as of {item.was.verdict.as_of}, published "
            f"{item.was.published_at[:10] or '—'}) was replaced by “{item.now.label.display}” (as of "
            f"{item.now.verdict.as_of}) on {item.now.published_at[:10] or '—'}.",
        }
        for item in report.corrections
    ]
    sources = [
        {
            "line": source_line(source),
            "url": views_link(source.url),
            "archived": views_link(source.archived_url),
            "evidence": source_evidence_line(source),
        }
        for source in cited_sources(report.claims)
    ]
    generated = f"Generated by annotator {__version__} on {display_time(report.generated_at)}."
    return {
        "title": report.title,
        "organisation": report.organisation,
        "document_authors": [report.organisation] if report.organisation else report.authors,
        "byline": byline,
        "meta": meta,
        "methodology": report.methodology,
        "scale": [
            {"label": s.label, "display": s.display, "rating": "—" if s.rating is None else str(s.rating)}
            for s in report.scale
        ],
        "summary": {
            "by_label": [
                {"label": label or "none", "display": display, "count": count}
                for label, display, count in summary.by_label
            ],
            "tracks": tracks,
            "timeline": timeline,
        },
        "claims": views,
        "corrections": corrections,
        "sources": sources,
        "generated": (f"{report.organisation} · " if report.organisation else "") + generated,
        "logo": logo,
    }


def render_typst_pdf(report: Report, folder: Path) -> bytes:
    """The report typeset from `folder`/report.typ; PdfFontError without a usable font, TemplateError
    for a template Typst cannot compile (the message names the file, the line and Typst's reason)."""
    source = _template(folder)
    text = orjson.dumps(report_model(report, _logo(folder)), default=_plain).decode("utf-8")
    # The JSON holds every character printed (orjson keeps non-ASCII text as it is).
    families, paths = fonts(_CJK.search(text) is not None)
    try:
        with warnings.catch_warnings():
            # Typst's warnings (an unknown font family a desk names, say) leave a usable PDF.
            warnings.simplefilter("ignore", typst.TypstWarning)
            # The stub types the input and the font paths with one type variable; bytes and str are fine.
            data = typst.compile(  # type: ignore[misc]
                source,
                root=str(folder),
                font_paths=list(paths),
                sys_inputs={"report": text, "fonts": orjson.dumps(families).decode("utf-8")},
                timestamp=_timestamp(report.generated_at),
            )
    except typst.TypstError as error:
        where = folder / TEMPLATE
        place = _PLACE.search(error.diagnostic or "")
        line = f", line {place[1]}" if place else ""
        hints = "".join(f"; hint: {hint}" for hint in error.hints)
        raise templates.TemplateError(f"{where}{line}: {error.message}{hints}") from None
    assert isinstance(data, bytes)
    return data


def _plain(value: object) -> object:
    """orjson's fallback: the views' dataclasses go natively; anything else (a tuple subclass) as a list."""
    if hasattr(value, "__dataclass_fields__"):
        return asdict(value)  # type: ignore[call-overload]
    raise TypeError(f"{type(value).__name__} is not part of the report model")


def _timestamp(generated_at: str) -> int | None:
    """The report's time as the PDF's creation date (so the same report gives the same file)."""
    try:
        moment = datetime.fromisoformat(generated_at)
    except ValueError:
        return None
    return int((moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp())
