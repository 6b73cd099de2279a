"""The report as PDF: the same claim views as the HTML report, laid out paragraph by paragraph on fpdf2.

A desk's template folder with a report.typ is typeset by Typst instead (pdf_typst.py): a template for
the look, at several times the time (measured in docs/report-pdf.md), so the built-in look stays on fpdf2.

fpdf2's own flowing text (`cell`, `multi_cell`, `write`) costs tens of microseconds per call and breaks
lines a character at a time, which made a 10,000-claim report take 20 s and more. Here text is wrapped
by whole words, each word measured and encoded once per font and size; a paragraph is one text object
(its lines joined by T*), a short one's layout is kept for when it comes back, and a page's text goes
to the page in one piece. A line with characters the text font lacks (Chinese, say) goes through
`cell`, which applies the fallback font. The file is written by fpdf2 with a faster way to list the
objects a long report has by the thousand (_Producer). Every claim is a PDF bookmark, pages are numbered.
Uses fpdf2 internals (`FPDF._out`, the font subset, the output producer's object list), hence the pin
below 2.9; tests/export/test_pdf.py checks the written file against fpdf2's own.
"""

from __future__ import annotations

import copy
import functools
import os
import re
import weakref
import zlib
from bisect import bisect_right
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from inspect import isroutine
from itertools import accumulate
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fontTools import ttLib
from fpdf import FPDF
from fpdf.actions import URIAction
from fpdf.annotations import AnnotationDict
from fpdf.enums import PDFResourceType, TextEmphasis
from fpdf.fonts import SubsetMap, TTFFont
from fpdf.outline import OutlineItemDictionary
from fpdf.output import OutputProducer, PDFPage, PDFResources
from fpdf.syntax import Name, PDFContentStream, PDFObject, camel_case, create_stream

from annotator import __version__
from annotator.export import templates
from annotator.export.errors import PdfFontError
from annotator.export.model import Report
from annotator.export.text import cited_sources, display_time, event_when, source_evidence_line, source_line
from annotator.export.views import ClaimView, Link, Quote, claim_views
from annotator.export.views import link as views_link
from annotator.store.findings import TrackRecord

if TYPE_CHECKING:
    from fpdf.encryption import StandardSecurityHandler

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
    Path("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"),  # fonts-droid-fallback
    Path("/System/Library/Fonts/STHeiti Light.ttc"),
    _WINDOWS_FONTS / "msyh.ttc",
    _WINDOWS_FONTS / "simsun.ttc",
)
FONT = "text"
TYPST_TEMPLATE = "report.typ"  # in a desk's template folder: the PDF is typeset by Typst from it
LINE = 5.0  # mm per line of body text
GREY = (95, 99, 104)
_SPACE = re.compile(r"\s+")
_CJK = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]")  # as pdf_typst.py checks
_ASCII = frozenset(map(chr, range(0x80)))


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

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.link_texts: dict[str, tuple[str, str]] = {}  # see _link

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
Colour = tuple[int, int, int]
Run = tuple[str, str, Colour, str]  # text, style ("" or "B"), colour, link target
Segment = tuple[Run, list[str], float]  # a run's words on one line and their width
# A line: its text operations, which select its font and colour (a text object of its own); its links
# (x from the line's start, width, URL); its segments when it needs the fallback font (then it has no
# operations); and its operations after the line before it in the same text object, which leave out
# the font and colour that line left selected.
_Line = tuple[str, list[tuple[float, float, str]], list[Segment] | None, str]
# A paragraph: its lines; when it is one text object, the operations before and after its height on the
# page ("BT x ", " Td ... ET"); its links with their line numbers; the height of its lines (mm); the
# page's height less its first baseline's drop below the top (mm), from which its y is reckoned; and
# its size (pt) and indent (mm).
_Paragraph = tuple[
    list[_Line], str | None, str, list[tuple[int, float, float, str]], float, float, float, float
]
_KEPT = 200  # characters: a paragraph up to this long has its lines kept for when it comes back


class _Widths(dict[str, float]):
    """The widths (mm) of the words met so far in one font and size, each measured when first looked up."""

    def __init__(self, layout: _Layout, style: str, size: float) -> None:
        super().__init__()
        # Not the layout itself: a cycle through it would leave the whole document to the garbage
        # collector, which the export pauses (gather.gc_paused) and which then walks it at the end.
        self.layout = weakref.proxy(layout)
        self.style, self.size = style, size

    def __missing__(self, token: str) -> float:
        return self.layout._measure(self.style, self.size, token, self)


class _Glyphs(dict[str, str]):
    """Each word as the glyph codes of one face's subset, escaped for a PDF string, made when first met.

    The face's own encode_text maps the characters (and records every glyph in the subset); escaping
    is per character, so the pieces of a line join into one string.
    """

    def __init__(self, face: TTFFont) -> None:
        super().__init__()
        self.face = face

    def __missing__(self, token: str) -> str:
        piece = self[token] = self.face.encode_text(token)[1:-4]  # "(mapped, escaped) Tj"
        return piece


class _Format:
    """What laying out a run needs of its style, colour and size, looked up once per run (`_Layout._format`)
    rather than piece by piece: the words' widths, the space's, the glyph codes, and the operations
    that select the font and colour."""

    __slots__ = ("widths", "space", "glyphs", "select", "fill", "prefix")

    def __init__(self, widths: _Widths, glyphs: _Glyphs, select: str, fill: str) -> None:
        self.widths = widths.__getitem__
        self.space = widths[" "]
        self.glyphs = glyphs.__getitem__
        self.select, self.fill = select, fill
        self.prefix = f"{select} {fill} "  # a line's operations before its text, in a run's own text object


