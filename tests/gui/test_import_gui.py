"""Importing as a user does it: drop the real-world folder on the window, give the PDF password."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from annotator.export.formats import export
from annotator.gui.main_window import MainWindow
from annotator.ops.importing import import_paths
from annotator.store import queries
from annotator.store.project import open_project


def _drop(window: MainWindow, path: Path) -> None:
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)


def test_drop_realworld_folder_asks_pdf_password_and_reimport_adds_nothing(
    qtbot,
    tmp_path: Path,
    realworld_dir: Path,
    open_window: Callable[[Path], MainWindow],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # type: ignore[no-untyped-def]
    project_path = tmp_path / "empty.sqlite"
    open_project(project_path).close()
    window = open_window(project_path)
    asked: list[str] = []
    statuses: list[str] = []

    def give_password(parent, title, label, echo):  # type: ignore[no-untyped-def]
        asked.append(label)
        # While the prompt is open the PDF is waiting, not failed.
        statuses.append(window.statusBar().currentMessage())
        return "password", True

    # The dialog is Qt's; answering it is what the user would do.
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(give_password))
    _drop(window, realworld_dir)
    # Two runs: the folder, then the encrypted PDF again with its password.
    qtbot.waitUntil(lambda: len(asked) == 1 and window._import_thread is None, timeout=60_000)
    assert asked[0] == "“crazyones-encrypted-256.pdf” is an encrypted PDF. Enter its password to import it:"
    # While the prompt is open the PDF is waiting, not counted as failed: only the files that did fail are.
    assert statuses[0].endswith("1 encrypted PDF waiting for a password.")
    summary = window.findChild(QMessageBox, "importSummary")
    errors = [line for line in summary.detailedText().splitlines() if line.startswith("error:")]
    assert f"{len(errors) - 1} failed." in statuses[0]
    summaries = queries.document_summaries(window.session.project)
    names = {s.source_filename for s in summaries}
    assert {
        "bbc.com.52241221.html",
        "nature.com.telescope.html",
        "politico.com.retirement.html",
        "reuters.com.parasite.html",
        "salon.com.emissions.html",
        "theguardian.com.academics.html",
        "GeoBase_NHNC1_Data_Model_UML_EN.pdf",
        "r6-user-password.pdf",
        "crazyones-encrypted-256.pdf",
        "issue-301.pdf",
    } <= names
    guardian = next(s for s in summaries if s.source_filename == "theguardian.com.academics.html")
    assert guardian.authors == "Richard Adams" and guardian.published == "2020-01-20"
    garbage = next(s for s in summaries if s.source_filename == "issue-301.pdf")
    warnings = queries.get_document(window.session.project, garbage.id, with_text=False).metadata[
        "import_warnings"
    ]
    assert any("little usable text" in str(warning) for warning in warnings)  # type: ignore[union-attr]

    count = len(summaries)
    _drop(window, realworld_dir)
    qtbot.waitUntil(lambda: window._import_thread is None, timeout=60_000)
    # The encrypted PDF is already in the project (same bytes): its password is not asked again.
    assert len(asked) == 1
    assert len(queries.document_summaries(window.session.project)) == count
    assert "waiting for a password" not in window.statusBar().currentMessage()
    # The import is one undoable step.
    window.actions_by_name["actionUndo"].trigger()
    assert len(queries.document_summaries(window.session.project)) == count - 1  # the password run


def _annotations(path: Path) -> Path:
    """A colleague's Hypothesis-style annotations: one quotes a seed, one quotes nothing in the project."""
    quotes = ["it likely will not happen", "a sentence in no document"]
    path.write_text(
        json.dumps(
            [
                {"id": f"note-{n}", "target": [{"selector": [{"type": "TextQuoteSelector", "exact": quote}]}]}
                for n, quote in enumerate(quotes)
            ]
        ),
        encoding="utf-8",
    )
    return path


def _claim_count(window: MainWindow) -> int:
    return int(window.session.project.conn.execute("SELECT count(*) FROM claims").fetchone()[0])


def _seeded_project(tmp_path: Path, seeds_dir: Path) -> Path:
    project_path = tmp_path / "seeded.sqlite"
    with open_project(project_path) as project:
        import_paths(project, [seeds_dir])
    return project_path


def test_a_dropped_w3c_annotation_file_becomes_claims_and_undo_takes_them_back(
    qtbot, tmp_path: Path, seeds_dir: Path, open_window: Callable[[Path], MainWindow]
) -> None:  # type: ignore[no-untyped-def]
    window = open_window(_seeded_project(tmp_path, seeds_dir))
    before = _claim_count(window)
    _drop(window, _annotations(tmp_path / "colleague.json"))
    qtbot.waitUntil(lambda: window._import_thread is None, timeout=60_000)
    assert _claim_count(window) == before + 1
    # The summary says what became of each annotation, the one left unmatched included.
    summary = window.findChild(QMessageBox, "importSummary")
    assert summary is not None
    assert "1 annotations became claims, 1 unmatched" in summary.text()
    assert "unmatched: note-1:" in summary.detailedText()
    summary.close()
    window.actions_by_name["actionUndo"].trigger()
    assert _claim_count(window) == before
    window.actions_by_name["actionRedo"].trigger()
    assert _claim_count(window) == before + 1


