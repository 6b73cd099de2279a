"""The read-only document view: plain text with claim highlights, fit for multi-megabyte documents."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QWidget

from annotator.domain.anchors import trim_span
from annotator.domain.models import Claim
from annotator.domain.offsets import OffsetMap
from annotator.domain.spans import claims_at, segments
from annotator.gui.style import kind_colour


class DocumentView(QPlainTextEdit):
    """Shows one document and its claims.

    QPlainTextEdit rather than QTextEdit: it lays out lazily per block, so a 5 MB text opens in a
    fraction of the time and memory (DESIGN.md section 5). Highlights are character formats applied
    in one edit block; the selected claim is an extra selection, so selecting never reformats text.
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
        self._formats: dict[tuple[str, int], QTextCharFormat] = {}
        self._selected_claim: str | None = None
        self._press_position: int | None = None

    # --- loading and highlighting -------------------------------------------------------------

    def show_document(self, document_id: str | None, text: str, claims: list[Claim]) -> None:
        self.document_id = document_id
        self.text = text
        self.offsets = OffsetMap(text)
        self._selected_claim = None
        self.setExtraSelections([])
        document = self.document()
        # Formatting is not an edit the user can undo inside the view; Qt's own undo history would only
        # cost memory for every highlight.
        document.setUndoRedoEnabled(False)
        self.setPlainText(text)
        self._set_claims(claims)
        self._apply_highlights(None)

    def update_claims(self, claims: list[Claim], changed: tuple[int, int] | None = None) -> None:
        """Re-highlight after claims changed; only the range `changed` (code points) is repainted."""
        self._set_claims(claims)
        if self._selected_claim not in self.claims:
            self._selected_claim = None
        self._apply_highlights(changed)
        self._show_selected_claim()

    def _set_claims(self, claims: list[Claim]) -> None:
        self.claims = {claim.id: claim for claim in claims}
        self._spans = [(claim.start, claim.end, claim.id) for claim in claims]

    def _format(self, kind: str, depth: int) -> QTextCharFormat:
        key = (kind, min(depth, 5))
        fmt = self._formats.get(key)
        if fmt is None:
            fmt = QTextCharFormat()
            fmt.setBackground(kind_colour(kind, depth))
            if depth > 1:
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
            self._formats[key] = fmt
        return fmt

    def _apply_highlights(self, window: tuple[int, int] | None) -> None:
        to_utf16 = self.offsets.to_utf16
        cursor = QTextCursor(self.document())
        cursor.beginEditBlock()
        if window is not None:
            cursor.setPosition(to_utf16(window[0]))
            cursor.setPosition(to_utf16(window[1]), QTextCursor.MoveMode.KeepAnchor)
            cursor.setCharFormat(QTextCharFormat())
        for segment in segments(self._spans, window):
            cursor.setPosition(to_utf16(segment.start))
            cursor.setPosition(to_utf16(segment.end), QTextCursor.MoveMode.KeepAnchor)
            cursor.setCharFormat(self._format(self.claims[segment.top].kind, segment.depth))
        cursor.endEditBlock()

    # --- selection and claims -----------------------------------------------------------------

    def selected_span(self) -> tuple[int, int] | None:
        """The user's selection in code points, without surrounding white space; None if empty."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        start = self.offsets.to_codepoint(cursor.selectionStart())
        end = self.offsets.to_codepoint(cursor.selectionEnd(), round_up=True)
        start, end = trim_span(self.text, start, end)
        return (start, end) if start < end else None

    def select_claim(self, claim_id: str | None, scroll: bool = True) -> None:
        self._selected_claim = claim_id if claim_id in self.claims else None
        self._show_selected_claim()
        if scroll and self._selected_claim is not None:
            claim = self.claims[self._selected_claim]
            cursor = QTextCursor(self.document())
            cursor.setPosition(self.offsets.to_utf16(claim.start))
            self.setTextCursor(cursor)
            self.centerCursor()

    def _show_selected_claim(self) -> None:
        if self._selected_claim is None:
            self.setExtraSelections([])
            return
        claim = self.claims[self._selected_claim]
        selection = QTextEdit.ExtraSelection()
        cursor = QTextCursor(self.document())
        cursor.setPosition(self.offsets.to_utf16(claim.start))
        cursor.setPosition(self.offsets.to_utf16(claim.end), QTextCursor.MoveMode.KeepAnchor)
        selection.cursor = cursor  # type: ignore[attr-defined]
        fmt = QTextCharFormat()
        fmt.setBackground(kind_colour(claim.kind, 4))
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
        fmt.setUnderlineColor(QColor("#202020"))
        selection.format = fmt  # type: ignore[attr-defined]
        self.setExtraSelections([selection])

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
        if event.button() == Qt.MouseButton.LeftButton and position == self._press_position:
            hits = self.claim_ids_at(position)
            if hits:
                if self._selected_claim in hits:
                    hits = (
                        hits[hits.index(self._selected_claim) + 1 :]
                        + hits[: hits.index(self._selected_claim) + 1]
                    )
                self.claimClicked.emit(hits[0])
