"""File > Export Report as a user uses it: live preview, markup shown as text, files written, choices kept."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings

from annotator.gui.export_dialog import ExportDialog
from annotator.gui.main_window import MainWindow
from annotator.gui.undo.verdicts import AddVerdictCommand
from gui_support import LUKASHENKA_TITLE, document_id_titled, page_text, select_text, shown_preview

HOSTILE = 'Belarus <script>alert(1)</script> <img src=x onerror=alert(2)> "><b>'


def test_export_dialog_previews_escapes_writes_and_remembers(
    qtbot,
    tmp_path: Path,
    sample_project: Path,
    settings: QSettings,
    open_window: Callable[[Path], MainWindow],
) -> None:  # type: ignore[no-untyped-def]
    window = open_window(sample_project)
    window.document_list.select(document_id_titled(window, LUKASHENKA_TITLE))
    select_text(window, "we are not going to join the war")
    window.tag_selection("prediction")
    claim_id = window.panel.claim.id if window.panel.claim else ""
    window.panel.statement.setText(HOSTILE)
    window.panel.statement.editingFinished.emit()
    fields = {"label": "confirmed", "as_of": "2023-10-05", "conclusion": "Stayed out"}
    window.session.push(AddVerdictCommand(window.session, claim_id, fields))

    window.actions_by_name["actionExportReport"].trigger()
    dialog = next(d for d in window.open_dialogs if isinstance(d, ExportDialog))
    dialog.format.setCurrentIndex(dialog.format.findData("html"))
    shown_preview(qtbot, dialog)
    shown = page_text(qtbot, dialog.preview)
    assert "<script>alert(1)</script>" in shown  # the markup is text, not markup
    assert "we are not going to join the war" in shown
    assert "Stayed out" in shown

    html_path = tmp_path / "report.html"
    with qtbot.waitSignal(dialog.exported, timeout=60_000):
        assert dialog.export_to(html_path)
    html = html_path.read_text(encoding="utf-8")
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html

    dialog.format.setCurrentIndex(dialog.format.findData("csv"))
    dialog.refresh_preview()
    assert dialog.verified_only.isChecked() is False  # data formats cover every claim by default
    csv_path = tmp_path / "claims.csv"
    with qtbot.waitSignal(dialog.exported, timeout=60_000):
        assert dialog.export_to(csv_path)
    assert "we are not going to join the war" in csv_path.read_text(encoding="utf-8-sig")

    dialog.format.setCurrentIndex(dialog.format.findData("pdf"))
    pdf_path = tmp_path / "report.pdf"
    with qtbot.waitSignal(dialog.exported, timeout=60_000):
        assert dialog.export_to(pdf_path)
    assert pdf_path.read_bytes().startswith(b"%PDF-")
    dialog.close()

    again = ExportDialog(window.session, settings, window)
    qtbot.addWidget(again)
    assert again.format_name() == "pdf"  # the last choice is remembered


def test_report_settings_and_checklist_in_the_export_dialog(
    qtbot,
    tmp_path: Path,
    sample_project: Path,
    settings: QSettings,
    open_window: Callable[[Path], MainWindow],
) -> None:  # type: ignore[no-untyped-def]
    window = open_window(sample_project)
    window.document_list.select(document_id_titled(window, LUKASHENKA_TITLE))
    select_text(window, "we are not going to join the war")
    window.tag_selection("prediction")
    claim_id = window.panel.claim.id if window.panel.claim else ""
    fields = {"label": "confirmed", "as_of": "2023-10-05", "conclusion": "Stayed out"}
    window.session.push(AddVerdictCommand(window.session, claim_id, fields))
    window.actions_by_name["actionExportReport"].trigger()
    dialog = next(d for d in window.open_dialogs if isinstance(d, ExportDialog))
    dialog.format.setCurrentIndex(dialog.format.findData("html"))
    dialog.refresh_preview()
    shown = [dialog.checklist.item(n).text() for n in range(dialog.checklist.count())]
    assert any("no organisation is set" in line for line in shown)
    assert any("no base URL is set" in line for line in shown)
    assert "block publication" in dialog.checklist_summary.text()

    dialog.title_edit.setText("Belarus and the war")
    dialog.organisation_edit.setText("Minsk Fact Desk")
    dialog.base_url_edit.setText("https://factdesk.example/belarus")
    shown_preview(qtbot, dialog)
    shown = [dialog.checklist.item(n).text() for n in range(dialog.checklist.count())]
    assert not any("organisation" in line or "base URL" in line for line in shown)
    # The preview is the exported page itself: the desk's title and organisation are in it.
    assert "Belarus and the war" in page_text(qtbot, dialog.preview)
    assert "Minsk Fact Desk" in page_text(qtbot, dialog.preview)

    html_path = tmp_path / "report.html"
    with qtbot.waitSignal(dialog.exported, timeout=60_000):
        assert dialog.export_to(html_path)
    page = html_path.read_text(encoding="utf-8")
    assert f'id="claim-{claim_id}"' in page and "Minsk Fact Desk" in page
    # What was typed became the project's report settings, in one undoable step.
    from annotator.store.report_settings import report_settings

    assert report_settings(window.session.project).organisation == "Minsk Fact Desk"
    window.session.undo_stack.undo()
    assert report_settings(window.session.project).organisation == ""


def test_an_export_can_be_cancelled_and_leaves_no_file(
    qtbot,
    tmp_path: Path,
    sample_project: Path,
    open_window: Callable[[Path], MainWindow],
) -> None:  # type: ignore[no-untyped-def]
    window = open_window(sample_project)
    window.actions_by_name["actionExportReport"].trigger()
    dialog = next(d for d in window.open_dialogs if isinstance(d, ExportDialog))
    dialog.format.setCurrentIndex(dialog.format.findData("pdf"))
    dialog.verified_only.setChecked(False)
    path = tmp_path / "report.pdf"
    with qtbot.waitSignal(dialog.export_failed, timeout=60_000) as ended:
        assert dialog.export_to(path)
        dialog.cancel_export()  # before the worker's first progress report: it stops there
    assert ended.args == ["cancelled"]
    assert not path.exists() and not list(tmp_path.glob("*.partial"))
    assert "cancelled" in dialog.status.text() and dialog.save_button.isEnabled()
