"""Makes the README's screenshots: starts the real app offscreen on a fresh sample project and saves PNGs,
in the light palette (main-window.png, timeline.png, review-queue.png, search.png, report-preview.png) and
the dark one (the same names ending in -dark).

Usage: QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots.py [OUTPUT_FOLDER]
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QSettings, QStandardPaths, QTimer  # noqa: E402
from PySide6.QtGui import QTextCursor  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from annotator.gui import palette  # noqa: E402
from annotator.gui.app import create_window  # noqa: E402
from annotator.gui.main_window import MainWindow  # noqa: E402
from annotator.gui.project_lock import working_annotator  # noqa: E402
from annotator.gui.undo.documents import EditDocumentCommand  # noqa: E402
from annotator.gui.undo.events import CreateEventCommand  # noqa: E402
from annotator.gui.undo.verdicts import AddVerdictCommand  # noqa: E402
from annotator.gui.web_engine import prepare_web_engine  # noqa: E402
from annotator.sample import create_sample_project  # noqa: E402
from annotator.store import queries  # noqa: E402

TITLE = "Will Lukashenka join Putin in invading Ukraine?"
CLAIMS = (
    ("we are not going to join the war", "prediction", "Alexander Lukashenka", "17 March"),
    (
        "Belarus may be the only country to support Russia in current conditions",
        "quote",
        "Alexander Lukashenka",
        "",
    ),
    ("Minsk has so far prevailed in its attempts not to send soldiers to Ukraine", "factual", "", ""),
    ("Since May 2021, Belarusians can only fly abroad via Moscow", "factual", "", ""),
)


def select(window: MainWindow, phrase: str) -> None:
    view = window.document_view
    start = view.text.index(phrase)
    cursor = view.textCursor()
    cursor.setPosition(view.offsets.to_utf16(start))
    cursor.setPosition(view.offsets.to_utf16(start + len(phrase)), QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)


def main() -> None:
    output = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")
    output.mkdir(parents=True, exist_ok=True)
    prepare_web_engine()  # as the application does, for the report preview
    app = QApplication(sys.argv)
    QStandardPaths.setTestModeEnabled(True)
    for scheme, suffix in (("light", ""), ("dark", "-dark")):
        palette.apply_scheme(app, scheme)
        shoot(app, output, suffix)


def shoot(app: QApplication, output: Path, suffix: str) -> None:
    """The sample story entered as a user would, then each screen saved with `suffix` on its name."""
    with tempfile.TemporaryDirectory() as tmp:
        project_path = Path(tmp) / "sample.sqlite"
        create_sample_project(project_path, "Analyst")
        settings = QSettings(str(Path(tmp) / "s.ini"), QSettings.Format.IniFormat)
        settings.setValue("identity/name", "Analyst")
        window = create_window(project_path, settings)
        window.resize(1400, 860)
        window.show()
        app.processEvents()
        document_id = next(
            s.id for s in queries.document_summaries(window.session.project) if s.title == TITLE
        )
        window.document_list.select(document_id)
        window.session.undo_stack.push(
            EditDocumentCommand(window.session, document_id, {"published": "2022-03"})
        )
        for phrase, kind, claimant, stated in CLAIMS:
            select(window, phrase)
            window.tag_selection(kind)
            panel = window.panel
            if claimant:
                panel.claimant.setText(claimant)
                panel.claimant.editingFinished.emit()
            if stated:
                panel.stated.setText(stated)
                panel.stated.editingFinished.emit()
        prediction = next(c.id for c in window.panel.model.claims if c.kind == "prediction")
        window.panel.select_claim(prediction)
        add_events_and_verdicts(window, prediction)
        colleagues_work(window)
        window.panel.select_claim(prediction)
        window.panel.show_tab(window.panel.verdict_tab)
        app.processEvents()
        save(window, output / f"main-window{suffix}.png")
        window.actions_by_name["actionTimeline"].trigger()
        window.timeline_dock.setFloating(True)
        window.timeline_dock.resize(1400, 480)
        app.processEvents()
        window.timeline.fit_all()
        app.processEvents()
        save(window.timeline, output / f"timeline{suffix}.png")
        window.timeline_dock.hide()
        review_queue(window, output / f"review-queue{suffix}.png")
        search_chinese(window, output / f"search{suffix}.png")
        if not suffix:
            extra_screenshots(window, output)
        window.close()


def colleagues_work(window: MainWindow) -> None:
    """A colleague's claim and verdict, entered under their name, for the review queue to show."""
    session = window.session
    own = session.annotator_id
    session.annotator_id = working_annotator(session.project, "Colleague")
    select(window, "Belarus is tightly linked with Russia")
    window.tag_selection("factual")
    claim = window.panel.claim
    assert claim is not None
    session.undo_stack.push(
        AddVerdictCommand(
            session,
            claim.id,
            {
                "label": "mostly_confirmed",
                "as_of": "2023-01-15",
                "conclusion": "Trade and flights go via Russia",
            },
        )
    )
    session.annotator_id = own


