"""Icons: the application's own (resources/icons), and toolbar/menu icons from qtawesome's bundled fonts."""

from __future__ import annotations

import functools

import qtawesome
from PySide6.QtGui import QAction, QIcon, QPalette
from PySide6.QtWidgets import QApplication
from qtawesome.iconic_font import IconicFont

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
    return _icon_font().icon(
        glyph,
        color=palette.color(QPalette.ColorRole.WindowText),
        color_disabled=palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText),
    )


@functools.cache
def _icon_font() -> IconicFont:
    """qtawesome's icon font holding just the one font the actions use (Material Design Icons 6).

    qtawesome.icon() first loads every font qtawesome bundles, each checked against its MD5 sum: about
    6 MB of fonts and 1 MB of JSON charmaps read at every start, for the 32 glyphs of one of them.
    """
    spec = next((spec for spec in getattr(qtawesome, "_BUNDLED_FONTS", ()) if spec[0] == "mdi6"), None)
    if spec is None:  # a qtawesome that lists its fonts differently: its own loader, every font
        return qtawesome._instance()  # type: ignore[no-any-return]
    return IconicFont(spec)


def apply_action_icons(actions: dict[str, QAction]) -> None:
    """Give every action its icon (again after a palette change, so the glyphs follow the text colour)."""
    for name, action in actions.items():
        action.setIcon(action_icon(name))
