"""The report as PDF: the same claim views as the HTML report, laid out line by line on fpdf2.

A desk's template folder with a report.typ is typeset by Typst instead (pdf_typst.py): a template for
the look, at twice the time (measured in docs/report-pdf.md), so the built-in look stays on fpdf2.

fpdf2's own flowing text (`cell`, `multi_cell`, `write`) costs tens of microseconds per call and breaks
lines a character at a time, which made a 10,000-claim report take 20 s and more. Here text is wrapped
by whole words, each word measured once per font and size, and each line is placed with `FPDF.text`,
a single content-stream operation. A line with characters the text font lacks (Chinese, say) goes
through `cell`, which applies the fallback font. Every claim is a PDF bookmark, pages are numbered.
"""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import PDFResourceType
from fpdf.fonts import TTFFont

from annotator import __version__
from annotator.export import templates
from annotator.export.errors import PdfFontError
from annotator.export.model import Report
from annotator.export.text import cited_sources, display_time, event_when, source_evidence_line, source_line
from annotator.export.views import ClaimView, Link, Quote, claim_views
from annotator.export.views import link as views_link
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
TYPST_TEMPLATE = "report.typ"  # in a desk's template folder: the PDF is typeset by Typst from it
LINE = 5.0  # mm per line of body text
GREY = (95, 99, 104)
_SPACE = re.compile(r"\s+")


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


# Replaced by the page count when the file is written; as long as the widest count it must make room for.
PAGES_ALIAS = "{pages}"


class _Document(FPDF):
    """An A4 document whose pages carry the report's title and page number in their footer."""

    title_text = ""
    deferred = False  # footers written by _footers once the page count is known

    def footer(self) -> None:
        if self.deferred:
            return
        self.set_y(-12)
        self.set_font(FONT, "", 8)
        self.set_text_color(*GREY)
        self.cell(0, 5, f"{self.title_text} — page {self.page_no()}/{PAGES_ALIAS}", align="C")


BLACK = (0, 0, 0)
RED = (138, 28, 18)
_TOKENS = re.compile(r"\s*\S+\s*")
Run = tuple[str, str, tuple[int, int, int], str]  # text, style ("" or "B"), colour, link target


