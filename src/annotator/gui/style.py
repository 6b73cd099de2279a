"""Colours for claim kinds and annotators, shared by the document view, lists and legends."""

from __future__ import annotations

from PySide6.QtGui import QColor

KIND_COLOURS: dict[str, str] = {
    "factual": "#8ecae6",
    "quote": "#b7e4a7",
    "prediction": "#ffc971",
    "promise": "#d5b8ff",
    "opinion": "#f4a7b9",
}

KIND_SHORTCUT_KEYS: dict[str, str] = {
    "factual": "1",
    "quote": "2",
    "prediction": "3",
    "promise": "4",
    "opinion": "5",
}


# Set from the system colour scheme: pastel highlights under light text would be unreadable, so a dark
# palette gets deep versions of the same hues.
dark_palette = False


# (colour name, depth up to 5, dark palette) -> the shade. The document view asks for a colour per
# highlighted stretch (~900 per paint with 100,000 stacked claims): making each afresh cost 1.6 us.
_shades: dict[tuple[str, int, bool], QColor] = {}


def _for_palette(name: str, depth: int) -> QColor:
    """The shade of a colour for a stretch `depth` claims cover, in the current palette: one QColor per
    shade, shared by every caller (copy it before changing it)."""
    key = (name, max(1, min(depth, 5)), dark_palette)
    shade = _shades.get(key)
    if shade is None:
        colour, steps = QColor(name), key[1] - 1
        if dark_palette:
            shade = colour.darker(260 + 30 * steps)
        else:
            shade = colour.darker(100 + 18 * steps) if steps else colour
        _shades[key] = shade
    return shade


def kind_colour(kind: str, depth: int = 1) -> QColor:
    """The highlight colour of a claim kind; stretches covered by several claims are drawn darker.
    Shared: copy it before changing it."""
    return _for_palette(KIND_COLOURS.get(kind, "#dddddd"), depth)


VERDICT_COLOURS: dict[str, str] = {
    "confirmed": "#7fd17f",
    "mostly_confirmed": "#b9e6a5",
    "mixed": "#f2e27d",
    "mostly_refuted": "#f5b971",
    "refuted": "#f08080",
    "unverifiable": "#c8c8c8",
    "pending": "#a9c8f0",
}
NO_VERDICT_COLOUR = "#e4e4e4"


def verdict_colour(label: str | None, depth: int = 1) -> QColor:
    """The highlight colour of a claim's current verdict (light grey when it has none). Shared: copy it
    before changing it."""
    return _for_palette(VERDICT_COLOURS.get(label or "", NO_VERDICT_COLOUR), depth)


def text_on(background: QColor) -> QColor:
    """Black or white, whichever reads on this background (a pastel in light palettes, a deep hue in dark)."""
    return QColor("#000000") if background.lightness() >= 140 else QColor("#ffffff")


def follow_palette(window_colour: QColor) -> None:
    """Switch highlight colours for a dark or light palette, judged by the window background."""
    global dark_palette
    dark_palette = window_colour.lightness() < 128


# Suggestions are drawn unlike claims: a dashed underline in a muted grey-blue, never a filled highlight,
# so machine proposals never pass for the analyst's own work.
SUGGESTION_COLOUR = "#7a8aa0"
CURRENT_SUGGESTION_COLOUR = "#3d5a80"