class _Layout:
    """Places wrapped lines of styled runs on the pages, breaking pages itself.

    Each line is one text object that selects its font and colour itself, so a line's operations do
    not depend on what came before and a paragraph met again (a field name with the same value, say)
    is placed from its first layout. A page's lines are kept and written to the page in one piece
    (`flush`); fpdf2's own drawing (rules, tables, a line in the fallback font, footers) comes between
    pieces, each piece in its own graphics state (q ... Q) so that neither side sees the other's colours.
    """

    def __init__(self, pdf: _Document, covered: frozenset[str] | None) -> None:
        self.pdf = pdf
        self.covered = covered  # None: the font covers everything we print (no check needed)
        self.fallback: bool | None = None  # whether a fallback font was found, once one was needed
        self.widths: dict[tuple[str, float], _Widths] = {}
        self.uncovered: set[str] = set()  # words with characters the text font lacks
        self.font: tuple[str, float] = ("", 0.0)  # fpdf2's current font, as _measure set it
        faces = {"": pdf.fonts[FONT.lower()], "B": pdf.fonts[FONT.lower() + "B"]}
        assert all(isinstance(face, TTFFont) for face in faces.values())
        self.faces: dict[str, TTFFont] = faces  # type: ignore[assignment]
        self.glyphs = {style: _Glyphs(face) for style, face in self.faces.items()}
        self.selects: dict[tuple[str, float], str] = {}  # "/F1 10.00 Tf" by style and size
        self.fills: dict[Colour, str] = {}  # "0.373 0.388 0.408 rg" by colour
        self.laid: dict[tuple[object, ...], _Paragraph] = {}  # short paragraphs, see runs
        self.paras: dict[tuple[object, ...], _Paragraph] = {}  # the same, of one run (para)
        self.fields: dict[tuple[str, str, float], _Paragraph] = {}  # the same, by name and value (field)
        self.heads: dict[float, str] = {}  # "BT x " by indent
        self.formats: dict[tuple[str, Colour, float], _Format] = {}  # by style, colour and size
        self.positions: dict[float, str] = {}  # numbers formatted for a paragraph's height on the page
        self.k = pdf.k
        self.ops: list[str] = []  # this page's text not yet written to it
        self.registered = 0  # the last page whose resources name the text fonts

    def _widths(self, style: str, size: float) -> _Widths:
        widths = self.widths.get((style, size))
        if widths is None:
            widths = self.widths[style, size] = _Widths(self, style, size)
        return widths

    def _format(self, style: str, colour: Colour, size: float) -> _Format:
        found = self.formats.get((style, colour, size))
        if found is None:
            found = self.formats[style, colour, size] = _Format(
                self._widths(style, size), self.glyphs[style], self._select(style, size), self._fill(colour)
            )
        return found

    def _measure(self, style: str, size: float, token: str, widths: dict[str, float]) -> float:
        covered = self.covered
        if (
            covered is not None
            and not covered.issuperset(token)
            and not all(ch in covered or ch.isspace() for ch in token)
        ):
            self._fallback(token)
            self.uncovered.add(token)
            self._set_font(style, size)
            width = self.pdf.get_string_width(token)  # with the fallback font's widths
        else:
            # What get_string_width gives for a TrueType font with neither stretching nor spacing
            # (fpdf2 does not kern), without its 14 µs a word: a long report has tens of thousands.
            advances = self.faces[style].cw
            width = sum(advances[ord(ch)] for ch in token) * size * 0.001 / self.pdf.k
        widths[token] = width
        return width

    def _fallback(self, token: str) -> None:
        """Load the fallback font for `token`, a word the text font lacks, or refuse Chinese,
        Japanese or Korean text when there is none (rather than a PDF with empty boxes)."""
        pdf = self.pdf
        if self.fallback is None:
            found = next((path for path in FALLBACK_FONTS if path.is_file()), None)
            self.fallback = found is not None
            if found is not None:
                _add_face(pdf, "fallback", "", found)
                pdf.set_fallback_fonts(["fallback"], exact_match=False)
        if not self.fallback and _CJK.search(token):
            for loaded in pdf.fonts.values():  # fpdf2 closes them when it writes the file
                if isinstance(loaded, TTFFont):
                    loaded.close()
            raise PdfFontError(
                "the report holds Chinese, Japanese or Korean text and no font for it was found (looked for "
                + ", ".join(str(path) for path in FALLBACK_FONTS)
                + "); install fonts-wqy-microhei or fonts-noto-cjk"
            )

    def _set_font(self, style: str, size: float) -> None:
        """fpdf2's current font, for measuring and for cell()."""
        if self.font != (style, size):
            self.pdf.set_font(FONT, style, size)
            self.font = (style, size)

    def flush(self) -> None:
        """Write the page's pending lines, before fpdf2 draws on it or the page ends."""
        if self.ops:
            self.pdf._out("q\n" + "\n".join(self.ops) + "\nQ")  # noqa: SLF001 - see the class
            self.ops = []

    def new_page(self) -> None:
        """A page started as add_page() starts it, in a third of its time (4,344 pages for 10,000 claims).

        add_page() saves fpdf2's font, colours and line width, writes the footer and header and
        restores them; here footers come later (_footers), there is no header, the layout's text
        selects its own font and colour, and fpdf2's colours stay its defaults. What add_page() writes
        on a new page with no font selected, its line cap and width, is written the same.
        """
        self.flush()
        pdf = self.pdf
        pdf.current_font_is_set_on_page = False
        pdf._beginpage("", "", True, pdf.page_duration, pdf.page_transition)  # noqa: SLF001
        pdf.pages[pdf.page].set_page_label(None, None)
        pdf._out(f"2 J\n{pdf.line_width * pdf.k:.2f} w")  # noqa: SLF001
        self.font = ("", 0.0)

    def space(self, mm: float) -> None:
        self.pdf.y += mm

    def runs(self, runs: list[Run], size: float = 10, indent: float = 0.0, after: float = 0.0) -> None:
        """Lay out `runs` as one paragraph, wrapped at word boundaries, and place its lines.

        A paragraph that fits on the page is one text object, its lines one after the other (T*), so
        placing it costs one position whatever its length. A short paragraph's layout is kept: in a
        long report most of them (field names with their values, evidence headings, review states)
        come back many times.
        """
        key = (*runs, size, indent)
        laid = self.laid.get(key)
        if laid is None:
            laid = self._paragraph(runs, size, indent)
            if sum(len(run[0]) for run in runs) <= _KEPT:
                self.laid[key] = laid
        self._place(laid, after)

    def _place(self, laid: _Paragraph, after: float) -> None:
        """Place a laid-out paragraph at fpdf2's position and move below it, `after` mm further."""
        pdf = self.pdf
        y = pdf.y
        lines, head, tail, links, depth, top, size, indent = laid
        if head is None or y + depth > pdf.page_break_trigger:
            self._place_lines(lines, size, indent)
            y = pdf.y
        else:
            if pdf.page != self.registered:
                self._register()
            # Formatted once per position: a long report's paragraphs stand at a few thousand.
            at = (top - y) * self.k
            position = self.positions.get(at)
            if position is None:
                position = self.positions[at] = f"{at:.2f}"
            self.ops.append(head + position + tail)
            if links:
                height, left = depth / len(lines), pdf.l_margin + indent
                for number, dx, width, url in links:
                    _link(pdf, left + dx, y + number * height, width, height, url)
            y += depth
        pdf.x = pdf.l_margin
        pdf.y = y + after

    def _register(self) -> None:
        """Name the text fonts in the current page's resources."""
        pdf = self.pdf
        for face in self.faces.values():
            pdf._resource_catalog.add(PDFResourceType.FONT, face.i, pdf.page)  # noqa: SLF001
        self.registered = pdf.page

    def _place_lines(self, lines: list[_Line], size: float, indent: float) -> None:
        """A paragraph's lines one by one, breaking the page where it ends."""
        pdf = self.pdf
        k = pdf.k
        left = pdf.l_margin + indent
        height = LINE * size / 10
        bottom = pdf.page_break_trigger - height
        for body, links, fallback, _ in lines:
            if pdf.y > bottom:
                self.new_page()
            if pdf.page != self.registered:
                self._register()
            y = pdf.y
            if fallback is None:
                self.ops.append(f"BT {left * k:.2f} {(pdf.h - y - height * 0.72) * k:.2f} Td {body} ET")
            else:
                self._place_with_fallback(fallback, left, height, size)
            for dx, width, url in links:
                _link(pdf, left + dx, y, width, height, url)
            pdf.y = y + height

    def _paragraph(self, runs: list[Run], size: float, indent: float) -> _Paragraph:
        """A paragraph's lines, and their operations as one text object's after its first position
        (None when a line needs the fallback font)."""
        lines = self._lay_out(runs, size, indent)
        pdf = self.pdf
        k = self.k
        height = LINE * size / 10
        head = self.heads.get(indent)
        if head is None:
            head = self.heads[indent] = f"BT {(pdf.l_margin + indent) * k:.2f} "
        depth, top = len(lines) * height, pdf.h - height * 0.72
        links = [(number, *link) for number, line in enumerate(lines) for link in line[1]]
        if not lines or (self.uncovered and any(line[2] is not None for line in lines)):
            return lines, None, "", links, depth, top, size, indent
        if len(lines) == 1:  # most often: no leading needed
            return lines, head, f" Td {lines[0][0]} ET", links, depth, top, size, indent
        # Each T* starts a line at the left of the one before (Tj moves the text position, not the
        # start of the line), with the font and colour that line left selected.
        body = " T* ".join([line[3] for line in lines])
        return lines, head, f" Td {height * k:.2f} TL {body} ET", links, depth, top, size, indent

    def _lay_out(self, runs: list[Run], size: float, indent: float) -> list[_Line]:
        """The lines of a paragraph, broken at word boundaries (the hot loop of a big report).

        Every word's width is looked up once and the running sums give each line's end by bisection,
        so the work per word is a dictionary look-up and the work per line a few operations.
        """
        pdf = self.pdf
        width = pdf.w - pdf.r_margin - pdf.l_margin - indent
        if len(runs) == 1:
            laid = self._lay_out_run(runs[0], size, width)
            if laid is not None:
                return laid
        tokens: list[str] = []
        advances: list[float] = []
        ends: list[int] = []  # where each run's words end in `tokens`
        formats = [self._format(run[1], run[2], size) for run in runs]
        spaces = [found.space for found in formats]  # a line's last space does not count
        for run, found in zip(runs, formats, strict=True):
            words = _words(run[0])
            tokens += words
            advances += map(found.widths, words)
            ends.append(len(tokens))
        count = len(tokens)
        if not count:
            return []
        total = sum(advances)
        uncovered = self.uncovered
        plain = not uncovered or uncovered.isdisjoint(tokens)  # no word needs the fallback font
        if total - (spaces[-1] if tokens[-1][-1] == " " else 0.0) <= width:  # one line, most often
            if len(runs) == 1:
                return [self._line([(runs[0], tokens, total)], size)]
            starts = [0, *ends[:-1]]
            return [
                self._line(
                    [
                        (run, tokens[start:end], sum(advances[start:end]))
                        for run, start, end in zip(runs, starts, ends, strict=True)
                        if end > start
                    ],
                    size,
                )
            ]
        sums = list(accumulate(advances, initial=0.0))
        slack = max(spaces, default=0.0)
        lines: list[_Line] = []
        state = ["", ""]  # the font and colour the last line left selected
        # Each run's font, colour and glyphs, for the lines made here rather than by _line.
        selects = [found.select for found in formats]
        fills = [found.fill for found in formats]
        glyphs = [found.glyphs for found in formats]
        start = 0
        while start < count:
            base = sums[start]
            end = bisect_right(sums, base + width + slack, start + 1) - 1
            while end > start:  # the words that fit, but for the last one's trailing space
                last = end - 1
                trailing = spaces[bisect_right(ends, last)] if tokens[last][-1] == " " else 0.0
                if sums[end] - base - trailing <= width:
                    break
                end -= 1
            if end < count:  # does the next word fit on a line of its own? if not, cut it
                index = bisect_right(ends, end)
                token = tokens[end]
                bare = advances[end] - (spaces[index] if token[-1] == " " else 0.0)
                if bare > width:
                    line = self._segments(runs, ends, tokens, sums, start, end)
                    run = runs[index]
                    widths = self._widths(run[1], size)
                    for piece in self._pieces(run[1], size, token, width - (sums[end] - base), width, widths):
                        line.append((run, [piece], widths[piece]))
                        lines.append(self._line(line, size, state))
                        line = []
                    start = end + 1
                    continue
            if not plain:
                lines.append(self._line(self._segments(runs, ends, tokens, sums, start, end), size, state))
                start = end
                continue
            # What _line makes of the line's segments, without making them.
            font, fill = state
            ops: list[str] = []
            lead: list[str] = []
            links: list[tuple[float, float, str]] = []
            x = 0.0
            first = True
            index = bisect_right(ends, start)
            while start < end:
                stop = min(ends[index], end)
                if stop > start:
                    select, colour = selects[index], fills[index]
                    if select != font:
                        ops.append(select)
                        font = select
                    elif first:
                        lead.append(select)
                    if colour != fill:
                        ops.append(colour)
                        fill = colour
                    elif first:
                        lead.append(colour)
                    first = False
                    ops.append(f"({''.join(map(glyphs[index], tokens[start:stop]))}) Tj")
                    advance = sums[stop] - sums[start]
                    if runs[index][3]:
                        links.append((x, advance, runs[index][3]))
                    x += advance
                start = stop
                index += 1
            state[0], state[1] = font, fill
            after = " ".join(ops)
            lines.append((" ".join(lead) + " " + after if lead else after, links, None, after))
        return lines

    def _lay_out_run(self, run: Run, size: float, width: float) -> list[_Line] | None:
        """The lines of a paragraph of one run (most paragraphs) as _lay_out breaks them, in fewer
        steps: all in one font and colour, so each line after the first is only its text. None when
        the paragraph needs _lay_out's own way: a word the text font lacks or one wider than a line.
        """
        text, style, colour, target = run
        tokens = _words(text)
        if not tokens:
            return []
        found = self.formats.get((style, colour, size)) or self._format(style, colour, size)
        advances = list(map(found.widths, tokens))
        uncovered = self.uncovered
        if uncovered and not uncovered.isdisjoint(tokens):
            return None
        glyphs, prefix, space = found.glyphs, found.prefix, found.space
        total = sum(advances)
        if total - (space if tokens[-1][-1] == " " else 0.0) <= width:  # one line, most often
            body = f"{prefix}({''.join(map(glyphs, tokens))}) Tj"
            return [(body, [(0.0, total, target)] if target else [], None, body)]
        sums = list(accumulate(advances, initial=0.0))
        count = len(tokens)
        reach = width + space  # no line ends further, even less its last space
        lines: list[_Line] = []
        start = 0
        while start < count:
            base = sums[start]
            end = bisect_right(sums, base + reach, start + 1) - 1
            while end > start and sums[end] - base - (space if tokens[end - 1][-1] == " " else 0.0) > width:
                end -= 1
            if end < count and advances[end] - (space if tokens[end][-1] == " " else 0.0) > width:
                return None  # the next word is wider than a line: _lay_out cuts it
            shown = f"({''.join(map(glyphs, tokens[start:end]))}) Tj"
            links = [(0.0, sums[end] - base, target)] if target else []
            lines.append((prefix + shown, links, None, shown if lines else prefix + shown))
            start = end
        return lines

    @staticmethod
    def _segments(
        runs: list[Run], ends: list[int], tokens: list[str], sums: list[float], start: int, end: int
    ) -> list[Segment]:
        """Words start..end (one line) as segments of their runs."""
        segments: list[Segment] = []
        index = bisect_right(ends, start)
        while start < end:
            stop = min(ends[index], end)
            if stop > start:
                segments.append((runs[index], tokens[start:stop], sums[stop] - sums[start]))
            start = stop
            index += 1
        return segments

    def _pieces(
        self, style: str, size: float, token: str, first: float, width: float, widths: dict[str, float]
    ) -> list[str]:
        """`token` cut into pieces that fit: the first in `first` mm, the others in `width`."""
        self._set_font(style, size)
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

    def _line(self, segments: list[Segment], size: float, state: list[str] | None = None) -> _Line:
        """One line's text operations (after its position), its links, or, when some of its words
        are in characters the text font lacks, its segments for _place_with_fallback.

        `state` holds the font and colour selected at the end of the line before in the same text
        object (["", ""] for none), and is left at this line's end. A segment's text follows the one
        before where that one's Tj left the text position: fpdf2 does not kern, so that is where its
        measured width ends.
        """
        links = []
        x = 0.0
        for run, _, advance in segments:
            if run[3]:
                links.append((x, advance, run[3]))
            x += advance
        uncovered = self.uncovered
        if uncovered and any(not uncovered.isdisjoint(tokens) for _, tokens, _ in segments):
            if state is not None:
                state[:] = ["", ""]
            return "", links, segments, ""
        if state is None:
            state = ["", ""]
        font, fill = state
        ops: list[str] = []
        lead: list[str] = []  # what the line left out for the line before it, in its own text object
        fills, glyphs = self.fills, self.glyphs
        first = True
        for run, tokens, _ in segments:
            style = run[1]
            select = self._select(style, size)
            if select != font:
                ops.append(select)
                font = select
            elif first:
                lead.append(select)
            colour = fills.get(run[2]) or self._fill(run[2])
            if colour != fill:
                ops.append(colour)
                fill = colour
            elif first:
                lead.append(colour)
            first = False
            ops.append(f"({''.join(map(glyphs[style].__getitem__, tokens))}) Tj")
        state[0], state[1] = font, fill
        after = " ".join(ops)
        return (" ".join(lead) + " " + after if lead else after), links, None, after

    def _select(self, style: str, size: float) -> str:
        select = self.selects.get((style, size))
        if select is None:
            select = self.selects[style, size] = f"/F{self.faces[style].i} {size:.2f} Tf"
        return select

    def _fill(self, colour: Colour) -> str:
        fill = self.fills.get(colour)
        if fill is None:
            fill = self.fills[colour] = " ".join(f"{c / 255:.3f}" for c in colour) + " rg"
        return fill

    def _place_with_fallback(self, segments: list[Segment], left: float, height: float, size: float) -> None:
        """A line with words the text font lacks (Chinese, say): fpdf2's cell() applies the fallback font."""
        pdf = self.pdf
        self.flush()
        x = left
        for run, tokens, advance in segments:
            self._set_font(run[1], size)
            pdf.set_text_color(*run[2])
            pdf.set_xy(x, pdf.y)
            pdf.cell(advance, height, "".join(tokens).rstrip())
            x += advance

    def para(
        self,
        text: str,
        size: float = 10,
        bold: bool = False,
        colour: Colour = BLACK,
        indent: float = 0.0,
        after: float = 0.0,
    ) -> None:
        key = (text, bold, colour, size, indent)
        laid = self.paras.get(key)
        if laid is None:
            laid = self._paragraph([(text, "B" if bold else "", colour, "")], size, indent)
            if len(text) <= _KEPT:
                self.paras[key] = laid
        self._place(laid, after)

    def heading(self, text: str, size: float) -> None:
        self.space(2)
        if self.pdf.y + 6 * LINE > self.pdf.page_break_trigger:  # keep a heading with what follows
            self.new_page()
        self.para(text, size=size, bold=True, after=1)

    def field(self, name: str, value: str, indent: float = 0.0) -> None:
        key = (name, value, indent)
        laid = self.fields.get(key)
        if laid is None:
            laid = self._paragraph([(f"{name}: ", "B", BLACK, ""), (value, "", BLACK, "")], 10, indent)
            if len(name) + len(value) <= _KEPT - 2:
                self.fields[key] = laid
        self._place(laid, 0.0)

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
        """A light grey line across the text column (as FPDF.line draws it, kept with the text)."""
        pdf = self.pdf
        k, y = pdf.k, (pdf.h - pdf.y) * pdf.k
        left, right = pdf.l_margin * k, (pdf.w - pdf.r_margin) * k
        self.ops.append(f"0.7843 0.7843 0.7843 RG {left:.2f} {y:.2f} m {right:.2f} {y:.2f} l S")
        self.space(2)


