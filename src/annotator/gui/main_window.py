"""The main window: document list, document view and claim panel; menus come from the action table."""

from __future__ import annotations

import functools
import hashlib
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPoint, QSettings, Qt, QThread, QTimer, QUrl
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDesktopServices,
    QDragEnterEvent,
    QDropEvent,
    QShowEvent,
    QTextCursor,
)
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDockWidget,
    QFileDialog,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.filters import ClaimFilter
from annotator.domain.models import CLAIM_KINDS, Claim, Document, Evidence
from annotator.domain.wording import count_of
from annotator.gui import icons, palette, preferences
from annotator.gui.actions import ACTIONS, build_action, menu_path
from annotator.gui.claim_panel import ClaimPanel
from annotator.gui.document_dialog import DocumentDialog
from annotator.gui.document_list import DocumentList
from annotator.gui.document_view import DocumentView
from annotator.gui.evidence_dialog import AddEvidenceDialog
from annotator.gui.find_bar import FindBar
from annotator.gui.first_paint import after_first_paint
from annotator.gui.import_progress import ImportProgressDialog
from annotator.gui.preferences import Preferences, PreferencesDialog
from annotator.gui.project_lock import OpeningCancelled, ProjectLock, open_for_window, working_annotator
from annotator.gui.reference_view import ReferenceView
from annotator.gui.session import ProjectSession
from annotator.gui.settings import list_setting, text_setting, user_name
from annotator.gui.shortcuts_dialog import ShortcutsDialog
from annotator.gui.style import kind_colour, verdict_colour
from annotator.gui.suggestion_controller import SuggestionController
from annotator.gui.title_notice import TitleNotice
from annotator.gui.undo.claims import TagClaimCommand
from annotator.gui.undo.documents import EditDocumentCommand, ImportCommand
from annotator.gui.undo.verdicts import AddEvidenceCommand, SecondReviewerCommand
from annotator.gui.undo.versions import AddVersionCommand
from annotator.ops import documents as document_ops
from annotator.ops import versions as version_ops
from annotator.ops.originals import verify as verify_evidence
from annotator.store import evidence, findings, queries
from annotator.store.filtering import claims_passing
from annotator.store.project import ProjectError
from annotator.store.search import SearchHit
from annotator.store.span_queries import DocumentSpans

# Pane minimums (pixels): each keeps a usable width at 1280x720 with the other two beside it.
MIN_LIST_WIDTH = 220
MIN_DOCUMENT_WIDTH = 320
MIN_PANEL_WIDTH = 380
SPLITTER_KEYS = ("window/splitter", "window/documentsSplitter", "window/panelSplitter")

if TYPE_CHECKING:
    from annotator.gui.timeline import TimelineView
    from annotator.ops.importing import ImportOutcome

PROJECT_FILTER = "Annotator projects (*.sqlite *.db);;All files (*)"
# Dialogs opened from menus are imported when first opened: the start-up budget (a usable window
# within a second) has no room for exporters and reports nobody asked for yet. So are the importers
# (every file format's reader) and merging: the first import or merge pays for them.
# Open windows, so a window created by another (File > Open) is not garbage-collected with it.
OPEN_WINDOWS: set[MainWindow] = set()
MAX_RECENT = 10
# How often a window looks for changes other processes committed: one cheap PRAGMA per look.
EXTERNAL_POLL_MS = 1000
# What a read-only project cannot do; the view, search, filters, reports and the timeline still work.
EDITING_ACTIONS = (
    "actionImport",
    "actionImportFolder",
    "actionImportUrl",
    "actionMerge",
    "actionTagClaim",
    *(f"actionTag{kind.capitalize()}" for kind in CLAIM_KINDS),
    "actionDeleteClaim",
    "actionAddEvidence",
    "actionNewVersion",
    "actionAcceptSuggestion",
    "actionRejectSuggestion",
    "actionAcceptAllOfKind",
    "actionTagAllOccurrences",
)


def import_filter() -> str:
    from annotator.ops.importing import IMPORTABLE_SUFFIXES, NAMED_SUFFIXES

    patterns = " ".join(f"*{suffix}" for suffix in sorted(IMPORTABLE_SUFFIXES | NAMED_SUFFIXES))
    return f"Documents and annotations ({patterns});;All files (*)"


