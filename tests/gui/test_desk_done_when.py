"""Issue 11's Done-when as one run of the real windows: two analysts verdict one claim differently, a
merge, a dispute with a comment that keeps the first analyst's "Confirmed" published everywhere, the
colleague's better proposal approved and published, both in the Verdict tab's history, a second spelling
of a claimant joined by an alias, and every step undone again in the window, state by state."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from annotator.gui.app import create_window
from annotator.gui.export_dialog import ExportDialog
from annotator.gui.main_window import MainWindow
from annotator.gui.people_dialog import PeopleDialog
from annotator.gui.review_lists import TrackRecordDialog
from annotator.gui.review_queue import ReviewQueueDialog
from annotator.gui.statistics_dialog import StatisticsDialog
from annotator.gui.verdict_tab import VerdictTab
from annotator.sample import create_sample_project
from gui_support import LUKASHENKA_TITLE, document_id_titled, select_text

PREDICTION = "we are not going to join the war"
SECOND = "Lukashenka"
THIRD = "Belarusian"
FOURTH = "Minsk"
# The tables a user's steps change; search indexes follow them and are checked by their own tests.
TABLES = (
    "annotators",
    "documents",
    "claims",
    "verdicts",
    "verdict_publications",
    "evidence",
    "reviews",
    "actors",
    "actor_aliases",
    "events",
    "claim_events",
    "conflicts",
    "tombstones",
    "custody",
    "settings",
)


def _window(qtbot: Any, path: Path, name: str, folder: Path) -> MainWindow:
    """The real main window on `path`, for the analyst `name` (their own settings, as on their laptop)."""
    settings = QSettings(str(folder / f"{name}.ini"), QSettings.Format.IniFormat)
    settings.setValue("identity/name", name)
    window = create_window(path, settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    _activate(qtbot, window)
    return window


def _activate(qtbot: Any, window: Any) -> None:
    # Shortcuts reach only the active window, as on a desktop where the user clicked into it.
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def _state(window: MainWindow, watch: VerdictTab) -> dict[str, Any]:
    """Everything a step may change: the project's rows, what the window lists, and the history a
    Verdict tab shows of the prediction (`watch`, one kept on it whichever claim the panel shows)."""
    conn = window.session.project.conn
    rows = {table: sorted(map(repr, conn.execute(f"SELECT * FROM {table}"))) for table in TABLES}
    panel = window.panel
    model = panel.model
    shown = {
        model.index(row, 1).data(): model.index(row, model.VERDICT_COLUMN).data()
        for row in range(model.rowCount())
    }
    watch.refresh()  # the panel re-selects after a merge reloads the document; this one is told here
    history = [watch.history.item(r).text() for r in range(watch.history.count())]
    return {"rows": rows, "claim list": shown, "history": history}


class Steps:
    """The user's steps in one window, each one undo step, with the state before it to come back to."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.watch = VerdictTab(window.session)
        self.before: list[tuple[str, dict[str, Any]]] = []

    def step(self, name: str) -> None:
        """Call before doing `name`: keeps the state it must undo back to."""
        stack = self.window.session.undo_stack
        assert stack.count() == len(self.before), f"before {name!r}: {[s for s, _ in self.before]}"
        self.before.append((name, _state(self.window, self.watch)))

    def done(self) -> None:
        assert self.window.session.undo_stack.count() == len(self.before), self.before[-1][0]


def _tag(qtbot: Any, window: MainWindow, phrase: str) -> str:
    """Select the phrase as a drag would and press 3 (prediction) in the document view."""
    _activate(qtbot, window)
    select_text(window, phrase)
    window.document_view.setFocus()
    before = window.panel.model.rowCount()
    qtbot.keyClick(window.document_view, Qt.Key.Key_3)
    assert window.panel.model.rowCount() == before + 1
    assert window.panel.claim is not None
    return window.panel.claim.id


def _type_claimant(qtbot: Any, window: MainWindow, name: str) -> None:
    field = window.panel.claimant
    window.panel.show_tab(window.panel.editor)
    field.setFocus()
    QTest.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(field, name)
    QTest.keyClick(field, Qt.Key.Key_Return)
    popup = field.completer().popup()
    if popup.isVisible():  # the completion list took the Return; the next one leaves the field
        QTest.keyClick(popup, Qt.Key.Key_Return)