class _Layout:
    """Places wrapped lines of styled runs on the pages, breaking pages itself."""

    def __init__(self, pdf: _Document, covered: frozenset[str] | None) -> None:
        self.pdf = pdf
        self.covered = covered  # None: the font covers everything we print (no check needed)
        self.widths: dict[tuple[str, float], dict[str, float]] = {}
        self.uncovered: set[str] = set()  # words with characters the text font lacks
        self.font: tuple[str, float] = ("", 0.0)
        self.colour: tuple[int, int, int] = BLACK
        self.faces = {"": pdf.fonts[FONT.lower()], "B": pdf.fonts[FONT.lower() + "B"]}
        self.encoded: dict[tuple[str, str], str] = {}
        self.registered: set[tuple[int, str]] = set()
        self.colours: dict[tuple[int, int, int], str] = {}

    def _use(self, style: str, size: float, colour: tuple[int, int, int]) -> None:
        if self.font != (style, size):
            self.pdf.set_font(FONT, style, size)
            self.font = (style, size)
        if self.colour != colour:
            self.pdf.set_text_color(*colour)
            self.colour = colour

    def _widths(self, style: str, size: float) -> dict[str, float]:
        """Widths of the words met so far in one font and size (a space's is there from the start)."""
        key = (style, size)
        widths = self.widths.get(key)
        if widths is None:
            widths = self.widths[key] = {}
            self._measure(style, size, " ", widths)
        return widths

    def _measure(self, style: str, size: float, token: str, widths: dict[str, float]) -> float:
        self._use(style, size, self.colour)
        if self.covered is not None and not all(ch in self.covered or ch.isspace() for ch in token):
            self.uncovered.add(token)
        width = widths[token] = self.pdf.get_string_width(token)
        return width

    def space(self, mm: float) -> None:
        self.pdf.y += mm

    def runs(self, runs: list[Run], size: float = 10, indent: float = 0.0, after: float = 0.0) -> None:
        """Lay out `runs` as one paragraph, wrapped at word boundaries (the hot loop of a big report)."""
        pdf = self.pdf
        left = pdf.l_margin + indent
        width = pdf.w - pdf.r_margin - left
        height = LINE * size / 10
        segments: list[tuple[Run, list[str], float]] = []  # one line: (run, its tokens, their width)
        used = 0.0
        for run in runs:
            text, style = run[0], run[1]
            widths = self._widths(style, size)
            space = widths[" "]
            tokens: list[str] = []
            advance = 0.0
            for token in _TOKENS.findall(text.replace("\n", " ") if "\n" in text else text):
                measured = widths.get(token)
                if measured is None:
                    measured = self._measure(style, size, token, widths)
                bare = measured - space if token[-1] == " " else measured
                if used + bare > width:
                    if bare > width:  # a word wider than the line (a long URL): broken by characters
                        if tokens:
                            segments.append((run, tokens, advance))
                        for piece in self._pieces(style, size, token, width - used, width, widths):
                            segments.append((run, [piece], widths[piece]))
                            self._emit(segments, left, height, size)
                            segments = []
                        tokens, advance, used = [], 0.0, 0.0
                        continue
                    if tokens or segments:
                        if tokens:
                            segments.append((run, tokens, advance))
                        self._emit(segments, left, height, size)
                        segments, tokens, advance, used = [], [], 0.0, 0.0
                tokens.append(token)
                advance += measured
                used += measured
            if tokens:
                segments.append((run, tokens, advance))
        if segments:
            self._emit(segments, left, height, size)
        pdf.y += after

    def _pieces(
        self, style: str, size: float, token: str, first: float, width: float, widths: dict[str, float]
    ) -> list[str]:
        """`token` cut into pieces that fit: the first in `first` mm, the others in `width`."""
        pieces, start, room = [], 0, first
        for end in range(1, len(token) + 1):
            if self.pdf.get_string_width(token[start:end]) > room and end - 1 > start:
                pieces.append(token[start : end - 1])
                start, room = end - 1, width
        pieces.append(token[start:])
        for piece in pieces:
            if piece not in widths:
                self._measure(style, size, piece, widths)
        return pieces

    def _emit(
        self, segments: list[tuple[Run, list[str], float]], left: float, height: float, size: float
    ) -> None:
        pdf = self.pdf
        if pdf.y + height > pdf.page_break_trigger:
            pdf.add_page()
            self.font, self.colour = ("", 0.0), BLACK  # a new page starts with no font set
        x = left
        baseline = pdf.y + height * 0.72
        ops: list[str] = []
        uncovered = self.uncovered
        for run, tokens, advance in segments:
            if uncovered and any(token in uncovered for token in tokens):
                # fpdf2 applies the fallback font (Chinese, say) within cell()
                self._use(run[1], size, run[2])
                pdf.set_xy(x, pdf.y)
                pdf.cell(advance, height, "".join(tokens).rstrip())
                self.font = ("", 0.0)
            else:
                ops.append(self._text_op(run[1], size, run[2], x, baseline, tokens))
            if run[3]:
                pdf.link(x, pdf.y, advance, height, run[3])
            x += advance
        if ops:
            pdf._out(" ".join(ops))  # noqa: SLF001 - see _text_op
        pdf.y += height
        pdf.x = pdf.l_margin

    def para(
        self,
        text: str,
        size: float = 10,
        bold: bool = False,
        colour: tuple[int, int, int] = BLACK,
        indent: float = 0.0,
        after: float = 0.0,
    ) -> None:
        self.runs([(text, "B" if bold else "", colour, "")], size, indent, after)

    def _text_op(
        self, style: str, size: float, colour: tuple[int, int, int], x: float, y: float, tokens: list[str]
    ) -> str:
        """The content-stream operations FPDF.text() writes for a run, made here from cached pieces.

        FPDF.text() maps every character to the font subset and sets the font on each call; the
        mapped form of each distinct text is made once here (through the font's own encode_text, so
        the subset records every glyph) and the page's font resource registered once per page.
        """
        pdf = self.pdf
        face = self.faces[style]
        if (pdf.page, style) not in self.registered:
            pdf._resource_catalog.add(PDFResourceType.FONT, face.i, pdf.page)  # noqa: SLF001
            self.registered.add((pdf.page, style))
        pieces = []
        for token in tokens:
            key = (style, token)
            piece = self.encoded.get(key)
            if piece is None:  # "(mapped, escaped) Tj": escaping is per character, so pieces join
                piece = self.encoded[key] = face.encode_text(token)[1:-4]
            pieces.append(piece)
        encoded = f"({''.join(pieces)}) Tj"
        fill = self.colours.get(colour)
        if fill is None:
            fill = self.colours[colour] = " ".join(f"{c / 255:.3f}" for c in colour) + " rg"
        k = pdf.k
        return f"q BT /F{face.i} {size:.2f} Tf {fill} {x * k:.2f} {(pdf.h - y) * k:.2f} Td {encoded} ET Q"

    def heading(self, text: str, size: float) -> None:
        self.space(2)
        if self.pdf.y + 6 * LINE > self.pdf.page_break_trigger:  # keep a heading with what follows
            self.pdf.add_page()
            self.font, self.colour = ("", 0.0), BLACK
        self.para(text, size=size, bold=True, after=1)

    def field(self, name: str, value: str, indent: float = 0.0) -> None:
        self.runs([(f"{name}: ", "B", BLACK, ""), (value, "", BLACK, "")], indent=indent)

    def address(self, name: str, address: Link | None, indent: float = 0.0) -> None:
        if address is not None:
            target = address.url if address.ok else ""
            self.runs([(f"{name}: ", "B", BLACK, ""), (address.url, "", BLACK, target)], indent=indent)

    def quote(self, quote: Quote, indent: float = 5.0) -> None:
        runs: list[Run] = []
        if quote.before:
            runs.append(("…" + _flat(quote.before), "", GREY, ""))
        runs.append((_flat(quote.exact), "B", BLACK, ""))
        if quote.after:
            runs.append((_flat(quote.after) + "…", "", GREY, ""))
        self.runs(runs, indent=indent)

    def rule(self) -> None:
        pdf = self.pdf
        pdf.set_draw_color(200, 200, 200)
        pdf.line(pdf.l_margin, pdf.y, pdf.w - pdf.r_margin, pdf.y)
        self.space(2)


