"""Merge these people: look-alike claimants side by side (claims, aliases), merged in one undoable step."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.models import Actor
from annotator.gui.session import ProjectSession
from annotator.gui.undo.actors import MergeActorsCommand
from annotator.store import findings


def _claims(count: int) -> str:
    return f"{count} claim{'' if count == 1 else 's'}"


class MergePeopleDialog(QDialog):
    """The pairs that look like one person spelt two ways (after a merge: the pairs it brought in). Pick
    one, see both with their claim counts and aliases, choose whose name to keep, merge; Ctrl+Z undoes."""

    def __init__(
        self, session: ProjectSession, among: set[str] | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mergePeopleDialog")
        self.setWindowTitle("Merge these people")
        self.session = session
        self.among = among
        self.pairs: list[tuple[Actor, Actor, float]] = []
        self.not_same: set[frozenset[str]] = set()  # pairs the user said are two people, this time
        intro = QLabel(
            "These look like one person spelt two ways. If they are, merge them: the claims of both "
            "count for one person, and the other name becomes an alias (undo with Ctrl+Z)."
        )
        intro.setWordWrap(True)
        self.list = QListWidget()
        self.list.setObjectName("mergePeoplePairs")
        self.table = QTableWidget(3, 2)
        self.table.setObjectName("mergePeopleSideBySide")
        self.table.setVerticalHeaderLabels(["Name", "Claims", "Also known as"])
        self.table.horizontalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.keep_first = QRadioButton()
        self.keep_first.setObjectName("mergePeopleKeepFirst")
        self.keep_second = QRadioButton()
        self.keep_second.setObjectName("mergePeopleKeepSecond")
        self.keep = QButtonGroup(self)
        self.keep.addButton(self.keep_first)
        self.keep.addButton(self.keep_second)
        keep_row = QHBoxLayout()
        keep_row.addWidget(QLabel("Keep the name:"))
        keep_row.addWidget(self.keep_first)
        keep_row.addWidget(self.keep_second)
        keep_row.addStretch(1)
        self.merge = QPushButton("&Merge these people")
        self.merge.setObjectName("mergePeopleMerge")
        self.merge.setDefault(True)
        self.skip = QPushButton("&Not the same person")
        self.skip.setObjectName("mergePeopleSkip")
        self.summary = QLabel()
        self.summary.setObjectName("mergePeopleSummary")
        self.summary.setWordWrap(True)
        actions = QHBoxLayout()
        actions.addWidget(self.summary, 1)
        actions.addWidget(self.skip)
        actions.addWidget(self.merge)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.table)
        layout.addLayout(keep_row)
        layout.addLayout(actions)
        layout.addWidget(close)
        self.resize(720, 380)

        self.list.currentRowChanged.connect(self._show)
        self.merge.clicked.connect(self.merge_current)
        self.skip.clicked.connect(self.skip_current)
        # A bound method: Qt drops the connection when the dialog is deleted on closing.
        session.actorsChanged.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        current = self.current()
        keep = frozenset((current[0].id, current[1].id)) if current else None
        self.pairs = [
            pair
            for pair in findings.look_alike_people(self.session.project, self.among)
            if frozenset((pair[0].id, pair[1].id)) not in self.not_same
        ]
        self.counts = findings.claims_per_actor(self.session.project)
        self.list.blockSignals(True)
        self.list.clear()
        for first, second, score in self.pairs:
            item = QListWidgetItem(f"{first.name} and {second.name} ({score:.0f}% alike)")
            self.list.addItem(item)
        row = next((r for r, (a, b, _) in enumerate(self.pairs) if frozenset((a.id, b.id)) == keep), 0)
        self.list.setCurrentRow(row if self.pairs else -1)
        self.list.blockSignals(False)
        self.summary.setText(
            f"{len(self.pairs)} pair{' looks' if len(self.pairs) == 1 else 's look'} alike"
            if self.pairs
            else "No people left that look alike."
        )
        self._show(self.list.currentRow())

    def current(self) -> tuple[Actor, Actor] | None:
        row = self.list.currentRow()
        return (self.pairs[row][0], self.pairs[row][1]) if 0 <= row < len(self.pairs) else None

    def _show(self, _row: int) -> None:
        pair = self.current()
        for widget in (self.merge, self.skip, self.keep_first, self.keep_second):
            widget.setEnabled(pair is not None)
        for row in range(self.table.rowCount()):
            for column in range(2):
                self.table.setItem(row, column, QTableWidgetItem(""))
        if pair is None:
            self.keep_first.setText("")
            self.keep_second.setText("")
            return
        for column, actor in enumerate(pair):
            count = self.counts.get(actor.id, 0)
            values = (f"{actor.name} ({actor.kind})", _claims(count), ", ".join(actor.aliases) or "—")
            for row, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()
        rows = sum(self.table.rowHeight(row) for row in range(self.table.rowCount()))
        self.table.setFixedHeight(rows + 2 * self.table.frameWidth())  # three rows, no empty space
        self.keep_first.setText(pair[0].name)
        self.keep_second.setText(pair[1].name)
        # The name with more claims is likelier the one the desk uses; on a tie, the first (ours).
        more_second = self.counts.get(pair[1].id, 0) > self.counts.get(pair[0].id, 0)
        (self.keep_second if more_second else self.keep_first).setChecked(True)

    def merge_current(self) -> bool:
        pair = self.current()
        if pair is None:
            return False
        kept, other = pair if self.keep_first.isChecked() else (pair[1], pair[0])
        text = f"Merge {other.name} into {kept.name}"
        return self.session.push(MergeActorsCommand(self.session, kept.id, other.id, text))

    def skip_current(self) -> None:
        pair = self.current()
        if pair is not None:
            self.not_same.add(frozenset((pair[0].id, pair[1].id)))
            self.refresh()
