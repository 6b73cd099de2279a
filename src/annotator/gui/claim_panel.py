"""The annotation panel: the current document's claims and an editor for the selected one."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QEvent, QObject, QStringListModel, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.dates import parse_stated_date, reference_date, years_mentioned
from annotator.domain.filters import ClaimFilter
from annotator.domain.models import CLAIM_KINDS, Claim
from annotator.domain.spans import ClaimSpan
from annotator.gui import preferences
from annotator.gui.actions import menu_path
from annotator.gui.claim_events_tab import ClaimEventsTab
from annotator.gui.claim_list_model import ClaimListModel
from annotator.gui.columns import ColumnFitter
from annotator.gui.filter_bar import FilterBar
from annotator.gui.mnemonics import mnemonic_key, mnemonic_texts, plain
from annotator.gui.session import ProjectSession
from annotator.gui.similar_tab import SimilarTab
from annotator.gui.suggestion_list_model import SuggestionListModel
from annotator.gui.undo.claims import DeleteClaimCommand, EditClaimCommand, SetClaimantCommand
from annotator.gui.undo.versions import ConfirmAnchorCommand
from annotator.gui.verdict_tab import VerdictTab
from annotator.ops import versions as version_ops
from annotator.store import claim_list_queries, findings, queries

# How long typing in the list's filter box pauses before the list is filtered (professional tools wait
# 150-250 ms: long enough for the next key of a word, short enough to feel immediate).
FILTER_PAUSE_MS = 200


def _tags_from_text(text: str) -> list[str]:
    seen: dict[str, None] = {}
    for tag in text.split(","):
        if tag.strip():
            seen.setdefault(tag.strip(), None)
    return list(seen)


class ClaimPanel(QWidget):
    """Lists the claims of the open document and edits the selected one.

    Each field commits when the user finishes with it (Enter or leaving the field), as one undoable
    command; there is nothing to save.
    """

    claimSelected = Signal(str)  # the user picked a claim in the list: the view scrolls to it
    claimShown = Signal(object)  # str | None: the claim the editor now shows, however it got there
    suggestionSelected = Signal(str)  # the user picked a suggestion in the Suggestions list (its key)

    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("claimPanel")
        self.session = session
        self.document_id: str | None = None
        self._years_for: str | None = None  # the document whose years `_years` holds
        self._years: list[int] = []
        self.document_published = ""
        self.claim: Claim | None = None
        self._loading = False

        self.model = ClaimListModel(session.project)
        self.filter_bar = FilterBar(session)
        self.text_filter = QLineEdit()
        self.text_filter.setObjectName("claimFilterText")
        self.text_filter.setPlaceholderText("Filter claims by quote, claimant, statement, note, tag…")
        self.text_filter.setClearButtonEnabled(True)
        self.text_filter.textChanged.connect(self._on_text_filter)
        # The list is filtered once typing pauses, not at every key: at 100,000 claims one filter is
        # ~0.2 s of SQL, and "minsk" typed would run five.
        self._filter_pause = QTimer(self)
        self._filter_pause.setSingleShot(True)
        self._filter_pause.setInterval(FILTER_PAUSE_MS)
        self._filter_pause.timeout.connect(self._apply_text_filter)
        self.list = QTableView()
        self.list.setObjectName("claimList")
        self.list.setModel(self.model)
        # Sortable by every column; until the user clicks a header the list is in text order.
        self.list.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.list.setSortingEnabled(True)
        self.list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        # Fixed row heights and column widths: sizing to contents would ask the model for every
        # cell of every row, which for 10,000 claims costs more than opening the document itself.
        rows = self.list.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.list.fontMetrics().height() + 8)
        self.list.setWordWrap(False)
        header = self.list.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        preferred = {
            0: self.list.fontMetrics().horizontalAdvance("prediction") + 16,
            2: 90,
            3: 72,
            4: 90,
            5: 56,
            6: 80,
        }
        for column, width in preferred.items():
            header.resizeSection(column, width)
        # In a narrow panel the quote keeps a third of the width; "By" goes first (its colour stays).
        self.column_fitter = ColumnFitter(self.list, preferred, share=0.34, optional=(5,), fixed=(0,))
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.selectionModel().currentRowChanged.connect(self._on_row_changed)

        self.editor = QGroupBox("Claim")
        self.editor.setObjectName("claimEditor")
        self.quote = QLabel()
        self.quote.setObjectName("claimQuote")
        self.quote.setWordWrap(True)
        self.quote.setTextFormat(Qt.TextFormat.PlainText)
        self.kind = QComboBox()
        self.kind.setObjectName("claimKind")
        self.kind.addItems(CLAIM_KINDS)
        self.claimant = QLineEdit()
        self.claimant.setObjectName("claimClaimant")
        self.claimant.setPlaceholderText("Who made the claim (name or alias)")
        self.actor_completions = QStringListModel(self)
        completer = QCompleter(self.actor_completions, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.claimant.setCompleter(completer)
        self.stated = QLineEdit()
        self.stated.setObjectName("claimStated")
        self.stated.setPlaceholderText("When it was stated, as written: 17 March, Apr 13, 2022…")
        self.stated_parsed = QLabel()
        self.stated_parsed.setWordWrap(True)
        self.stated_parsed.setObjectName("claimStatedParsed")
        self.statement = QLineEdit()
        self.statement.setObjectName("claimStatement")
        # Worded as an instruction: an example sentence here read like the claim's own content.
        self.statement.setPlaceholderText("Short statement of the claim, in your words")
        self.tags = QLineEdit()
        self.tags.setObjectName("claimTags")
        self.tags.setPlaceholderText("Comma-separated tags")
        self.note = QPlainTextEdit()
        self.note.setObjectName("claimNote")
        self.note.setPlaceholderText("Note")
        self.note.setTabChangesFocus(True)
        self.note.setMaximumHeight(90)
        self.note.installEventFilter(self)
        self.anchor_bar = QLabel()
        self.anchor_bar.setObjectName("claimAnchorNotice")
        self.anchor_bar.setWordWrap(True)
        self.anchor_bar.setTextFormat(Qt.TextFormat.PlainText)
        self.confirm_anchor = QPushButton("Confirm new position")
        self.confirm_anchor.setObjectName("claimConfirmAnchor")
        self.reject_anchor = QPushButton("Reject (keep on old version)")
        self.reject_anchor.setObjectName("claimRejectAnchor")
        self.due = QLineEdit()
        self.due.setObjectName("claimDue")
        self.due.setPlaceholderText("For a prediction or promise: when to check it (e.g. 31 December 2022)")
        self.due_parsed = QLabel()
        self.due_parsed.setObjectName("claimDueParsed")
        self.delete_button = QPushButton("Delete claim")
        self.delete_button.setObjectName("claimDelete")

        form = QFormLayout(self.editor)
        form.addRow(self.quote)
        form.addRow(self.anchor_bar)
        anchor_buttons = QHBoxLayout()
        anchor_buttons.addWidget(self.confirm_anchor)
        anchor_buttons.addWidget(self.reject_anchor)
        form.addRow(anchor_buttons)
        # Alt letters chosen against the menus (F E C V D R H) and the tabs (L T I); see gui/mnemonics.py.
        details_fields = (
            ("&Kind", self.kind),
            ("Clai&mant", self.claimant),
            ("&Stated", self.stated),
            ("St&atement", self.statement),
            ("Ta&gs", self.tags),
            ("N&ote", self.note),
            ("D&ue", self.due),
        )
        for label, field in details_fields:
            form.addRow(label, field)
            if field is self.stated:
                form.addRow("", self.stated_parsed)
        form.addRow("", self.due_parsed)
        form.addRow(self.delete_button)

        self.events_tab = ClaimEventsTab(session)
        self.verdict_tab = VerdictTab(session)
        self.similar_tab = SimilarTab(session)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("claimTabs")
        # Each page scrolls, so a tall page (the verdict form, the claim's fields) never squeezes the
        # claim list above it to a couple of rows on a 720-pixel screen.
        self._tab_pages: dict[QWidget, QScrollArea] = {}
        for page, title in (
            (self.editor, "Detai&ls"),
            (self.events_tab, "Even&ts"),
            (self.verdict_tab, "Verd&ict"),
            # Every letter of "Similar" is taken by a menu or a Details field (Alt+M reaches the claimant).
            (self.similar_tab, "Similar"),
        ):
            area = QScrollArea()
            area.setWidget(page)
            area.setWidgetResizable(True)
            area.setFrameShape(QFrame.Shape.NoFrame)
            self._tab_pages[page] = area
            self.tabs.addTab(area, title)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.count_label = QLabel()
        self.count_label.setObjectName("claimCount")
        layout.addWidget(self.count_label)
        layout.addWidget(self.filter_bar)
        layout.addWidget(self.text_filter)
        # A splitter, so the user decides how much room the list and the claim's tabs get.
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("claimPanelSplitter")
        # The Suggestions filter swaps the claim list for the list of the document's suggestions.
        self.suggestion_model = SuggestionListModel()
        self.suggestion_list = QTableView()
        self.suggestion_list.setObjectName("suggestionList")
        self.suggestion_list.setModel(self.suggestion_model)
        self.suggestion_list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.suggestion_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.suggestion_list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.suggestion_list.verticalHeader().hide()
        self.suggestion_list.setWordWrap(False)
        suggestion_header = self.suggestion_list.horizontalHeader()
        suggestion_header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 72), (1, 48), (3, 110), (4, 72), (5, 160)):
            suggestion_header.resizeSection(column, width)
        self.suggestion_list.selectionModel().currentRowChanged.connect(self._on_suggestion_row)
        self.lists = QStackedWidget()
        self.lists.setObjectName("claimLists")
        self.lists.addWidget(self.list)
        self.lists.addWidget(self.suggestion_list)
        self.filter_bar.suggestionsToggled.connect(self._show_suggestion_list)
        self.splitter.addWidget(self.lists)
        self.splitter.addWidget(self.tabs)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([260, 440])
        # At least six claims in view, whatever the tabs below would like.
        self.list.setMinimumHeight(
            rows.defaultSectionSize() * 6
            + self.list.horizontalHeader().sizeHint().height()
            + 2 * self.list.frameWidth()  # the frame is inside the minimum too: six whole rows, not 5.9
        )
        layout.addWidget(self.splitter, 1)
        self._details_shortcuts(details_fields)

        self.kind.activated.connect(self._commit_kind)
        self.claimant.editingFinished.connect(self._commit_claimant)
        self.stated.editingFinished.connect(self._commit_stated)
        self.stated.textEdited.connect(self._preview_stated)
        self.statement.editingFinished.connect(
            lambda: self._commit_text("statement", self.statement.text().strip())
        )
        self.tags.editingFinished.connect(
            lambda: self._commit_text("tags", _tags_from_text(self.tags.text()))
        )
        self.due.editingFinished.connect(self._commit_due)
        self.due.textEdited.connect(lambda text: self.due_parsed.setText(self._resolve_due(text)[1]))
        self.delete_button.clicked.connect(self.delete_current)
        self.confirm_anchor.clicked.connect(lambda: self._decide_anchor(reject=False))
        self.reject_anchor.clicked.connect(lambda: self._decide_anchor(reject=True))

        session.claimsChanged.connect(self._on_claims_changed)
        session.claimChanged.connect(self._on_claim_changed)
        session.actorsChanged.connect(self._refresh_actors)
        # A review can publish a verdict or keep one from publishing, as much as recording one can.
        session.verdictsChanged.connect(self._show_verdicts)
        session.reviewsChanged.connect(self._show_verdicts)
        session.documentChanged.connect(self._on_document_changed)
        session.operationFailed.connect(self._show_stored)
        self.similar_tab.looked_up.connect(self._show_similar_count)
        self._refresh_actors()
        self._show_claim(None)

    # --- data in ----------------------------------------------------------------------------

    def set_document(
        self, document_id: str | None, published: str, extra_ids: list[str] | None = None
    ) -> None:
        """Show a document's claims (counted and read a page at a time by the list's model), plus
        `extra_ids`: claims listed with it though anchored in an earlier version."""
        self.commit_pending()
        self.document_id = document_id
        self.document_published = published
        self._years_for = None
        self.model.set_claims(document_id, extra_ids)
        self._show_anchor_column(self.model.rows.unsettled if self.model.rows is not None else False)
        self._show_verdicts()
        self._show_count()
        self._show_claim(None)

    def _show_similar_count(self) -> None:
        count = self.similar_tab.model.rowCount()
        index = self.tabs.indexOf(self._tab_pages[self.similar_tab])
        self.tabs.setTabText(index, f"Similar ({count})" if count else "Similar")

    def set_suggestions(self, suggestions: list[Any]) -> None:
        """The open document's suggestions (best first), for the Suggestions list."""
        current = self.current_suggestion_key()
        self.suggestion_model.set_suggestions(suggestions)
        if current is not None:
            self.select_suggestion(current)
        self._show_count()

    def current_suggestion_key(self) -> str | None:
        index = self.suggestion_list.currentIndex()
        return str(index.data(Qt.ItemDataRole.UserRole)) if index.isValid() else None

    def select_suggestion(self, key: str | None) -> None:
        row = self.suggestion_model.row_of(key) if key else -1
        if row < 0:
            self.suggestion_list.clearSelection()
            return
        self.suggestion_list.selectRow(row)
        self.suggestion_list.scrollTo(self.suggestion_model.index(row, 0))

    def _on_suggestion_row(self, current: Any, _previous: Any) -> None:
        if current.isValid():
            self.suggestionSelected.emit(str(current.data(Qt.ItemDataRole.UserRole)))

    def _show_suggestion_list(self, shown: bool) -> None:
        self.lists.setCurrentWidget(self.suggestion_list if shown else self.list)
        self._show_count()

    def _details_shortcuts(self, fields: tuple[tuple[str, QWidget], ...]) -> None:
        """Alt+M reaches the claimant from any tab (the label's own mnemonic works only while it shows),
        unless the tab on show uses that letter itself."""
        self._field_shortcuts: list[QShortcut] = []
        for label, field in fields:
            shortcut = QShortcut(QKeySequence.mnemonic(label), self)
            shortcut.setObjectName(f"detailsShortcut_{field.objectName()}")
            shortcut.setWhatsThis(f"{plain(label)} (from any tab)")
            shortcut.activated.connect(lambda f=field: self._go_to_field(f))
            self._field_shortcuts.append(shortcut)
        self.tabs.currentChanged.connect(self._enable_details_shortcuts)
        self._enable_details_shortcuts()

    def _enable_details_shortcuts(self, *_args: object) -> None:
        page = self.tabs.currentWidget()
        on_details = page is self._tab_pages[self.editor]
        used = {
            mnemonic_key(text) for widget in page.findChildren(QWidget) for text in mnemonic_texts(widget)
        }
        for shortcut in self._field_shortcuts:
            key = shortcut.key().toString(QKeySequence.SequenceFormat.NativeText)
            shortcut.setEnabled(not on_details and key not in used)

    def _go_to_field(self, field: QWidget) -> None:
        self.show_tab(self.editor)
        field.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def show_tab(self, page: QWidget) -> None:
        """Bring one of the tabs (self.editor, self.events_tab, self.verdict_tab, self.similar_tab) to the
        front."""
        self.tabs.setCurrentWidget(self._tab_pages[page])

    def _show_verdicts(self, *_: object) -> None:
        """The published verdict of each listed claim, and how many newer proposals wait."""
        if self.document_id is None:
            self.model.set_verdicts({})
            return
        labels = {entry.label: entry.display for entry in findings.verdict_labels(self.session.project)}
        shown = {}
        published_labels = {}
        # The list has counted the document's claims: the verdicts' query need not count them again.
        views = findings.desk_views(
            self.session.project, document_id=self.document_id, document_claims=self.model.claim_count()
        )
        for claim_id, view in views.items():
            published = view.published
            text = labels.get(published.label, published.label) if published else ""
            if published:
                published_labels[claim_id] = published.label
            if view.waiting:
                waiting = f"{view.waiting} proposal{'' if view.waiting == 1 else 's'}"
                text = f"{text} +{waiting}" if text else waiting
            shown[claim_id] = text
        self.model.set_verdicts(shown, published_labels)

    def _show_anchor_column(self, unsettled: bool | None = None) -> None:
        # Anchor health matters only after a new version; until then the column would stay empty.
        if unsettled is None:
            unsettled = self.document_id is not None and claim_list_queries.has_unsettled_anchors(
                self.session.project, self.document_id
            )
        unsettled = self.document_id is not None and (unsettled or bool(self.model.extra_ids))
        self.list.setColumnHidden(4, not unsettled)

    def _on_text_filter(self, text: str) -> None:
        if text.strip():
            self._filter_pause.start()  # again from the latest key
        else:  # cleared (the clear button, or the last letter deleted): at once
            self._apply_text_filter()

    def _apply_text_filter(self) -> None:
        self._filter_pause.stop()
        self.model.set_text_filter(self.text_filter.text())
        self._show_count()

    @property
    def text_filter_pending(self) -> bool:
        """Whether text typed in the filter box waits for typing to pause before the list is filtered."""
        return self._filter_pause.isActive()

    def _show_count(self) -> None:
        if self.filter_bar.showing_suggestions:
            count = self.suggestion_model.rowCount()
            self.count_label.setText(
                f"{count} suggestion{'s' if count != 1 else ''}, counted nowhere until accepted"
            )
            return
        count, shown = self.model.claim_count(), self.model.rowCount()
        # Thousands grouped: a desk's document holds tens of thousands of claims.
        text = f"{count:,} claim{'s' if count != 1 else ''}"
        self.count_label.setText(text if shown == count else f"{shown:,} of {text} shown")

    def _refresh_actors(self) -> None:
        actors = queries.actors(self.session.project)
        self._actor_names = {actor.id: actor.name for actor in actors}
        names = sorted({name for actor in actors for name in (actor.name, *actor.aliases)}, key=str.casefold)
        self.actor_completions.setStringList(names)
        self.model.set_actor_names(self._actor_names)
        # Each annotator's colour marks their claims, so colleagues' work stands out after a merge.
        annotators = queries.annotators(self.session.project)
        self.model.set_annotators({person.id: (person.name, person.color) for person in annotators})

    def _on_claims_changed(self, document_id: str, added: list[Claim], removed: list[str]) -> None:
        if document_id != self.document_id:
            return
        current = self.claim.id if self.claim else None
        # Removing the selected row moves Qt's current row to a neighbour: that is no choice of the user's,
        # so it must not select (and scroll the document to) that neighbour.
        self._loading = True
        try:
            self.model.remove_claims(removed)
            self.model.add_claims(added)
        finally:
            self._loading = False
        self._show_count()
        if current is not None and self.model.has_row(current):
            if any(claim.id == current for claim in added):
                self.select_claim(current)  # taken out and put back: show it as it now is
            else:
                self._select_row(current)  # the same claim, only its row may have moved
        else:
            self.list.clearSelection()
            if current is not None:  # it was taken out
                self._show_claim(None)

    def _on_claim_changed(self, document_id: str, claim_id: str) -> None:
        if document_id != self.document_id:
            return
        claim = queries.get_claim(self.session.project, claim_id)
        self.model.replace_claim(claim)
        if claim.anchor_status != "ok" or not self.list.isColumnHidden(4):
            self._show_anchor_column()  # a decision on a moved anchor may settle the last one
        if self.claim is not None and self.claim.id == claim_id:
            # Its row may have moved (sorted by the field edited) or left the list (filtered out).
            self.select_claim(claim_id)

    def _on_document_changed(self, document_id: str) -> None:
        if document_id == self.document_id:
            document = queries.get_document(self.session.project, document_id, with_text=False)
            self.document_published = document.published
            self._show_claim(self.claim)

    def _show_stored(self) -> None:
        """After a failed edit, show the claim as the project holds it, not as it was typed."""
        if self.claim is not None and self.model.has_row(self.claim.id):
            self._show_claim(queries.get_claim(self.session.project, self.claim.id))

    # --- selection --------------------------------------------------------------------------

    def select_claim(self, claim_id: str | None) -> None:
        if not claim_id or not self.model.has_row(claim_id):
            self.list.clearSelection()
            self._show_claim(None)
            return
        shown = self.claim
        self._select_row(claim_id)
        if self.claim is shown:
            # The row did not change, so `_on_row_changed` showed nothing: show the claim as stored now.
            self._show_claim(queries.get_claim(self.session.project, claim_id))

    def _select_row(self, claim_id: str) -> None:
        """Select and reveal a listed claim's row; a new current row shows its claim (`_on_row_changed`)."""
        row = self.model.row_of(claim_id)
        if row >= 0:
            self.list.selectRow(row)
            self.list.scrollTo(self.model.index(row, 0))
        else:
            self.list.clearSelection()  # filtered out of the list, but still the claim being edited

    def set_claim_filter(self, claim_filter: ClaimFilter) -> None:
        """Show only the claims the filter lets through (asked of SQL by the list's model)."""
        self.model.set_claim_filter(claim_filter)
        self._show_count()

    def change_visible_claims(self, shown: set[str], hidden: set[str]) -> None:
        """These claims were edited (their verdicts, links): the list asks SQL again whether the claim
        filter lets them through, and where they go, one by one."""
        self.model.refresh_claims(sorted(shown | hidden))
        self._show_count()

    def visible_claims(self) -> list[ClaimSpan]:
        """The claims the list shows, in its order (text order until the user sorts by a column); reads
        every row, so for tests and tools rather than the window's own work."""
        return self.model.shown_spans()

    def _on_row_changed(self, current: Any, _previous: Any) -> None:
        if self._loading or not current.isValid():
            return
        claim = queries.get_claim(self.session.project, self.model.claim_id_at(current.row()))
        if self.claim is None or claim.id != self.claim.id:
            self.commit_pending()
            self._show_claim(claim)
            self.claimSelected.emit(claim.id)

    def _show_claim(self, claim: Claim | None) -> None:
        self._loading = True
        self.claim = claim
        self.editor.setEnabled(claim is not None)
        self.events_tab.set_claim(claim)
        self.verdict_tab.set_claim(claim)
        self.similar_tab.set_claim(claim)
        if claim is None:
            self.quote.setText("Select text in the document and press T (or a number key) to tag a claim.")
            for field in (self.claimant, self.stated, self.statement, self.tags, self.due):
                field.clear()
            self.note.clear()
            self.stated_parsed.clear()
            self.due_parsed.clear()
        else:
            self.quote.setText(f"“{claim.exact}”")
            self.kind.setCurrentText(claim.kind)
            self.claimant.setText(self._actor_names.get(claim.claimant_id or "", ""))
            self.stated.setText(claim.stated_text)
            self.statement.setText(claim.statement)
            self.tags.setText(", ".join(claim.tags))
            if self.note.toPlainText() != claim.note:
                self.note.setPlainText(claim.note)
            self._preview_stated(claim.stated_text)
            self.due.setText(claim.due)
            self.due_parsed.setText(self._resolve_due(claim.due)[1])
        self._show_anchor(claim)
        self._loading = False
        self.claimShown.emit(claim.id if claim else None)

    # --- edits --------------------------------------------------------------------------------

    def _push_edit(self, changes: dict[str, Any], label: str) -> None:
        if self.claim is None or self._loading:
            return
        if all(getattr(self.claim, name) == value for name, value in changes.items()):
            return
        self.session.push(EditClaimCommand(self.session, self.claim, changes, label))

    def _commit_kind(self, index: int) -> None:
        self.set_kind(CLAIM_KINDS[index])

    def set_kind(self, kind: str) -> None:
        self._push_edit({"kind": kind}, f"Change kind to {kind}")

    def _commit_text(self, field: str, value: Any) -> None:
        self._push_edit({field: value}, f"Edit {field}")

    def _commit_claimant(self) -> None:
        if self.claim is None or self._loading:
            return
        name = self.claimant.text().strip()
        current = self._actor_names.get(self.claim.claimant_id or "", "")
        if name == current:
            return
        self.session.push(SetClaimantCommand(self.session, self.claim, name))

    def _resolve_stated(self, text: str) -> tuple[dict[str, str], str]:
        """The stored fields for a stated date as typed, and the line shown back to the user."""
        text = text.strip()
        empty = {"stated_text": text, "stated_lo": "", "stated_hi": "", "stated_precision": ""}
        if not text:
            return empty, ""
        reference = reference_date(self.document_published)
        resolution = parse_stated_date(text, reference, dayfirst=preferences.current.dayfirst)
        if resolution is None:
            if self.document_published:
                return empty, "⚠ not understood as a date: kept as written"
            message = (
                "⚠ not understood as a date. If only the year is missing, type the date with it or set "
                f"the document's date in {menu_path('actionDocumentDetails')}."
            )
            years = self._years_in_document()
            if years:
                often = f" ({years[1]} most often)" if len(years) > 1 else ""
                message += f" The text names years up to {years[0]}{often}: “{text} {years[0]}”?"
            return empty, message
        fields = {
            "stated_text": text,
            "stated_lo": resolution.lo,
            "stated_hi": resolution.hi,
            "stated_precision": resolution.precision,
        }
        return fields, f"→ {resolution.display()} ({resolution.precision})"

    def _years_in_document(self) -> list[int]:
        """The years the open document's text names most often (read once per document, when needed)."""
        if self.document_id is None:
            return []
        if self._years_for != self.document_id:
            text = queries.get_document(self.session.project, self.document_id).text
            self._years, self._years_for = years_mentioned(text), self.document_id
        return self._years

    def _preview_stated(self, text: str) -> None:
        self.stated_parsed.setText(self._resolve_stated(text)[1])

    def _commit_stated(self) -> None:
        fields, shown = self._resolve_stated(self.stated.text())
        self.stated_parsed.setText(shown)
        self._push_edit(fields, "Edit stated date")

    def _resolve_due(self, text: str) -> tuple[str | None, str]:
        """The due date as ISO (None if not understood) and the line shown back to the user."""
        text = text.strip()
        if not text:
            return "", ""
        reference = reference_date(self.document_published) or date.today()
        resolution = parse_stated_date(text, reference, dayfirst=preferences.current.dayfirst)
        if resolution is None:
            return None, "⚠ not understood as a date"
        # A due date is a deadline: the last day the text can mean.
        return resolution.hi, f"→ due {resolution.hi}"

    def _commit_due(self) -> None:
        due, shown = self._resolve_due(self.due.text())
        self.due_parsed.setText(shown)
        if due is not None:
            self._push_edit({"due": due}, "Edit due date")

    def _show_anchor(self, claim: Claim | None) -> None:
        status = claim.anchor_status if claim else "ok"
        notices = {
            "moved": "Found again at a new place in this version.",
            "needs_confirmation": "A new version changed this passage; the claim was placed by a close "
            "match. Confirm the new position or reject it.",
            "orphaned": "Not found in the current version: shown from the version it was made on.",
        }
        self.anchor_bar.setVisible(status in notices)
        self.anchor_bar.setText(notices.get(status, ""))
        if claim is not None and status in ("needs_confirmation", "orphaned"):
            history = version_ops.previous_anchor(self.session.project, claim.id)
            if history is not None and status == "needs_confirmation":
                self.anchor_bar.setText(f"{notices[status]}\nBefore: “{history['exact']}”")
            elif status == "needs_confirmation":  # no earlier version: placed so when it was imported
                self.anchor_bar.setText(
                    "Imported annotation placed by a close match of its quote, or where its context "
                    "differs. Confirm the position or reject it."
                )
        for button in (self.confirm_anchor, self.reject_anchor):
            button.setVisible(status == "needs_confirmation")

    def _decide_anchor(self, reject: bool) -> None:
        if self.claim is not None:
            self.session.push(ConfirmAnchorCommand(self.session, self.claim, reject=reject))

    def commit_pending(self) -> None:
        """Commit the note, which has no 'editing finished' of its own, before the claim changes."""
        if self.claim is not None and not self._loading:
            self._commit_text("note", self.note.toPlainText())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if watched is self.note and event.type() == QEvent.Type.FocusOut:
            self.commit_pending()
        return super().eventFilter(watched, event)

    def delete_current(self) -> None:
        if self.claim is not None:
            self.session.push(DeleteClaimCommand(self.session, self.claim))

    def step(self, direction: int) -> str | None:
        """Select the next (+1) or previous (-1) claim in the list's order; returns its id."""
        count = self.model.rowCount()
        if not count:
            return None
        row = self.model.row_of(self.claim.id) if self.claim else -1
        row = (row + direction) % count if row >= 0 else (0 if direction > 0 else count - 1)
        claim_id = self.model.claim_id_at(row)
        self.select_claim(claim_id)
        self.claimSelected.emit(claim_id)
        return claim_id
