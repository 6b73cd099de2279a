"""The report as PDF, laid out with fpdf2 and a Unicode TrueType font so any script's text is real text."""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime
from pathlib import Path

from fpdf import FPDF
from fpdf.fonts import TTFFont

from annotator import __version__
from annotator.export.errors import ExportError
from annotator.export.markdown import render_markdown
from annotator.export.model import ClaimEntry, Report
from annotator.export.text import (
    claim_fields,
    display_time,
    event_line,
    event_when,
    evidence_summary,
    link_target,
    source_line,
    verdict_line,
)
from annotator.store.findings import TrackRecord

# The PDF core fonts only cover Latin-1, so a Unicode font is required; these are where common
# systems keep one with Latin (Romanian Ț, ă), Greek and Cyrillic. $ANNOTATOR_PDF_FONT overrides.
_WINDOWS_FONTS = Path(os.environ.get("WINDIR", "C:/Windows")) / "Fonts"
TEXT_FONTS: tuple[tuple[Path, Path | None], ...] = (
    (
        Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
        Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
    ),
    (Path("/usr/share/fonts/dejavu/DejaVuSans.ttf"), Path("/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf")),
    (Path("/usr/share/fonts/TTF/DejaVuSans.ttf"), Path("/usr/share/fonts/TTF/DejaVuSans-Bold.ttf")),
    (
        Path("/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf"),
        Path("/usr/share/fonts/dejavu-sans-fonts/DejaVuSans-Bold.ttf"),
    ),
    (Path("/usr/local/share/fonts/DejaVuSans.ttf"), Path("/usr/local/share/fonts/DejaVuSans-Bold.ttf")),
    (Path("/Library/Fonts/Arial Unicode.ttf"), None),
    (Path("/System/Library/Fonts/Supplemental/Arial Unicode.ttf"), None),
    (_WINDOWS_FONTS / "arial.ttf", _WINDOWS_FONTS / "arialbd.ttf"),
)
# Tried for characters the text font lacks (Chinese, Japanese, Korean); loaded only when needed,
# as parsing one of these collections costs about half a second.
FALLBACK_FONTS: tuple[Path, ...] = (
    Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
    Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc"),
    Path("/System/Library/Fonts/STHeiti Light.ttc"),
    _WINDOWS_FONTS / "msyh.ttc",
    _WINDOWS_FONTS / "simsun.ttc",
)
FONT = "text"
LINE = 5.0  # mm per line of body text
GREY = (95, 99, 104)
_SPACE = re.compile(r"\s+")


class PdfFontError(ExportError):
    """No Unicode TrueType font was found to write the report with."""


def _text_font() -> tuple[Path, Path | None]:
    chosen = os.environ.get("ANNOTATOR_PDF_FONT", "")
    if chosen:
        if not Path(chosen).is_file():
            raise PdfFontError(f"ANNOTATOR_PDF_FONT names {chosen}, which is not a file")
        return Path(chosen), None
    for regular, bold in TEXT_FONTS:
        if regular.is_file():
            return regular, bold if bold is not None and bold.is_file() else None
    raise PdfFontError(
        "no Unicode TrueType font found for the PDF (looked for DejaVu Sans and Arial); "
        "install fonts-dejavu or set ANNOTATOR_PDF_FONT to a .ttf file"
    )


class _Document(FPDF):
    """An A4 document whose pages carry the report's title and page number in their footer."""

    title_text = ""

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, "", 8)
        self.set_text_color(*GREY)
        self.cell(0, 5, f"{self.title_text} — page {self.page_no()}/{{nb}}", align="C")


def _setup(report: Report) -> _Document:
    regular, bold = _text_font()
    pdf = _Document(format="A4")
    pdf.title_text = report.title
    pdf.set_margins(16, 16, 16)
    pdf.set_auto_page_break(True, margin=16)
    pdf.add_font(FONT, "", str(regular))
    # Without a bold face, "bold" text is set in the regular one rather than faked.
    pdf.add_font(FONT, "B", str(bold or regular))
    font = pdf.fonts[FONT.lower()]
    covered = set(map(chr, font.cmap)) if isinstance(font, TTFFont) else set()
    # The Markdown rendering holds every character the PDF will show, and costs little next to layout.
    missing = {ch for ch in render_markdown(report) if ord(ch) > 0x7F} - covered
    if missing:
        fallback = next((path for path in FALLBACK_FONTS if path.is_file()), None)
        if fallback is not None:
            pdf.add_font("fallback", "", str(fallback))
            pdf.set_fallback_fonts(["fallback"], exact_match=False)
    pdf.set_title(report.title)
    pdf.set_author(", ".join(report.authors))
    pdf.set_creator(f"annotator {__version__}")
    pdf.set_creation_date(_when(report.generated_at))
    return pdf


