"""File > Export Report: format, filters and a live preview; the last choices are remembered."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDate, QSettings, Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.models import CLAIM_KINDS
from annotator.export.formats import FORMATS, export
from annotator.export.model import ReportFilter
from annotator.gui.session import ProjectSession
from annotator.gui.settings import text_setting
from annotator.store import findings, queries

ANY = ""


class ExportDialog(QDialog):
    """Choose a format and filters, see the result, write it to a file."""

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
        # A text browser shows HTML as a document and never runs scripts, and the renderer escapes
        # every value; so a claim containing markup reads as text here as in the report.
        self.preview = QTextBrowser()
        self.preview.setObjectName("exportPreview")
        self.preview.setOpenLinks(False)
        self.status = QLabel()
        self.status.setObjectName("exportStatus")
        self.save_button = QPushButton("&Export…")
        self.save_button.setObjectName("exportSave")
        close = QPushButton("Close")

        form = QFormLayout()
        form.addRow("&Format", self.format)
        form.addRow(self.verified_only)
        form.addRow("E&vent", self.event_choice)
        form.addRow("&Kind", self.kind)
        form.addRow("&Annotator", self.annotator)
        form.addRow(dates)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(close)
        controls = QWidget()
        controls_layout = QVBoxLayout(controls)
        controls_layout.addLayout(form)
        controls_layout.addStretch(1)
        splitter = QSplitter()
        splitter.addWidget(controls)
        splitter.addWidget(self.preview)
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
        ):
            signal.connect(lambda *_args: self._timer.start())
        self.format.currentIndexChanged.connect(self._format_changed)
        self.save_button.clicked.connect(self.choose_file_and_export)
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

    def _format_changed(self) -> None:
        fmt = FORMATS[self.format_name()]
        self.verified_only.setChecked(fmt.verified_by_default)
        # The project JSON is everything, unfiltered.
        for widget in (self.verified_only, self.event_choice, self.kind, self.annotator, self.use_dates):
            widget.setEnabled(fmt.render is not None)

    def refresh_preview(self) -> None:
        self._timer.stop()
        name = self.format_name()
        # PDF is previewed as the HTML report it is laid out from.
        shown = "html" if name == "pdf" else name
        try:
            content = export(self.session.project, shown, self.report_filter())
        except Exception as error:  # noqa: BLE001 - a preview must never take the dialog down
            self.preview.setPlainText(f"Could not build the preview: {error}")
            return
        if shown == "html":
            self.preview.setHtml(str(content))
        else:
            self.preview.setPlainText(
                content if isinstance(content, str) else content.decode("utf-8", "replace")
            )
        self._save_choices()

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
        """Write the chosen format to `path`; on failure say why and leave no half-written file."""
        fmt = FORMATS[self.format_name()]
        self.status.setText(f"Writing {path.name}…")
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # a big PDF takes seconds
        try:
            content = export(self.session.project, fmt.name, self.report_filter())
            data = content if isinstance(content, bytes) else content.encode("utf-8")
            # Written beside the target and renamed, so a failure never leaves half a report there.
            partial = path.with_name(path.name + ".partial")
            partial.write_bytes(data)
            partial.replace(path)
        except OSError as error:
            QMessageBox.critical(self, "Export failed", f"{path}\n\n{error.strerror or error}")
            self.status.setText("")
            return False
        finally:
            QApplication.restoreOverrideCursor()
        self.settings.setValue("export/folder", str(path.parent))
        self._save_choices()
        self.status.setText(f"Saved {path.name} ({len(data):,} bytes)")
        return True