class _Annotation:
    """A link annotation, written as fpdf2's AnnotationDict writes it (see _link)."""

    __slots__ = ("text",)
    dest = None  # read by fpdf2's writer: an external link has no destination in the file
    a = None

    def __init__(self, text: str) -> None:
        self.text = text

    def serialize(self, _security_handler: object = None, _obj_id: object = None) -> str:
        return self.text


_NO_RECT = "/Rect [0.00 0.00 0.00 0.00]"


def _link(pdf: _Document, x: float, y: float, w: float, h: float, url: str) -> None:
    """A link to `url` over the area x, y, w, h (mm from the top left), as FPDF.link() puts it.

    fpdf2 writes each of its annotation objects by listing its attributes, which for the tens of
    thousands of links in a long report cost more than writing the pages; here fpdf2 writes the
    annotation once per address and each link is that text with its own rectangle.
    """
    parts = pdf.link_texts.get(url)
    if parts is None:
        text = AnnotationDict("Link", x=0, y=0, width=0, height=0, action=URIAction(url)).serialize()
        head, found, tail = text.rpartition(_NO_RECT)  # the URL comes before /Rect, so the last one
        assert found, text
        parts = pdf.link_texts[url] = (head, tail)
    k = pdf.k
    left, top, width, height = x * k, pdf.h_pt - y * k, w * k, h * k
    rect = f"/Rect [{left:.2f} {top - height:.2f} {left + width:.2f} {top:.2f}]"
    pdf.pages[pdf.page].add_annotation(_Annotation(parts[0] + rect + parts[1]))  # type: ignore[arg-type]