def _record_verdict(
    qtbot: Any,
    window: MainWindow,
    label: str,
    as_of: tuple[str, str],
    conclusion: str,
    publish: bool = True,
) -> None:
    """Choose the label, type the as-of date (as typed, as understood) over whatever the field holds
    (Ctrl+A, then the keys), click Record."""
    panel = window.panel
    panel.show_tab(panel.verdict_tab)
    tab = panel.verdict_tab
    assert tab.label.currentIndex() == -1  # no label chosen for the user
    tab.label.setCurrentIndex(tab.label.findData(label))
    tab.as_of.setFocus()
    QTest.keyClick(tab.as_of, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(tab.as_of, as_of[0])
    assert tab.as_of_parsed.text() == f"→ as of {as_of[1]}"
    tab.conclusion.setFocus()
    QTest.keyClicks(tab.conclusion, conclusion)
    if tab.publish_now.isChecked() != publish:
        # On its box, at the left: a check box spanning the form takes clicks on its box and text only.
        box = tab.publish_now
        QTest.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
        assert box.isChecked() == publish
    QTest.mouseClick(tab.record, Qt.MouseButton.LeftButton)


def _merge(qtbot: Any, window: MainWindow, other: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """File > Merge Colleague's Project (Ctrl+Shift+M), choosing their file; returns the summary shown."""
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *_args: (str(other), "")))
    _activate(qtbot, window)
    qtbot.keyClick(
        window, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    box = window.findChild(QMessageBox, "mergeSummary")
    assert box is not None and box.isVisible()
    text = box.text()
    box.close()
    box.deleteLater()
    QApplication.processEvents()
    return text


def _open_dialog(qtbot: Any, window: MainWindow, key: Qt.Key, cls: type, modifiers: Any) -> Any:
    _activate(qtbot, window)
    qtbot.keyClick(window, key, modifiers)
    dialog = next(d for d in window.open_dialogs if isinstance(d, cls))
    _activate(qtbot, dialog)
    return dialog


CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def _published_everywhere(
    qtbot: Any, window: MainWindow, claim_id: str, folder: Path, published: str, absent: str
) -> None:
    """The report (HTML), ClaimReview, Statistics and the claim list all use the published verdict
    (`published`: "Confirmed as of 2023-10-01, by Anna"), and none the disputed one (`absent`)."""
    display = published.split(" as of ")[0]
    model = window.panel.model
    assert model.index(model.row_of(claim_id), model.VERDICT_COLUMN).data().startswith(display)
    export = _open_dialog(qtbot, window, Qt.Key.Key_E, ExportDialog, CTRL_SHIFT)
    export.format.setCurrentIndex(export.format.findData("html"))
    export.verified_only.setChecked(False)
    target = folder / f"{display}.html"
    with qtbot.waitSignal(export.exported, timeout=60_000):  # written on a worker thread
        assert export.export_to(target)
    report = " ".join(re.sub(r"<[^>]+>", " ", target.read_text(encoding="utf-8")).split())
    assert published in report
    assert f"{absent} as of" not in report
    export.format.setCurrentIndex(export.format.findData("claimreview"))
    target = folder / f"{display}.jsonld"
    with qtbot.waitSignal(export.exported, timeout=60_000):
        assert export.export_to(target)
    reviews = json.loads(target.read_text(encoding="utf-8"))
    reviews = reviews.get("@graph", reviews) if isinstance(reviews, dict) else reviews
    ratings = [review["reviewRating"]["alternateName"] for review in reviews]
    assert ratings == [display], ratings
    export.close()
    stats = _open_dialog(qtbot, window, Qt.Key.Key_S, StatisticsDialog, CTRL_SHIFT)
    overview = {
        stats.overview.item(r, 0).text().strip(): stats.overview.item(r, 1).text()
        for r in range(stats.overview.rowCount())
    }
    assert overview["Published verdicts"] == "1"
    assert overview[display] == "1"
    assert overview[absent] == "0"
    stats.close()


# The offscreen platform cannot raise a window or grab the keyboard for a completion popup; a desktop can.
@pytest.mark.qt_log_ignore(r"^This plugin does not support (raise\(\)|grabbing the keyboard)$")
def test_two_analysts_a_dispute_an_approval_an_alias_and_undo_of_every_step(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    anna_file, boris_file = tmp_path / "anna.sqlite", tmp_path / "boris.sqlite"
    create_sample_project(anna_file, "Anna")
    anna = _window(qtbot, anna_file, "Anna", tmp_path)
    steps = Steps(anna)
    document_id = document_id_titled(anna, LUKASHENKA_TITLE)
    anna.document_list.select(document_id)
    steps.step("tag the prediction")
    claim_id = _tag(qtbot, anna, PREDICTION)
    steps.done()
    steps.watch.set_claim(anna.panel.claim)

    # Anna sends Boris a copy of her project (taken with SQLite's backup, as her window has it open).
    with sqlite3.connect(boris_file) as copy:
        anna.session.project.conn.backup(copy)
    copy.close()

    steps.step("record Confirmed")
    _record_verdict(
        qtbot, anna, "confirmed", ("2023-10-01", "2023-10-01"), "Belarus kept its army out of the war"
    )
    tab = anna.panel.verdict_tab
    assert tab.history.item(0).text().startswith("Published: Confirmed as of 2023-10-01, by Anna")
    steps.done()

    boris = _window(qtbot, boris_file, "Boris", tmp_path)
    boris.document_list.select(document_id)
    boris.panel.select_claim(claim_id)
    _record_verdict(qtbot, boris, "mixed", ("1 November 2023", "2023-11-01"), "Troops trained, never crossed")
    assert boris.panel.verdict_tab.history.item(0).text().startswith("Published: Mixed as of 2023-11-01")

    steps.step("merge Boris's file")
    summary = _merge(qtbot, anna, boris_file, monkeypatch)
    assert "1 verdict" in summary
    steps.done()

    # The Review Queue: Boris's verdict, disputed with a comment (a dispute without one is refused).
    queue = _open_dialog(qtbot, anna, Qt.Key.Key_R, ReviewQueueDialog, CTRL_SHIFT)
    [item] = [i for i in queue.items if i.target_type == "verdict"]
    queue.queue.setCurrentRow(queue.items.index(item))
    # Readable: who, which label as the panel names it, every verdict on the claim with its state.
    assert queue.detail.text().startswith(
        f"Boris's verdict “Mixed” as of 2023-11-01, on the prediction in “{LUKASHENKA_TITLE}”"
    )
    table = queue.side_by_side
    assert [[table.item(r, c).text() for c in range(4)] for r in range(table.rowCount())] == [
        ["▶ Boris", "Mixed", "2023-11-01", "Published"],
        ["Anna", "Confirmed", "2023-10-01", "Superseded"],
    ]
    queue.queue.setFocus()
    qtbot.keyClick(queue.queue, Qt.Key.Key_D)
    assert anna.session.undo_stack.count() == len(steps.before)  # refused, nothing recorded
    error = anna.findChild(QMessageBox, "operationError")
    assert error is not None and "comment" in error.text()
    error.close()
    steps.step("dispute Boris's Mixed")
    queue.comment.setFocus()
    QTest.keyClicks(queue.comment, "The 2023 paper confirms it: the army stayed out")
    queue.queue.setFocus()
    qtbot.keyClick(queue.queue, Qt.Key.Key_D)
    steps.done()
    assert all(i.target_type != "verdict" for i in queue.items)
    queue.show_reviewed.setChecked(True)  # what was reviewed stays findable, with its thread
    [item] = [i for i in queue.items if i.target_type == "verdict"]
    queue.queue.setCurrentRow(queue.items.index(item))
    thread = queue.thread_list.item(0).text()
    assert thread.startswith("Anna disputed on ") and thread.endswith(
        ": The 2023 paper confirms it: the army stayed out"
    )
    queue.show_reviewed.setChecked(False)
    queue.close()
    anna.panel.select_claim(claim_id)
    _published_everywhere(qtbot, anna, claim_id, tmp_path, "Confirmed as of 2023-10-01, by Anna", "Mixed")

    # Boris proposes a better verdict in his copy; Anna merges again and approves it.
    _activate(qtbot, boris)
    boris.panel.select_claim(claim_id)
    _record_verdict(
        qtbot,
        boris,
        "mostly_confirmed",
        ("2023-12-01", "2023-12-01"),
        "Out of the war, but a staging ground",
        publish=False,
    )
    assert boris.panel.verdict_tab.waiting.text() == "1 newer proposal waiting for review"
    steps.step("merge Boris's file again")
    summary = _merge(qtbot, anna, boris_file, monkeypatch)
    steps.done()
    model = anna.panel.model
    cell = model.index(model.row_of(claim_id), model.VERDICT_COLUMN)
    assert cell.data() == cell.data(Qt.ItemDataRole.ToolTipRole) == "Confirmed +1 proposal"
    # The report still publishes Anna's verdict, and says a newer proposal waits.
    _published_everywhere(qtbot, anna, claim_id, tmp_path, "Confirmed as of 2023-10-01, by Anna", "Mixed")
    report = (tmp_path / "Confirmed.html").read_text(encoding="utf-8")
    assert "1 newer proposal waiting for review" in report
    queue = _open_dialog(qtbot, anna, Qt.Key.Key_R, ReviewQueueDialog, CTRL_SHIFT)
    [item] = [i for i in queue.items if i.target_type == "verdict"]
    assert item.label == "mostly_confirmed"
    queue.queue.setCurrentRow(queue.items.index(item))
    steps.step("approve Boris's proposal")
    queue.queue.setFocus()
    qtbot.keyClick(queue.queue, Qt.Key.Key_A)
    steps.done()
    queue.close()
    anna.panel.select_claim(claim_id)
    _published_everywhere(
        qtbot, anna, claim_id, tmp_path, "Mostly confirmed as of 2023-12-01, by Boris", "Mixed"
    )
    history = [tab.history.item(r).text() for r in range(tab.history.count())]
    assert [line.splitlines()[0] for line in history] == [
        "Published: Mostly confirmed as of 2023-12-01, by Boris",
        "Disputed: Mixed as of 2023-11-01, by Boris",
        "Superseded: Confirmed as of 2023-10-01, by Anna",
    ]
    assert "Approved by Anna on " in history[0]
    assert "Disputed by Anna on " in history[1]

    # People: a second spelling joins Alexander Lukashenka once it is his alias, and at once after.
    for phrase, name in ((SECOND, "Alexander Lukashenka"), (THIRD, "Alexander Lukashenko")):
        steps.step(f"tag {phrase!r}")
        _tag(qtbot, anna, phrase)
        steps.done()
        steps.step(f"name {name}")
        _type_claimant(qtbot, anna, name)
        steps.done()
    people = _open_dialog(
        qtbot,
        anna,
        Qt.Key.Key_P,
        PeopleDialog,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier,
    )
    assert [people.list.item(r).text() for r in range(people.list.count())] == [
        "Alexander Lukashenka (1)",
        "Alexander Lukashenko (1)",
    ]
    people.select("Alexander Lukashenka")
    steps.step("alias Lukashenko")
    people.alias.setFocus()
    QTest.keyClicks(people.alias, "Alexander Lukashenko")
    QTest.keyClick(people.alias, Qt.Key.Key_Return)
    steps.done()
    assert [people.list.item(r).text() for r in range(people.list.count())] == ["Alexander Lukashenka (2)"]
    people.close()
    steps.step(f"tag {FOURTH!r}")
    _tag(qtbot, anna, FOURTH)
    steps.done()
    steps.step("name him Lukashenko again")
    _type_claimant(qtbot, anna, "Alexander Lukashenko")
    steps.done()
    assert anna.panel.claimant.text() == "Alexander Lukashenka"  # shown by his name
    records = _open_dialog(qtbot, anna, Qt.Key.Key_T, TrackRecordDialog, CTRL_SHIFT)
    model = records.claimant_model
    assert {r.name: r.total for r in model.records} == {"Alexander Lukashenka": 3, "(no claimant)": 1}
    records.close()

    # Undo, step by step, in the window: each brings back exactly the state before that step.
    _activate(qtbot, anna)
    anna.panel.select_claim(claim_id)
    for name, before in reversed(steps.before):
        _activate(qtbot, anna)
        qtbot.keyClick(anna, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        anna.panel.select_claim(claim_id)
        after = _state(anna, steps.watch)
        for key in ("rows", "claim list", "history"):
            if after[key] != before[key]:
                if key == "rows":
                    diff = {
                        t: (set(before[key][t]) ^ set(after[key][t]))
                        for t in TABLES
                        if before[key][t] != after[key][t]
                    }
                    pytest.fail(
                        f"undo of {name!r} left {key} changed: {json.dumps(diff, default=str)[:3000]}"
                    )
                pytest.fail(f"undo of {name!r} left {key} changed: {before[key]} != {after[key]}")
    assert anna.session.undo_stack.index() == 0
    assert [row[0] for row in anna.session.project.conn.execute("SELECT count(*) FROM verdicts")] == [0]

    # Boris's two verdicts come back out of his copy the same way.
    _activate(qtbot, boris)
    for _ in range(2):
        qtbot.keyClick(boris, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [row[0] for row in boris.session.project.conn.execute("SELECT count(*) FROM verdicts")] == [0]
    assert boris.panel.verdict_tab.history.count() == 0
