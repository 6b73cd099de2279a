"""The read-only document view: plain text with claim highlights, fit for multi-megabyte documents."""

from __future__ import annotations

import bisect
import operator
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QTextBlock,
    QTextCursor,
    QTextLayout,
    QTextLine,
)
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from annotator.domain.anchors import trim_span
from annotator.domain.offsets import OffsetMap
from annotator.domain.spans import ClaimSpan, claims_at, segments
from annotator.domain.suggestions import Suggestion
from annotator.gui.style import CURRENT_SUGGESTION_COLOUR, SUGGESTION_COLOUR, kind_colour

# People's mentions: a solid underline in a colour no claim kind or suggestion uses, legible on light
# and dark backgrounds alike (claims are fills, suggestions dashed or dotted underlines).
MENTION_COLOUR = "#9b59b6"


class ClaimLike(Protocol):
    """A Claim or a ClaimSpan: what the view needs of a claim it is told about."""

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def id(self) -> str: ...
    @property
    def kind(self) -> str: ...


class ClaimSource(Protocol):
    """Where the view reads a document's claims, a few at a time (store.span_queries.DocumentSpans)."""

    def between(self, low: int, high: int, reach: int) -> list[ClaimSpan]:
        """Claims overlapping code points low..high in text order; none starts before low - reach."""
        ...

    def longest(self, low: int, high: int) -> int:
        """The length in code points of the longest claim starting in low..high."""
        ...

    def get(self, claim_id: str) -> ClaimSpan | None:
        """A claim of this document, or None."""
        ...


_START = operator.itemgetter(0)


_Rects = list[tuple[QRectF, QColor]]
_BlockPaint = tuple[tuple[float, float], dict[int, _Rects], frozenset[str]]

# How many blocks' worked-out highlights are kept: a few screens' worth, so scrolling back is free but
# reading through a long document does not hold every paragraph's rectangles.
_KEPT_BLOCKS = 400


def _lines_between(layout: QTextLayout, top: float, bottom: float) -> range:
    """The lines of a laid-out block that reach into top..bottom (block coordinates), found by
    bisection: a paragraph of thousands of lines is not walked line by line for the forty on screen."""
    count = layout.lineCount()
    low, high = 0, count
    while low < high:
        middle = (low + high) // 2
        line = layout.lineAt(middle)
        if line.y() + line.height() < top:
            low = middle + 1
        else:
            high = middle
    first, high = low, count
    while low < high:
        middle = (low + high) // 2
        if layout.lineAt(middle).y() <= bottom:
            low = middle + 1
        else:
            high = middle
    return range(first, low)


def _cursor_x(line: QTextLine, position: int) -> float:
    """x of a cursor position in a line; PySide returns either a float or (x, position)."""
    value: Any = line.cursorToX(position)
    return float(value[0] if isinstance(value, tuple) else value)


