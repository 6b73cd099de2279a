"""Icons: the application's own (resources/icons), and toolbar/menu icons from qtawesome's bundled fonts."""

from __future__ import annotations

import functools
import importlib.util
import json
from pathlib import Path

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import (
    QAction,
    QColor,
    QFont,
    QFontDatabase,
    QIcon,
    QIconEngine,
    QPainter,
    QPalette,
    QPixmap,
)
from PySide6.QtWidgets import QApplication

from annotator.resource_files import resource_path

APP_ICON_FILES = ("icons/annotator.svg", "icons/annotator.png")

# Material Design Icons (mdi6) bundled in qtawesome's wheel: drawn from a font, so they are crisp at any
# scale and take the palette's text colour (legible on light and dark palettes alike).
ACTION_ICONS: dict[str, str] = {
    "actionNewProject": "mdi6.file-plus-outline",
    "actionOpenProject": "mdi6.folder-open-outline",
    "actionImport": "mdi6.file-import-outline",
    "actionImportFolder": "mdi6.folder-download-outline",
    "actionImportUrl": "mdi6.web",
    "actionExportReport": "mdi6.file-export-outline",
    "actionMerge": "mdi6.source-merge",
    "actionQuit": "mdi6.exit-to-app",
    "actionFind": "mdi6.magnify",
    "actionSearch": "mdi6.text-box-search-outline",
    "actionUndo": "mdi6.undo",
    "actionRedo": "mdi6.redo",
    "actionTagClaim": "mdi6.tag-plus-outline",
    "actionNextClaim": "mdi6.arrow-down-bold-outline",
    "actionPreviousClaim": "mdi6.arrow-up-bold-outline",
    "actionDeleteClaim": "mdi6.tag-remove-outline",
    "actionAddEvidence": "mdi6.paperclip",
    "actionSecondDocument": "mdi6.book-open-page-variant-outline",
    "actionColourByVerdict": "mdi6.palette-outline",
    "actionNewVersion": "mdi6.file-replace-outline",
    "actionDocumentDetails": "mdi6.information-outline",
    "actionSaveOriginal": "mdi6.content-save-outline",
    "actionVerifyEvidence": "mdi6.shield-check-outline",
    "actionTimeline": "mdi6.chart-timeline",
    "actionReviewQueue": "mdi6.clipboard-check-outline",
    "actionConflicts": "mdi6.call-split",
    "actionDueForReview": "mdi6.calendar-clock",
    "actionTrackRecord": "mdi6.chart-bar",
    "actionStatistics": "mdi6.chart-pie",
    "actionPeople": "mdi6.account-multiple-outline",
    "actionPreferences": "mdi6.cog-outline",
    "actionShortcuts": "mdi6.keyboard-outline",
}

# The font and its charmap in qtawesome's wheel, found without importing qtawesome: its import brings
# qtpy, which star-imports QtCore, QtGui, QtWidgets and QtOpenGL and builds every enum of them, a third
# of a second of every start for 32 glyphs of one font.
_FONT_GLOB = "materialdesignicons6-webfont-*.ttf"


def app_icon() -> QIcon:
    """The application icon drawn for the project (SVG, with a PNG for where SVG is not rendered)."""
    icon = QIcon()
    for name in APP_ICON_FILES:
        icon.addFile(str(resource_path(name)))
    return icon


def action_icon(name: str) -> QIcon:
    """The icon of one action of the action table, in the palette's text colour (null if it has none)."""
    glyph = ACTION_ICONS.get(name)
    if glyph is None:
        return QIcon()
    palette = QApplication.palette()
    colour = palette.color(QPalette.ColorRole.WindowText)
    disabled = palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText)
    font = _icon_font()
    if font is None:  # a qtawesome that keeps its fonts elsewhere: its own loader, every font
        import qtawesome

        return qtawesome.icon(glyph, color=colour, color_disabled=disabled)  # type: ignore[no-any-return]
    family, charmap = font
    return QIcon(GlyphEngine(family, chr(int(charmap[glyph.removeprefix("mdi6.")], 16)), colour, disabled))


@functools.cache
def _icon_font() -> tuple[str, dict[str, str]] | None:
    """The family of Material Design Icons 6 (loaded into Qt once) and its charmap: glyph name to hex
    code point; None if qtawesome's wheel does not hold them where expected."""
    spec = importlib.util.find_spec("qtawesome")
    folders = spec.submodule_search_locations if spec is not None else None
    fonts = sorted((Path(folders[0]) / "fonts").glob(_FONT_GLOB)) if folders else []
    if not fonts:
        return None
    charmap_path = fonts[-1].with_name(fonts[-1].stem.replace("-webfont-", "-webfont-charmap-") + ".json")
    families = QFontDatabase.applicationFontFamilies(QFontDatabase.addApplicationFont(str(fonts[-1])))
    if not families or not charmap_path.is_file():
        return None
    return families[0], json.loads(charmap_path.read_text(encoding="utf-8"))


class GlyphEngine(QIconEngine):
    """One glyph of an icon font, drawn as qtawesome draws it (its "text" mode): the glyph's pixel size
    7/8 of the icon's height, centred, in the text colour, or the disabled text colour when disabled."""

    def __init__(self, family: str, char: str, colour: QColor, disabled: QColor) -> None:
        super().__init__()
        self.family, self.char, self.colour, self.disabled = family, char, QColor(colour), QColor(disabled)

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        painter.save()
        painter.setPen(self.disabled if mode == QIcon.Mode.Disabled else self.colour)
        font = QFont()
        font.setFamily(self.family)
        font.setPixelSize(round(0.875 * rect.height()))
        painter.setFont(font)
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter | Qt.AlignmentFlag.AlignVCenter), self.char)
        painter.restore()

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        pixmap = QPixmap(size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        self.paint(painter, QRect(QPoint(0, 0), size), mode, state)
        painter.end()
        return pixmap

    def clone(self) -> QIconEngine:
        return GlyphEngine(self.family, self.char, self.colour, self.disabled)


def apply_action_icons(actions: dict[str, QAction]) -> None:
    """Give every action its icon (again after a palette change, so the glyphs follow the text colour)."""
    for name, action in actions.items():
        action.setIcon(action_icon(name))
