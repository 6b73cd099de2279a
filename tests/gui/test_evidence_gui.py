"""Document > Details shows the original's hash, size and format and the custody log; Save Original As…
writes the exact bytes; Verify Evidence reports a tampered original."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from annotator.gui.document_dialog import DocumentDialog
from annotator.gui.main_window import MainWindow
from annotator.ops.annotators import ensure_annotator
from annotator.ops.claims import tag_claim
from annotator.ops.importing import import_paths
from annotator.ops.verdicts import add_url_evidence
from annotator.store import evidence, queries
from annotator.store.project import open_project
from webarchive_support import serve


def _project_with_page(tmp_path: Path, page: Path) -> tuple[Path, str]:
    path = tmp_path / "p.sqlite"
    with open_project(path) as project:
        [outcome] = import_paths(project, [page], created_by=ensure_annotator(project, "Dana"))
        assert outcome.document_id is not None
        return path, outcome.document_id


def test_details_show_the_original_and_its_custody(qtbot, tmp_path: Path, realworld_dir: Path) -> None:  # type: ignore[no-untyped-def]
    page = realworld_dir / "html" / "bbc.com.52241221.html"
    path, document_id = _project_with_page(tmp_path, page)
    with open_project(path) as project:
        dialog = DocumentDialog(
            queries.get_document(project, document_id, with_text=False),
            original=evidence.original_of_document(project, document_id),
            custody=evidence.custody_of_document(project, document_id),
            save_original=lambda: None,
        )
    qtbot.addWidget(dialog)
    digest = hashlib.sha256(page.read_bytes()).hexdigest()
    assert digest in dialog.original.text()
    assert f"{page.stat().st_size:,} bytes, text/html" in dialog.original.text()
    custody = dialog.custody.toPlainText()
    assert "imported by Dana from" in custody and str(page) in custody and digest in custody
    assert dialog.save_original_button.isEnabled()


def test_save_original_as_writes_the_exact_bytes(
    qtbot,
    tmp_path: Path,
    realworld_dir: Path,
    open_window: Callable[[Path], MainWindow],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # type: ignore[no-untyped-def]
    page = realworld_dir / "pdf" / "Seige_of_Vicksburg_Sample_OCR-crazyones-merged.pdf"
    path, document_id = _project_with_page(tmp_path, page)
    window = open_window(path)
    window.open_document(document_id)
    target = tmp_path / "out" / "saved.pdf"
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *_args: (str(target), "")))
    window.actions_by_name["actionSaveOriginal"].trigger()
    assert hashlib.sha256(target.read_bytes()).digest() == hashlib.sha256(page.read_bytes()).digest()
    # A folder that cannot be written gets a dialog, not a traceback.
    assert not window.save_original_as(tmp_path / "missing" / "saved.pdf")
    error = window.findChild(QMessageBox, "saveOriginalError")
    assert error is not None and "missing" in error.text()
    error.close()


def test_verify_evidence_reports_a_tampered_original(
    qtbot, tmp_path: Path, seeds_dir: Path, open_window: Callable[[Path], MainWindow]
) -> None:  # type: ignore[no-untyped-def]
    path, document_id = _project_with_page(tmp_path, seeds_dir / "004_8f9e010c70d96ada.txt")
    window = open_window(path)
    window.actions_by_name["actionVerifyEvidence"].trigger()
    report = window.findChild(QMessageBox, "verifyReport")
    assert report is not None and "every hash matches" in report.text()
    report.close()
    report.deleteLater()
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "verifyReport") is None)
    connection = sqlite3.connect(path)
    with connection:  # someone editing the file behind the app's back
        connection.execute("DROP TRIGGER originals_are_immutable")
        connection.execute("UPDATE originals SET content = CAST('forged' AS BLOB)")
    connection.close()
    window.actions_by_name["actionVerifyEvidence"].trigger()
    report = window.findChild(QMessageBox, "verifyReport")
    assert report is not None and "MISMATCH" in report.text() and "altered" in report.text()
    report.close()


def test_file_import_url_fetches_the_page_and_undo_takes_it_back(
    qtbot,
    tmp_path: Path,
    realworld_dir: Path,
    open_window: Callable[[Path], MainWindow],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "p.sqlite"
    open_project(path).close()
    window = open_window(path)
    with serve(realworld_dir) as site:
        for url in (f"{site}/moved", f"{site}/missing"):
            monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *_args, u=url: (u, True)))
            window.actions_by_name["actionImportUrl"].trigger()
            qtbot.waitUntil(lambda: window._import_thread is None, timeout=60_000)
    assert window.statusBar().currentMessage().startswith("0 imported, 0 already in the project, 1 failed")
    summary = window.findChild(QMessageBox, "importSummary")
    assert summary is not None and f"error: {site}/missing: the server answered 404" in summary.detailedText()
    summary.close()
    [document] = queries.document_summaries(window.session.project)
    info = evidence.original_of_document(window.session.project, document.id)
    assert info is not None and info.media_type == "application/warc"
    window.actions_by_name["actionUndo"].trigger()
    assert queries.document_summaries(window.session.project) == []


def test_details_of_a_read_only_project_are_shown_not_edited(qtbot, tmp_path: Path, seeds_dir: Path) -> None:  # type: ignore[no-untyped-def]
    path, document_id = _project_with_page(tmp_path, seeds_dir / "004_8f9e010c70d96ada.txt")
    with open_project(path, readonly=True) as project:
        dialog = DocumentDialog(
            queries.get_document(project, document_id, with_text=False),
            original=evidence.original_of_document(project, document_id),
            custody=evidence.custody_of_document(project, document_id),
            save_original=lambda: None,
            editable=False,
        )
    qtbot.addWidget(dialog)
    assert dialog.title.isReadOnly() and dialog.notes.isReadOnly()
    assert dialog.save_original_button.isEnabled() and "SHA-256" in dialog.original.text()


def test_archive_now_fetches_url_evidence_and_undo_takes_the_copy_back(
    qtbot, tmp_path: Path, seeds_dir: Path, realworld_dir: Path, open_window: Callable[[Path], MainWindow]
) -> None:  # type: ignore[no-untyped-def]
    path, document_id = _project_with_page(tmp_path, seeds_dir / "002_8c3426948d320dc3.txt")
    with serve(realworld_dir) as site:
        with open_project(path) as project:
            claim = tag_claim(project, document_id, 0, 20)
            item = add_url_evidence(project, claim.id, f"{site}/article", "supports")
        window = open_window(path)
        window.open_claim(claim.id)
        tab = window.panel.verdict_tab
        assert not tab.archive_now.isEnabled()  # nothing selected yet
        tab.evidence.setCurrentRow(0)
        assert tab.archive_now.isEnabled()
        qtbot.mouseClick(tab.archive_now, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: window._import_thread is None, timeout=60_000)
    project = window.session.project
    [entry] = evidence.custody_of_evidence(project, item.id)
    assert entry.action == "archive-evidence" and entry.source == f"{site}/article"
    assert len(queries.document_summaries(project)) == 2  # the archived page is a document of its own
    window.actions_by_name["actionUndo"].trigger()
    assert evidence.custody_of_evidence(project, item.id) == []
    assert len(queries.document_summaries(project)) == 1
