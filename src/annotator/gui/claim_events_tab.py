"""The claim panel's Events tab: the events a claim is linked to, linking an existing one or a new one."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.models import EVENT_RELATIONS, Claim, Event
from annotator.domain.wording import relation_name
from annotator.gui.event_dialog import EventDialog
from annotator.gui.session import ProjectSession
from annotator.gui.undo.events import (
    CreateEventCommand,
    DeleteEventCommand,
    EditEventCommand,
    LinkEventCommand,
)
from annotator.gui.verdict_tab import wrap_rows
from annotator.store import findings


def event_label(event: Event) -> str:
    when = event.date_lo if event.date_precision == "day" else (event.date_text or "undated")
    return f"{when} · {event.title}"


class ClaimEventsTab(QWidget):
    """Links the selected claim to events with a relation (about, predicts, ...)."""

    eventActivated = Signal(str)

    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("claimEventsTab")
        self.session = session
        self.claim: Claim | None = None
        self.links = QListWidget()
        self.links.setObjectName("claimEventLinks")
        wrap_rows(self.links)
        self.links.itemActivated.connect(
            lambda item: self.eventActivated.emit(item.data(Qt.ItemDataRole.UserRole)[0])
        )
        self.picker = QComboBox()
        self.picker.setObjectName("eventPicker")
        self.picker.setEditable(True)
        self.picker.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        picker_edit, completer = self.picker.lineEdit(), self.picker.completer()
        assert picker_edit is not None and completer is not None  # an editable combo has both
        picker_edit.setPlaceholderText("Event to link (type to search)")
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.relation = QComboBox()
        self.relation.setObjectName("eventRelation")
        for relation in EVENT_RELATIONS:
            self.relation.addItem(relation_name(relation), relation)  # "Confirmed by", not confirmed_by
        self.link_button = QPushButton("Lin&k")
        self.link_button.setObjectName("eventLink")
        self.new_button = QPushButton("Ne&w event…")
        self.new_button.setObjectName("eventNew")
        self.unlink_button = QPushButton("&Unlink")
        self.unlink_button.setObjectName("eventUnlink")
        self.edit_button = QPushButton("Edit eve&nt…")
        self.edit_button.setObjectName("eventEdit")
        self.delete_button = QPushButton("Delete event")
        self.delete_button.setObjectName("eventDelete")

        row = QHBoxLayout()
        row.addWidget(self.relation)
        row.addWidget(self.picker, 1)
        # Two short rows, not one long one: the panel must fit beside two documents at 1280 pixels.
        link_buttons = QHBoxLayout()
        link_buttons.addWidget(self.link_button)
        link_buttons.addWidget(self.new_button)
        link_buttons.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        buttons.addWidget(self.unlink_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.links, 1)
        layout.addLayout(buttons)
        layout.addLayout(row)
        layout.addLayout(link_buttons)

        self.link_button.clicked.connect(self.link_selected_event)
        picker_edit.returnPressed.connect(self.link_selected_event)
        self.new_button.clicked.connect(self.create_event)
        self.unlink_button.clicked.connect(self.unlink_current)
        self.edit_button.clicked.connect(self.edit_current)
        self.delete_button.clicked.connect(self.delete_current)
        session.eventsChanged.connect(self._refresh_events)
        session.linksChanged.connect(self._on_links_changed)
        self._refresh_events()
        self.set_claim(None)

    def set_claim(self, claim: Claim | None) -> None:
        self.claim = claim
        self.setEnabled(claim is not None)
        self._refresh_links()

    def _refresh_events(self) -> None:
        text = self.picker.currentText()
        self.picker.clear()
        for event in findings.events(self.session.project):
            self.picker.addItem(event_label(event), event.id)
        self.picker.setCurrentIndex(-1)
        self.picker.setEditText(text)
        self._refresh_links()

    def _on_links_changed(self, claim_id: str) -> None:
        if self.claim is not None and claim_id == self.claim.id:
            self._refresh_links()

    def _refresh_links(self) -> None:
        self.links.clear()
        if self.claim is None:
            return
        for event, relation in findings.events_for_claim(self.session.project, self.claim.id):
            item = QListWidgetItem(f"{relation_name(relation)}: {event_label(event)}")
            item.setData(Qt.ItemDataRole.UserRole, (event.id, relation))
            item.setToolTip(event.description or event.title)
            self.links.addItem(item)

    def _picked_event(self) -> str | None:
        text = self.picker.currentText().strip()
        index = self.picker.findText(text, Qt.MatchFlag.MatchExactly)
        if index < 0:
            index = self.picker.findText(text, Qt.MatchFlag.MatchContains) if text else -1
        return self.picker.itemData(index) if index >= 0 else None

    def link_selected_event(self) -> None:
        if self.claim is None:
            return
        event_id = self._picked_event()
        if event_id is None:
            # Typing a name that matches no event offers to create it, prefilled.
            self.create_event()
            return
        command = LinkEventCommand(self.session, self.claim.id, event_id, self.relation.currentData())
        if self.session.push(command):
            self.picker.setEditText("")

    def create_event(self) -> None:
        if self.claim is None:
            return
        dialog = EventDialog(title=self.picker.currentText().strip(), parent=self)
        if dialog.exec():
            self.create_event_with(dialog.fields())

    def create_event_with(self, fields: dict[str, object]) -> None:
        """Create an event and link the current claim to it with the chosen relation, as one undo step."""
        if self.claim is None:
            return
        link = (self.claim.id, self.relation.currentData())
        if self.session.push(CreateEventCommand(self.session, dict(fields), link)):
            self.picker.setEditText("")

    def _current_event(self) -> str | None:
        item = self.links.currentItem()
        return item.data(Qt.ItemDataRole.UserRole)[0] if item is not None else None

    def edit_current(self) -> None:
        event_id = self._current_event()
        if event_id is None:
            return
        dialog = EventDialog(findings.get_event(self.session.project, event_id), parent=self)
        if dialog.exec() and (changes := dialog.fields()):
            self.session.push(EditEventCommand(self.session, event_id, changes))

    def delete_current(self) -> None:
        """Delete the selected event everywhere (its links go with it; the claims stay). Undoable."""
        event_id = self._current_event()
        if event_id is not None:
            self.session.push(DeleteEventCommand(self.session, event_id))

    def unlink_current(self) -> None:
        item = self.links.currentItem()
        if self.claim is None or item is None:
            return
        event_id, relation = item.data(Qt.ItemDataRole.UserRole)
        self.session.push(LinkEventCommand(self.session, self.claim.id, event_id, relation, unlink=True))