class MainWindow(QMainWindow):
    """One window on one project. Opening another project replaces the session and its views."""

    def __init__(
        self, session: ProjectSession, settings: QSettings | None = None, lock: ProjectLock | None = None
    ) -> None:
        super().__init__()
        self.setObjectName("MainWindow")
        self.settings = settings or QSettings()
        self.session = session
        self.document_id: str | None = None
        self._import_thread: QThread | None = None
        self._refilter_pending = False
        # The claim filter's last result (claim id -> its document), and the claims edited since: after
        # an edit only those are looked at again. None: look at every claim.
        self._passing: dict[str, str] = {}
        self._passing_documents: Counter[str] = Counter()
        self._refilter_ids: set[str] | None = set()
        self.open_dialogs: list[QDialog] = []
        self._previous_versions: dict[str, str] = {}  # new version's id -> the version it replaced
        self._pending_top: int | None = None  # where to scroll the document once shown (a relaunch)
        self._holding_top = False
        self.setAcceptDrops(True)
        OPEN_WINDOWS.add(self)
        Preferences.load(self.settings).apply()

        self.actions_by_name: dict[str, QAction] = {}
        self.document_list = DocumentList()
        self.document_view = DocumentView()
        self.reference = ReferenceView(session)
        self.reference.hide()
        self.panel = ClaimPanel(session)
        # Side by side, as the README shows: one above the other left the main text ~200 pixels.
        self.documents_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.documents_splitter.setObjectName("documentsSplitter")
        self.find_bar = FindBar(self.document_view)
        document_area = QWidget()
        document_layout = QVBoxLayout(document_area)
        document_layout.setContentsMargins(0, 0, 0, 0)
        document_layout.setSpacing(0)
        self.title_notice = TitleNotice()
        self.title_notice.accepted.connect(self.accept_proposed_title)
        self.title_notice.editRequested.connect(self.on_actionDocumentDetails)
        document_layout.addWidget(self.title_notice)
        document_layout.addWidget(self.document_view, 1)
        document_layout.addWidget(self.find_bar)
        self.documents_splitter.addWidget(document_area)
        self.documents_splitter.addWidget(self.reference)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.document_list)
        self.splitter.addWidget(self.documents_splitter)
        self.splitter.addWidget(self.panel)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 5)
        self.splitter.setStretchFactor(2, 3)
        self.splitter.setSizes([340, 560, 500])
        # Minimums, so no pane can be squeezed to nothing (the user's own sizes persist, see restore_layout).
        self.document_list.setMinimumWidth(MIN_LIST_WIDTH)
        document_area.setMinimumWidth(MIN_DOCUMENT_WIDTH)
        self.reference.setMinimumWidth(MIN_DOCUMENT_WIDTH)
        self.panel.setMinimumWidth(MIN_PANEL_WIDTH)
        self.splitter.setChildrenCollapsible(False)
        self.documents_splitter.setChildrenCollapsible(False)
        for splitter in (self.splitter, self.documents_splitter, self.panel.splitter):
            splitter.splitterMoved.connect(self._save_splitters)
        self.setCentralWidget(self.splitter)
        self._timeline: TimelineView | None = None  # built when first shown (see `timeline`)
        self.timeline_dock = QDockWidget("Timeline", self)
        self.timeline_dock.setObjectName("timelineDock")
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.timeline_dock)
        self.timeline_dock.hide()
        self.timeline_dock.visibilityChanged.connect(self._size_timeline)
        self.setWindowIcon(icons.app_icon())
        self._build_actions()
        self.suggestions = SuggestionController(self)
        self.actions_by_name["actionShowSuggestions"].setChecked(True)
        self.timeline_dock.visibilityChanged.connect(self.actions_by_name["actionTimeline"].setChecked)
        self.panel.similar_tab.claimActivated.connect(self.open_claim)

        self.document_list.documentActivated.connect(self.open_document)
        self.document_view.claimClicked.connect(self._on_claim_clicked)
        self.document_view.selectionChanged.connect(self._update_actions)
        self.reference.view.selectionChanged.connect(self._update_actions)
        self.panel.verdict_tab.evidenceActivated.connect(self.show_evidence)
        self.panel.verdict_tab.archiveRequested.connect(self.archive_evidence)
        self._connect_session()
        self._resize_to_fit(1280, 800)
        self.statusBar().showMessage("Ready")
        self.session.note_data_version()  # before the views read what they show
        self._load_project_view()
        self._set_up_for_a_desk(lock)
        after_first_paint(self, self._after_first_paint)

    def _resize_to_fit(self, width: int, height: int) -> None:
        """This size, no taller than the screen's free area: on a 1366x768 laptop or a 720-line screen
        a window 800 high hid its status bar and the claim's fields below the screen's edge (the width
        fits those screens). A size the user left the window at is restored later (window/geometry)."""
        screen = self.screen()
        if screen is not None:
            height = min(height, screen.availableGeometry().height())
        self.resize(width, height)

    # --- setup --------------------------------------------------------------------------------

    def _build_actions(self) -> None:
        menus: dict[str, object] = {}
        toolbar = QToolBar("Main")
        toolbar.setObjectName("mainToolbar")
        self.addToolBar(toolbar)
        for spec in ACTIONS:
            action = build_action(spec, self)
            self.actions_by_name[spec.name] = action
            menu = menus.get(spec.menu)
            if menu is None:
                # "&Claim > &Suggestions" is a submenu: the menu bar has no Alt letter left for it.
                parent_title, _, sub_title = spec.menu.partition(" > ")
                parent = menus.get(parent_title) or self.menuBar().addMenu(parent_title)
                menus[parent_title] = parent
                menu = menus[spec.menu] = parent.addMenu(sub_title) if sub_title else parent  # type: ignore[attr-defined]
            menu.addAction(action)  # type: ignore[attr-defined]
            if spec.name == "actionOpenProject":
                self.recent_menu = menu.addMenu("Open &Recent")  # type: ignore[attr-defined]
                self.recent_menu.setObjectName("menuRecent")
            if spec.checkable:
                action.setCheckable(True)
            if spec.toolbar:
                toolbar.addAction(action)
            if spec.scope == "document":
                # Single-key shortcuts work only where no text is being typed.
                self.document_view.addAction(action)
                self.panel.list.addAction(action)
                self.panel.suggestion_list.addAction(action)
            else:
                self.addAction(action)
            action.triggered.connect(getattr(self, "on_" + spec.name))
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        # The tool bar keeps short labels; the menu item names what would be undone ("Undo Tag claim").
        self.actions_by_name["actionUndo"].setIconText("Undo")
        self.actions_by_name["actionRedo"].setIconText("Redo")
        icons.apply_action_icons(self.actions_by_name)
        self._refresh_recent_menu()

    def _connect_session(self) -> None:
        stack = self.session.undo_stack
        undo, redo = self.actions_by_name["actionUndo"], self.actions_by_name["actionRedo"]
        stack.canUndoChanged.connect(undo.setEnabled)
        stack.canRedoChanged.connect(redo.setEnabled)
        # Bound methods, not lambdas: Qt drops the connection when the window goes, so a stack that
        # outlives it never calls into deleted actions.
        stack.undoTextChanged.connect(self._show_undo_text)
        stack.redoTextChanged.connect(self._show_redo_text)
        # The project setting changes with any step (its own, or its undo): keep the check mark true.
        stack.indexChanged.connect(self._show_second_reviewer)
        self._show_second_reviewer()
        undo.setEnabled(stack.canUndo())
        redo.setEnabled(stack.canRedo())
        self.session.claimsChanged.connect(self._on_claims_changed)
        self.session.claimChanged.connect(self._on_claim_changed)
        self.session.documentsChanged.connect(self._on_documents_changed)
        self.session.documentChanged.connect(self._on_document_changed)
        self.panel.claimSelected.connect(lambda claim_id: self.document_view.select_claim(claim_id))
        self.panel.claimShown.connect(self._on_claim_shown)
        self.panel.filter_bar.filterChanged.connect(self.apply_filter)
        self.session.claimsChanged.connect(
            lambda _document, added, removed: self._refilter_soon([claim.id for claim in added] + removed)
        )
        self.session.claimChanged.connect(lambda _document, claim_id: self._refilter_soon([claim_id]))
        self.session.verdictsChanged.connect(lambda claim_id: self._refilter_soon([claim_id]))
        self.session.linksChanged.connect(lambda claim_id: self._refilter_soon([claim_id]))
        self.session.documentsChanged.connect(self._refilter_soon)  # imports, merges: every claim again
        self.session.verdictsChanged.connect(self._on_verdicts_changed)
        self.session.operationFailed.connect(self.show_operation_error)

    def show_operation_error(self, what: str, reason: str) -> None:
        """An edit, undo or redo failed and changed nothing: say so, without blocking the window."""
        box = QMessageBox(QMessageBox.Icon.Warning, "Not done", f"{what}: not done.\n\n{reason}", parent=self)
        box.setObjectName("operationError")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    # --- filters ------------------------------------------------------------------------------

    @functools.cached_property
    def _project_digest(self) -> str:
        # Worked out once: resolving the path stats every folder on it, and a document's place is saved
        # under this key at every open (a window keeps its project for its whole life).
        return hashlib.sha1(str(self.session.project.path.resolve()).encode()).hexdigest()[:16]

    def _filter_key(self) -> str:
        """Filters are remembered per project file, under a key QSettings can hold."""
        return f"filters/{self._project_digest}"

    def apply_filter(self, claim_filter: ClaimFilter) -> None:
        """Show only claims passing the filter, and only documents holding such claims."""
        self.settings.setValue(self._filter_key(), claim_filter.to_json())
        self._refilter_ids = set()
        self.panel.set_claim_filter(claim_filter)  # the claim list applies it in SQL itself
        if claim_filter.active:
            self._passing = claims_passing(self.session.project, claim_filter)
            self._passing_documents = Counter(self._passing.values())
            self.document_list.set_visible_documents(set(self._passing_documents))
        else:
            self._passing, self._passing_documents = {}, Counter()
            self.document_list.set_visible_documents(None)

    def _refilter_soon(self, claim_ids: list[str] | None = None) -> None:
        """Claims were edited (None: anything may have changed): look at them again under the filter.

        Several signals arrive for one user action; the filter runs once, after all have been handled,
        and only over the claims they named, so a tag costs the same with 10 claims or 100,000.
        """
        if not self.panel.filter_bar.claim_filter.active:
            return
        if claim_ids is None or self._refilter_ids is None:
            self._refilter_ids = None
        else:
            self._refilter_ids.update(claim_ids)
        if not self._refilter_pending:
            self._refilter_pending = True
            QTimer.singleShot(0, self._refilter)

    def _refilter(self) -> None:
        self._refilter_pending = False
        claim_filter = self.panel.filter_bar.claim_filter
        edited = self._refilter_ids
        if edited is None or not claim_filter.active:
            self.apply_filter(claim_filter)
            return
        self._refilter_ids = set()
        passing = claims_passing(self.session.project, claim_filter, edited)
        counts = self._passing_documents
        touched = {self._passing[c] for c in edited if c in self._passing} | set(passing.values())
        before = {document_id for document_id in touched if counts[document_id] > 0}
        for claim_id in edited:
            document_id = self._passing.pop(claim_id, None)
            if document_id is not None:
                counts[document_id] -= 1
        for claim_id, document_id in passing.items():
            self._passing[claim_id] = document_id
            counts[document_id] += 1
        self.panel.change_visible_claims(set(passing), edited - passing.keys())
        after = {document_id for document_id in touched if counts[document_id] > 0}
        for document_id in touched - after:
            del counts[document_id]
        if after != before:
            self.document_list.set_visible_documents(set(counts))

    def _show_undo_text(self, text: str) -> None:
        self.actions_by_name["actionUndo"].setText(f"&Undo {text}".strip())

    def _show_redo_text(self, text: str) -> None:
        self.actions_by_name["actionRedo"].setText(f"&Redo {text}".strip())

    def _load_project_view(self) -> None:
        self.setWindowTitle(f"{self.session.project.path.name} — annotator")
        # Claim counts read every claim's index entry (a quarter of a second from a cold disk at 100k
        # claims): the list shows without them and they fill in once the window is on screen.
        self._reload_documents(counted=False)
        saved = ClaimFilter.from_json(text_setting(self.settings, self._filter_key(), "{}"))
        self.panel.filter_bar.set_filter(saved, announce=False)
        self.apply_filter(saved)
        self._remember_recent(self.session.project.path)
        shown = self.document_list.model.shown_ids()
        if shown and self.document_id is None:
            # Back where the user left off: the document they had open, at the same scroll position.
            place = text_setting(self.settings, self._place_key()).split()
            last = place[0] if place and place[0] in shown else shown[0]
            self.document_list.select(last)
            if last == self.document_id and len(place) == 2 and place[1].isdigit():
                self._scroll_back_to(int(place[1]))
        self._update_actions()

    def _place_key(self) -> str:
        return self._filter_key().replace("filters/", "place/")

    def _remember_place(self) -> None:
        """The open document and the first character in view, as a code point: a scroll bar's value
        counts wrapped lines, which change with the window's width."""
        if self.document_id is not None:
            view = self.document_view
            top = view.offsets.to_codepoint(view.cursorForPosition(QPoint(1, 1)).position())
            self.settings.setValue(self._place_key(), f"{self.document_id} {top}")

    def _scroll_back_to(self, codepoint: int) -> None:
        """Bring `codepoint` to the top of the view once the window is laid out (splitters restored)."""
        self._pending_top = codepoint
        if self.isVisible():
            QTimer.singleShot(0, self._show_pending_top)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        if self._pending_top is not None:
            QTimer.singleShot(0, self._show_pending_top)

    def _show_pending_top(self) -> None:
        view = self.document_view
        if self._pending_top is None or self._pending_top > len(view.text):
            self._pending_top = None
            return
        if not self._holding_top:
            # Until the user scrolls or moves the cursor, the place stays on top while the window settles
            # (a resize rewraps the lines and would drift it away).
            self._holding_top = True
            view.viewport().installEventFilter(self)
            view.verticalScrollBar().actionTriggered.connect(self._let_go_of_top)
            view.cursorPositionChanged.connect(self._let_go_of_top)
        bar = view.verticalScrollBar()
        view.blockSignals(True)  # our own cursor move is not the user's
        # Scrolled to the end first, the cursor then comes into view at the top, not the bottom.
        bar.setValue(bar.maximum())
        cursor = QTextCursor(view.document())
        cursor.setPosition(view.offsets.to_utf16(self._pending_top))
        view.setTextCursor(cursor)
        view.ensureCursorVisible()
        view.blockSignals(False)

    def _let_go_of_top(self, *_args: object) -> None:
        if self._holding_top:
            self._holding_top = False
            self._pending_top = None
            view = self.document_view
            view.viewport().removeEventFilter(self)
            view.verticalScrollBar().actionTriggered.disconnect(self._let_go_of_top)
            view.cursorPositionChanged.disconnect(self._let_go_of_top)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if (
            self._holding_top
            and watched is self.document_view.viewport()
            and event.type() == QEvent.Type.Resize
        ):
            QTimer.singleShot(0, self._show_pending_top)
        return super().eventFilter(watched, event)

    # --- documents ----------------------------------------------------------------------------

    def _reload_documents(self, counted: bool = True) -> None:
        self.document_list.set_documents(
            queries.document_summaries(self.session.project, counted=counted), keep=self.document_id
        )
        if self.document_id is not None and self.document_list.model.row_of(self.document_id) < 0:
            self.open_document(None)

    def _after_first_paint(self) -> None:
        """What the first look at the window does without: the list's claim counts, and the marks the
        watch for other processes' changes compares against (each a pass over every claim's entry in
        an index, together a third of a second from a cold disk at 100,000 claims)."""
        if self not in OPEN_WINDOWS:
            return  # closed already
        counted: dict[str, int] = {}
        if not self.document_list.model.counted:  # (unless reloaded since, with them)
            counts = queries.claim_counts(self.session.project)
            self.document_list.model.set_claim_counts(counts)
            counted["claims"] = sum(counts.values())  # the watch's count of claims, not read twice
        self.session.watch_external_changes(counted)
        self.external_timer.start()

    def open_document(self, document_id: str | None, reload: bool = False) -> None:
        if document_id == self.document_id and not reload:
            return
        self._let_go_of_top()
        self.panel.commit_pending()
        self.document_id = document_id
        if document_id is None:
            self.document_view.show_document(None, "", None)
            self.panel.set_document(None, "")
            self.title_notice.show_proposal(None)
        else:
            document = queries.get_document(self.session.project, document_id)
            self.document_view.show_document(
                document_id, document.text, DocumentSpans(self.session.project, document_id)
            )
            # Claims a new version could not place stay listed with it, by their quote.
            orphans = version_ops.orphaned_from_earlier_versions(self.session.project, document_id)
            self.panel.set_document(document_id, document.published, orphans)
            self.find_bar.refresh()
            self.statusBar().showMessage(document.title, 5000)
            self.settings.setValue(self._place_key(), f"{document_id} 0")
            self._propose_title(document_id, document)
        self.suggestions.document_opened(document_id)
        self._update_actions()

    def _propose_title(self, document_id: str, document: Document | None = None) -> None:
        """Offer a title for an untitled document; `document` as open_document has just read it."""
        if document is None:
            document = queries.get_document(self.session.project, document_id, with_text=False)
        proposal = (
            None
            if self.session.project.readonly
            else document_ops.title_proposal(self.session.project, document_id, document)
        )
        self.title_notice.show_proposal(proposal, document.title)

    def accept_proposed_title(self, title: str) -> None:
        """The user confirmed the proposed title: one undoable edit, as in Document Details."""
        if self.document_id is not None:
            self.session.push(EditDocumentCommand(self.session, self.document_id, {"title": title}))

    def current_document(self) -> str | None:
        return self.document_id

    def _on_document_changed(self, document_id: str) -> None:
        self._reload_documents()
        if document_id == self.document_id:
            self._propose_title(document_id)

    def _on_documents_changed(self) -> None:
        """Documents came or went (import, merge, new version, or their undo): claims may have moved."""
        showing = self.document_id
        self._reload_documents()
        if self.document_id is not None:
            self.open_document(self.document_id, reload=True)
        elif showing in self._previous_versions:
            # The version on screen was taken back (undo): show the one its claims returned to.
            previous = self._previous_versions[showing]
            if self.document_list.model.row_of(previous) >= 0:
                self.document_list.select(previous)

    def on_actionNewVersion(self) -> None:  # noqa: N802
        if self.document_id is None:
            return
        path, _ = QFileDialog.getOpenFileName(
            self, "Import a new version of this document", str(Path.home()), import_filter()
        )
        if path:
            self.import_new_version(Path(path))

    def import_new_version(self, path: Path) -> bool:
        """Import `path` as the next version of the open document; its claims follow to the new text."""
        if self.document_id is None:
            return False
        from annotator import ingest

        try:
            imported = ingest.load_file(path)
        except ingest.IngestError as error:
            QMessageBox.critical(self, "Cannot import", f"{error.path}\n\n{error.reason}")
            return False
        command = AddVersionCommand(self.session, self.document_id, imported, str(path))
        if not self.session.push(command):
            return False
        assert command.result is not None
        self._previous_versions[command.result.new_document_id] = command.result.old_document_id
        self.document_list.select(command.result.new_document_id)
        self.statusBar().showMessage(command.result.describe(), 10000)
        return True

    # --- claims -------------------------------------------------------------------------------

    def _on_claims_changed(self, document_id: str, added: list[Claim], removed: list[str]) -> None:
        self.document_list.adjust_claim_count(document_id, len(added) - len(removed))
        if document_id != self.document_id:
            return
        self.document_view.remove_claims(removed)
        self.document_view.add_claims(added)
        if len(added) == 1:
            self.panel.select_claim(added[0].id)
        self._update_actions()

    def _on_claim_changed(self, document_id: str, claim_id: str) -> None:
        if document_id == self.document_id:
            self.document_view.replace_claim(queries.get_claim(self.session.project, claim_id))

    def _on_claim_clicked(self, claim_id: str) -> None:
        self.panel.select_claim(claim_id)

    def _on_claim_shown(self, claim_id: str | None) -> None:
        self.document_view.select_claim(claim_id, scroll=False)
        self._update_actions()

    def tag_selection(self, kind: str = "factual") -> bool:
        """Tag the text selected in the document view; False (with a status message) if none is."""
        span = self.document_view.selected_span()
        if self.document_id is None or span is None:
            self.statusBar().showMessage("Select some text in the document first, then tag it.", 5000)
            return False
        command = TagClaimCommand(
            self.session, self.document_id, span[0], span[1], kind, self.document_view.text
        )
        return self.session.push(command)

    def _tag_or_set_kind(self, kind: str) -> None:
        if self.document_view.selected_span() is not None:
            self.tag_selection(kind)
        elif self.panel.claim is not None:
            self.panel.set_kind(kind)

    def _update_actions(self) -> None:
        has_selection = self.document_view.selected_span() is not None
        has_claim = self.panel.claim is not None
        self.actions_by_name["actionTagClaim"].setEnabled(has_selection)
        for kind in CLAIM_KINDS:
            self.actions_by_name[f"actionTag{kind.capitalize()}"].setEnabled(has_selection or has_claim)
        self.actions_by_name["actionDeleteClaim"].setEnabled(has_claim)
        has_evidence_text = bool(self.reference.view.selected_span()) or has_selection
        self.actions_by_name["actionAddEvidence"].setEnabled(has_claim and has_evidence_text)
        self.actions_by_name["actionDocumentDetails"].setEnabled(self.document_id is not None)
        self.suggestions.update_person_action()  # its target may be the selected claim's claimant
        self._keep_edits_disabled()

    # --- action slots (named after the action table) ------------------------------------------

    def on_actionTagClaim(self) -> None:  # noqa: N802
        self.tag_selection(preferences.current.default_kind)

    def on_actionTagFactual(self) -> None:  # noqa: N802
        self._tag_or_set_kind("factual")

    def on_actionTagQuote(self) -> None:  # noqa: N802
        self._tag_or_set_kind("quote")

    def on_actionTagPrediction(self) -> None:  # noqa: N802
        self._tag_or_set_kind("prediction")

    def on_actionTagPromise(self) -> None:  # noqa: N802
        self._tag_or_set_kind("promise")

    def on_actionTagOpinion(self) -> None:  # noqa: N802
        self._tag_or_set_kind("opinion")

    def on_actionDeleteClaim(self) -> None:  # noqa: N802
        self.panel.delete_current()

    def on_actionNextClaim(self) -> None:  # noqa: N802
        self.panel.step(+1)
        self._update_actions()

    def on_actionPreviousClaim(self) -> None:  # noqa: N802
        self.panel.step(-1)
        self._update_actions()

    def update_suggestion_actions(self) -> None:
        has_suggestions = bool(self.document_view.suggestions) and self.document_view.suggestions_visible
        selected = self.document_view.current_suggestion is not None
        for name in ("actionNextSuggestion", "actionPreviousSuggestion"):
            self.actions_by_name[name].setEnabled(has_suggestions)
        for name in ("actionAcceptSuggestion", "actionRejectSuggestion", "actionAcceptAllOfKind"):
            self.actions_by_name[name].setEnabled(selected)
        self.actions_by_name["actionSuggestNow"].setEnabled(self.document_id is not None)
        self.suggestions.update_person_action()
        self._keep_edits_disabled()

    def on_actionShowSuggestions(self) -> None:  # noqa: N802
        self.suggestions.set_visible(self.actions_by_name["actionShowSuggestions"].isChecked())

    def on_actionSuggestNow(self) -> None:  # noqa: N802
        self.suggestions.refresh()

    def on_actionNextSuggestion(self) -> None:  # noqa: N802
        self.suggestions.step(+1)

    def on_actionPreviousSuggestion(self) -> None:  # noqa: N802
        self.suggestions.step(-1)

    def on_actionAcceptSuggestion(self) -> None:  # noqa: N802
        self.suggestions.accept()

    def on_actionRejectSuggestion(self) -> None:  # noqa: N802
        self.suggestions.reject()

    def on_actionAcceptAllOfKind(self) -> None:  # noqa: N802
        self.suggestions.accept_all_of_kind()

    def on_actionTagAllOccurrences(self) -> None:  # noqa: N802
        self.suggestions.tag_all_occurrences()

    def on_actionUndo(self) -> None:  # noqa: N802
        self.panel.commit_pending()
        self.session.undo()

    def on_actionRedo(self) -> None:  # noqa: N802
        self.session.redo()

    def on_actionAddEvidence(self) -> None:  # noqa: N802
        dialog = self.evidence_dialog()
        if dialog is not None and dialog.exec():
            self.add_selection_as_evidence(dialog.stance.currentText(), dialog.note.text().strip())

    def evidence_dialog(self) -> AddEvidenceDialog | None:
        """The dialog showing the passage about to become evidence (None when nothing is selected)."""
        source = self.reference.view if self.reference.view.selected_span() else self.document_view
        span = source.selected_span()
        if span is None or source.document_id is None:
            self.statusBar().showMessage("Select a claim, then select the evidence text in a document.", 5000)
            return None
        title = queries.get_document(self.session.project, source.document_id, with_text=False).title
        return AddEvidenceDialog(source.text, span, title, self)

    def add_selection_as_evidence(self, stance: str, note: str = "") -> bool:
        """Evidence from the second document's selection, else from this document's; False if none."""
        claim = self.panel.claim
        source = self.reference.view if self.reference.view.selected_span() else self.document_view
        span = source.selected_span()
        if claim is None or span is None or source.document_id is None:
            self.statusBar().showMessage("Select a claim, then select the evidence text in a document.", 5000)
            return False
        fields = {
            "document_id": source.document_id,
            "start": span[0],
            "end": span[1],
            "stance": stance,
            "note": note,
            "verdict_id": self.panel.verdict_tab.current_verdict_id(),
        }
        if not self.session.push(AddEvidenceCommand(self.session, claim.id, "span", fields)):
            return False
        self.panel.show_tab(self.panel.verdict_tab)
        return True

    def show_evidence(self, evidence: Evidence) -> None:
        """Jump to a piece of evidence: its passage in the second document, or its URL in a browser."""
        if evidence.document_id and evidence.start is not None and evidence.end is not None:
            self.reference.show()
            self.actions_by_name["actionSecondDocument"].setChecked(True)
            self.reference.show_document(evidence.document_id, (evidence.start, evidence.end))
        elif evidence.url:
            QDesktopServices.openUrl(QUrl(evidence.archived_url or evidence.url))

    def on_actionSecondDocument(self) -> None:  # noqa: N802
        self.reference.setVisible(self.actions_by_name["actionSecondDocument"].isChecked())
        if self.reference.isVisible() and self.documents_splitter.sizes()[1] < MIN_DOCUMENT_WIDTH:
            half = sum(self.documents_splitter.sizes()) // 2
            self.documents_splitter.setSizes([half, half])

    def on_actionSwapDocuments(self) -> None:  # noqa: N802
        """The second document becomes the open one (to tag it) and the open one goes beside it."""
        first, second = self.document_id, self.reference.document_id
        if not self.reference.isVisible() or second is None:
            self.statusBar().showMessage(
                f"Open a second document first: {menu_path('actionSecondDocument')}.", 5000
            )
            return
        if self.document_list.model.row_of(second) >= 0:
            self.document_list.select(second)
        self.open_document(second)
        self.reference.show_document(first)

    def on_actionSecondReviewer(self) -> None:  # noqa: N802
        required = self.actions_by_name["actionSecondReviewer"].isChecked()
        self.session.push(SecondReviewerCommand(self.session, required))
        self._show_second_reviewer(changed=True)

    def _show_second_reviewer(self, _index: int = 0, changed: bool = False) -> None:
        """Check the action as the project's rule stands (after any step of the undo stack, which may have
        set it or taken it back) and, when the rule changed, show the verdict tab's publishing choice again:
        not after every other edit, which would read the claim's verdicts and evidence a second time."""
        action = self.actions_by_name["actionSecondReviewer"]
        required = findings.second_reviewer_required(self.session.project)
        if action.isChecked() != required:
            action.setChecked(required)
            changed = True
        if changed:
            self.panel.verdict_tab.refresh()

    def on_actionColourByVerdict(self) -> None:  # noqa: N802
        self._apply_colouring()

    def _apply_colouring(self) -> None:
        by_verdict = self.actions_by_name["actionColourByVerdict"].isChecked()
        if by_verdict:
            labels = {
                claim_id: v.label for claim_id, v in findings.current_verdicts(self.session.project).items()
            }
            self.document_view.colour_of = lambda claim, depth: verdict_colour(labels.get(claim.id), depth)
        else:
            self.document_view.colour_of = lambda claim, depth: kind_colour(claim.kind, depth)
        self.document_view.viewport().update()

    def _on_verdicts_changed(self, _claim_id: str) -> None:
        if self.actions_by_name["actionColourByVerdict"].isChecked():
            self._apply_colouring()

    def open_claim(self, claim_id: str) -> None:
        """Open a claim's document and select the claim, from the timeline, a list or a dialog."""
        try:
            claim = queries.get_claim(self.session.project, claim_id)
        except KeyError:
            self.statusBar().showMessage("That claim no longer exists.", 5000)
            return
        self.document_list.select(claim.document_id)
        self.open_document(claim.document_id)
        self.panel.select_claim(claim_id)
        self.document_view.select_claim(claim_id, scroll=True)
        self.activateWindow()

    def filter_by_event(self, event_id: str) -> None:
        """Show only the claims linked to an event ("" shows all again)."""
        current = self.panel.filter_bar.claim_filter
        events = frozenset({event_id}) if event_id else frozenset()
        self.panel.filter_bar.set_filter(replace(current, events=events))

    def on_actionTimeline(self) -> None:  # noqa: N802
        self.timeline_dock.setVisible(self.actions_by_name["actionTimeline"].isChecked())

    def _show_dialog(self, dialog: QDialog) -> None:
        """Open a non-modal dialog whose claims can be opened in the window behind it."""
        claim_activated = getattr(dialog, "claimActivated", None)
        if claim_activated is not None:
            claim_activated.connect(self.open_claim)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.open_dialogs.append(dialog)
        dialog.finished.connect(lambda _result, d=dialog: self.open_dialogs.remove(d))
        dialog.show()

    def on_actionReviewQueue(self) -> None:  # noqa: N802
        from annotator.gui.review_queue import ReviewQueueDialog

        self._show_dialog(ReviewQueueDialog(self.session, self))

    def on_actionPeople(self) -> None:  # noqa: N802
        from annotator.gui.people_dialog import PeopleDialog

        self._show_dialog(PeopleDialog(self.session, self))

    def on_actionConflicts(self) -> None:  # noqa: N802
        from annotator.gui.conflicts_dialog import ConflictsDialog

        self._show_dialog(ConflictsDialog(self.session, self))

    def on_actionDueForReview(self) -> None:  # noqa: N802
        from annotator.gui.review_lists import DueForReviewDialog

        self._show_dialog(DueForReviewDialog(self.session, self))

    def on_actionTrackRecord(self) -> None:  # noqa: N802
        from annotator.gui.review_lists import TrackRecordDialog

        self._show_dialog(TrackRecordDialog(self.session, self))

    def on_actionStatistics(self) -> None:  # noqa: N802
        from annotator.gui.statistics_dialog import StatisticsDialog

        self._show_dialog(StatisticsDialog(self.session, self))

    def on_actionExportReport(self) -> None:  # noqa: N802
        from annotator.gui.export_dialog import ExportDialog  # the exporters load only when wanted

        self._show_dialog(ExportDialog(self.session, self.settings, self))

    def on_actionMerge(self) -> None:  # noqa: N802
        path, _ = QFileDialog.getOpenFileName(
            self, "Merge a colleague's project", str(Path.home()), PROJECT_FILTER
        )
        if path:
            self.merge_project(Path(path))

    def merge_project(self, other: Path) -> bool:
        """Merge as one undoable step, then say what came in; a bad file is refused and changes nothing."""
        from annotator.gui.undo.merge import MergeCommand

        command = MergeCommand(self.session, other)
        if not self.session.push(command):
            return False
        assert command.summary is not None
        box = QMessageBox(QMessageBox.Icon.Information, "Merge", command.summary.describe(), parent=self)
        box.setObjectName("mergeSummary")
        box.addButton(QMessageBox.StandardButton.Ok)
        look_alikes = {theirs for _ours, theirs in command.summary.similar_actor_ids}
        if look_alikes:
            offer = box.addButton("Merge these people…", QMessageBox.ButtonRole.ActionRole)
            offer.setObjectName("mergeSummaryMergePeople")
            offer.clicked.connect(lambda: self.offer_people_merge(look_alikes))
        box.open()
        return True

    def offer_people_merge(self, among: set[str] | None = None) -> None:
        """The look-alike people (`among`: the ones a merge brought in) side by side, to merge."""
        from annotator.gui.merge_people_dialog import MergePeopleDialog

        self._show_dialog(MergePeopleDialog(self.session, among, self))

    def on_actionSearch(self) -> None:  # noqa: N802
        from annotator.gui.search_dialog import SearchDialog

        dialog = SearchDialog(self.session, self)
        dialog.hitActivated.connect(self.open_search_hit)
        self._show_dialog(dialog)

    def open_search_hit(self, hit: SearchHit) -> None:
        """Open what a search result points at: a claim, or a document at the span that matched."""
        if hit.kind == "claim":
            self.open_claim(hit.id)
        elif hit.claim_id is not None and hit.kind == "verdict":
            self.open_claim(hit.claim_id)
            self.panel.show_tab(self.panel.verdict_tab)
        elif hit.kind == "event":
            self.timeline_dock.show()
            self.timeline.select_event(hit.id)
        elif hit.document_id is not None:
            self.document_list.select(hit.document_id)
            self.open_document(hit.document_id)
            if hit.start is not None and hit.end is not None:
                cursor = QTextCursor(self.document_view.document())
                cursor.setPosition(self.document_view.offsets.to_utf16(hit.start))
                cursor.setPosition(
                    self.document_view.offsets.to_utf16(hit.end), QTextCursor.MoveMode.KeepAnchor
                )
                self.document_view.setTextCursor(cursor)
                self.document_view.centerCursor()
        self.activateWindow()

    def on_actionFind(self) -> None:  # noqa: N802
        self.find_bar.open_bar()

    def on_actionFindNext(self) -> None:  # noqa: N802
        if not self.find_bar.isVisible():
            self.find_bar.open_bar()
        self.find_bar.find_next()

    def on_actionFindPrevious(self) -> None:  # noqa: N802
        if not self.find_bar.isVisible():
            self.find_bar.open_bar()
        self.find_bar.find_previous()

    def on_actionPreferences(self) -> None:  # noqa: N802
        dialog = PreferencesDialog(preferences.current, parent=self)
        if dialog.exec():
            chosen = dialog.preferences()
            chosen.save(self.settings)
            chosen.apply()
            app = QApplication.instance()
            if isinstance(app, QApplication):
                palette.apply_scheme(app, chosen.colour_scheme)
            self.session.annotator_id = working_annotator(self.session.project, chosen.name, chosen.email)
            self.document_view.recolour()
            self.reference.view.recolour()

    def on_actionShortcuts(self) -> None:  # noqa: N802
        ShortcutsDialog(self, self).exec()

    def on_actionFocusDocuments(self) -> None:  # noqa: N802
        self.document_list.table.setFocus()

    def on_actionFocusDocument(self) -> None:  # noqa: N802
        self.document_view.setFocus()

    def on_actionFocusPanel(self) -> None:  # noqa: N802
        self.panel.list.setFocus()

    def on_actionDocumentDetails(self) -> None:  # noqa: N802
        if self.document_id is None:
            return
        project = self.session.project
        document = queries.get_document(project, self.document_id, with_text=False)
        dialog = DocumentDialog(
            document,
            self,
            original=evidence.original_of_document(project, self.document_id),
            custody=evidence.custody_of_document(project, self.document_id),
            save_original=self.on_actionSaveOriginal,
            # Read-only, the details are still shown: the evidence copy and its custody log above all.
            editable=not project.readonly,
        )
        if dialog.exec() and not project.readonly and (changes := dialog.changes()):
            self.session.push(EditDocumentCommand(self.session, self.document_id, changes))

    def on_actionSaveOriginal(self) -> None:  # noqa: N802
        if self.document_id is None:
            return
        document = queries.get_document(self.session.project, self.document_id, with_text=False)
        if evidence.original_of_document(self.session.project, self.document_id) is None:
            box = QMessageBox(
                QMessageBox.Icon.Information,
                "Save original",
                f"No original is kept for “{document.title}”.",
                parent=self,
            )
            box.setObjectName("saveOriginalError")
            box.open()
            return
        suggested = str(Path.home() / (Path(document.source_filename).name or "original"))
        path, _ = QFileDialog.getSaveFileName(self, "Save original as", suggested, "All files (*)")
        if path:
            self.save_original_as(Path(path))

    def save_original_as(self, path: Path) -> bool:
        """Write the open document's original exactly as it was imported; a dialog says why if not."""
        if self.document_id is None:
            return False
        info = evidence.original_of_document(self.session.project, self.document_id)
        if info is None:
            return False
        try:
            path.write_bytes(evidence.original_content(self.session.project, info.sha256))
        except OSError as error:
            box = QMessageBox(
                QMessageBox.Icon.Critical,
                "Cannot save original",
                f"{path}\n\n{error.strerror or error}",
                parent=self,
            )
            box.setObjectName("saveOriginalError")
            box.open()
            return False
        self.statusBar().showMessage(f"Saved the original ({info.size:,} bytes, SHA-256 {info.sha256[:16]}…)")
        return True

    def on_actionVerifyEvidence(self) -> None:  # noqa: N802
        report = verify_evidence(self.session.project)
        box = QMessageBox(
            QMessageBox.Icon.Information if report.ok else QMessageBox.Icon.Critical,
            "Verify evidence",
            report.describe(),
            parent=self,
        )
        box.setObjectName("verifyReport")
        box.open()

    def on_actionNewProject(self) -> None:  # noqa: N802
        path, _ = QFileDialog.getSaveFileName(
            self, "New project", str(Path.home() / "claims.sqlite"), PROJECT_FILTER
        )
        if path:
            if Path(path).exists():
                QMessageBox.warning(
                    self, "New project", f"{path} already exists. Use File > Open to open it."
                )
                return
            self.switch_project(Path(path))

    def on_actionOpenProject(self) -> None:  # noqa: N802
        path, _ = QFileDialog.getOpenFileName(self, "Open project", str(Path.home()), PROJECT_FILTER)
        if path:
            self.switch_project(Path(path))

    def on_actionImport(self) -> None:  # noqa: N802
        paths, _ = QFileDialog.getOpenFileNames(self, "Import documents", str(Path.home()), import_filter())
        if paths:
            self.import_paths([Path(p) for p in paths])

    def on_actionImportFolder(self) -> None:  # noqa: N802
        folder = QFileDialog.getExistingDirectory(self, "Import a folder", str(Path.home()))
        if folder:
            self.import_paths([Path(folder)])

    def on_actionQuit(self) -> None:  # noqa: N802
        self.close()

    # --- projects -----------------------------------------------------------------------------

    def switch_project(self, path: Path) -> MainWindow | None:
        """Open or create `path` in a new window that replaces this one; on failure, say why and stay."""
        if path.exists() and path.resolve() == self.session.project.path.resolve():
            # Reopening would find this window's own lock and warn about it.
            self.statusBar().showMessage(f"{path.name} is already open in this window.", 5000)
            return self
        try:
            project, lock = open_for_window(path, self)
        except OpeningCancelled:
            return None
        except ProjectError as error:
            QMessageBox.critical(self, "Cannot open project", f"{error.path}\n\n{error.reason}")
            return None
        annotator_id = working_annotator(project, user_name(self.settings))
        successor = MainWindow(ProjectSession(project, annotator_id), self.settings, lock)
        successor.setGeometry(self.geometry())
        successor.show()
        self.close()
        return successor

    def _remember_recent(self, path: Path) -> None:
        recent = [str(path.resolve())] + [p for p in self._recent() if p != str(path.resolve())]
        self.settings.setValue("recentProjects", recent[:MAX_RECENT])
        self.settings.setValue("lastProject", str(path.resolve()))
        self._refresh_recent_menu()

    def _recent(self) -> list[str]:
        return list_setting(self.settings, "recentProjects")

    def _refresh_recent_menu(self) -> None:
        self.recent_menu.clear()
        for path in self._recent():
            action = self.recent_menu.addAction(path)
            action.triggered.connect(lambda _checked=False, p=path: self.switch_project(Path(p)))
        self.recent_menu.setEnabled(bool(self._recent()))

    # --- import -------------------------------------------------------------------------------

    def on_actionImportUrl(self) -> None:  # noqa: N802
        url, ok = QInputDialog.getText(self, "Import URL", "Web page or PDF to fetch (http or https):")
        if ok and url.strip():
            self.import_paths([], urls=[url.strip()])

    def archive_evidence(self, evidence_id: str) -> None:
        """Archive now: fetch URL evidence on the import worker, keeping the page and its WARC (undoable)."""
        self.import_paths([], evidence_ids=[evidence_id])

    def import_paths(
        self,
        paths: list[Path],
        passwords: dict[Path, str] | None = None,
        urls: list[str] | None = None,
        evidence_ids: list[str] | None = None,
    ) -> None:
        """Import on a worker thread with a cancellable progress dialog, then summarise the result;
        `urls` are fetched after the files, each kept as a WARC."""
        if self._import_thread is not None:
            self.statusBar().showMessage("An import is already running.", 5000)
            return
        from annotator.gui.import_worker import ImportWorker, start_import

        progress = ImportProgressDialog(len(paths) + len(urls or []) + len(evidence_ids or []), self)
        worker = ImportWorker(
            self.session.project.path, paths, self.session.annotator_id, passwords, urls, evidence_ids
        )
        self._import_worker = worker
        self._import_progress = progress
        # Bound methods of this window, never lambdas: Qt then queues each signal to the GUI thread
        # instead of running window code on the worker's thread.
        worker.started.connect(self._on_import_file_started)
        worker.progress.connect(self._on_import_progress)
        worker.finished.connect(self._import_finished)
        worker.failed.connect(self._import_failed)
        progress.canceled.connect(worker.cancel)
        self._import_thread = start_import(worker)

    def _on_import_file_started(self, number: int, total: int, path: str) -> None:
        if self._import_thread is not None:
            self._import_progress.file_started(number, total, path)

    def _on_import_progress(self, done: int, total: int, line: str, status: str) -> None:
        if self._import_thread is not None:
            self._import_progress.file_done(done, total, line, status)

    def _import_done(self) -> None:
        self._import_progress.finish()
        if self._import_thread is not None:
            self._import_thread.wait()
        self._import_thread = None

    def _import_failed(self, message: str, committed: list[ImportOutcome]) -> None:
        """The import stopped early (the project busy, or a bug): keep what it committed, say why."""
        self._import_finished(committed, stopped=message)

    def _import_finished(self, outcomes: list[ImportOutcome], stopped: str = "") -> None:
        from annotator.ops.importing import ImportRecord

        self._import_done()
        record = ImportRecord.of(outcomes, self.session.annotator_id)
        for version in record.versions:
            self._previous_versions[version.new_document_id] = version.old_document_id
        if record:
            # The import already ran on the worker thread: the command's first redo only announces it.
            self.session.push(ImportCommand(self.session, record))
        documents = [o for o in outcomes if o.annotations is None and o.restored is None]
        new_ids = [o.document_id for o in documents if o.added_document and o.document_id]
        # An encrypted PDF is not a failure while its password is being asked for (nor when skipped).
        locked = [o for o in outcomes if o.needs_password]
        failed = [o for o in outcomes if not o.ok and not o.needs_password]
        duplicates = [o for o in documents if o.duplicate_of is not None]
        annotation_files = [o.annotations for o in outcomes if o.annotations is not None]
        summary = f"{len(new_ids)} imported, {len(duplicates)} already in the project, {len(failed)} failed."
        if annotation_files:
            placed = sum(len(report.imported) for report in annotation_files)
            unmatched = sum(len(report.unmatched) for report in annotation_files)
            summary += f" {placed} annotations became claims, {unmatched} unmatched."
        for restored in (o.restored for o in outcomes if o.restored is not None):
            summary += f" {restored.describe()}"
        if new_ids:
            # Suggestions for the new documents are computed now, in the background, ready when opened.
            self.suggestions.request(new_ids)
            self.document_list.select(new_ids[0])
        elif record.claims:
            self.document_list.select(record.claims[0][0])
        # After opening the document, whose title would otherwise replace the summary.
        waiting = f" {count_of(len(locked), 'encrypted PDF')} waiting for a password." if locked else ""
        self.statusBar().showMessage(summary + waiting, 10000)
        if stopped:
            QMessageBox.critical(self, "Import failed", f"{stopped}\n\n{summary}")
            return
        warnings = [o for o in outcomes if o.warnings]
        if locked:
            skipped = self._ask_passwords(locked)
            if skipped:
                summary += f" {count_of(len(skipped), 'encrypted PDF')} skipped (no password given)."
                self.statusBar().showMessage(summary, 10000)
        unplaced = any(report.unmatched for report in annotation_files)
        if failed or duplicates or warnings or unplaced:
            box = QMessageBox(
                QMessageBox.Icon.Warning if failed or unplaced else QMessageBox.Icon.Information,
                "Import",
                summary,
                parent=self,
            )
            box.setObjectName("importSummary")
            box.setDetailedText("\n".join(o.describe() for o in outcomes))
            box.open()

    def _ask_passwords(self, locked: list[ImportOutcome]) -> list[Path]:
        """Ask for each encrypted PDF's password, then import those files again with them; returns the
        files the user skipped (Cancel, or no password)."""
        # The file readers load on first import, not with the window (~80 ms of its start).
        from annotator.ingest.errors import WRONG_PASSWORD

        passwords: dict[Path, str] = {}
        skipped: list[Path] = []
        for outcome in locked:
            if outcome.error == WRONG_PASSWORD:
                prompt = f"The password for “{outcome.path.name}” was not accepted. Try again:"
            else:
                prompt = f"“{outcome.path.name}” is an encrypted PDF. Enter its password to import it:"
            password, ok = QInputDialog.getText(self, "PDF password", prompt, QLineEdit.EchoMode.Password)
            if ok and password:
                passwords[outcome.path] = password
            else:
                skipped.append(outcome.path)
        if passwords:
            self.import_paths(list(passwords), passwords)
        return skipped

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.import_paths(paths)

    # --- other windows and processes on this project -------------------------------------------

    def _set_up_for_a_desk(self, lock: ProjectLock | None) -> None:
        """The lock this window holds, a read-only project's banner, and the watch for others' changes."""
        self.project_lock = lock
        self.readonly_banner = QLabel()
        self.readonly_banner.setObjectName("readOnlyBanner")
        self.readonly_banner.setWordWrap(True)
        self.readonly_banner.setStyleSheet("QLabel { background: #fff3cd; color: #533f03; padding: 6px; }")
        reason = self.session.project.readonly_reason
        self.readonly_banner.setVisible(reason is not None)
        if reason is not None:
            self.readonly_banner.setText(
                f"{self.session.project.path.name} is open read-only because {reason}. "
                "You can read, search, filter and export; changes cannot be made here."
            )
            self.setWindowTitle(f"{self.session.project.path.name} [read-only] — annotator")
            self.setAcceptDrops(False)
            self.panel.claimShown.connect(self._keep_edits_disabled)
        content = self.takeCentralWidget()
        assert content is not None
        container = QWidget()
        layout = QVBoxLayout(container)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.readonly_banner)
        layout.addWidget(content, 1)
        self.setCentralWidget(container)
        self._keep_edits_disabled()

        self.external_timer = QTimer(self)  # started once the window is on screen
        self.external_timer.setObjectName("externalChangesTimer")
        self.external_timer.setInterval(EXTERNAL_POLL_MS)
        self.external_timer.timeout.connect(self.check_external_changes)

    def _keep_edits_disabled(self, *_args: object) -> None:
        """On a read-only project, every way to change it stays off (they re-enable as the view moves)."""
        if self.session.project.readonly_reason is None:
            return
        for name in EDITING_ACTIONS:
            self.actions_by_name[name].setEnabled(False)
        for widget in (self.panel.editor, self.panel.events_tab, self.panel.verdict_tab):
            widget.setEnabled(False)

    def check_external_changes(self) -> bool:
        """Show what other windows and processes committed since the last look; True if anything."""
        tables = self.session.external_changes()
        if not tables:
            return False
        # Reloading must not take away the user's place: document, claim, scroll and text selection.
        view = self.document_view
        showing = self.document_id
        claim_id = self.panel.claim.id if self.panel.claim is not None else None
        cursor = view.textCursor()
        anchor, position = cursor.anchor(), cursor.position()
        scrolls = [
            (bar, bar.value())
            for bar in (view.verticalScrollBar(), view.horizontalScrollBar())
            + (self.document_list.table.verticalScrollBar(), self.panel.list.verticalScrollBar())
        ]
        self.session.refresh_external(tables, self.document_id)
        if self.document_id == showing and showing is not None:
            if claim_id is not None and (self.panel.claim is None or self.panel.claim.id != claim_id):
                self.panel.select_claim(claim_id)
            length = view.document().characterCount() - 1
            cursor = view.textCursor()
            cursor.setPosition(min(anchor, length))
            cursor.setPosition(min(position, length), QTextCursor.MoveMode.KeepAnchor)
            view.setTextCursor(cursor)
            for bar, value in scrolls:
                bar.setValue(value)
        self.statusBar().showMessage("Updated with changes made in another window or program.", 5000)
        return True

    def _leave_the_desk(self) -> None:
        self.external_timer.stop()
        if self.project_lock is not None:
            self.project_lock.release()

    # --- closing ------------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        # Icons are drawn in the text colour: redraw them when the palette turns light or dark.
        if event.type() == QEvent.Type.PaletteChange and self.actions_by_name:
            icons.apply_action_icons(self.actions_by_name)
        super().changeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.panel.commit_pending()
        self._leave_the_desk()
        if self._import_thread is not None:
            self._import_worker.cancel()
            self._import_thread.wait()
        self.suggestions.stop()
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self._save_splitters()
        self._remember_place()
        self.panel.model.stop_settling()  # a list sorted just now holds no rows of a closed project
        self.session.close()
        OPEN_WINDOWS.discard(self)
        super().closeEvent(event)

    def _splitters(self) -> tuple[QSplitter, ...]:
        return (self.splitter, self.documents_splitter, self.panel.splitter)

    def _save_splitters(self, *_args: object) -> None:
        """Saved as soon as the user drags one, so a crash or a second window keeps their layout."""
        for key, splitter in zip(SPLITTER_KEYS, self._splitters(), strict=True):
            self.settings.setValue(key, splitter.saveState())

    @property
    def timeline(self) -> TimelineView:
        """The timeline, built the first time its dock is shown or it is asked for: its module and its
        scene are no part of the first look at a window, where the dock starts hidden."""
        if self._timeline is None:
            from annotator.gui.timeline import TimelineView

            self._timeline = TimelineView(self.session)
            self._timeline.claimActivated.connect(self.open_claim)
            self._timeline.eventSelected.connect(self.filter_by_event)
            self.timeline_dock.setWidget(self._timeline)
        return self._timeline

    def _size_timeline(self, visible: bool) -> None:
        if visible:
            self.timeline  # noqa: B018 (built as its dock shows)
        # A third of the height at most: the dock's own wish would leave the claim list a few rows.
        if visible and not self.timeline_dock.isFloating():
            self.resizeDocks([self.timeline_dock], [max(160, self.height() // 3)], Qt.Orientation.Vertical)

    def restore_layout(self) -> None:
        for key, restore in (
            ("window/geometry", self.restoreGeometry),
            ("window/state", self.restoreState),
            *zip(SPLITTER_KEYS, (splitter.restoreState for splitter in self._splitters()), strict=True),
        ):
            value = self.settings.value(key)
            if value is not None:
                restore(value)