# Level 1 compresses a long report's pages in about half the time of fpdf2's level 6, for a file
# about a tenth larger (measured in docs/report-pdf.md). ISA-L's deflate (the isal package) writes the
# same kind of zlib stream, as small at its level 1, in a third of zlib's time: 0.09 s for the 35 MB
# of a 10,000-claim report's pages against 0.30 s.
COMPRESSION = 1
_compress: Callable[[bytes, int], bytes]
try:
    from isal.isal_zlib import compress as _compress
except ImportError:  # an installation without the isal wheel: zlib, slower
    _compress = zlib.compress


class _Producer(OutputProducer):
    """fpdf2's file writer, with less work for the kinds of object a long report has by the thousand.

    fpdf2 writes an object by listing all its attributes and methods with dir() and turning each
    name into a PDF key; for the pages, their content streams and the bookmarks this is done once per
    kind here, and the values are written by fpdf2's own code, so the objects come out the same, byte
    for byte (tests/export/test_pdf.py compares the two). Pages are compressed at level COMPRESSION
    instead of 6, by ISA-L's deflate where it is installed.
    """

    compression = COMPRESSION
    compress = staticmethod(_compress)

    def _add_pdf_obj(self, pdf_obj: PDFObject, trace_label: str | None = None) -> int:
        # Without the label under which fpdf2 adds up each kind of object's size for its debug log: it
        # measures each of the 18,700 objects of a 10,000-claim report in a generator-based context.
        number = super()._add_pdf_obj(pdf_obj, None)
        if type(pdf_obj) in _FAST_KINDS:
            self.pdf_objs[-1] = _Written(pdf_obj)  # type: ignore[call-overload]
        return number

    def bufferize(self) -> bytearray:
        buffer = super().bufferize()
        # The written objects point at each other (pages at their root, bookmarks at their neighbours,
        # the trailer at this writer): cycles that only the garbage collector would free, walking the
        # whole document (0.2 - 0.3 s for 10,000 claims, measured in docs/report-pdf.md).
        for written in self.pdf_objs:
            obj = written.obj if isinstance(written, _Written) else written
            if isinstance(obj, OutlineItemDictionary):
                obj.parent = obj.prev = obj.next = obj.first = obj.last = None
            elif isinstance(obj, PDFPage):
                obj.parent = None
        self.pdf_objs.clear()
        return buffer

    def _add_pages(self, _slice: slice = slice(0, None)) -> list[PDFPage]:
        compress, self.fpdf.compress = self.fpdf.compress, False  # compressed below, faster
        try:
            pages = super()._add_pages(_slice)
        finally:
            self.fpdf.compress = compress
        if compress:
            for page in pages:
                stream = page.contents
                assert isinstance(stream, PDFContentStream)
                stream._contents = self.compress(stream._contents, self.compression)  # noqa: SLF001
                stream.filter = Name("FlateDecode")
                stream.length = len(stream._contents)  # noqa: SLF001
        return pages