class DocumentView(QPlainTextEdit):
    """Shows one document and paints its claims behind the text.

    QPlainTextEdit rather than QTextEdit: it lays out lazily per block, so a 5 MB text opens in a
    fraction of the time and memory (DESIGN.md section 5). Highlights are painted, not stored as
    character formats: each paint covers only the blocks on screen. Nor does the view hold the
    document's claims: it asks its ClaimSource (the covering index) for the claims overlapping the
    blocks it paints and keeps the worked-out rectangles of the last few hundred blocks, so opening a
    document with 100,000 claims costs setPlainText and a screenful of rows, and tagging or untagging
    a claim forgets only the kept blocks it touches. A click, the selected claim's outline and its
    scrolling into view each ask the source for the few claims concerned. Overlapping claims are
    flattened into segments and drawn darker where they stack, with the innermost claim's colour on top.
    """

    claimClicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("documentView")
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.document_id: str | None = None
        self.text = ""
        self.offsets = OffsetMap("")
        self._source: ClaimSource | None = None
        # How far before a range a claim overlapping it can start: the longest claim among those
        # starting before _reach_up_to, asked of the source only as far down as the view has needed
        # (paging down reads a page of claims more; only a jump to the end reads them all, once).
        self._reach = 0
        self._reach_up_to = 0
        self._selected: ClaimSpan | None = None
        self._press_position: int | None = None
        # Suggestions: computed proposals, drawn as a dashed underline (never filled like a claim).
        self.suggestions: list[Suggestion] = []  # in text order
        self.suggestions_visible = True
        self.current_suggestion: str | None = None  # its key
        # People's mentions: (start, end) in code points, in text order, drawn as a solid underline.
        self.mentions: list[tuple[int, int]] = []
        # Block number -> (the block's size when worked out, per line worked out so far its highlight
        # rectangles relative to the block's top left, each with its colour, the ids of the claims
        # touching those lines). Kept for the most recently painted blocks only.
        self._block_paint: dict[int, _BlockPaint] = {}
        # How a claim is coloured (by kind unless the window switches to verdicts); depth = overlap.
        self._colour_of: Callable[[ClaimSpan, int], QColor] = lambda claim, depth: kind_colour(
            claim.kind, depth
        )

    @property
    def colour_of(self) -> Callable[[ClaimSpan, int], QColor]:
        return self._colour_of

    @colour_of.setter
    def colour_of(self, colour_of: Callable[[ClaimSpan, int], QColor]) -> None:
        """A new colouring (by kind, by verdict, verdicts changed): every block is coloured afresh."""
        self._colour_of = colour_of
        self.recolour()

    def recolour(self) -> None:
        """Paint every highlight afresh: the colours themselves changed (preferences, palette)."""
        self._block_paint.clear()
        self.viewport().update()

    # --- content ------------------------------------------------------------------------------

    def show_document(self, document_id: str | None, text: str, claims: ClaimSource | None) -> None:
        """Show a text, its claims read from `claims` as the view needs them (None: no claims)."""
        self.document_id = document_id
        self.text = text
        self.offsets = OffsetMap(text)
        self._source = claims
        self._reach = self._reach_up_to = 0
        self._selected = None
        self._block_paint.clear()
        # The view is read-only, so Qt's own undo history would only cost memory.
        self.document().setUndoRedoEnabled(False)
        self.setPlainText(text)

    def add_claims(self, added: Sequence[ClaimLike]) -> None:
        """These claims are now in the source: forget the kept blocks they cover and repaint."""
        for claim in added:
            if claim.start < self._reach_up_to:  # past it, the source is asked when the view gets there
                self._reach = max(self._reach, claim.end - claim.start)
            self._forget_range(claim.start, claim.end)
        self.viewport().update()

    def remove_claims(self, removed_ids: Sequence[str]) -> None:
        """These claims are gone from the source: forget the kept blocks that showed them."""
        gone = frozenset(removed_ids)
        if self._selected is not None and self._selected.id in gone:
            self._selected = None
        self._forget_claims(gone)
        self.viewport().update()

    def replace_claim(self, claim: ClaimLike) -> None:
        """A claim changed (kind, span): the blocks showing it before and those it covers now."""
        selected = self._selected is not None and self._selected.id == claim.id
        self.remove_claims([claim.id])
        self.add_claims([claim])
        if selected:
            self._selected = ClaimSpan(claim.start, claim.end, claim.id, claim.kind)

    def _forget_claims(self, ids: frozenset[str]) -> None:
        kept = self._block_paint
        for number in [number for number, entry in kept.items() if not entry[2].isdisjoint(ids)]:
            del kept[number]

    def _forget_range(self, start: int, end: int) -> None:
        """Drop the worked-out highlights of the blocks a span covers: only they look different now."""
        if not self._block_paint:
            return
        document = self.document()
        first = document.findBlock(self.offsets.to_utf16(start)).blockNumber()
        last = document.findBlock(self.offsets.to_utf16(end)).blockNumber()
        if last < 0:  # the end of the text: findBlock finds no block past the last character
            last = document.blockCount() - 1
        for number in range(first, last + 1):
            self._block_paint.pop(number, None)

    def spans_touching(self, low: int, high: int) -> list[ClaimSpan]:
        """The claims overlapping code points low..high, in text order, read from the source.

        A claim starting before `low` can reach into the range only if it starts within the longest
        claim's length of it, so only that stretch of the index is read.
        """
        source = self._source
        if source is None:
            return []
        if low > self._reach_up_to:
            self._reach = max(self._reach, source.longest(self._reach_up_to, low))
            self._reach_up_to = low
        return source.between(low, high, self._reach)

    # --- painting -----------------------------------------------------------------------------

    def _visible_blocks(self, event_rect: QRectF) -> list[tuple[QTextBlock, QRectF]]:
        blocks = []
        block = self.firstVisibleBlock()
        offset = self.contentOffset()
        while block.isValid():
            geometry = self.blockBoundingGeometry(block).translated(offset)
            if geometry.top() > event_rect.bottom():
                break
            if block.isVisible() and geometry.bottom() >= event_rect.top():
                blocks.append((block, geometry))
            block = block.next()
        return blocks

    def _span_rects(self, block: QTextBlock, geometry: QRectF, start: int, end: int) -> list[QRectF]:
        """Rectangles covering UTF-16 positions start..end of one block, one per wrapped line."""
        layout = block.layout()
        rects = []
        # Straight to the line holding `start`, not through every line of a long paragraph.
        first = max(0, layout.lineForTextPosition(max(start, 0)).lineNumber())
        for index in range(first, layout.lineCount()):
            line = layout.lineAt(index)
            line_start = line.textStart()
            if line_start >= end:
                break
            line_end = line_start + line.textLength()
            a, b = max(start, line_start), min(end, line_end)
            if a >= b:
                continue
            x1, x2 = _cursor_x(line, a), _cursor_x(line, b)
            left, right = min(x1, x2), max(x1, x2)
            rects.append(
                QRectF(geometry.left() + left, geometry.top() + line.y(), right - left, line.height())
            )
        return rects

    def set_suggestions(self, suggestions: Sequence[Suggestion]) -> None:
        """Underline these suggestions (any order; kept in text order)."""
        self.suggestions = sorted(suggestions, key=lambda s: (s.start, s.end, s.kind))
        if self.current_suggestion not in {s.key for s in self.suggestions}:
            self.current_suggestion = None
        self.viewport().update()

    def show_suggestions(self, visible: bool) -> None:
        self.suggestions_visible = visible
        self.viewport().update()

    def select_suggestion(self, key: str | None, scroll: bool = True) -> None:
        found = next((s for s in self.suggestions if s.key == key), None)
        self.current_suggestion = found.key if found else None
        self.viewport().update()
        if scroll and found is not None:
            cursor = QTextCursor(self.document())
            cursor.setPosition(self.offsets.to_utf16(found.start))
            self.setTextCursor(cursor)
            self.centerCursor()

    def set_mentions(self, spans: Sequence[tuple[int, int]]) -> None:
        """Underline these people's mentions (any order)."""
        self.mentions = sorted(spans)
        self.viewport().update()

    def _codepoint_range(self, blocks: list[tuple[QTextBlock, QRectF]]) -> tuple[int, int]:
        """The code points from the first to the last of these (visible) blocks."""
        first, last = blocks[0][0], blocks[-1][0]
        to_cp = self.offsets.to_codepoint
        return to_cp(first.position()), to_cp(last.position() + last.length() - 1, round_up=True)

    def _paint_mentions(self, event_rect: QRectF) -> None:
        """A solid underline under each mention on screen, found by bisection in the sorted spans."""
        blocks = self._visible_blocks(event_rect)
        if not blocks:
            return
        to_u16 = self.offsets.to_utf16
        low, high = self._codepoint_range(blocks)
        # A name is short: every mention touching the screen starts at most a line's length before it.
        begin = bisect.bisect_left(self.mentions, (low - 1000, 0))
        visible = []
        for index in range(begin, len(self.mentions)):
            start_cp, end_cp = self.mentions[index]
            if start_cp >= high:
                break
            if end_cp > low:
                visible.append((start_cp, end_cp))
        if not visible:
            return
        painter = QPainter(self.viewport())
        pen = QPen(QColor(MENTION_COLOUR))
        pen.setWidthF(2.0)
        painter.setPen(pen)
        for start_cp, end_cp in visible:
            start, end = to_u16(start_cp), to_u16(end_cp)
            for block, geometry in blocks:
                block_start = block.position()
                if start >= block_start + block.length() or end <= block_start:
                    continue
                for rect in self._span_rects(block, geometry, start - block_start, end - block_start):
                    y = rect.bottom() - 1.0
                    painter.drawLine(QPointF(rect.left(), y), QPointF(rect.right(), y))
        painter.end()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.PaletteChange):
            self._block_paint.clear()  # other line breaks, other colours
        super().changeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        if self._source is not None:
            self._paint_claims(QRectF(event.rect()))
        super().paintEvent(event)
        if self.mentions:
            self._paint_mentions(QRectF(event.rect()))
        if self.suggestions and self.suggestions_visible:
            self._paint_suggestions(QRectF(event.rect()))

    def _paint_suggestions(self, event_rect: QRectF) -> None:
        """A dashed underline under each suggestion on screen; the current one darker and thicker."""
        blocks = self._visible_blocks(event_rect)
        if not blocks:
            return
        to_u16 = self.offsets.to_utf16
        low, high = self._codepoint_range(blocks)
        visible = [s for s in self.suggestions if s.end > low and s.start < high]
        if not visible:
            return
        painter = QPainter(self.viewport())
        for suggestion in visible:
            is_current = suggestion.key == self.current_suggestion
            pen = QPen(QColor(CURRENT_SUGGESTION_COLOUR if is_current else SUGGESTION_COLOUR))
            # Sentences dashed at the foot of the line, quotations dashed a little higher (a quotation
            # sits inside its sentence), people's names dotted: never a fill, which is how claims look.
            pen.setStyle(Qt.PenStyle.DotLine if suggestion.kind == "person" else Qt.PenStyle.DashLine)
            pen.setWidthF(2.0 if is_current else 1.2)
            painter.setPen(pen)
            drop = 1.0 if suggestion.kind in ("factual", "prediction", "promise") else 3.5
            start, end = to_u16(suggestion.start), to_u16(suggestion.end)
            for block, geometry in blocks:
                block_start = block.position()
                if start >= block_start + block.length() or end <= block_start:
                    continue
                for rect in self._span_rects(block, geometry, start - block_start, end - block_start):
                    if is_current:
                        # The one the keys act on: a dashed frame, so it stands out among the others.
                        painter.drawRect(rect.adjusted(0.5, 0.5, -0.5, -0.5))
                    else:
                        y = rect.bottom() - drop
                        painter.drawLine(QPointF(rect.left(), y), QPointF(rect.right(), y))
        painter.end()

    def _paint_claims(self, event_rect: QRectF) -> None:
        blocks = self._visible_blocks(event_rect)
        if not blocks:
            return
        kept = self._block_paint
        to_cp = self.offsets.to_codepoint
        # Per block, the lines on screen, and of those the lines whose highlights are not worked out
        # yet: only what is painted is worked out (a paragraph half below the window is done half,
        # and its other lines as the user scrolls to them).
        shown: list[range] = []
        wanted: list[tuple[int, range, tuple[int, int]]] = []  # block index, lines, code points
        for index, (block, geometry) in enumerate(blocks):
            layout = block.layout()
            lines = _lines_between(
                layout, event_rect.top() - geometry.top(), event_rect.bottom() - geometry.top()
            )
            shown.append(lines)
            entry = kept.get(block.blockNumber())
            done = entry[1] if entry is not None and entry[0] == (geometry.width(), geometry.height()) else {}
            missing = [number for number in lines if number not in done]
            if missing:
                top, bottom = layout.lineAt(missing[0]), layout.lineAt(missing[-1])
                position = block.position()
                window = (
                    to_cp(position + top.textStart()),
                    to_cp(position + bottom.textStart() + bottom.textLength(), round_up=True),
                )
                wanted.append((index, range(missing[0], missing[-1] + 1), window))
        if wanted:
            # One read of the source for every line not worked out: a screenful of claims at most.
            spans = self.spans_touching(wanted[0][2][0], wanted[-1][2][1])
            starts = list(map(_START, spans))
            longest = max((span.end - span.start for span in spans), default=0)
            for index, lines, window in wanted:
                block, geometry = blocks[index]
                first = bisect.bisect_left(starts, window[0] - longest)
                last = bisect.bisect_left(starts, window[1])
                touching = [span for span in spans[first:last] if span.end > window[0]]
                number = block.blockNumber()
                size = (geometry.width(), geometry.height())
                entry = kept.pop(number, None)
                done, ids = (
                    (entry[1], entry[2]) if entry is not None and entry[0] == size else ({}, frozenset())
                )
                done.update(self._block_highlights(block, window, touching, lines))
                # Newest last: the oldest go first when there are too many.
                kept[number] = (size, done, ids | {span.id for span in touching})
        painter = QPainter(self.viewport())
        for (block, geometry), lines in zip(blocks, shown, strict=True):
            painter.translate(geometry.topLeft())
            done = kept[block.blockNumber()][1] if lines else {}
            for line in lines:
                for rect, colour in done[line]:
                    painter.fillRect(rect, colour)
            painter.resetTransform()
        while len(kept) > _KEPT_BLOCKS:
            del kept[next(iter(kept))]
        if self._selected is not None:
            claim = self._selected
            pen = QPen(QColor("#202020"))
            pen.setWidthF(1.5)
            painter.setPen(pen)
            to_u16 = self.offsets.to_utf16
            start, end = to_u16(claim.start), to_u16(claim.end)
            for block, geometry in blocks:
                block_start = block.position()
                for rect in self._span_rects(block, geometry, start - block_start, end - block_start):
                    painter.drawLine(
                        QPointF(rect.left(), rect.bottom() - 1), QPointF(rect.right(), rect.bottom() - 1)
                    )
        painter.end()

    def _block_highlights(
        self, block: QTextBlock, window: tuple[int, int], touching: list[ClaimSpan], lines: range
    ) -> dict[int, _Rects]:
        """Highlight rectangles of some lines of one block (relative to its top left), each with its
        colour, by line number.

        `window` is the lines' code-point range and `touching` the claims overlapping it. Neighbouring
        segments of the same colour make one rectangle, and each line's x positions are asked of Qt
        once per boundary.
        """
        rects: dict[int, _Rects] = {number: [] for number in lines}
        if not touching:
            return rects
        block_start = block.position()
        to_u16 = self.offsets.to_utf16
        claims = {span.id: span for span in touching}
        colour_of = self._colour_of
        # Runs of one colour in code points (merged before any is converted to UTF-16 or measured):
        # with claims stacked ~10 deep, half the segments only change how many lie beneath the top one.
        runs: list[list[Any]] = []
        last_end, last_colour = -1, None
        for start, end, top, depth in segments(
            [(span.start, span.end, span.id) for span in touching], window
        ):
            colour = colour_of(claims[top], depth)
            if start == last_end and (colour is last_colour or colour == last_colour):
                runs[-1][1] = end
            else:
                runs.append([start, end, colour])
            last_end, last_colour = end, colour
        layout = block.layout()
        numbers = list(lines)
        texts = [layout.lineAt(number) for number in numbers]
        line_starts = [line.textStart() for line in texts]
        line_ends = [line.textStart() + line.textLength() for line in texts]
        xs: dict[tuple[int, int], float] = {}  # (line, position) -> x: a boundary is shared by two runs

        def x_at(index: int, position: int) -> float:
            x = xs.get((index, position))
            if x is None:
                x = xs[index, position] = _cursor_x(texts[index], position)
            return x

        for start_cp, end_cp, colour in runs:
            start, end = to_u16(start_cp) - block_start, to_u16(end_cp) - block_start
            index = max(0, bisect.bisect_right(line_starts, start) - 1)
            while index < len(texts) and line_starts[index] < end:
                a, b = max(start, line_starts[index]), min(end, line_ends[index])
                if a < b:
                    line = texts[index]
                    x1, x2 = x_at(index, a), x_at(index, b)
                    rect = QRectF(min(x1, x2), line.y(), abs(x2 - x1), line.height())
                    rects[numbers[index]].append((rect, colour))
                index += 1
        return rects

    # --- selection and claims -----------------------------------------------------------------

    def selected_span(self) -> tuple[int, int] | None:
        """The user's selection in code points, without surrounding white space; None if empty."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        start, end = self.offsets.span_to_codepoints(cursor.selectionStart(), cursor.selectionEnd())
        start, end = trim_span(self.text, start, end)
        return (start, end) if start < end else None

    @property
    def selected_claim(self) -> str | None:
        return self._selected.id if self._selected is not None else None

    def select_claim(self, claim_id: str | None, scroll: bool = True) -> None:
        """Outline a claim of this document (any other id, or None, outlines none)."""
        source = self._source
        self._selected = source.get(claim_id) if claim_id is not None and source is not None else None
        self.viewport().update()
        if scroll and self._selected is not None:
            claim = self._selected
            cursor = QTextCursor(self.document())
            cursor.setPosition(self.offsets.to_utf16(claim.start))
            self.setTextCursor(cursor)
            self.centerCursor()

    def claim_ids_at(self, utf16_position: int) -> list[str]:
        offset = self.offsets.to_codepoint(utf16_position)
        nearby = [(span.start, span.end, span.id) for span in self.spans_touching(offset, offset + 1)]
        return claims_at(nearby, offset)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        self._press_position = self.cursorForPosition(event.position().toPoint()).position()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        super().mouseReleaseEvent(event)
        position = self.cursorForPosition(event.position().toPoint()).position()
        # A click (not a drag that selects text) on a highlight selects the innermost claim there;
        # clicking again on the same spot cycles through the claims stacked under it.
        if event.button() != Qt.MouseButton.LeftButton or position != self._press_position:
            return
        hits = self.claim_ids_at(position)
        if not hits:
            return
        if self.selected_claim in hits:
            after = hits.index(self.selected_claim) + 1
            hits = hits[after:] + hits[:after]
        self.claimClicked.emit(hits[0])
