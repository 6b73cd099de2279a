"""The event dialog: create or edit an event's title, date (as written), place, description, sources."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from annotator.domain.models import Event
from annotator.ops.events import event_date_fields


class EventDialog(QDialog):
    """Shows how the typed date was understood, so the user confirms it before saving."""

    def __init__(self, event: Event | None = None, title: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("eventDialog")
        self.setWindowTitle("Edit event" if event else "New event")
        self.editing = event  # not `event`: that would shadow QWidget.event()
        self.title = QLineEdit(event.title if event else title)
        self.title.setObjectName("eventTitle")
        self.date = QLineEdit(event.date_text if event else "")
        self.date.setObjectName("eventDate")
        self.date.setPlaceholderText("24 February 2022, autumn 2021, February-March 2022…")
        self.date_parsed = QLabel()
        self.date_parsed.setObjectName("eventDateParsed")
        self.place = QLineEdit(event.place if event else "")
        self.place.setObjectName("eventPlace")
        self.description = QPlainTextEdit(event.description if event else "")
        self.description.setObjectName("eventDescription")
        self.description.setTabChangesFocus(True)
        self.sources = QPlainTextEdit("\n".join(event.sources) if event else "")
        self.sources.setObjectName("eventSources")
        self.sources.setPlaceholderText("One URL or reference per line")
        self.sources.setTabChangesFocus(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("&Title", self.title)
        form.addRow("&Date", self.date)
        form.addRow("", self.date_parsed)
        form.addRow("&Place", self.place)
        form.addRow("D&escription", self.description)
        form.addRow("&Sources", self.sources)
        form.addRow(self.buttons)
        self.title.textChanged.connect(self._validate)
        self.date.textChanged.connect(self._validate)
        self._validate()
        self.resize(520, self.sizeHint().height())

    def _validate(self) -> None:
        dates = event_date_fields(self.date.text())
        if not self.date.text().strip():
            shown = ""
        elif dates["date_lo"]:
            span = (
                dates["date_lo"]
                if dates["date_lo"] == dates["date_hi"]
                else f"{dates['date_lo']} – {dates['date_hi']}"
            )
            shown = f"→ {span} ({dates['date_precision']})"
        else:
            shown = "⚠ not understood as a date: it will be kept as written, off the timeline"
        self.date_parsed.setText(shown)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.title.text().strip()))

    def fields(self) -> dict[str, Any]:
        """The values for create_event (all) or update_event (only those that changed)."""
        values: dict[str, Any] = {
            "title": self.title.text().strip(),
            "place": self.place.text().strip(),
            "description": self.description.toPlainText().strip(),
            "sources": [line.strip() for line in self.sources.toPlainText().splitlines() if line.strip()],
        }
        if self.editing is None:
            values["date_text"] = self.date.text().strip()
            return values
        values.update(event_date_fields(self.date.text()))
        return {name: value for name, value in values.items() if getattr(self.editing, name) != value}