_FAST_KINDS = frozenset({PDFPage, PDFContentStream, PDFResources, OutlineItemDictionary})
_KEYS: dict[type, tuple[str, ...]] = {}


def _keys(kind: type) -> tuple[str, ...]:
    """The names dir() gives fpdf2 for an object of `kind` that can be PDF keys (not methods)."""
    keys = _KEYS.get(kind)
    if keys is None:
        keys = _KEYS[kind] = tuple(
            name
            for name in dir(kind)
            if not name.startswith("_") and name not in ("id", "ref") and not isroutine(getattr(kind, name))
        )
    return keys


class _Written:
    """An object in the file, its keys those of its kind, its values written by fpdf2 (see _Producer)."""

    __slots__ = ("obj",)

    def __init__(self, obj: PDFObject) -> None:
        self.obj = obj

    @property
    def id(self) -> int:
        return self.obj.id

    def serialize(self, _security_handler: StandardSecurityHandler | None = None) -> str:
        obj = self.obj
        if _security_handler is not None:
            return obj.serialize(_security_handler=_security_handler)
        if type(obj) is OutlineItemDictionary and obj.struct_elem is None:
            return _outline_item(obj)
        names: Iterable[str] = _keys(type(obj))
        own = getattr(obj, "__dict__", None)
        if own:
            names = sorted(
                {*names, *(name for name in own if not name.startswith("_") and name not in ("id", "ref"))}
            )
        number = obj.id
        fields = []
        for name in names:  # what fpdf2's build_obj_dict makes of each value
            value = getattr(obj, name)
            if value is None or callable(value):
                continue
            if hasattr(value, "value"):  # an Enum
                value = value.value
            if isinstance(value, PDFObject):
                value = value.ref
            elif hasattr(value, "serialize"):
                value = value.serialize(_obj_id=number)
            elif isinstance(value, bool):
                value = str(value).lower()
            fields.append(f"/{_pdf_key(name)} {value}")
        text = f"{number} 0 obj\n<<\n" + "\n".join(fields) + "\n>>"
        stream = obj.content_stream()
        if stream is not None:
            text += "\n" + create_stream(stream)
        return text + "\nendobj"


