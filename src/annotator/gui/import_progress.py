"""The import's progress dialog: a fixed width, the file being read (its path elided in the middle), how
many files are done, and how many were imported, already in the project, or failed."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QProgressBar, QVBoxLayout, QWidget

# Wide enough for a file name and its folder on a 1280x720 screen; a longer path is elided, never
# allowed to widen the dialog.
DIALOG_WIDTH = 560
# A quick import never flashes a dialog; a slow one shows it, already filled in, after this long.
SHOW_AFTER_MS = 400
STATUSES = ("imported", "duplicate", "failed")


class ElidedLabel(QLabel):
    """One line of text elided to the label's width (a path keeps its start and file name); the whole
    text is in the tooltip and `full_text`."""

    def __init__(self, text: str = "", mode: Qt.TextElideMode = Qt.TextElideMode.ElideMiddle) -> None:
        super().__init__()
        self.full_text = ""
        self._mode = mode
        self.setMinimumWidth(1)  # its size hint must never be the whole text's width
        self.set_full_text(text)

    def set_full_text(self, text: str) -> None:
        self.full_text = " ".join(text.split())
        self.setToolTip(self.full_text)
        self._elide()

    def _elide(self) -> None:
        self.setText(QFontMetrics(self.font()).elidedText(self.full_text, self._mode, max(self.width(), 1)))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self._elide()


class ImportProgressDialog(QDialog):
    """Filled in from the start ("Looking for files…"), then per file: "File 3 of 12", its path, the bar
    and the counts. Cancel stops after the file being read (the worker decides; see ImportWorker)."""

    canceled = Signal()

    def __init__(self, items: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importProgress")
        self.setWindowTitle("Import")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setFixedWidth(DIALOG_WIDTH)
        self.counts = dict.fromkeys(STATUSES, 0)
        self.heading = QLabel(f"Looking for files to import in {items} item{'s' if items != 1 else ''}…")
        self.heading.setObjectName("importHeading")
        self.current = ElidedLabel()
        self.current.setObjectName("importCurrentFile")
        self.bar = QProgressBar()
        self.bar.setObjectName("importBar")
        self.bar.setRange(0, 0)  # busy until the number of files is known
        self.summary = QLabel(self._counts_text())
        self.summary.setObjectName("importCounts")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setObjectName("importCancel")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (self.heading, self.current, self.bar, self.summary, buttons):
            layout.addWidget(widget)
        self.adjustSize()
        self._show_timer = QTimer(self)
        self._show_timer.setSingleShot(True)
        self._show_timer.timeout.connect(self.show)
        self._show_timer.start(SHOW_AFTER_MS)

    def file_started(self, number: int, total: int, path: str) -> None:
        """The worker began reading file `number` (from 1) of `total`."""
        self.heading.setText(f"Importing file {min(number, total)} of {total}…")
        self.current.set_full_text(path)
        self.bar.setRange(0, max(total, 1))

    def file_done(self, done: int, total: int, line: str, status: str) -> None:
        """A file was handled: `status` is one of STATUSES (anything else counts only towards `done`)."""
        if status in self.counts:
            self.counts[status] += 1
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(done)
        self.summary.setText(self._counts_text())
        if not self.current.full_text:  # URLs and archiving report only when each is done
            self.current.set_full_text(line.splitlines()[0] if line else "")

    def _counts_text(self) -> str:
        return (
            f"{self.counts['imported']} imported · {self.counts['duplicate']} already in the project · "
            f"{self.counts['failed']} failed"
        )

    def reject(self) -> None:
        """Cancel: say so, and let the worker stop; the window closes the dialog when it has."""
        if self.cancel_button.isEnabled():
            self.cancel_button.setEnabled(False)
            self.heading.setText("Cancelling after the file being read…")
            self.canceled.emit()

    def finish(self) -> None:
        self._show_timer.stop()
        self.hide()
        self.deleteLater()
