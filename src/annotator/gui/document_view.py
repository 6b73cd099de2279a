"""The read-only document view: plain text with claim highlights, fit for multi-megabyte documents."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QTextBlock,
    QTextCursor,
    QTextLine,
)
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from annotator.domain.anchors import trim_span
from annotator.domain.models import Claim
from annotator.domain.offsets import OffsetMap
from annotator.domain.spans import claims_at, segments
from annotator.gui.style import kind_colour


def _cursor_x(line: QTextLine, position: int) -> float:
    """x of a cursor position in a line; PySide returns either a float or (x, position)."""
    value: Any = line.cursorToX(position)
    return float(value[0] if isinstance(value, tuple) else value)


class DocumentView(QPlainTextEdit):
    """Shows one document and paints its claims behind the text.

    QPlainTextEdit rather than QTextEdit: it lays out lazily per block, so a 5 MB text opens in a
    fraction of the time and memory (DESIGN.md section 5). Highlights are painted, not stored as
    character formats: each paint covers only the blocks on screen, so opening a document with
    10,000 claims costs little more than setPlainText, and tagging one claim is a repaint of the
    viewport rather than a reformatting of the text. Overlapping claims are flattened into segments
    and drawn darker where they stack, with the innermost claim's colour on top.
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
        self.claims: dict[str, Claim] = {}
        self._spans: list[tuple[int, int, str]] = []
        self._selected_claim: str | None = None
        self._press_position: int | None = None
        # How a claim is coloured (by kind unless the window switches to verdicts); depth = overlap.
        self.colour_of: Callable[[Claim, int], QColor] = lambda claim, depth: kind_colour(claim.kind, depth)

    # --- content ------------------------------------------------------------------------------

    def show_document(self, document_id: str | None, text: str, claims: list[Claim]) -> None:
        self.document_id = document_id
        self.text = text
        self.offsets = OffsetMap(text)
        self._selected_claim = None
        # The view is read-only, so Qt's own undo history would only cost memory.
        self.document().setUndoRedoEnabled(False)
        self.setPlainText(text)
        self.set_claims(claims)

    def set_claims(self, claims: list[Claim]) -> None:
        self.claims = {claim.id: claim for claim in claims}
        self._spans = [(claim.start, claim.end, claim.id) for claim in claims]
        if self._selected_claim not in self.claims:
            self._selected_claim = None
        self.viewport().update()

    def add_claims(self, added: list[Claim]) -> None:
        for claim in added:
            self.claims[claim.id] = claim
        self._spans.extend((claim.start, claim.end, claim.id) for claim in added)
        self.viewport().update()

    def remove_claims(self, removed_ids: list[str]) -> None:
        gone = set(removed_ids)
        for claim_id in gone:
            self.claims.pop(claim_id, None)
        self._spans = [span for span in self._spans if span[2] not in gone]
        if self._selected_claim in gone:
            self._selected_claim = None
        self.viewport().update()

    def replace_claim(self, claim: Claim) -> None:
        if claim.id in self.claims:
            self.claims[claim.id] = claim
            self.viewport().update()

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
        for index in range(layout.lineCount()):
            line = layout.lineAt(index)
            line_start = line.textStart()
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

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        if self._spans:
            self._paint_claims(QRectF(event.rect()))
        super().paintEvent(event)

    def _paint_claims(self, event_rect: QRectF) -> None:
        blocks = self._visible_blocks(event_rect)
        if not blocks:
            return
        to_cp = self.offsets.to_codepoint
        first, last = blocks[0][0], blocks[-1][0]
        window = (to_cp(first.position()), to_cp(last.position() + last.length() - 1, round_up=True))
        # Only claims touching the visible text take part; one linear pass is ~1 ms for 10,000 claims.
        visible = [span for span in self._spans if span[0] < window[1] and span[1] > window[0]]
        if not visible:
            return
        painter = QPainter(self.viewport())
        to_u16 = self.offsets.to_utf16
        pieces = segments(visible, window)
        for block, geometry in blocks:
            block_start = block.position()
            block_end = block_start + block.length() - 1
            for segment in pieces:
                start, end = to_u16(segment.start), to_u16(segment.end)
                if end <= block_start or start >= block_end:
                    continue
                colour = self.colour_of(self.claims[segment.top], segment.depth)
                for rect in self._span_rects(block, geometry, start - block_start, end - block_start):
                    painter.fillRect(rect, colour)
        if self._selected_claim is not None:
            claim = self.claims[self._selected_claim]
            pen = QPen(QColor("#202020"))
            pen.setWidthF(1.5)
            painter.setPen(pen)
            start, end = to_u16(claim.start), to_u16(claim.end)
            for block, geometry in blocks:
                block_start = block.position()
                for rect in self._span_rects(block, geometry, start - block_start, end - block_start):
                    painter.drawLine(
                        QPointF(rect.left(), rect.bottom() - 1), QPointF(rect.right(), rect.bottom() - 1)
                    )
        painter.end()

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
        return self._selected_claim

    def select_claim(self, claim_id: str | None, scroll: bool = True) -> None:
        self._selected_claim = claim_id if claim_id in self.claims else None
        self.viewport().update()
        if scroll and self._selected_claim is not None:
            claim = self.claims[self._selected_claim]
            cursor = QTextCursor(self.document())
            cursor.setPosition(self.offsets.to_utf16(claim.start))
            self.setTextCursor(cursor)
            self.centerCursor()

    def claim_ids_at(self, utf16_position: int) -> list[str]:
        return claims_at(self._spans, self.offsets.to_codepoint(utf16_position))

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
        if self._selected_claim in hits:
            after = hits.index(self._selected_claim) + 1
            hits = hits[after:] + hits[:after]
        self.claimClicked.emit(hits[0])
