"""Preferences: default claim kind, date order and colours take effect and are saved."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtGui import QColor

from annotator.gui import preferences
from annotator.gui.main_window import MainWindow
from annotator.gui.preferences import DEFAULT_KIND_COLOURS, Preferences, PreferencesDialog
from annotator.gui.style import KIND_COLOURS
from gui_support import LUKASHENKA_TITLE, document_id_titled, painted_colour_at, select_text


def test_preferences_change_tagging_dates_and_colours_and_persist(
    qtbot, sample_project: Path, settings: QSettings, open_window: Callable[[Path], MainWindow]
) -> None:  # type: ignore[no-untyped-def]
    window = open_window(sample_project)
    dialog = PreferencesDialog(preferences.current, parent=window)
    qtbot.addWidget(dialog)
    dialog.name.setText("Ana Analyst")
    dialog.default_kind.setCurrentText("opinion")
    dialog.monthfirst.setChecked(True)
    dialog.colours["opinion"] = "#123456"
    chosen = dialog.preferences()
    chosen.save(settings)
    chosen.apply()
    try:
        window.document_list.select(document_id_titled(window, LUKASHENKA_TITLE))
        start, _ = select_text(window, "we are not going to join the war")
        window.actions_by_name["actionTagClaim"].trigger()
        assert window.panel.claim is not None and window.panel.claim.kind == "opinion"
        assert painted_colour_at(window, start) == QColor("#123456")
        window.panel.stated.setText("03/04/2022")
        window.panel.stated.editingFinished.emit()
        assert window.panel.claim.stated_lo == "2022-03-04"  # month first
        reloaded = Preferences.load(settings)
        assert (reloaded.name, reloaded.default_kind, reloaded.dayfirst) == ("Ana Analyst", "opinion", False)
        assert reloaded.kind_colours["opinion"] == "#123456"
    finally:
        # Preferences are process-wide: put the defaults back for the other tests.
        Preferences(name="", kind_colours=dict(DEFAULT_KIND_COLOURS)).apply()
    assert KIND_COLOURS["opinion"] == DEFAULT_KIND_COLOURS["opinion"]


def test_a_dark_palette_gets_deep_highlights_a_light_one_pastel() -> None:
    from annotator.gui import style

    try:
        style.follow_palette(QColor("#202020"))
        dark = style.kind_colour("prediction")
        style.follow_palette(QColor("#f0f0f0"))
        light = style.kind_colour("prediction")
    finally:
        style.follow_palette(QColor("#f0f0f0"))
    assert light == QColor(style.KIND_COLOURS["prediction"])
    assert dark.lightness() < 100 < light.lightness()
