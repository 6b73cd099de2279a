"""Icons, the application icon and desktop file, and the light and dark palettes."""

from __future__ import annotations

import configparser
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QToolBar

from annotator.gui import palette, style
from annotator.gui.actions import ACTIONS
from annotator.gui.icons import ACTION_ICONS, APP_ICON_FILES, app_icon
from annotator.gui.main_window import MainWindow
from annotator.gui.preferences import Preferences, PreferencesDialog
from annotator.resource_files import resource_path


@pytest.fixture
def restored_palette() -> Iterator[QApplication]:
    """The tests after this one see the palette and style they had (highlight colours depend on it)."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before, style_name = QApplication.palette(), app.style().name()
    yield app
    app.setStyle(style_name)
    app.setPalette(before)
    app.styleHints().unsetColorScheme()
    style.follow_palette(before.window().color())


def test_every_toolbar_action_has_an_icon_and_the_window_the_app_icon(
    qtbot, sample_project: Path, open_window: Callable[[Path], MainWindow]
) -> None:  # type: ignore[no-untyped-def]
    window = open_window(sample_project)
    assert set(ACTION_ICONS) <= {spec.name for spec in ACTIONS}  # no icon for an action that is gone
    toolbar = window.findChild(QToolBar, "mainToolbar")
    assert toolbar is not None
    on_toolbar = [action for action in toolbar.actions() if not action.isSeparator()]
    assert len(on_toolbar) >= 8
    for action in on_toolbar:
        assert not action.icon().isNull(), action.objectName()
        assert not action.icon().pixmap(24, 24).isNull()
    assert window.actions_by_name["actionUndo"].iconText() == "Undo"  # however long the menu's text gets
    assert not window.windowIcon().isNull()
    assert not app_icon().pixmap(64, 64).isNull()
    for name in APP_ICON_FILES:
        assert resource_path(name).is_file()


def test_the_desktop_file_launches_the_gui_with_the_icon() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    entry.read(resource_path("annotator.desktop"), encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert desktop["Type"] == "Application" and desktop["Name"] == "annotator"
    assert desktop["Exec"].split()[0] == "annotator-gui"  # the gui-script of pyproject.toml
    assert desktop["Icon"] == Path(APP_ICON_FILES[0]).stem
    assert desktop["Terminal"] == "false"


def test_dark_and_light_palettes_switch_colours_and_redraw_icons(
    qtbot, sample_project: Path, open_window: Callable[[Path], MainWindow], restored_palette: QApplication
) -> None:  # type: ignore[no-untyped-def]
    window = open_window(sample_project)
    undo = window.actions_by_name["actionUndo"]

    def icon_colour() -> int:
        image = undo.icon().pixmap(32, 32).toImage()
        pixels = [image.pixelColor(x, y) for x in range(32) for y in range(32)]
        return max(pixels, key=lambda colour: colour.alpha()).lightness()

    palette.apply_scheme(restored_palette, "light")
    qtbot.waitUntil(lambda: icon_colour() < 100)  # dark glyphs on a light tool bar
    assert QApplication.palette().color(QPalette.ColorRole.Window).lightness() > 128
    assert not style.dark_palette
    light_kind = style.kind_colour("quote")
    palette.apply_scheme(restored_palette, "dark")
    assert QApplication.palette().color(QPalette.ColorRole.Window).lightness() < 128
    assert style.dark_palette
    assert style.kind_colour("quote").lightness() < light_kind.lightness()  # deep highlights under light text
    qtbot.waitUntil(lambda: icon_colour() > 150)  # the icons follow the text colour


def test_the_colour_scheme_is_a_preference(qtbot, settings) -> None:  # type: ignore[no-untyped-def]
    assert Preferences.load(settings).colour_scheme == "system"
    dialog = PreferencesDialog(Preferences(name="Tester"))
    qtbot.addWidget(dialog)
    dialog.scheme.setCurrentIndex(dialog.scheme.findData("dark"))
    assert dialog.preferences().colour_scheme == "dark"
    chosen = Preferences(name="Tester", colour_scheme="dark")
    chosen.save(settings)
    assert Preferences.load(settings).colour_scheme == "dark"
    assert set(palette.SCHEMES) == {"system", "light", "dark"}


def test_action_icons_from_the_one_loaded_font_match_qtawesomes_own(qtbot) -> None:  # type: ignore[no-untyped-def]
    # The window loads only Material Design Icons 6; every glyph must draw as qtawesome.icon() draws it.
    import qtawesome

    from annotator.gui.icons import action_icon

    palette = QApplication.palette()
    text = palette.color(QPalette.ColorRole.WindowText)
    disabled = palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText)
    for name, glyph in ACTION_ICONS.items():
        ours = action_icon(name).pixmap(24, 24).toImage()
        theirs = qtawesome.icon(glyph, color=text, color_disabled=disabled).pixmap(24, 24).toImage()
        assert ours == theirs, name
        assert any(ours.pixelColor(x, y).alpha() for x in range(24) for y in range(24)), name