def _when(timestamp: str) -> datetime:
    try:
        moment = datetime.fromisoformat(timestamp)
    except ValueError:
        return datetime.now(UTC)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


# fpdf2's own line breaking re-measures the growing line at every character (about 50 ms per claim,
# minutes for a large report), so text is wrapped here by whole words, each word measured once per
# font and size, and written a line at a time with cell(), which does no breaking of its own.
_TOKENS = re.compile(r"\S+\s*|\s+")
_widths: dict[tuple[str, str, float, str], float] = {}


def _width(pdf: FPDF, text: str) -> float:
    key = (pdf.font_family, pdf.font_style, pdf.font_size_pt, text)
    width = _widths.get(key)
    if width is None:
        width = _widths[key] = pdf.get_string_width(text)
    return width


def _flow(pdf: FPDF, text: str, height: float, link: str | int = "") -> None:
    """Write `text` from the current position, wrapping at word boundaries; leaves x after the text."""
    right = pdf.w - pdf.r_margin
    for number, line in enumerate(text.split("\n")):
        if number:
            pdf.ln(height)
        pending = ""
        pending_width = 0.0
        for token in _TOKENS.findall(line):
            word_width = _width(pdf, token.rstrip())
            if pdf.x + pending_width + word_width > right and (pending or pdf.x > pdf.l_margin + 0.01):
                if pending:
                    pdf.cell(pending_width, height, pending, link=link)
                pdf.ln(height)
                pending, pending_width = "", 0.0
                token = token.lstrip()
                if not token:
                    continue
            if _width(pdf, token.rstrip()) > right - pdf.l_margin:
                # A single word wider than the line (a long URL): fpdf2 breaks it by characters.
                if pending:
                    pdf.cell(pending_width, height, pending, link=link)
                    pending, pending_width = "", 0.0
                pdf.write(height, token, link=link)
                continue
            pending += token
            pending_width += _width(pdf, token)
        if pending:
            pdf.cell(pending_width, height, pending, link=link)


def _para(pdf: FPDF, text: str, size: float = 10, bold: bool = False, grey: bool = False) -> None:
    pdf.set_font(FONT, "B" if bold else "", size)
    pdf.set_text_color(*(GREY if grey else (0, 0, 0)))
    pdf.set_x(pdf.l_margin)
    _flow(pdf, text, LINE * size / 10)
    pdf.ln(LINE * size / 10)
    pdf.set_text_color(0, 0, 0)


def _run(pdf: FPDF, text: str, bold: bool = False, grey: bool = False, url: str = "") -> None:
    """A run of text that flows on from the previous one (mixed styles on one line)."""
    pdf.set_font(FONT, "B" if bold else "", 10)
    pdf.set_text_color(*(GREY if grey else (0, 0, 0)))
    target = link_target(url) if url else None
    _flow(pdf, text, LINE, link=target or "")
    pdf.set_text_color(0, 0, 0)


def _heading(pdf: FPDF, text: str, size: float) -> None:
    pdf.ln(2)
    _para(pdf, text, size=size, bold=True)
    pdf.ln(1)


def _flat(text: str) -> str:
    """Runs of white space (line breaks included) as one space, keeping a space at either end."""
    return _SPACE.sub(" ", text)


def _quote(pdf: FPDF, exact: str, prefix: str, suffix: str) -> None:
    left = pdf.l_margin
    pdf.set_left_margin(left + 5)
    pdf.set_x(left + 5)
    if prefix:
        _run(pdf, "…" + _flat(prefix).lstrip(), grey=True)
    _run(pdf, _flat(exact), bold=True)
    if suffix:
        _run(pdf, _flat(suffix).rstrip() + "…", grey=True)
    pdf.ln(LINE)
    pdf.set_left_margin(left)
    pdf.set_x(left)


def _field(pdf: FPDF, name: str, value: str, url: str = "") -> None:
    _run(pdf, f"{name}: ", bold=True)
    _run(pdf, value, url=url)
    pdf.ln(LINE)


