"""A document's date as the user trusts it: printed in the source, or inferred with a reason reports show."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from annotator.export.gather import build_report
from annotator.export.markdown import render_markdown
from annotator.export.model import ReportFilter
from annotator.gui.document_dialog import DocumentDialog
from annotator.gui.main_window import MainWindow
from annotator.gui.undo.documents import EditDocumentCommand
from annotator.store import queries
from gui_support import LUKASHENKA_TITLE, document_id_titled, select_text


def test_an_inferred_date_is_marked_in_the_report_and_undo_takes_it_back(
    qtbot, sample_project: Path, open_window: Callable[[Path], MainWindow]
) -> None:  # type: ignore[no-untyped-def]
    window = open_window(sample_project)
    project = window.session.project
    document_id = document_id_titled(window, LUKASHENKA_TITLE)
    window.document_list.select(document_id)
    select_text(window, "we are not going to join the war")
    window.tag_selection("prediction")
    dialog = DocumentDialog(queries.get_document(project, document_id, with_text=False), window)
    qtbot.addWidget(dialog)
    assert not dialog.date_basis.isEnabled()  # no date: unknown, nothing to qualify
    dialog.published.setText("2022-03-17")
    assert dialog.date_basis.isEnabled() and not dialog.date_reason.isEnabled()
    dialog.date_basis.setCurrentIndex(dialog.date_basis.findData("inferred"))
    assert dialog.date_reason.isEnabled()
    dialog.date_reason.setText("article mentions 17 March and 2022 events")
    changes = dialog.changes()
    assert changes["date_basis"] == "inferred" and changes["published"] == "2022-03-17"
    assert window.session.push(EditDocumentCommand(window.session, document_id, changes))

    markdown = render_markdown(build_report(project, ReportFilter(verified_only=False)))
    assert "2022-03-17 (inferred: article mentions 17 March and 2022 events)" in markdown
    window.actions_by_name["actionUndo"].trigger()
    assert "date_basis" not in queries.get_document(project, document_id, with_text=False).metadata
    assert "(inferred" not in render_markdown(build_report(project, ReportFilter(verified_only=False)))
