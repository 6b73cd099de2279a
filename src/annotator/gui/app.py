"""Starting the GUI: the QApplication, which project to open (last, given, or the first-run sample)."""

from __future__ import annotations

import gc
import sys
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from annotator import __version__
from annotator.gui import icons, palette, style
from annotator.gui.error_hook import install_excepthook
from annotator.gui.main_window import MainWindow
from annotator.gui.preferences import Preferences, PreferencesDialog, has_identity
from annotator.gui.project_lock import OpeningCancelled, open_for_window, working_annotator
from annotator.gui.session import ProjectSession
from annotator.gui.settings import text_setting, user_name
from annotator.gui.web_engine import prepare_web_engine
from annotator.store.project import ProjectError

SAMPLE_NAME = "sample-project.sqlite"


def sample_project_path() -> Path:
    """~/.local/share/annotator/sample-project.sqlite on Linux. The app data folder would repeat the
    name (…/annotator/annotator/), as organisation and application are both "annotator"; a sample made
    there by an earlier version is still used."""
    earlier = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation))
    if (earlier / SAMPLE_NAME).exists():
        return earlier / SAMPLE_NAME
    shared = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericDataLocation))
    folder = shared / "annotator"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / SAMPLE_NAME


def shown_path(path: Path) -> str:
    """A path as a person reads it: the home folder as ~."""
    try:
        return str(Path("~") / path.resolve().relative_to(Path.home().resolve()))
    except ValueError:
        return str(path)


def choose_project(given: Path | None, settings: QSettings, sample: bool = False) -> tuple[Path, str | None]:
    """The project to open and, when the sample project was just created, a message saying so."""
    if given is not None:
        return given, None
    last = text_setting(settings, "lastProject")
    if not sample and last and Path(last).exists():
        return Path(last), None
    sample_path = sample_project_path()
    if sample_path.exists():
        return sample_path, None
    from annotator.sample import create_sample_project  # the importers: only on a very first run

    outcomes = create_sample_project(sample_path, user_name(settings))
    count = sum(1 for outcome in outcomes if outcome.ok)
    return sample_path, (
        f"Welcome to annotator. A sample project with {count} documents about Belarus and the war in Ukraine "
        f"was created as {shown_path(sample_path)} (File > Open Recent finds it again).\n\n"
        "Select a sentence and press T to tag it as a claim. "
        "Every change is saved "
        "as you go; Ctrl+Z undoes it."
    )


def create_window(project_path: Path, settings: QSettings) -> MainWindow:
    """Open the project and build its window; raises ProjectError for a file we must not touch, and
    OpeningCancelled when another window holds it and the user cancels."""
    # No cyclic garbage collection while the window is built: its tens of thousands of new rows and
    # wrappers set off collections that walk every object of every module imported (50-100 ms here,
    # against nothing to free); collections resume as the window is handed back.
    collecting = gc.isenabled()
    gc.disable()
    try:
        project, lock = open_for_window(project_path)
        annotator_id = working_annotator(project, user_name(settings))
        window = MainWindow(ProjectSession(project, annotator_id), settings, lock)
        window.restore_layout()
    finally:
        if collecting:
            gc.enable()
    return window


def _palette_changed(app: QApplication) -> None:
    style.follow_palette(app.palette().window().color())
    for widget in app.allWidgets():
        widget.update()


def run_gui(project_path: Path | None, sample: bool = False) -> int:
    prepare_web_engine()  # before the QApplication, for the export dialog's preview
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setOrganizationName("annotator")
    app.setApplicationName("annotator")
    app.setApplicationVersion(__version__)
    settings = QSettings()
    install_excepthook()
    app.setWindowIcon(icons.app_icon())
    app.setDesktopFileName("annotator")  # matches resources/annotator.desktop, for the task bar's icon
    # Light or dark, as the system is (or as chosen in Preferences); again whenever the user switches it.
    palette.apply_scheme(app, Preferences.load(settings).colour_scheme)
    app.styleHints().colorSchemeChanged.connect(lambda _scheme: _palette_changed(app))
    if not has_identity(settings):
        # The very first run: ask who is working, since everything they make records it.
        first = PreferencesDialog(Preferences.load(settings), first_run=True)
        if first.exec():
            first.preferences().save(settings)
    try:
        path, welcome = choose_project(project_path, settings, sample)
        window = create_window(path, settings)
    except OpeningCancelled:
        return 0
    except ProjectError as error:
        QMessageBox.critical(None, "Cannot open project", f"{error.path}\n\n{error.reason}")
        print(f"error: {error}", file=sys.stderr)
        return 2
    window.show()
    if welcome:
        QTimer.singleShot(0, lambda: QMessageBox.information(window, "Sample project created", welcome))
    return app.exec()
