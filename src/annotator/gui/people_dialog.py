"""Review > People: the people and organisations claims are attributed to; aliases and merging."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.models import Actor
from annotator.gui.merge_people_dialog import MergePeopleDialog
from annotator.gui.session import ProjectSession
from annotator.gui.undo.actors import (
    AddAliasCommand,
    MergeActorsCommand,
    RemoveAliasCommand,
    SplitAliasCommand,
)
from annotator.store import findings, mention_queries, queries


class PeopleDialog(QDialog):
    """Pick a person; give them another name, take one away, or merge someone else into them."""

    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("peopleDialog")
        self.setWindowTitle("People and organisations")
        self.session = session
        self.actors: list[Actor] = []
        self.list = QListWidget()
        self.list.setObjectName("peopleList")
        self.aliases = QListWidget()
        self.aliases.setObjectName("peopleAliases")
        self.alias = QLineEdit()
        self.alias.setObjectName("peopleAlias")
        self.alias.setPlaceholderText("Another name, e.g. Lukashenko")
        self.add_alias = QPushButton("&Add alias")
        self.add_alias.setObjectName("peopleAddAlias")
        self.remove_alias = QPushButton("&Remove alias")
        self.remove_alias.setObjectName("peopleRemoveAlias")
        self.split = QPushButton("&Split off as a person")
        self.split.setObjectName("peopleSplitAlias")
        self.split.setToolTip(
            "The alias becomes a person of their own (a merged-in person gets their claims back)"
        )
        self.other = QComboBox()
        self.other.setObjectName("peopleMergeOther")
        self.merge = QPushButton("&Merge into this one")
        self.merge.setObjectName("peopleMerge")
        self.merge.setToolTip("The other's claims and names become this one's (undo with Ctrl+Z)")
        self.summary = QLabel()
        self.summary.setObjectName("peopleSummary")
        self.summary.setWordWrap(True)
        self.look_alikes = QPushButton()
        self.look_alikes.setObjectName("peopleLookAlikes")
        self.look_alikes.setToolTip("People who look like one person spelt two ways, side by side")
        self.merge_people: MergePeopleDialog | None = None

        alias_row = QHBoxLayout()
        alias_row.addWidget(self.alias, 1)
        alias_row.addWidget(self.add_alias)
        merge_row = QHBoxLayout()
        merge_row.addWidget(self.other, 1)
        merge_row.addWidget(self.merge)
        details = QFormLayout()
        details.addRow(self.summary)
        details.addRow("Aliases", self.aliases)
        alias_buttons = QHBoxLayout()
        alias_buttons.addWidget(self.remove_alias)
        alias_buttons.addWidget(self.split)
        details.addRow("", alias_buttons)
        details.addRow("New alias", alias_row)
        details.addRow("Same person as", merge_row)
        columns = QHBoxLayout(self)
        columns.addWidget(self.list, 1)
        right = QVBoxLayout()
        right.addLayout(details)
        right.addStretch(1)
        right.addWidget(self.look_alikes, 0, Qt.AlignmentFlag.AlignRight)
        columns.addLayout(right, 2)
        self.resize(760, 420)

        self.list.currentRowChanged.connect(lambda *_: self._show())
        self.add_alias.clicked.connect(self._add_alias)
        self.alias.returnPressed.connect(self._add_alias)
        self.remove_alias.clicked.connect(self._remove_alias)
        self.split.clicked.connect(self._split_alias)
        self.merge.clicked.connect(self._merge)
        self.look_alikes.clicked.connect(self.show_look_alikes)
        # Bound methods, not lambdas: Qt drops a bound method's connection when the dialog is deleted
        # (closing deletes it); a lambda would go on calling into the deleted widgets.
        session.actorsChanged.connect(self.refresh)
        session.claimsChanged.connect(self._claims_changed)
        session.claimChanged.connect(self._claims_changed)
        session.mentionsChanged.connect(self._claims_changed)  # the mention counts move
        self.refresh()

    def _claims_changed(self, *_: object) -> None:
        self.refresh()  # the claim counts move

    def refresh(self) -> None:
        current = self.current()
        self.actors = sorted(queries.actors(self.session.project), key=lambda actor: actor.name.casefold())
        counts = findings.claims_per_actor(self.session.project)
        self.list.blockSignals(True)
        self.list.clear()
        for actor in self.actors:
            item = QListWidgetItem(f"{actor.name} ({counts.get(actor.id, 0)})")
            item.setData(Qt.ItemDataRole.UserRole, actor.id)
            self.list.addItem(item)
        row = next((r for r, actor in enumerate(self.actors) if current and actor.id == current.id), 0)
        self.list.setCurrentRow(row if self.actors else -1)
        self.list.blockSignals(False)
        pairs = len(findings.look_alike_people(self.session.project))
        self.look_alikes.setText(
            f"Merge these people… ({pairs} pair{' looks' if pairs == 1 else 's look'} alike)"
        )
        self.look_alikes.setVisible(pairs > 0)
        self._show()

    def show_look_alikes(self) -> MergePeopleDialog:
        """The pairs that look like one person spelt two ways, to merge (one window, raised if open)."""
        if self.merge_people is None:
            self.merge_people = MergePeopleDialog(self.session, None, self)
            self.merge_people.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.merge_people.destroyed.connect(self._look_alikes_closed)
        self.merge_people.show()
        self.merge_people.activateWindow()
        return self.merge_people

    def _look_alikes_closed(self) -> None:
        self.merge_people = None

    def current(self) -> Actor | None:
        row = self.list.currentRow()
        return self.actors[row] if 0 <= row < len(self.actors) else None

    def select(self, name: str) -> None:
        row = next(r for r, actor in enumerate(self.actors) if actor.name == name)
        self.list.setCurrentRow(row)

    def _show(self) -> None:
        actor = self.current()
        self.aliases.clear()
        self.other.clear()
        for widget in (self.alias, self.add_alias, self.remove_alias, self.split, self.other, self.merge):
            widget.setEnabled(actor is not None)
        if actor is None:
            self.summary.setText("Nobody yet: people appear here when you name a claim's claimant.")
            return
        count = findings.claims_per_actor(self.session.project).get(actor.id, 0)
        named = mention_queries.mentions_per_actor(self.session.project).get(actor.id, 0)
        self.summary.setText(
            f"{actor.name}, {actor.kind}: claimant of {count} claim{'' if count == 1 else 's'}; "
            f"{named} tagged mention{'' if named == 1 else 's'} in documents"
        )
        self.aliases.addItems(actor.aliases)
        for other in self.actors:
            if other.id != actor.id:
                self.other.addItem(other.name, other.id)
        self.merge.setEnabled(self.other.count() > 0)

    def _add_alias(self) -> None:
        actor, alias = self.current(), self.alias.text().strip()
        if actor is not None and alias and self.session.push(AddAliasCommand(self.session, actor.id, alias)):
            self.alias.clear()

    def _remove_alias(self) -> None:
        actor, item = self.current(), self.aliases.currentItem()
        if actor is not None and item is not None:
            self.session.push(RemoveAliasCommand(self.session, actor.id, item.text()))

    def _split_alias(self) -> None:
        actor, item = self.current(), self.aliases.currentItem()
        if actor is not None and item is not None:
            self.session.push(SplitAliasCommand(self.session, actor.id, item.text()))

    def _merge(self) -> None:
        actor = self.current()
        if actor is not None and self.other.currentData():
            text = f"Merge {self.other.currentText()} into {actor.name}"
            self.session.push(MergeActorsCommand(self.session, actor.id, self.other.currentData(), text))
