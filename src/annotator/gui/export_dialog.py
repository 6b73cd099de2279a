"""File > Export Report: format, filters, report settings, the publishing checklist and a live preview.

The preview is the exported HTML itself (the same template and stylesheet, the desk's if the project
names one) drawn by Chromium, as a reader's browser will; a long report is previewed by its first
claims, and the dialog says so. The file is written on a worker thread with progress and Cancel, so a
10,000-claim PDF leaves the window responsive.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QDate, QSettings, Qt, QThread, QTimer, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.models import CLAIM_KINDS
from annotator.export.checklist import BLOCKS, CheckItem, blocking, checklist
from annotator.export.formats import FORMATS, export
from annotator.export.gather import build_report
from annotator.export.model import Report, ReportFilter
from annotator.gui.export_worker import ExportWorker, start_export
from annotator.gui.report_preview import MAX_PAGE_BYTES, ReportPreview
from annotator.gui.session import ProjectSession
from annotator.gui.settings import text_setting
from annotator.gui.undo.report_settings import ReportSettingsCommand
from annotator.store import findings, queries
from annotator.store.report_settings import ReportSettings, report_settings

ANY = ""
# The preview shows this many claims at most: 200 claims draw in about a second (measured: the sample
# project's page in 0.3 s), and they show the look; the whole report is in the file.
PREVIEW_CLAIMS = 200


def preview_part(report: Report, limit: int = PREVIEW_CLAIMS) -> tuple[str, int]:
    """The exported HTML page of the report's first `limit` claims (all when it has no more), as the
    file export renders it, cut to fewer claims until it fits the preview's page size; and how many
    claims it shows."""
    render = FORMATS["html"].render
    assert render is not None
    while True:
        part = replace(report, claims=report.claims[:limit]) if len(report.claims) > limit else report
        page = str(render(part))  # the HTML renderer gives text
        if len(page.encode("utf-8")) <= MAX_PAGE_BYTES or limit <= 1:
            return page, len(part.claims)
        limit //= 2


class ExportDialog(QDialog):
    """Choose a format and filters, see the result and what falls short, write it to a file."""

    exported = Signal(str)  # the path written
    export_failed = Signal(str)

    def __init__(self, session: ProjectSession, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.setWindowTitle("Export report")
        self.session = session
        self.settings = settings
        self.format = QComboBox()
        self.format.setObjectName("exportFormat")
        for name, fmt in FORMATS.items():
            self.format.addItem(f"{fmt.description} ({name})", name)
        stored = report_settings(session.project)
        self.title_edit = QLineEdit(stored.title)
        self.title_edit.setObjectName("exportTitle")
        self.title_edit.setPlaceholderText("Verified claims: " + session.project.path.name)
        self.organisation_edit = QLineEdit(stored.organisation)
        self.organisation_edit.setObjectName("exportOrganisation")
        self.organisation_edit.setPlaceholderText("the desk publishing the report")
        self.base_url_edit = QLineEdit(stored.base_url)
        self.base_url_edit.setObjectName("exportBaseUrl")
        self.base_url_edit.setPlaceholderText("https://… where the report is published")
        self.checklist = QListWidget()
        self.checklist.setObjectName("exportChecklist")
        self.checklist.setWordWrap(True)
        self.checklist_summary = QLabel()
        self.checklist_summary.setObjectName("exportChecklistSummary")
        self.checklist_summary.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setObjectName("exportProgress")
        self.progress.hide()
        self.cancel_button = QPushButton("Cancel export")
        self.cancel_button.setObjectName("exportCancel")
        self.cancel_button.hide()
        self.worker: ExportWorker | None = None
        self.export_thread: QThread | None = None
        self.verified_only = QCheckBox("Verified claims only (a verdict other than pending)")
        self.verified_only.setObjectName("exportVerifiedOnly")
        self.event_choice = QComboBox()
        self.event_choice.setObjectName("exportEvent")
        self.event_choice.addItem("any event", ANY)
        for event in findings.events(session.project):
            self.event_choice.addItem(f"{event.date_lo or 'undated'} · {event.title}", event.id)
        self.kind = QComboBox()
        self.kind.setObjectName("exportKind")
        self.kind.addItem("any kind", ANY)
        for kind in CLAIM_KINDS:
            self.kind.addItem(kind, kind)
        self.annotator = QComboBox()
        self.annotator.setObjectName("exportAnnotator")
        self.annotator.addItem("anyone", ANY)
        for person in queries.annotators(session.project):
            self.annotator.addItem(person.name, person.id)
        self.use_dates = QCheckBox("Stated between")
        self.use_dates.setObjectName("exportUseDates")
        self.date_from = QDateEdit(QDate(2000, 1, 1))
        self.date_to = QDateEdit(QDate.currentDate())
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        dates = QHBoxLayout()
        dates.addWidget(self.use_dates)
        dates.addWidget(self.date_from)
        dates.addWidget(QLabel("and"))
        dates.addWidget(self.date_to)
        # The report page as a browser draws it (no scripts, no network: see report_preview); the data
        # formats as their text.
        self.preview = ReportPreview()
        self.preview_claims = PREVIEW_CLAIMS  # at most this many claims in the preview
        self.preview.setObjectName("exportPreview")
        self.text_preview = QPlainTextEdit()
        self.text_preview.setObjectName("exportTextPreview")
        self.text_preview.setReadOnly(True)
        self.preview_stack = QStackedWidget()
        self.preview_stack.addWidget(self.preview)
        self.preview_stack.addWidget(self.text_preview)
        self.preview_note = QLabel()
        self.preview_note.setObjectName("exportPreviewNote")
        self.preview_note.setWordWrap(True)
        self.preview_note.hide()
        preview_pane = QWidget()
        preview_layout = QVBoxLayout(preview_pane)
        preview_layout.setContentsMargins(0, 0, 0, 0)
        preview_layout.addWidget(self.preview_note)
        preview_layout.addWidget(self.preview_stack, 1)
        self.status = QLabel()
        self.status.setObjectName("exportStatus")
        self.save_button = QPushButton("&Export…")
        self.save_button.setObjectName("exportSave")
        close = QPushButton("Close")

        form = QFormLayout()
        form.addRow("&Format", self.format)
        form.addRow("&Title", self.title_edit)
        form.addRow("&Organisation", self.organisation_edit)
        form.addRow("Base &URL", self.base_url_edit)
        form.addRow(self.verified_only)
        form.addRow("E&vent", self.event_choice)
        form.addRow("&Kind", self.kind)
        form.addRow("&Annotator", self.annotator)
        form.addRow(dates)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.progress)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(close)
        controls = QWidget()
        controls_layout = QVBoxLayout(controls)
        controls_layout.addLayout(form)
        controls_layout.addWidget(QLabel("<b>Publishing checklist</b>"))
        controls_layout.addWidget(self.checklist_summary)
        controls_layout.addWidget(self.checklist, 1)
        splitter = QSplitter()
        splitter.addWidget(controls)
        splitter.addWidget(preview_pane)
        splitter.setSizes([380, 700])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)
        self.resize(1100, 700)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self.refresh_preview)
        self._restore_choices()
        for signal in (
            self.format.currentIndexChanged,
            self.event_choice.currentIndexChanged,
            self.kind.currentIndexChanged,
            self.annotator.currentIndexChanged,
            self.verified_only.toggled,
            self.use_dates.toggled,
            self.date_from.dateChanged,
            self.date_to.dateChanged,
            self.title_edit.textChanged,
            self.organisation_edit.textChanged,
            self.base_url_edit.textChanged,
        ):
            signal.connect(lambda *_args: self._timer.start())
        self.format.currentIndexChanged.connect(self._format_changed)
        self.save_button.clicked.connect(self.choose_file_and_export)
        self.cancel_button.clicked.connect(self.cancel_export)
        close.clicked.connect(self.reject)
        self.refresh_preview()

    def format_name(self) -> str:
        return str(self.format.currentData())

    def report_filter(self) -> ReportFilter:
        return ReportFilter(
            verified_only=self.verified_only.isChecked(),
            event_id=self.event_choice.currentData() or None,
            kind=self.kind.currentData() or None,
            annotator=self.annotator.currentData() or None,
            date_from=self.date_from.date().toString("yyyy-MM-dd") if self.use_dates.isChecked() else None,
            date_to=self.date_to.date().toString("yyyy-MM-dd") if self.use_dates.isChecked() else None,
        )

    def typed_settings(self) -> dict[str, str]:
        return {
            "title": self.title_edit.text().strip(),
            "organisation": self.organisation_edit.text().strip(),
            "base_url": self.base_url_edit.text().strip(),
        }

    def report_settings(self) -> ReportSettings:
        """The project's report settings with what is typed here in their place."""
        return report_settings(self.session.project).merged(**self.typed_settings())

    def _format_changed(self) -> None:
        fmt = FORMATS[self.format_name()]
        self.verified_only.setChecked(fmt.verified_by_default)
        # The project JSON is everything, unfiltered.
        for widget in (self.verified_only, self.event_choice, self.kind, self.annotator, self.use_dates):
            widget.setEnabled(fmt.render is not None)

    def refresh_preview(self) -> None:
        self._timer.stop()
        name = self.format_name()
        fmt = FORMATS[name]
        note = ""
        try:
            if fmt.render is None:
                content: str | bytes = export(self.session.project, name)
                self._show_checklist(None)
            else:
                # One report for the preview and the checklist (which covers every claim); PDF is
                # previewed as the HTML report, which it is laid out from (the same claim views).
                report = build_report(
                    self.session.project, self.report_filter(), settings=self.report_settings()
                )
                self._show_checklist(checklist(report))
                if name in ("html", "pdf"):
                    content, shown = preview_part(report, self.preview_claims)
                    if shown < len(report.claims):
                        note = (
                            f"The preview shows the first {shown:,} of {len(report.claims):,} claims; "
                            "the exported file has all of them."
                        )
                else:
                    content = FORMATS[name].render(report)  # type: ignore[misc]
        except Exception as error:  # noqa: BLE001 - a preview must never take the dialog down
            self._show_text(f"Could not build the preview: {error}")
            return
        self.preview_note.setText(note)
        self.preview_note.setVisible(bool(note))
        if name in ("html", "pdf"):
            self.preview_stack.setCurrentWidget(self.preview)
            self.preview.show_html(str(content))
        else:
            self._show_text(content if isinstance(content, str) else content.decode("utf-8", "replace"))
        self._save_choices()

    def _show_text(self, text: str) -> None:
        self.preview_stack.setCurrentWidget(self.text_preview)
        self.text_preview.setPlainText(text)

    def _show_checklist(self, items: list[CheckItem] | None) -> None:
        self.checklist.clear()
        if items is None:
            self.checklist_summary.setText("The project JSON is data, not a publication: nothing to check.")
            return
        blockers = blocking(items)
        if blockers:
            text = f"{len(blockers)} item(s) block publication, {len(items) - len(blockers)} warning(s)"
        else:
            text = f"Nothing blocks publication; {len(items)} warning(s)" if items else "Ready to publish."
        self.checklist_summary.setText(text)
        for item in items:
            mark = "⛔" if item.severity == BLOCKS else "⚠"
            entry = QListWidgetItem(f"{mark} {item.message}")
            entry.setData(Qt.ItemDataRole.UserRole, item.anchor)  # the claim it is about
            if item.severity == BLOCKS:
                entry.setForeground(QBrush(QColor("#8a1c12")))
            self.checklist.addItem(entry)

    def _save_choices(self) -> None:
        self.settings.setValue("export/format", self.format_name())
        self.settings.setValue("export/verifiedOnly", "true" if self.verified_only.isChecked() else "false")
        self.settings.setValue("export/kind", self.kind.currentData())

    def _restore_choices(self) -> None:
        index = self.format.findData(text_setting(self.settings, "export/format", "html"))
        self.format.setCurrentIndex(max(index, 0))
        self._format_changed()
        verified = text_setting(self.settings, "export/verifiedOnly", "")
        if verified:
            self.verified_only.setChecked(verified == "true")
        self.kind.setCurrentIndex(max(self.kind.findData(text_setting(self.settings, "export/kind", ANY)), 0))

    def choose_file_and_export(self) -> None:
        fmt = FORMATS[self.format_name()]
        folder = text_setting(self.settings, "export/folder", str(Path.home()))
        default = str(Path(folder) / f"{self.session.project.path.stem}-report{fmt.suffix}")
        path, _ = QFileDialog.getSaveFileName(
            self, "Export to", default, f"{fmt.description} (*{fmt.suffix})"
        )
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> bool:
        """Start writing the chosen format to `path` on a worker thread (False if one is running);
        `exported` or `export_failed` tells how it ended."""
        if self.worker is not None:
            return False
        fmt = FORMATS[self.format_name()]
        self._store_settings()
        self.status.setText(f"Writing {path.name}…")
        self.progress.setRange(0, 0)
        self.progress.show()
        self.cancel_button.show()
        self.save_button.setEnabled(False)
        self.worker = ExportWorker(
            self.session.project.path, fmt.name, self.report_filter(), self.report_settings(), path
        )
        self.worker.progress.connect(self._progressed)
        self.worker.finished.connect(self._finished)
        self.worker.failed.connect(self._failed)
        self.worker.cancelled.connect(self._cancelled)
        self.export_thread = start_export(self.worker)
        self.settings.setValue("export/folder", str(path.parent))
        self._save_choices()
        return True

    def _store_settings(self) -> None:
        """Keep what was typed as the project's report settings (one undoable step), if it changed."""
        typed = self.typed_settings()
        stored = report_settings(self.session.project)
        changed = {name: value for name, value in typed.items() if getattr(stored, name) != value}
        if changed:
            try:
                self.session.push(ReportSettingsCommand(self.session, changed))
            except ValueError as error:  # a base URL that is not http(s): said, and not stored
                QMessageBox.warning(self, "Report settings", str(error))

    def cancel_export(self) -> None:
        if self.worker is not None:
            self.worker.cancel()
            self.status.setText("Cancelling…")

    def _progressed(self, done: int, total: int, text: str) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        self.status.setText(text)

    def _ended(self) -> None:
        if self.export_thread is not None:
            self.export_thread.wait()
        self.worker = None
        self.export_thread = None
        self.progress.hide()
        self.cancel_button.hide()
        self.save_button.setEnabled(True)

    def _finished(self, path: str, size: int) -> None:
        self._ended()
        self.status.setText(f"Saved {Path(path).name} ({size:,} bytes)")
        self.exported.emit(path)

    def _failed(self, message: str) -> None:
        self._ended()
        self.status.setText("")
        QMessageBox.critical(self, "Export failed", message)
        self.export_failed.emit(message)

    def _cancelled(self) -> None:
        self._ended()
        self.status.setText("Export cancelled; no file written")
        self.export_failed.emit("cancelled")

    def done(self, result: int) -> None:
        """Closing the dialog cancels a running export and waits for its thread to end."""
        if self.worker is not None:
            self.worker.cancel()
            self._ended()
        super().done(result)