def review_queue(window: MainWindow, path: Path) -> None:
    window.actions_by_name["actionReviewQueue"].trigger()
    dialog = window.open_dialogs[-1]
    dialog.resize(1100, 640)
    QApplication.processEvents()
    queue = getattr(dialog, "queue", None)
    if queue is not None and queue.count():
        queue.setCurrentRow(0)
    QApplication.processEvents()
    save(dialog, path)
    dialog.close()


def search_chinese(window: MainWindow, path: Path) -> None:
    """Search Project with a two-character Chinese query (战争, "war"), found by the trigram index's
    short-query path in the 2023 paper's Chinese translation."""
    window.actions_by_name["actionSearch"].trigger()
    dialog = window.open_dialogs[-1]
    dialog.resize(1000, 560)
    query = getattr(dialog, "query")  # noqa: B009 (a SearchDialog, known here only as a QDialog)
    query.setText("战争")
    getattr(dialog, "run_search")()  # noqa: B009
    QApplication.processEvents()
    save(dialog, path)
    dialog.close()


def save(widget: QWidget, path: Path) -> None:
    widget.grab().save(str(path))
    print(f"saved {path}")


def add_events_and_verdicts(window: MainWindow, prediction: str) -> None:
    """The events and findings of the sample story, entered through the same commands the panel uses."""
    session = window.session
    events_tab = window.panel.events_tab
    events_tab.relation.setCurrentText("About")
    events_tab.create_event_with({"title": "Russia invades Ukraine", "date_text": "24 February 2022"})
    for title, when in (
        ("Constitutional referendum in Belarus", "27 February 2022"),
        ("Joint regional group of forces deployed", "10 October 2022"),
    ):
        session.undo_stack.push(CreateEventCommand(session, {"title": title, "date_text": when}))
    session.undo_stack.push(
        AddVerdictCommand(
            session,
            prediction,
            {
                "label": "confirmed",
                "as_of": "2023-10-05",
                "conclusion": "Belarus kept its army out of the war",
            },
        )
    )


def extra_screenshots(window: MainWindow, output: Path) -> None:
    """Screens added as features land: the report preview when the export dialog exists."""
    action = window.actions_by_name.get("actionExportReport")
    if action is None:
        return
    action.trigger()
    dialog = window.open_dialogs[-1]
    dialog.resize(1200, 800)
    # The preview is drawn by Chromium, asynchronously: wait until the page is in (30 s at most).
    loop = QEventLoop()
    dialog.preview.loaded.connect(lambda _ok: QTimer.singleShot(300, loop.quit))
    QTimer.singleShot(30_000, loop.quit)
    dialog.refresh_preview()
    loop.exec()
    QApplication.processEvents()
    save(dialog, output / "report-preview.png")
    dialog.close()


if __name__ == "__main__":
    main()