def _flat(text: str) -> str:
    return _SPACE.sub(" ", text)


def _setup(report: Report, views: list[ClaimView]) -> tuple[_Document, frozenset[str] | None]:
    regular, bold = _text_font()
    pdf = _Document(format="A4")
    pdf.deferred = True
    pdf.alias_nb_pages(PAGES_ALIAS)
    pdf.title_text = report.title
    pdf.set_margins(16, 16, 16)
    pdf.set_auto_page_break(True, margin=16)
    pdf.add_font(FONT, "", str(regular))
    # Without a bold face, "bold" text is set in the regular one rather than faked.
    pdf.add_font(FONT, "B", str(bold or regular))
    font = pdf.fonts[FONT.lower()]
    covered = frozenset(map(chr, font.cmap)) if isinstance(font, TTFFont) else frozenset()
    shown = _characters(report, views)
    missing = {ch for ch in shown if ord(ch) > 0x7F} - covered
    if missing:
        fallback = next((path for path in FALLBACK_FONTS if path.is_file()), None)
        if fallback is not None:
            pdf.add_font("fallback", "", str(fallback))
            pdf.set_fallback_fonts(["fallback"], exact_match=False)
    pdf.set_title(report.title)
    pdf.set_author(report.organisation or ", ".join(report.authors))
    pdf.set_creator(f"annotator {__version__}")
    pdf.set_creation_date(_when(report.generated_at))
    return pdf, (covered if missing else None)


def _characters(report: Report, views: list[ClaimView]) -> set[str]:
    """Every character the claims' own texts hold (the rest of the report is ours, in the text font)."""
    seen: set[str] = set()
    for view in views:
        seen.update(view.headline, view.quote.before, view.quote.exact, view.quote.after, view.source)
        seen.update(view.conclusion, view.reasoning, *(value for _, value in view.fields))
        for evidence in view.evidence:
            if evidence.quote is not None:
                seen.update(evidence.quote.before, evidence.quote.exact, evidence.quote.after)
            seen.update(evidence.source, evidence.note, evidence.summary)
    seen.update(report.title, report.organisation, *report.authors, *report.editors, *report.methodology)
    return seen


def _when(timestamp: str) -> datetime:
    try:
        moment = datetime.fromisoformat(timestamp)
    except ValueError:
        return datetime.now(UTC)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _table(pdf: FPDF, header: list[str], rows: list[list[str]]) -> None:
    pdf.set_font(FONT, "", 9)
    pdf.set_text_color(*BLACK)
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


