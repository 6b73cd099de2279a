"""Alt+letter mnemonics: which a window offers right now, so no two can clash and Help can list them."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QMenuBar, QTabBar, QToolBar, QWidget


@dataclass(frozen=True)
class Mnemonic:
    key: str  # as this platform writes it: "Alt+M"
    text: str  # the label or button it belongs to, without its "&"
    owner: QWidget | QShortcut


def mnemonic_key(text: str) -> str:
    """ "Clai&mant" -> "Alt+M" (native text); "" when the text has no mnemonic."""
    return QKeySequence.mnemonic(text).toString(QKeySequence.SequenceFormat.NativeText)


def plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def mnemonic_texts(widget: QWidget) -> list[str]:
    """The texts whose "&" letters Qt turns into shortcuts for this widget."""
    if isinstance(widget, QLabel):
        return [widget.text()] if widget.buddy() is not None else []
    if isinstance(widget, QAbstractButton):
        # Tool bar buttons show the action's icon text, which drops the "&": they add no mnemonic.
        parent = widget.parentWidget()
        return [] if isinstance(parent, QToolBar) else [widget.text()]
    if isinstance(widget, QGroupBox):
        return [widget.title()]
    if isinstance(widget, QTabBar):
        return [widget.tabText(i) for i in range(widget.count()) if widget.isTabVisible(i)]
    if isinstance(widget, QMenuBar):
        return [action.text() for action in widget.actions() if action.isVisible()]
    return []


def visible_mnemonics(root: QWidget) -> list[Mnemonic]:
    """Every Alt+letter on screen under `root` (a window or a page of it), and the panel's own QShortcuts
    that are switched on; hidden widgets offer none (Qt ignores their shortcuts too)."""
    found: list[Mnemonic] = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible():
            continue
        for text in mnemonic_texts(widget):
            key = mnemonic_key(text)
            if key:
                found.append(Mnemonic(key, plain(text), widget))
    for shortcut in root.findChildren(QShortcut):
        parent = shortcut.parent()
        if shortcut.isEnabled() and isinstance(parent, QWidget) and parent.isVisible():
            key = shortcut.key().toString(QKeySequence.SequenceFormat.NativeText)
            if key.startswith(mnemonic_key("&a")[:-1]):
                found.append(Mnemonic(key, shortcut.whatsThis() or shortcut.objectName(), shortcut))
    return found


def clashes(root: QWidget) -> dict[str, list[str]]:
    """Keys offered by more than one visible label, button, tab or menu under `root`."""
    by_key: dict[str, list[str]] = {}
    for mnemonic in visible_mnemonics(root):
        by_key.setdefault(mnemonic.key, []).append(mnemonic.text)
    return {key: texts for key, texts in by_key.items() if len(texts) > 1}
