"""Convert between stored Unicode code-point offsets and Qt's UTF-16 code-unit positions.

Anchors are stored in code points (W3C TextPositionSelector, Python string indices) while Qt's
QTextCursor / QTextDocument positions count UTF-16 code units. The two differ only at astral-plane
characters (U+10000 and above: emoji, regional-indicator flags, some CJK extensions), which take two
UTF-16 units (a surrogate pair) but one code point.

Everything else keeps one position per code point in a QTextDocument, checked against Qt 6 in
tests/gui/test_offsets_qt.py: `\\n`, U+2029 PARAGRAPH SEPARATOR and a lone `\\r` each become one block
separator; U+2028 LINE SEPARATOR stays one in-block line break; tabs, NUL, combining marks, ZWJ and
right-to-left characters are one position each (U+FDD0/U+FDD1 too, though Qt reads them back as
block separators). The exceptions: Qt collapses `\\r\\n` into one block separator, and PySide6's
str -> QString conversion drops a leading U+FEFF as a byte-order mark (a leading U+FFFE byte-swaps
the whole text). Importers must normalise line endings to `\\n` and strip a leading BOM, or every
position after it drifts.

Grapheme clusters (e + U+0301, a ZWJ family, a two-indicator flag) are several code points; this
module converts positions exactly and leaves snapping selections to whole clusters to the caller.
"""

from __future__ import annotations

import re
from bisect import bisect_left

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


# Encoded a chunk at a time: the UTF-16 copy of a whole 20 MB text would add 40 MB to the peak of opening it.
_CHUNK = 1 << 20


def _has_astral(text: str) -> bool:
    """Whether the text holds a character beyond U+FFFF (its UTF-16 is longer than its code points)."""
    for at in range(0, len(text), _CHUNK):
        chunk = text[at : at + _CHUNK]
        if len(chunk.encode("utf-16-le", "surrogatepass")) // 2 != len(chunk):
            return True
    return False


class OffsetMap:
    """Code-point <-> UTF-16 position conversion for one document text, built once and reused.

    A text without astral-plane characters (the usual case) converts by identity. Otherwise the map
    keeps the sorted code-point indices of the astral characters and converts with a bisect, so a
    lookup costs O(log k) for k astral characters, whatever the length of the text.
    """

    __slots__ = ("_astral", "_astral_u16", "_length", "utf16_length")

    def __init__(self, text: str) -> None:
        self._length = len(text)
        # Code-point index of each astral character, ascending. The regex scan costs ~30 ms on 5 MB,
        # so first rule astral characters out with checks that are near-free (ASCII) or ~3x cheaper
        # (UTF-16 encoding is longer than the text exactly when there are surrogate pairs).
        self._astral: list[int] = []
        if not text.isascii() and _has_astral(text):
            self._astral = [m.start() for m in _ASTRAL.finditer(text)]
        # UTF-16 position where each of those characters' surrogate pair starts: every earlier
        # astral character has pushed it one unit further along.
        self._astral_u16: list[int] = [cp + i for i, cp in enumerate(self._astral)]
        self.utf16_length: int = self._length + len(self._astral)

    @property
    def is_identity(self) -> bool:
        """True when the text has no astral-plane characters, so both offset systems agree."""
        return not self._astral

    def to_utf16(self, cp: int) -> int:
        """The UTF-16 position of code-point offset `cp` (0..len(text) inclusive)."""
        if not 0 <= cp <= self._length:
            raise ValueError(f"code-point offset {cp} is outside 0..{self._length}")
        if not self._astral:
            return cp
        # Each astral character strictly before `cp` adds one extra code unit.
        return cp + bisect_left(self._astral, cp)

    def to_codepoint(self, u16: int, round_up: bool = False) -> int:
        """The code-point offset of UTF-16 position `u16` (0..utf16_length inclusive).

        A position between the two halves of a surrogate pair belongs to no code point. It rounds
        down to the start of that character by default (right for a selection start) and up past it
        with `round_up=True` (right for a selection end, so the whole character is included).
        """
        if not 0 <= u16 <= self.utf16_length:
            raise ValueError(f"UTF-16 position {u16} is outside 0..{self.utf16_length}")
        if not self._astral:
            return u16
        # Number of surrogate pairs starting before u16; the last one may be the pair u16 splits.
        k = bisect_left(self._astral_u16, u16)
        if k and self._astral_u16[k - 1] == u16 - 1:
            return u16 - k + (1 if round_up else 0)
        return u16 - k

    def span_to_codepoints(self, u16_start: int, u16_end: int) -> tuple[int, int]:
        """Convert a UTF-16 selection to code points, widening it to whole characters."""
        return self.to_codepoint(u16_start), self.to_codepoint(u16_end, round_up=True)

    def span_to_utf16(self, cp_start: int, cp_end: int) -> tuple[int, int]:
        """Convert a code-point span to UTF-16 positions (for QTextCursor.setPosition)."""
        return self.to_utf16(cp_start), self.to_utf16(cp_end)


def codepoint_to_utf16(text: str, cp: int) -> int:
    """One-off conversion of a code-point offset to a UTF-16 position; build an OffsetMap for many."""
    return OffsetMap(text).to_utf16(cp)


def utf16_to_codepoint(text: str, u16: int, round_up: bool = False) -> int:
    """One-off conversion of a UTF-16 position to a code-point offset; build an OffsetMap for many."""
    return OffsetMap(text).to_codepoint(u16, round_up=round_up)