def _outline_item(item: OutlineItemDictionary) -> str:
    """A bookmark as the loop of _Written.serialize writes it, in a fifth of its time (10,005 of them for
    10,000 claims): its keys in the order of that loop, the neighbours as references."""
    number = item.id
    fields = [f"{number} 0 obj\n<<\n/Count {item.count}"]
    if item.dest is not None:
        fields.append(f"/Dest {item.dest.serialize(_obj_id=number)}")
    for key, value in (
        ("First", item.first),
        ("Last", item.last),
        ("Next", item.next),
        ("Parent", item.parent),
        ("Prev", item.prev),
    ):
        if value is not None:
            fields.append(f"/{key} {value.id} 0 R")
    fields.append(f"/Title {item.title.serialize(_obj_id=number)}\n>>\nendobj")
    return "\n".join(fields)


@functools.cache
def _pdf_key(name: str) -> str:
    return camel_case(name)


def _flat(text: str) -> str:
    """`text` with each run of white space one space."""
    if text.isprintable() and "  " not in text:  # no white space but single spaces (most texts)
        return text
    return _SPACE.sub(" ", text)


def _words(text: str) -> list[str]:
    """The words of `text`, each with the white space after it (the first also with any before it), as
    _TOKENS finds them; newlines as spaces.

    A text whose only white space is single spaces, not leading (most texts), is cut after each
    space by two string methods, in about two thirds of the regular expression's time.
    """
    if text.isprintable() and "  " not in text and text[:1] != " ":
        # Neither a control character nor a separator but the space: no other white space either.
        words = text.replace(" ", " \0").split("\0")
        if not words[-1]:  # after a trailing space
            words.pop()
        return words
    return _TOKENS.findall(text.replace("\n", " ") if "\n" in text else text)