def _track(layout: _Layout, title: str, heading: str, records: list[TrackRecord]) -> None:
    if not records:
        return
    layout.heading(title, 11)
    outcomes = ("confirmed", "refuted", "pending", "other")
    rows = [[r.name, *(str(r.count(o)) for o in outcomes), str(r.total)] for r in records]
    _table(layout.pdf, [heading, "Confirmed", "Refuted", "Pending", "Other", "Total"], rows)
    layout.font, layout.colour = ("", 0.0), BLACK


def _title_block(layout: _Layout, report: Report) -> None:
    if report.organisation:
        layout.para(report.organisation.upper(), size=10, bold=True, colour=GREY)
    layout.para(report.title, size=18, bold=True, after=1)
    byline = "By " + (", ".join(report.authors) or "—")
    if report.editors:
        byline += " · Edited by " + ", ".join(report.editors)
    layout.para(byline, colour=GREY, after=2)
    layout.field("Published", (report.first_published or report.generated_at)[:10])
    layout.field("Last updated", (report.last_updated or report.generated_at)[:10])
    layout.field("Scope", "; ".join(report.scope))
    layout.field("Claims", str(len(report.claims)))
    layout.field("Project", report.project_name)
    if report.from_suggestions:
        layout.field("From suggestions", report.suggestions_sentence())


def _front_matter(layout: _Layout, report: Report) -> None:
    pdf = layout.pdf
    pdf.start_section("Methodology")
    layout.heading("Methodology", 14)
    for paragraph in report.methodology:
        layout.para(paragraph, after=1.5)
    rows = [[label.display, "—" if label.rating is None else str(label.rating)] for label in report.scale]
    _table(pdf, ["Verdict", "Rating"], rows)
    layout.font, layout.colour = ("", 0.0), BLACK
    summary = report.summary
    pdf.start_section("Summary")
    layout.heading("Summary", 14)
    layout.heading("Claims by verdict", 11)
    rows = [[display, str(count)] for _, display, count in summary.by_label]
    _table(pdf, ["Verdict", "Claims"], [*rows, ["Total", str(len(report.claims))]])
    layout.font, layout.colour = ("", 0.0), BLACK
    _track(layout, "Track record by claimant", "Claimant", summary.claimants)
    _track(layout, "Track record by source", "Source", summary.sources)
    if summary.timeline:
        layout.heading("Timeline", 11)
        for item in summary.timeline:
            event = item.event
            count = "1 claim" if item.claim_count == 1 else f"{item.claim_count} claims"
            place = f" — {event.place}" if event.place else ""
            layout.runs(
                [
                    (f"{event_when(event) or 'undated'}  ", "", GREY, ""),
                    (event.title, "B", BLACK, ""),
                    (f"{place} ({count})", "", BLACK, ""),
                ]
            )


def _claim(layout: _Layout, view: ClaimView) -> None:
    pdf = layout.pdf
    layout.space(3)
    if pdf.y + 4 * LINE > pdf.page_break_trigger:
        pdf.add_page()
        layout.font, layout.colour = ("", 0.0), BLACK
    layout.rule()
    pdf.start_section(view.headline[:120], level=1)
    layout.para(view.headline, size=11.5, bold=True)
    layout.para(f"Verdict: {view.verdict or 'no verdict yet'}", bold=True)
    layout.quote(view.quote)
    for name, value in view.fields:
        layout.field(name, value)
    layout.field("Source", view.source)
    layout.address("URL", view.url)
    layout.address("Archived copy", view.archived)
    if view.events:
        layout.field("Events", "; ".join(view.events))
    if view.approved:
        layout.para(view.approved, colour=GREY)
    if view.conclusion:
        layout.field("Conclusion", view.conclusion)
    if view.reasoning:
        layout.para(view.reasoning)
    for evidence in view.evidence:
        title = "Evidence — " + evidence.summary + (f" · dated {evidence.date}" if evidence.date else "")
        layout.para(title, bold=True)
        if evidence.late:
            layout.para(
                "⚠ dated after the verdict’s as-of date: it cannot have informed this verdict",
                colour=RED,
                indent=5,
            )
        if evidence.quote is not None:
            layout.quote(evidence.quote)
            layout.para(evidence.source, colour=GREY, indent=5)
        layout.address("URL", evidence.url, indent=5)
        layout.address("Archived", evidence.archived, indent=5)
        if evidence.note:
            layout.para(evidence.note, colour=GREY, indent=5)
    if view.history:
        layout.para("Verdict history", bold=True)
        for step in view.history:
            line = f"{step.as_of}  {step.label}"
            line += f" — {step.conclusion}" if step.conclusion else ""
            line += f" ({step.author})" if step.author else ""
            line += f", published {step.published}" if step.published else ""
            layout.para(line, indent=5)


