"""The import progress dialog: filled in from the start, a fixed width whatever the path, the file being
read, and the counts of what happened to the others."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from annotator.gui.import_progress import DIALOG_WIDTH, ImportProgressDialog
from annotator.gui.main_window import MainWindow
from annotator.store.project import open_project


def test_the_dialog_is_never_blank_nor_widened_by_a_long_path(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = ImportProgressDialog(2)
    qtbot.addWidget(dialog)
    # Before the worker says anything, the dialog already says what is going on.
    assert dialog.heading.text() == "Looking for files to import in 2 items…"
    assert dialog.summary.text() == "0 imported · 0 already in the project · 0 failed"
    assert (dialog.bar.minimum(), dialog.bar.maximum()) == (0, 0)  # busy
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.width() == DIALOG_WIDTH
    path = "/home/analyst/" + "a folder with a very long name/" * 12 + "003_ecf39437e7890661.txt"
    dialog.file_started(3, 12, path)
    assert dialog.width() == DIALOG_WIDTH
    assert dialog.heading.text() == "Importing file 3 of 12…"
    shown = dialog.current.text()
    assert "…" in shown and shown.startswith("/home/") and shown.endswith("003_ecf39437e7890661.txt")
    assert dialog.current.toolTip() == dialog.current.full_text == path
    assert dialog.current.fontMetrics().horizontalAdvance(shown) <= dialog.current.width()
    for done, status in enumerate(("imported", "duplicate", "failed", "imported"), start=1):
        dialog.file_done(done, 12, f"{status}: {path}", status)
    assert dialog.summary.text() == "2 imported · 1 already in the project · 1 failed"
    assert (dialog.bar.value(), dialog.bar.maximum()) == (4, 12)
    assert dialog.width() == DIALOG_WIDTH and dialog.sizeHint().width() <= DIALOG_WIDTH
    with qtbot.waitSignal(dialog.canceled):
        dialog.cancel_button.click()
    assert not dialog.cancel_button.isEnabled() and dialog.heading.text().startswith("Cancelling")


def test_a_window_import_shows_each_file_being_read_and_the_counts(
    qtbot,
    tmp_path: Path,
    seeds_dir: Path,
    open_window: Callable[[Path], MainWindow],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / ("Belarus sources collected in spring 2022 for the desk " * 3).strip()
    shutil.copytree(seeds_dir, folder)
    (folder / "broken.pdf").write_bytes(b"not a pdf")
    project_path = tmp_path / "p.sqlite"
    open_project(project_path).close()
    window = open_window(project_path)
    seen: list[tuple[str, int]] = []
    counts: list[str] = []
    real_started, real_done = ImportProgressDialog.file_started, ImportProgressDialog.file_done

    # The real methods, watched: what the dialog shows after each of the worker's reports.
    def started(self: ImportProgressDialog, number: int, total: int, path: str) -> None:
        real_started(self, number, total, path)
        self.show()
        seen.append((self.current.full_text, self.width()))

    def done(self: ImportProgressDialog, done: int, total: int, line: str, status: str) -> None:
        real_done(self, done, total, line, status)
        counts.append(self.summary.text())

    monkeypatch.setattr(ImportProgressDialog, "file_started", started)
    monkeypatch.setattr(ImportProgressDialog, "file_done", done)
    window.import_paths([folder])
    dialog = window._import_progress
    assert isinstance(dialog, ImportProgressDialog) and dialog.heading.text()
    qtbot.waitUntil(lambda: window._import_thread is None, timeout=30_000)
    files = sorted(str(path) for path in folder.iterdir())
    assert sorted(path for path, _ in seen) == files
    assert {width for _, width in seen} == {DIALOG_WIDTH}
    assert counts[-1] == "5 imported · 0 already in the project · 1 failed"
