"""The claim panel's Similar tab: "seen this claim before?" among the project's claims and fact-checks.

The lookup (store.similar) takes a few milliseconds even over 100,000 claims (benchmarks/
bench_similar.py), so it runs on the GUI thread; it waits for a short pause after the selection moves,
so that stepping through claims with the keyboard does not look up every claim it passes.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.models import EVIDENCE_STANCES, Claim
from annotator.gui.session import ProjectSession
from annotator.gui.table_model import HeaderedTableModel, ModelIndex
from annotator.gui.undo.matching import CiteVerdictCommand, SameClaimCommand
from annotator.store import queries
from annotator.store.similar import SimilarHit, find_similar

# After the selection last moved, how long the tab waits before looking up (milliseconds).
LOOKUP_DELAY_MS = 120
LIMIT = 15
SOURCE_CHARS = 32


class SimilarModel(HeaderedTableModel):
    """Similar claims and fact-checks, best first: score, text, verdict, source. The claimant and the
    rest are in each row's tooltip and under the list (the panel is narrow on a laptop)."""

    HEADERS = ("Score", "Claim or fact-check", "Verdict", "Source")

    def __init__(self) -> None:
        super().__init__()
        self.hits: list[SimilarHit] = []

    def row_items(self) -> list[SimilarHit]:
        return self.hits

    def set_hits(self, hits: list[SimilarHit]) -> None:
        self.beginResetModel()
        self.hits = list(hits)
        self.endResetModel()

    def hit_at(self, row: int) -> SimilarHit | None:
        return self.hits[row] if 0 <= row < len(self.hits) else None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        hit = self.hit_at(index.row()) if index.isValid() else None
        if hit is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            verdict = (
                f"{hit.verdict} ({hit.verdict_as_of})" if hit.verdict and hit.verdict_as_of else hit.verdict
            )
            text = f"Fact-check: {hit.text}" if hit.kind == "factcheck" else hit.text
            text = f"= Same claim: {text}" if hit.same_as else text
            return (f"{hit.score:.2f}", text, verdict or "—", _short(hit.source))[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return describe_hit(hit)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


def _short(text: str, limit: int = SOURCE_CHARS) -> str:
    # A long document title would make its row ten lines tall; the whole title is in the tooltip.
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def describe_hit(hit: SimilarHit) -> str:
    """A hit in full, for the line under the list and the tooltip."""
    lines = [hit.text]
    if hit.quote and hit.quote != hit.text:
        lines.append(f"“{hit.quote}”")
    where = "in" if hit.kind == "claim" else "fact-checked by"
    lines.append(f"{where} {hit.source or '(unknown)'}" + (f", {hit.date}" if hit.date else ""))
    if hit.claimant:
        lines.append(f"claimant: {hit.claimant}")
    if hit.verdict:
        lines.append(
            f"{'published verdict' if hit.kind == 'claim' else 'rating'}: {hit.verdict}"
            + (f" as of {hit.verdict_as_of}" if hit.verdict_as_of else "")
        )
    else:
        lines.append("no published verdict" if hit.kind == "claim" else "no rating")
    if hit.url:
        lines.append(hit.url)
    lines.append(f"score {hit.score:.2f} (word overlap {hit.fuzzy:.2f}, BM25 {hit.lexical:.2f})")
    return "\n".join(lines)


class SimilarTab(QWidget):
    """Lists what is like the selected claim (or a shown suggestion); links it or cites a verdict."""

    claimActivated = Signal(str)  # claim id: the user opened a similar claim
    looked_up = Signal()  # a lookup finished and the list shows its hits (for tests and the tab title)

    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("similarTab")
        self.session = session
        self.claim: Claim | None = None
        self._text = ""
        self._extra: tuple[str, ...] = ()
        self._exclude: str | None = None
        self.model = SimilarModel()
        self.list = QTableView()
        self.list.setObjectName("similarList")
        self.list.setModel(self.model)
        self.list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # Wrapped, rows as tall as their text: a claim is read whole, not cut after three words. At most
        # LIMIT rows, so sizing them to their contents costs nothing.
        self.list.setWordWrap(True)
        self.list.verticalHeader().hide()
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = self.list.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 44), (2, 96), (3, 104)):
            header.resizeSection(column, width)
        self.list.selectionModel().currentRowChanged.connect(self._on_current)
        self.list.doubleClicked.connect(self._on_activated)
        self.status = QLabel()
        self.status.setObjectName("similarStatus")
        self.status.setWordWrap(True)
        self.detail = QLabel()
        self.detail.setObjectName("similarDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.same_button = QPushButton("&Same claim")
        self.same_button.setObjectName("similarSameClaim")
        self.same_button.setToolTip("Record that the selected claim says the same as this one (undoable)")
        self.stance = QComboBox()
        self.stance.setObjectName("similarCiteStance")
        self.stance.addItems(EVIDENCE_STANCES)
        self.stance.setCurrentText("context")
        self.cite_button = QPushButton("&Cite verdict as evidence")
        self.cite_button.setObjectName("similarCiteVerdict")
        self.cite_button.setToolTip(
            "Add evidence to this claim's verdict pointing at the earlier verdict or fact-check, with "
            "its as-of date; your own verdict is not changed"
        )
        buttons = QHBoxLayout()
        buttons.addWidget(self.same_button)
        buttons.addStretch(1)
        buttons.addWidget(QLabel("Stance"))
        buttons.addWidget(self.stance)
        buttons.addWidget(self.cite_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.detail)
        layout.addLayout(buttons)
        self.same_button.clicked.connect(self.toggle_same_claim)
        self.cite_button.clicked.connect(self.cite_selected)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(LOOKUP_DELAY_MS)
        self._timer.timeout.connect(self._on_timer)
        for signal in (session.linksChanged, session.verdictsChanged, session.evidenceChanged):
            signal.connect(self._refresh)
        session.claimChanged.connect(self._on_claim_changed)
        session.documentsChanged.connect(self._refresh)  # a document's fact-checks come with it
        session.factChecksChanged.connect(self._refresh)  # a fact-check file imported on its own
        self.set_claim(None)

    # --- what to look up ---------------------------------------------------------------------

    def set_claim(self, claim: Claim | None) -> None:
        """Look up what is like this claim, after a short pause (the selection may move on)."""
        self.claim = claim
        if claim is None:
            self._text, self._extra, self._exclude = "", (), None
            self._timer.stop()
            self._show([], "Select a claim to see similar claims and fact-checks.")
            return
        self._text = claim.statement or claim.exact
        self._extra = (claim.exact,) if claim.statement else ()
        self._exclude = claim.id
        self._timer.start()

    @property
    def looked_up_text(self) -> str:
        """The text whose look-alikes are listed (a claim's statement or quote, or a suggestion's)."""
        return self._text

    def show_similar_for_text(self, text: str, exclude_claim_id: str | None = None) -> None:
        """Look up what is like any text (a suggestion being shown) at once. Linking and citing still
        act on the selected claim, if there is one."""
        self._text, self._extra, self._exclude = text, (), exclude_claim_id
        self.look_up()

    def _on_timer(self) -> None:
        # A closed window's session (and project) may be gone by the time the pause is over.
        if self.window().isVisible():
            self.look_up()

    def look_up(self) -> None:
        self._timer.stop()
        if not self._text.strip():
            self._show([], "Nothing to look up.")
            return
        hits = find_similar(self.session.project, self._text, LIMIT, self._exclude, self._extra)
        if hits:
            status = f"{len(hits)} similar, best first. Double-click a claim to open it."
        else:
            status = "Nothing similar in this project's claims or imported fact-checks."
        self._show(hits, status)

    def _show(self, hits: list[SimilarHit], status: str) -> None:
        self.model.set_hits(hits)
        self.list.resizeRowsToContents()
        self.status.setText(status)
        if hits:
            self.list.selectRow(0)
        self._on_current(self.list.currentIndex() if hits else QModelIndex())
        self.looked_up.emit()

    def _refresh(self, *_: object) -> None:
        if self._text:
            self.look_up()

    def _on_claim_changed(self, _document_id: str, claim_id: str) -> None:
        if self.claim is not None and claim_id == self.claim.id:
            self.set_claim(queries.get_claim(self.session.project, claim_id))

    # --- acting on a hit -----------------------------------------------------------------------

    def selected_hit(self) -> SimilarHit | None:
        index = self.list.currentIndex()
        return self.model.hit_at(index.row()) if index.isValid() else None

    def _on_current(self, current: QModelIndex, _previous: QModelIndex | None = None) -> None:
        hit = self.model.hit_at(current.row()) if current.isValid() else None
        self.detail.setText(describe_hit(hit) if hit is not None else "")
        mine = self.claim is not None and hit is not None
        self.same_button.setEnabled(mine and hit is not None and hit.kind == "claim")
        self.same_button.setText("Not the &same claim" if hit is not None and hit.same_as else "&Same claim")
        citable = hit is not None and (hit.verdict_id is not None if hit.kind == "claim" else bool(hit.url))
        self.cite_button.setEnabled(mine and citable)
        self.stance.setEnabled(mine and citable)

    def _on_activated(self, index: QModelIndex) -> None:
        hit = self.model.hit_at(index.row())
        if hit is not None and hit.kind == "claim":
            self.claimActivated.emit(hit.id)

    def toggle_same_claim(self) -> None:
        hit = self.selected_hit()
        if self.claim is None or hit is None or hit.kind != "claim":
            return
        self.session.push(SameClaimCommand(self.session, self.claim.id, hit.id, unlink=hit.same_as))

    def cite_selected(self) -> None:
        hit = self.selected_hit()
        if self.claim is None or hit is None:
            return
        self.session.push(
            CiteVerdictCommand(self.session, self.claim.id, hit.kind, hit.id, self.stance.currentText())
        )
