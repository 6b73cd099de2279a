"""Which window holds a project: a QLockFile beside it, so a second window warns; stale locks recovered."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QFileInfo, QLockFile
from PySide6.QtWidgets import QMessageBox, QWidget

from annotator.ops.annotators import ensure_annotator
from annotator.store.project import Project, ProjectReadOnly, open_project


class OpeningCancelled(Exception):
    """The user chose not to open a project another window holds."""


def lock_path(project_path: Path) -> Path:
    return project_path.with_name(project_path.name + ".lock")


@dataclass(frozen=True)
class LockHolder:
    """Who holds a project, as its lock file says."""

    pid: int
    hostname: str
    app: str
    user: str
    since: datetime

    def describe(self) -> str:
        program = f"{self.app}, process {self.pid}"
        who = f"{self.user} ({program})" if self.user else program
        return f"{who} on {self.hostname or 'an unknown computer'}, since {self.since:%Y-%m-%d %H:%M}"


class ProjectLock:
    """The lock a window holds on its project while it is open (the command line takes none)."""

    def __init__(self, project_path: Path) -> None:
        self.path = lock_path(project_path)
        self._lock = QLockFile(str(self.path))
        # 0: a lock is stale only when the process that took it is gone (QLockFile checks the pid and
        # the program's name, for reused pids), never merely because a window stayed open for long.
        self._lock.setStaleLockTime(0)

    def acquire(self) -> LockHolder | None:
        """Take the lock (recovering a stale one); the holder when another live window has it.

        A lock that cannot be written at all (a read-only folder) is not taken, and nobody else can
        take it there either: the project then opens read-only anyway.
        """
        if self._lock.tryLock(0):
            return None
        if self._lock.error() != QLockFile.LockError.LockFailedError:
            return None
        pid, hostname, app = self._lock.getLockInfo()
        try:
            since = datetime.fromtimestamp(self.path.stat().st_mtime)
        except OSError:
            return None  # released between our try and this look
        return LockHolder(pid, hostname, app, QFileInfo(str(self.path)).owner(), since)

    @property
    def held(self) -> bool:
        return self._lock.isLocked()

    def release(self) -> None:
        if self._lock.isLocked():
            self._lock.unlock()


def ask_how_to_open(project_path: Path, holder: LockHolder, parent: QWidget | None) -> bool:
    """Ask whether to open a project another window holds: True read-only, False to edit it too.

    Raises OpeningCancelled when the user cancels.
    """
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        "Project already open",
        f"{project_path.name} is open in another annotator window:\n{holder.describe()}.\n\n"
        "Open it read-only to look without changing it, or continue to edit it in both windows "
        "(each window then shows the other's changes within a second or so).",
        parent=parent,
    )
    box.setObjectName("projectInUse")
    box.setDetailedText(f"Project: {project_path}\nLock file: {lock_path(project_path)}")
    read_only = box.addButton("Open &Read-only", QMessageBox.ButtonRole.AcceptRole)
    read_only.setObjectName("openReadOnly")
    carry_on = box.addButton("&Continue", QMessageBox.ButtonRole.DestructiveRole)
    carry_on.setObjectName("openAnyway")
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    cancel.setObjectName("cancelOpen")
    box.setDefaultButton(read_only)
    box.exec()
    clicked = box.clickedButton()
    if clicked is read_only:
        return True
    if clicked is carry_on:
        return False
    raise OpeningCancelled(str(project_path))


def open_for_window(project_path: Path, parent: QWidget | None = None) -> tuple[Project, ProjectLock | None]:
    """Open (or create) a project for a window, with its lock when this window is the first on it.

    Raises ProjectError for a file we must not touch, OpeningCancelled when the user cancels.
    """
    lock = ProjectLock(project_path)
    holder = lock.acquire()
    readonly = holder is not None and ask_how_to_open(project_path, holder, parent)
    try:
        project = open_project(project_path, readonly=readonly)
    except BaseException:
        lock.release()
        raise
    return project, lock if lock.held else None


def working_annotator(project: Project, name: str, email: str = "") -> str:
    """The id of who is working, recorded if new; "" on a read-only project that does not know them
    (nothing is written there, so nothing needs an author)."""
    try:
        return ensure_annotator(project, name, email)
    except ProjectReadOnly:
        return ""