def _setup(report: Report) -> tuple[_Document, frozenset[str]]:
    regular, bold = _text_font()
    pdf = _Document(format="A4")
    pdf.deferred = True
    pdf.alias_nb_pages(PAGES_ALIAS)
    pdf.title_text = report.title
    pdf.set_margins(16, 16, 16)
    pdf.set_auto_page_break(True, margin=16)
    _add_face(pdf, FONT, "", regular)
    # Without a bold face, "bold" text is set in the regular one rather than faked.
    _add_face(pdf, FONT, "B", bold or regular)
    font = pdf.fonts[FONT.lower()]
    # What the text font prints: the characters of its cmap, and ASCII (whose few control characters
    # no font has and no fallback font would print). The fallback font is loaded by the layout when
    # it first meets a word with a character outside these (_Layout._fallback).
    covered = frozenset(map(chr, font.cmap)) if isinstance(font, TTFFont) else frozenset()
    covered |= _ASCII
    # One /Resources dictionary that every page points at (fpdf2's own until 2.7.9) instead of one per
    # page: 4,344 fewer objects to build and write for 10,000 claims, which pdftoppm and pypdf read the
    # same (tests/export/test_pdf.py). Pages name the same two or three fonts anyway.
    pdf.single_resources_object = True
    pdf.set_title(report.title)
    pdf.set_author(report.organisation or ", ".join(report.authors))
    pdf.set_creator(f"annotator {__version__}")
    pdf.set_creation_date(_when(report.generated_at))
    return pdf, covered


def _add_face(pdf: FPDF, family: str, style: str, path: Path) -> None:
    """What `pdf.add_font(family, style, path)` does, from the face as parsed once per process.

    fpdf2 parses a face's characters, widths and glyph numbers for every document it is added to:
    40 ms for each DejaVu face, half a second for a Chinese collection, every export, where a desk
    exports again and again from one window. Those are shared; what the document changes in a face
    is its own: its number, its subset (the glyphs the text uses), the widths of characters it lacks
    (a defaultdict), the descriptor the writer fills in and the font file, opened lazily as fpdf2
    opens it, that the writer subsets and closes.
    """
    stat = path.stat()
    parsed = _parsed_face(str(path), stat.st_mtime_ns, stat.st_size)
    if parsed is None:
        pdf.add_font(family, style, str(path))
        return
    face = copy.copy(parsed)
    face.i = len(pdf.fonts) + 1
    face.fontkey = family.lower() + style
    face.emphasis = TextEmphasis.coerce(style)
    face.ttfont = ttLib.TTFont(path, recalcTimestamp=False, fontNumber=0, lazy=True)
    face.cw = copy.copy(parsed.cw)  # a defaultdict, as fpdf2 made it
    face.desc = copy.copy(parsed.desc)
    face.subset = SubsetMap(face)
    face.missing_glyphs = []
    face.biggest_size_pt = 0
    pdf.fonts[face.fontkey] = face


@functools.lru_cache(maxsize=8)
def _parsed_face(path: str, _modified_ns: int, _size: int) -> TTFFont | None:
    """The face in `path` (as it was at that time and size) as fpdf2's add_font parses it, for
    _add_face to copy; None for a face that add_font changes while parsing it (one without a
    .notdef glyph, which fpdf2 draws into the font), a compressed or a colour one."""
    with ttLib.TTFont(path, fontNumber=0, lazy=True) as font:
        if "glyf" in font and ".notdef" not in font["glyf"]:
            return None
    parsed = TTFFont(FPDF(), Path(path), "parsed", "")
    parsed.ttfont.close()
    if parsed.is_compressed or parsed.color_font is not None:
        return None
    del parsed.ttfont  # each document opens its own
    return parsed


def _when(timestamp: str) -> datetime:
    try:
        moment = datetime.fromisoformat(timestamp)
    except ValueError:
        return datetime.now(UTC)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _table(layout: _Layout, header: list[str], rows: list[list[str]]) -> None:
    """A ruled table across the text column, as fpdf2's table() drew it (columns 3:1:1..., 9 pt, 1 mm
    padding, the first column left and the others right aligned, the header bold and repeated at the
    top of a page), in a tenth of its time: each row is a few operations among the layout's own.

    A first-column text too long for its cell wraps, the row growing; one in characters the text
    font lacks (a source's Chinese title, say) goes through fpdf2's fallback font, as in paragraphs.
    """
    pdf = layout.pdf
    size, height = 9.0, LINE
    width = pdf.w - pdf.l_margin - pdf.r_margin
    unit = width / (len(header) + 2)
    columns = [3 * unit] + [unit] * (len(header) - 1)
    # The first column's lines laid out as a paragraph indented so that it is as wide as the cell's text.
    indent = width - (columns[0] - 2 * _PADDING)
    headings = layout._lay_out([(header[0], "B", BLACK, "")], size, indent)
    layout.ops.append("0 G")  # black rules, whatever the layout's last rule left
    for number, cells in enumerate([header, *rows]):
        style = "B" if number == 0 else ""
        lines = layout._lay_out([(cells[0], style, BLACK, "")], size, indent) or [("", [], None, "")]
        depth = len(lines) * height
        if pdf.y + depth > pdf.page_break_trigger:
            layout.new_page()
            layout.ops.append("0 G")
            if number:
                _table_row(layout, columns, header, headings)
        _table_row(layout, columns, cells, lines, style)
    pdf.x = pdf.l_margin
    pdf.y += 2