def _table(pdf: FPDF, header: list[str], rows: list[list[str]]) -> None:
    pdf.set_font(FONT, "", 9)
    widths = [3] + [1] * (len(header) - 1)
    with pdf.table(
        col_widths=widths,
        text_align=["LEFT"] + ["RIGHT"] * (len(header) - 1),
        line_height=LINE,
        first_row_as_headings=True,
    ) as table:
        for cells in [header, *rows]:
            row = table.row()
            for cell in cells:
                row.cell(cell)
    pdf.ln(2)


def _track(pdf: FPDF, title: str, heading: str, records: list[TrackRecord]) -> None:
    if not records:
        return
    _heading(pdf, title, 11)
    outcomes = ("confirmed", "refuted", "pending", "other")
    rows = [[r.name, *(str(r.count(o)) for o in outcomes), str(r.total)] for r in records]
    _table(pdf, [heading, "Confirmed", "Refuted", "Pending", "Other", "Total"], rows)


def _summary(pdf: FPDF, report: Report) -> None:
    summary = report.summary
    _heading(pdf, "Summary", 14)
    _heading(pdf, "Claims by verdict", 11)
    rows = [[display, str(count)] for _, display, count in summary.by_label]
    _table(pdf, ["Verdict", "Claims"], [*rows, ["Total", str(len(report.claims))]])
    _track(pdf, "Track record by claimant", "Claimant", summary.claimants)
    _track(pdf, "Track record by source", "Source", summary.sources)
    if summary.timeline:
        _heading(pdf, "Timeline", 11)
        for item in summary.timeline:
            event = item.event
            count = "1 claim" if item.claim_count == 1 else f"{item.claim_count} claims"
            _run(pdf, f"{event_when(event) or 'undated'}  ", grey=True)
            _run(pdf, event.title, bold=True)
            _run(pdf, (f" — {event.place}" if event.place else "") + f" ({count})")
            pdf.ln(LINE)


def _claim(pdf: FPDF, entry: ClaimEntry) -> None:
    claim = entry.claim
    current = entry.current
    pdf.ln(3)
    pdf.set_draw_color(200, 200, 200)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
    pdf.ln(2)
    _para(pdf, entry.headline, size=11.5, bold=True)
    _para(pdf, f"Verdict: {verdict_line(current)}" if current else "Verdict: no verdict yet", bold=True)
    _quote(pdf, claim.exact, claim.prefix, claim.suffix)
    for name, value in claim_fields(entry):
        _field(pdf, name, value)
    source = entry.document
    _field(pdf, "Source", source_line(source))
    if source.url:
        _field(pdf, "URL", source.url, url=source.url)
    if entry.events:
        _field(pdf, "Events", "; ".join(event_line(event, relation) for event, relation in entry.events))
    if current is not None:
        if current.verdict.conclusion:
            _field(pdf, "Conclusion", current.verdict.conclusion)
        if current.verdict.reasoning:
            _para(pdf, current.verdict.reasoning)
    for item in entry.evidence:
        evidence = item.evidence
        _para(pdf, "Evidence — " + evidence_summary(item), bold=True)
        if item.source is not None:
            _quote(pdf, evidence.exact, evidence.prefix, evidence.suffix)
            if item.source.url:
                _field(pdf, "URL", item.source.url, url=item.source.url)
        else:
            _field(pdf, "URL", evidence.url, url=evidence.url)
            if evidence.archived_url:
                _field(pdf, "Archived", evidence.archived_url, url=evidence.archived_url)
        if evidence.note:
            _para(pdf, evidence.note, grey=True)
    if len(entry.history) > 1:
        _para(pdf, "Verdict history", bold=True)
        for step in entry.history:
            line = f"{step.verdict.as_of}  {step.label.display}"
            line += f" — {step.verdict.conclusion}" if step.verdict.conclusion else ""
            line += f" ({step.author})" if step.author else ""
            _para(pdf, line)


def render_pdf(report: Report) -> bytes:
    """The report as PDF bytes; PdfFontError when the system has no usable Unicode font."""
    pdf = _setup(report)
    pdf.add_page()
    _para(pdf, report.title, size=18, bold=True)
    pdf.ln(2)
    _field(pdf, "Project", report.project_name)
    _field(pdf, "Generated", display_time(report.generated_at))
    _field(pdf, "Authors", ", ".join(report.authors) or "—")
    _field(pdf, "Scope", "; ".join(report.scope))
    _field(pdf, "Claims", str(len(report.claims)))
    _summary(pdf, report)
    pdf.add_page()
    _heading(pdf, "Claims", 14)
    if not report.claims:
        _para(pdf, "No claims match this report's scope.")
    for entry in report.claims:
        _claim(pdf, entry)
    return bytes(pdf.output())
