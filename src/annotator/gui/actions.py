"""Every user action declared once, with its shortcut: menus, toolbar and help are built from this table."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from annotator.gui.style import KIND_SHORTCUT_KEYS


@dataclass(frozen=True)
class ActionSpec:
    name: str  # objectName of the QAction, and the MainWindow slot is "on_" + name
    text: str
    menu: str
    shortcut: str | QKeySequence.StandardKey = ""
    tip: str = ""
    toolbar: bool = False
    # "window": anywhere in the window. "document": only while the document view or claim list has
    # focus, for single-key shortcuts that must not fire while the user types in a field.
    scope: str = "window"
    checkable: bool = False


ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec(
        "actionNewProject",
        "&New Project…",
        "&File",
        QKeySequence.StandardKey.New,
        "Create an empty project file",
    ),
    ActionSpec(
        "actionOpenProject", "&Open Project…", "&File", QKeySequence.StandardKey.Open, "Open a project file"
    ),
    ActionSpec(
        "actionImport",
        "&Import Files…",
        "&File",
        "Ctrl+I",
        "Import text, Markdown, HTML or PDF files, or W3C annotations",
        True,
    ),
    ActionSpec(
        "actionImportFolder",
        "Import &Folder…",
        "&File",
        "Ctrl+Shift+I",
        "Import every supported file in a folder",
    ),
    ActionSpec(
        "actionImportUrl",
        "Import &URL…",
        "&File",
        "Ctrl+Shift+L",
        "Fetch a web page or PDF by its URL and import it, the exchange kept as a WARC",
    ),
    ActionSpec(
        "actionExportReport",
        "&Export Report…",
        "&File",
        "Ctrl+Shift+E",
        "Export the verified-claims report (HTML, PDF, Markdown) or the data (CSV, JSON, JSON-LD)",
        True,
    ),
    ActionSpec(
        "actionMerge",
        "&Merge Colleague's Project…",
        "&File",
        "Ctrl+Shift+M",
        "Bring a colleague's project file into this one, for review",
    ),
    ActionSpec(
        "actionQuit",
        "&Quit",
        "&File",
        "Ctrl+Q",  # QKeySequence.Quit is empty on some Linux desktops
        "Quit annotator (everything is already saved)",
    ),
    ActionSpec(
        "actionFind",
        "&Find in Document…",
        "&Edit",
        QKeySequence.StandardKey.Find,
        "Find text in the open document",
    ),
    ActionSpec(
        "actionFindNext", "Find &Next", "&Edit", QKeySequence.StandardKey.FindNext, "Go to the next match"
    ),
    ActionSpec(
        "actionFindPrevious",
        "Find Pre&vious",
        "&Edit",
        QKeySequence.StandardKey.FindPrevious,
        "Go to the previous match",
    ),
    ActionSpec(
        "actionSearch",
        "&Search Project…",
        "&Edit",
        "Ctrl+Shift+F",
        "Search documents, claims, events, verdicts and evidence",
        toolbar=True,
    ),
    ActionSpec("actionUndo", "&Undo", "&Edit", QKeySequence.StandardKey.Undo, "Undo the last change", True),
    ActionSpec(
        "actionRedo", "&Redo", "&Edit", QKeySequence.StandardKey.Redo, "Redo the change just undone", True
    ),
    ActionSpec(
        "actionTagClaim", "&Tag Claim", "&Claim", "T", "Tag the selected text as a claim", True, "document"
    ),
    *(
        ActionSpec(
            f"actionTag{kind.capitalize()}",
            f"Tag or Set Kind: {kind.capitalize()}",
            "&Claim",
            key,
            f"Tag the selection as a {kind} claim, or change the selected claim to {kind}",
            False,
            "document",
        )
        for kind, key in KIND_SHORTCUT_KEYS.items()
    ),
    ActionSpec(
        "actionNextClaim", "&Next Claim", "&Claim", "Alt+Down", "Go to the next claim in the document", True
    ),
    ActionSpec(
        "actionPreviousClaim",
        "&Previous Claim",
        "&Claim",
        "Alt+Up",
        "Go to the previous claim in the document",
        True,
    ),
    ActionSpec(
        "actionDeleteClaim",
        "&Delete Claim",
        "&Claim",
        QKeySequence.StandardKey.Delete,
        "Delete the selected claim",
        False,
        "document",
    ),
    ActionSpec(
        "actionAddEvidence",
        "Add Selection as &Evidence",
        "&Claim",
        "Ctrl+E",
        "Add the text selected in the second document (or this one) as evidence for the selected claim",
    ),
    ActionSpec(
        "actionSecondDocument",
        "&Second Document",
        "&View",
        "Ctrl+Shift+2",
        "Show a second document beside the first, to take evidence from",
        checkable=True,
    ),
    ActionSpec(
        "actionSwapDocuments",
        "S&wap Documents",
        "&View",
        "Ctrl+Shift+W",
        "Swap the two documents: the second becomes the one you tag, the first goes beside it",
    ),
    ActionSpec(
        "actionColourByVerdict",
        "Colour by &Verdict",
        "&View",
        "Ctrl+Shift+V",
        "Colour highlights by the claims' current verdicts instead of their kinds",
        checkable=True,
    ),
    ActionSpec(
        "actionNewVersion",
        "Import New &Version…",
        "&Document",
        "Ctrl+Shift+U",
        "Import an updated copy of the open document; its claims are re-anchored onto it",
    ),
    ActionSpec(
        "actionDocumentDetails",
        "Document &Details…",
        "&Document",
        "Alt+Return",
        "Edit the title, authors, date and source of the open document",
    ),
    ActionSpec(
        "actionSaveOriginal",
        "Save &Original As…",
        "&Document",
        "Ctrl+Shift+O",
        "Write the open document's original file, byte for byte as imported (its evidence copy)",
    ),
    ActionSpec(
        "actionVerifyEvidence",
        "&Verify Evidence",
        "&Document",
        "Ctrl+Shift+H",
        "Recompute the SHA-256 of every kept original and document text and report any mismatch",
    ),
    ActionSpec(
        "actionFocusDocuments",
        "Focus Document &List",
        "&View",
        "Ctrl+1",
        "Move the keyboard focus to the document list",
    ),
    ActionSpec(
        "actionFocusDocument",
        "Focus Document &Text",
        "&View",
        "Ctrl+2",
        "Move the keyboard focus to the document text",
    ),
    ActionSpec(
        "actionFocusPanel",
        "Focus Claim &Panel",
        "&View",
        "Ctrl+3",
        "Move the keyboard focus to the claim list",
    ),
    ActionSpec(
        "actionTimeline",
        "&Timeline",
        "&View",
        "Ctrl+T",
        "Show events on a time axis with the claims about them",
        toolbar=True,
        checkable=True,
    ),
    ActionSpec(
        "actionReviewQueue",
        "Review &Queue…",
        "&Review",
        "Ctrl+Shift+R",
        "Accept, dispute or comment on colleagues' claims and verdicts",
        toolbar=True,
    ),
    ActionSpec(
        "actionConflicts",
        "Merge &Conflicts…",
        "&Review",
        "Ctrl+Shift+C",
        "Rows a merge found changed on both sides: keep ours or take the colleague's",
    ),
    ActionSpec(
        "actionDueForReview",
        "&Due for Review…",
        "&Review",
        "Ctrl+Shift+D",
        "Predictions and promises whose due date has passed",
    ),
    ActionSpec(
        "actionTrackRecord",
        "&Track Record…",
        "&Review",
        "Ctrl+Shift+T",
        "How each claimant's and each source's predictions turned out",
    ),
    ActionSpec(
        "actionStatistics",
        "&Statistics…",
        "&Review",
        "Ctrl+Shift+S",
        "Counts, verdicts and agreement between annotators",
    ),
    ActionSpec(
        "actionPeople",
        "&People…",
        "&Review",
        "Ctrl+Alt+P",
        "People and organisations: aliases (Lukashenko / Lukashenka) and merging two into one",
    ),
    ActionSpec(
        "actionSecondReviewer",
        "Verdicts Need a Second &Reviewer",
        "&Review",
        "Ctrl+Alt+R",
        "On: a verdict publishes only when a colleague accepts it. Off: its author may publish it",
        checkable=True,
    ),
    # Suggestions: single keys in the document and the lists (none of them tags or edits a claim by
    # itself: A accepts the suggestion selected, X rejects it), N / Shift+N move between them.
    ActionSpec(
        "actionShowSuggestions",
        "Show &Suggestions",
        "&Claim > &Suggestions",
        "Ctrl+Shift+G",
        "Draw suggested claims, quotes, predictions and people (dashed underline); off hides them",
        checkable=True,
    ),
    ActionSpec(
        "actionSuggestNow",
        "Suggest No&w",
        "&Claim > &Suggestions",
        "Ctrl+Alt+S",
        "Compute the open document's suggestions again, with what your decisions have taught",
    ),
    ActionSpec(
        "actionNextSuggestion",
        "&Next Suggestion",
        "&Claim > &Suggestions",
        "N",
        "Go to the next suggestion in the document",
        False,
        "document",
    ),
    ActionSpec(
        "actionPreviousSuggestion",
        "&Previous Suggestion",
        "&Claim > &Suggestions",
        "Shift+N",
        "Go to the previous suggestion in the document",
        False,
        "document",
    ),
    ActionSpec(
        "actionAcceptSuggestion",
        "&Accept Suggestion",
        "&Claim > &Suggestions",
        "A",
        "Make the selected suggestion a claim, with its kind, claimant and stated date filled in",
        False,
        "document",
    ),
    ActionSpec(
        "actionRejectSuggestion",
        "&Reject Suggestion",
        "&Claim > &Suggestions",
        "X",
        "Reject the selected suggestion: it is not shown again, and later rankings learn from it",
        False,
        "document",
    ),
    ActionSpec(
        "actionAcceptAllOfKind",
        "Accept All of This &Kind",
        "&Claim > &Suggestions",
        "Shift+A",
        "Accept every suggestion of the selected one's kind in this document",
        False,
        "document",
    ),
    ActionSpec(
        "actionTagAllOccurrences",
        "Tag All &Occurrences of Person",
        "&Claim > &Suggestions",
        "Shift+P",
        "Tag every place this document names the selected suggested person (or the selected claim's "
        "claimant), by name or alias, as a mention of them",
        False,
        "document",
    ),
    ActionSpec(
        "actionPreferences",
        "&Preferences…",
        "&Edit",
        "Ctrl+,",
        "Your name, the default claim kind, date order and highlight colours",
    ),
    ActionSpec(
        "actionShortcuts",
        "&Keyboard Shortcuts",
        "&Help",
        "Ctrl+/",
        "List every action and its keyboard shortcut",
    ),
)


def menu_path(name: str) -> str:
    """Where a user finds an action, with its shortcut as this platform writes it: "Document > Document
    Details… (Alt+Return)". Messages that send the user somewhere name it from here, so they stay true."""
    spec = next(spec for spec in ACTIONS if spec.name == name)
    path = f"{spec.menu.replace('&', '')} > {spec.text.replace('&', '')}"
    shortcut = (
        QKeySequence(spec.shortcut).toString(QKeySequence.SequenceFormat.NativeText) if spec.shortcut else ""
    )
    return f"{path} ({shortcut})" if shortcut else path


def build_action(spec: ActionSpec, parent: QWidget) -> QAction:
    action = QAction(spec.text, parent)
    action.setObjectName(spec.name)
    if spec.shortcut:
        action.setShortcut(QKeySequence(spec.shortcut))
    shortcut = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
    action.setToolTip(f"{spec.tip} ({shortcut})" if shortcut else spec.tip)
    action.setStatusTip(spec.tip)
    if spec.scope == "document":
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
    return action