def test_file_import_takes_annotation_files_too(
    qtbot,
    tmp_path: Path,
    seeds_dir: Path,
    open_window: Callable[[Path], MainWindow],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # type: ignore[no-untyped-def]
    window = open_window(_seeded_project(tmp_path, seeds_dir))
    annotations = _annotations(tmp_path / "claims.jsonld")
    filters: list[str] = []

    def choose(parent, caption, folder, file_filter):  # type: ignore[no-untyped-def]
        filters.append(file_filter)
        return [str(annotations)], file_filter

    # The file dialog is Qt's; choosing the file is what the user would do.
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(choose))
    before = _claim_count(window)
    window.actions_by_name["actionImport"].trigger()
    qtbot.waitUntil(lambda: window._import_thread is None, timeout=60_000)
    assert "*.jsonld" in filters[0] and "*.csv" in filters[0]
    assert _claim_count(window) == before + 1
    assert window.session.undo_stack.undoText() == "Import 1 claim"


def test_the_window_hears_the_end_of_an_import_that_failed_unexpectedly(
    qtbot,
    tmp_path: Path,
    seeds_dir: Path,
    open_window: Callable[[Path], MainWindow],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # type: ignore[no-untyped-def]
    window = open_window(_seeded_project(tmp_path, seeds_dir))
    shown: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "critical", staticmethod(lambda parent, title, text: shown.append(f"{title}: {text}"))
    )
    # Not a path at all: the worker's import raises TypeError, a bug no file could cause.
    window.import_paths([None])  # type: ignore[list-item]
    qtbot.waitUntil(lambda: window._import_thread is None, timeout=60_000)
    assert len(shown) == 1 and shown[0].startswith(
        "Import failed: The import stopped unexpectedly: TypeError"
    )
    # The window is ready for the next import.
    _drop(window, _annotations(tmp_path / "colleague.json"))
    qtbot.waitUntil(lambda: window._import_thread is None, timeout=60_000)
    assert window.session.undo_stack.undoText() == "Import 1 claim"


def test_a_dropped_backup_restores_an_empty_project_and_undo_takes_it_back(
    qtbot, tmp_path: Path, seeds_dir: Path, open_window: Callable[[Path], MainWindow]
) -> None:  # type: ignore[no-untyped-def]
    with open_project(_seeded_project(tmp_path, seeds_dir)) as source:
        import_paths(source, [_annotations(tmp_path / "colleague.json")])
        backup = tmp_path / "backup.json"
        backup.write_text(str(export(source, "json")), encoding="utf-8")
    window = open_window(tmp_path / "empty.sqlite")
    _drop(window, backup)
    qtbot.waitUntil(lambda: window._import_thread is None, timeout=60_000)
    assert _claim_count(window) == 1
    assert "Merged backup.json: 5 new documents, 1 claim" in window.statusBar().currentMessage()
    assert window.session.undo_stack.undoText() == "Import 1 backup"
    window.actions_by_name["actionUndo"].trigger()
    assert _claim_count(window) == 0
    window.actions_by_name["actionRedo"].trigger()
    assert _claim_count(window) == 1


def test_an_annotation_placed_by_a_close_match_asks_to_be_confirmed(
    qtbot, tmp_path: Path, seeds_dir: Path, open_window: Callable[[Path], MainWindow]
) -> None:  # type: ignore[no-untyped-def]
    typo = {
        "id": "typo",
        "target": [
            {"selector": [{"type": "TextQuoteSelector", "exact": "Since the invasoin began on February 24"}]}
        ],
    }
    path = tmp_path / "typo.json"
    path.write_text(json.dumps([typo]), encoding="utf-8")
    window = open_window(_seeded_project(tmp_path, seeds_dir))
    _drop(window, path)
    qtbot.waitUntil(lambda: window._import_thread is None, timeout=60_000)
    project = window.session.project
    [(claim_id, document_id)] = project.conn.execute("SELECT id, document_id FROM claims").fetchall()
    window.document_list.select(document_id)
    window.panel.select_claim(claim_id)
    assert window.panel.confirm_anchor.isVisibleTo(window.panel)
    assert window.panel.anchor_bar.text().startswith("Imported annotation placed by a close match")
    window.panel.confirm_anchor.click()
    assert queries.get_claim(project, claim_id).anchor_status == "ok"
