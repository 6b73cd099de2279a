"""What the window says: relation names, placeholders, the welcome, the PDF password prompt, the passage
about to become evidence, and a title proposed for a document that came without one."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QStandardPaths, Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox

from annotator.gui.app import SAMPLE_NAME, choose_project
from annotator.gui.main_window import MainWindow
from annotator.gui.style import text_on, verdict_colour
from annotator.gui.undo.verdicts import AddVerdictCommand
from annotator.store import findings, queries
from annotator.store.project import open_project
from gui_support import LUKASHENKA_TITLE, document_id_titled, select_text

UNTITLED = "003_ecf39437e7890661"


def test_relations_by_name_and_a_placeholder_that_is_not_content(
    qtbot, sample_project: Path, open_window: Callable[[Path], MainWindow]
) -> None:  # type: ignore[no-untyped-def]
    window = open_window(sample_project)
    relation = window.panel.events_tab.relation
    shown = [relation.itemText(i) for i in range(relation.count())]
    assert "Confirmed by" in shown and "Refuted by" in shown
    assert not any("_" in text for text in shown)
    relation.setCurrentText("Confirmed by")
    assert relation.currentData() == "confirmed_by"  # stored as before
    placeholder = window.panel.statement.placeholderText()
    assert placeholder == "Short statement of the claim, in your words"
    assert "Belarus" not in placeholder


def test_the_welcome_names_the_sample_project_without_an_odd_path(
    tmp_path: Path, settings: QSettings
) -> None:
    # A first run: no sample yet in the (test-mode) data folders, the old one or the new one.
    for location in (
        QStandardPaths.StandardLocation.AppDataLocation,
        QStandardPaths.StandardLocation.GenericDataLocation,
    ):
        folder = Path(QStandardPaths.writableLocation(location))
        for candidate in (folder / SAMPLE_NAME, folder / "annotator" / SAMPLE_NAME):
            assert ".qttest" in str(candidate)  # never the user's own data
            candidate.unlink(missing_ok=True)
    path, welcome = choose_project(None, settings, sample=True)
    assert welcome is not None and path.exists()
    assert "annotator/annotator" not in welcome and "annotator/annotator" not in str(path)
    assert str(Path.home()) not in welcome
    assert "~" in welcome and path.name in welcome


def test_cancelling_a_pdf_password_skips_the_file_and_fails_nothing(
    qtbot,
    tmp_path: Path,
    realworld_dir: Path,
    open_window: Callable[[Path], MainWindow],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # type: ignore[no-untyped-def]
    project_path = tmp_path / "empty.sqlite"
    open_project(project_path).close()
    window = open_window(project_path)
    asked: list[tuple[str, str]] = []

    def cancel(parent, title, label, echo):  # type: ignore[no-untyped-def]
        asked.append((title, label))
        return "", False

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(cancel))
    window.import_paths([realworld_dir / "pdf" / "crazyones-encrypted-256.pdf"])
    qtbot.waitUntil(lambda: bool(asked) and window._import_thread is None, timeout=30_000)
    assert asked == [
        (
            "PDF password",
            "“crazyones-encrypted-256.pdf” is an encrypted PDF. Enter its password to import it:",
        )
    ]
    status = window.statusBar().currentMessage()
    assert "0 imported" in status and "0 failed" in status
    assert "1 encrypted PDF skipped (no password given)" in status
    assert window.findChild(QMessageBox, "importSummary") is None  # nothing failed: no warning box


def test_add_evidence_shows_the_passage_in_its_context(
    qtbot, sample_project: Path, open_window: Callable[[Path], MainWindow]
) -> None:  # type: ignore[no-untyped-def]
    window = open_window(sample_project)
    window.document_list.select(document_id_titled(window, LUKASHENKA_TITLE))
    select_text(window, "we are not going to join the war")
    window.tag_selection("prediction")
    claim_id = window.panel.claim.id if window.panel.claim else ""
    # One letter short: "Minsk has so far prevailed in its attempts not to send soldiers to Ukrain"
    passage = "Minsk has so far prevailed in its attempts not to send soldiers to Ukrain"
    select_text(window, passage)
    seen: list[str] = []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert dialog is not None and dialog.objectName() == "addEvidenceDialog"
        seen.append(dialog.passage.text())  # type: ignore[attr-defined]
        dialog.stance.setCurrentText("refutes")  # type: ignore[attr-defined]
        dialog.note.setText("says the opposite")  # type: ignore[attr-defined]
        dialog.accept()  # type: ignore[attr-defined]

    QTimer.singleShot(0, answer)
    window.actions_by_name["actionAddEvidence"].trigger()
    assert seen, "the dialog was not shown"
    # The passage in bold, between the words around it: the missing "e" of Ukraine shows right after it.
    assert f"<b>{passage}</b>" in seen[0]
    assert "</b><span style='color:gray'>e." in seen[0]
    assert "everything, </span>" in seen[0] or "everything," in seen[0]
    [item] = findings.evidence_for_claim(window.session.project, claim_id)
    assert (item.exact, item.stance, item.note) == (passage, "refutes", "says the opposite")


def test_a_document_without_a_title_gets_one_proposed_to_accept_or_undo(
    qtbot, sample_project: Path, open_window: Callable[[Path], MainWindow]
) -> None:  # type: ignore[no-untyped-def]
    window = open_window(sample_project)
    untitled = document_id_titled(window, UNTITLED)
    notice = window.title_notice
    window.document_list.select(document_id_titled(window, LUKASHENKA_TITLE))
    assert not notice.isVisible()
    window.document_list.select(untitled)
    assert notice.isVisible()
    assert "Suggested: “No other State in the world has supported Russia" in notice.label.text()
    notice.use.click()
    title = queries.get_document(window.session.project, untitled, with_text=False).title
    assert title.startswith("No other State in the world")
    assert not notice.isVisible()
    assert window.document_list.model.row_of(untitled) >= 0
    window.actions_by_name["actionUndo"].trigger()
    assert queries.get_document(window.session.project, untitled, with_text=False).title == UNTITLED
    assert notice.isVisible()


def test_the_verdict_column_is_coloured_by_the_published_verdict(
    qtbot, sample_project: Path, open_window: Callable[[Path], MainWindow]
) -> None:  # type: ignore[no-untyped-def]
    window = open_window(sample_project)
    window.document_list.select(document_id_titled(window, LUKASHENKA_TITLE))
    select_text(window, "we are not going to join the war")
    window.tag_selection("prediction")
    claim_id = window.panel.claim.id if window.panel.claim else ""
    model = window.panel.model
    cell = model.index(model.row_of(claim_id), model.VERDICT_COLUMN)
    assert cell.data(Qt.ItemDataRole.BackgroundRole) is None  # no verdict yet: the list's own colours
    window.session.push(
        AddVerdictCommand(
            window.session, claim_id, {"label": "refuted", "as_of": "2023-10-05", "conclusion": "x"}
        )
    )
    cell = model.index(model.row_of(claim_id), model.VERDICT_COLUMN)
    assert cell.data() == "Refuted"
    assert cell.data(Qt.ItemDataRole.BackgroundRole) == verdict_colour("refuted")
    assert cell.data(Qt.ItemDataRole.ForegroundRole) == text_on(verdict_colour("refuted"))
    assert text_on(QColor("#f08080")) == QColor("#000000") and text_on(QColor("#202020")) == QColor("#ffffff")