def _back_matter(layout: _Layout, report: Report) -> None:
    pdf = layout.pdf
    pdf.start_section("Corrections")
    layout.heading("Corrections", 14)
    if not report.corrections:
        layout.para("No published verdict in this report has been corrected.")
    for item in report.corrections:
        layout.para(
            f"{item.headline}: the verdict “{item.was.label.display}” (as of {item.was.verdict.as_of}, "
            f"published {item.was.published_at[:10] or '—'}) was replaced by “{item.now.label.display}” "
            f"(as of {item.now.verdict.as_of}) on {item.now.published_at[:10] or '—'}.",
            after=1,
        )
    sources = cited_sources(report.claims)
    if sources:
        pdf.start_section("Sources")
        layout.heading("Sources", 14)
        for number, source in enumerate(sources, start=1):
            layout.para(f"{number}. {source_line(source)}")
            layout.address("URL", views_link(source.url), indent=5)
            layout.address("Archived", views_link(source.archived_url), indent=5)
            layout.para(source_evidence_line(source), size=8, colour=GREY, indent=5, after=1)
    layout.space(4)
    layout.para(
        f"Generated by annotator {__version__} on {display_time(report.generated_at)}.", 8, colour=GREY
    )


def _footers(layout: _Layout) -> None:
    """Every page's footer, written when the page count is known: a single text operation a page.

    Through cell(), with its page-count alias, the footers took an eighth of a long report's time.
    """
    pdf = layout.pdf
    pages, last = pdf.pages_count, pdf.page
    title = _flat(pdf.title_text)
    if layout.covered is not None and not all(ch in layout.covered or ch.isspace() for ch in title):
        pdf.deferred = False  # a title in the fallback font (Chinese, say): cell() applies it
        for page in range(1, pages + 1):
            pdf.page = page
            pdf.set_font(FONT, "", 7)  # so that the footer's set_font writes its font on this page
            pdf.footer()
        pdf.page, pdf.deferred = last, True
        return
    widths = layout._widths("", 8)
    for page in range(1, pages + 1):
        pdf.page = page
        line = f"{title} — page {page}/{pages}"
        width = widths.get(line) or layout._measure("", 8, line, widths)
        baseline = pdf.h - 12 + 5 * 0.72
        pdf._out(layout._text_op("", 8, GREY, (pdf.w - width) / 2, baseline, [line]))  # noqa: SLF001
    pdf.page = last


def render_pdf(report: Report) -> bytes:
    """The report as PDF bytes; PdfFontError when the system has no usable Unicode font.

    A desk whose template folder holds a report.typ gets its own look, typeset by Typst (pdf_typst.py).
    """
    folder = templates.custom_folder(report.settings.template)
    if folder is not None and (folder / TYPST_TEMPLATE).is_file():
        from annotator.export.pdf_typst import render_typst_pdf  # the Typst library loads only then

        return render_typst_pdf(report, folder)
    views = claim_views(report)
    pdf, covered = _setup(report, views)
    layout = _Layout(pdf, covered)
    pdf.add_page()
    # _Layout breaks pages itself; fpdf2's tables in the front matter break their own.
    pdf.set_auto_page_break(False, margin=16)
    _title_block(layout, report)
    pdf.set_auto_page_break(True, margin=16)
    _front_matter(layout, report)
    pdf.set_auto_page_break(False, margin=16)
    pdf.add_page()
    layout.font, layout.colour = ("", 0.0), BLACK
    pdf.start_section("Claims")
    layout.heading("Claims", 14)
    if not views:
        layout.para("No claims match this report's scope.")
    progress = report.progress
    for number, view in enumerate(views, start=1):
        _claim(layout, view)
        if progress is not None and number % 100 == 0:
            progress(number, len(views))
    _back_matter(layout, report)
    _footers(layout)
    return bytes(pdf.output())