_PADDING = 1.0  # mm between a table cell's rule and its text, as fpdf2's table() left it


def _table_row(
    layout: _Layout, columns: list[float], cells: list[str], lines: list[_Line], style: str = "B"
) -> None:
    """One table row at the layout's position: its cells' rules and texts; the layout moves below it."""
    pdf = layout.pdf
    if pdf.page != layout.registered:
        layout._register()
    k, size, height = pdf.k, 9.0, LINE
    rise = height / 2 + 0.3 * size / k  # where fpdf2's cell puts a line's baseline below its top
    top = pdf.y
    depth = max(len(lines), 1) * height
    x = pdf.l_margin
    bottom = (pdf.h - top - depth) * k
    for column in columns:
        layout.ops.append(f"{x * k:.2f} {bottom:.2f} {column * k:.2f} {depth * k:.2f} re S")
        x += column
    left = pdf.l_margin + _PADDING
    for number, (body, _, fallback, _) in enumerate(lines):
        y = top + number * height
        if fallback is None:
            if body:
                layout.ops.append(f"BT {left * k:.2f} {(pdf.h - y - rise) * k:.2f} Td {body} ET")
        else:  # cell() adds its own margin
            pdf.y = y
            layout._place_with_fallback(fallback, left - pdf.c_margin, height, size)
            layout.ops.append("0 G")
    ops = layout.ops
    widths, glyphs = layout._widths(style, size), layout.glyphs[style]
    select = f"/F{layout.faces[style].i} {size:.2f} Tf {layout._fill(BLACK)}"
    right = pdf.l_margin + columns[0]
    baseline = (pdf.h - top - (depth - height) / 2 - rise) * k  # centred in the row, as fpdf2 did
    for column, text in zip(columns[1:], cells[1:], strict=True):
        right += column
        if text:
            x = right - _PADDING - widths[text]
            ops.append(f"BT {x * k:.2f} {baseline:.2f} Td {select} ({glyphs[text]}) Tj ET")
    pdf.y = top + depth


def _track(layout: _Layout, title: str, heading: str, records: list[TrackRecord]) -> None:
    if not records:
        return
    layout.heading(title, 11)
    outcomes = ("confirmed", "refuted", "pending", "other")
    rows = [[r.name, *(str(r.count(o)) for o in outcomes), str(r.total)] for r in records]
    _table(layout, [heading, "Confirmed", "Refuted", "Pending", "Other", "Total"], rows)


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
    _table(layout, ["Verdict", "Rating"], rows)
    summary = report.summary
    pdf.start_section("Summary")
    layout.heading("Summary", 14)
    layout.heading("Claims by verdict", 11)
    rows = [[display, str(count)] for _, display, count in summary.by_label]
    _table(layout, ["Verdict", "Claims"], [*rows, ["Total", str(len(report.claims))]])
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
        layout.new_page()
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
    glyphs = layout.glyphs[""]
    face = layout.faces[""]
    k = pdf.k
    head = f"q BT /F{face.i} 8.00 Tf {layout._fill(GREY)} "
    baseline = (12 - 5 * 0.72) * k
    # Measured and encoded as the text before the number and the number's characters: the width
    # of a text is the sum of its characters' (fpdf2 does not kern), and glyph codes join.
    before = f"{title} — page "
    for page in range(1, pages + 1):
        pdf.page = page
        number = f"{page}/{pages}"
        width = widths[before] + sum(map(widths.__getitem__, number))
        text = glyphs[before] + "".join(map(glyphs.__getitem__, number))
        pdf._resource_catalog.add(PDFResourceType.FONT, face.i, page)  # noqa: SLF001
        pdf._out(f"{head}{(pdf.w - width) / 2 * k:.2f} {baseline:.2f} Td ({text}) Tj ET Q")  # noqa: SLF001
    pdf.page = last


def render_pdf(report: Report) -> bytes:
    """The report as PDF bytes; PdfFontError when the system has no usable Unicode font.

    A desk whose template folder holds a report.typ gets its own look, typeset by Typst (pdf_typst.py).
    """
    folder = templates.custom_folder(report.settings.template)
    if folder is not None and (folder / TYPST_TEMPLATE).is_file():
        from annotator.export.pdf_typst import render_typst_pdf  # the Typst library loads only then

        return render_typst_pdf(report, folder)
    return bytes(_document(report).output(output_producer_class=_Producer))


def _document(report: Report) -> _Document:
    """The report laid out on fpdf2's pages, ready to be written."""
    pdf, covered = _setup(report)
    views = claim_views(report)
    layout = _Layout(pdf, covered)
    pdf.add_page()
    # _Layout breaks pages itself; fpdf2's tables in the front matter break their own.
    pdf.set_auto_page_break(False, margin=16)
    _title_block(layout, report)
    pdf.set_auto_page_break(True, margin=16)
    _front_matter(layout, report)
    pdf.set_auto_page_break(False, margin=16)
    layout.new_page()
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
    layout.flush()
    _footers(layout)
    return pdf
