"""Issue 10's promise, tried as a desk would: with the window open on a project, one terminal imports a
folder of 300 files and another merges a colleague's project while the analyst goes on tagging. Every
command succeeds, the window shows the new documents and claims without a restart, nothing is lost, and
the colleague's file and its folder are byte-for-byte as before."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication

from annotator.domain.models import ImportedDocument
from annotator.gui.main_window import MainWindow
from annotator.ops import claims as claim_ops
from annotator.ops.annotators import ensure_annotator
from annotator.ops.documents import add_document
from annotator.store import queries
from annotator.store.project import open_project
from gui_support import LUKASHENKA_TITLE, document_id_titled, select_text

FOLDER_SIZE = 300
PHRASES = (
    "we are not going to join the war",
    "Lukashenka",
    "Belarus",
    "Ukraine",
    "Russia",
)
COLLEAGUE_TEXT = "A colleague's own source: the joint regional group of forces was formed on 10 October 2022."


def _write_folder(folder: Path) -> None:
    folder.mkdir()
    for number in range(FOLDER_SIZE):
        (folder / f"report-{number:03}.txt").write_text(
            f"Field report {number}\n\nObservers counted {number} convoys near the border on day {number}.\n",
            encoding="utf-8",
        )


def _colleague(ours: Path, folder: Path) -> Path:
    """A copy of our project in which a colleague tagged a claim and imported a document of their own."""
    folder.mkdir()
    theirs = folder / "bob.sqlite"
    shutil.copy(ours, theirs)
    with open_project(theirs) as project:
        bob = ensure_annotator(project, "Bob")
        document_id = document_id_titled(theirs, LUKASHENKA_TITLE)
        text = queries.get_document(project, document_id).text
        start = text.index("Minsk")
        claim_ops.tag_claim(project, document_id, start, start + len("Minsk"), "factual", created_by=bob)
        add_document(
            project,
            ImportedDocument(text=COLLEAGUE_TEXT, source_format="text", source_filename="bob.txt"),
            created_by=bob,
        )
    return theirs


def _snapshot(folder: Path) -> dict[str, str]:
    return {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in sorted(folder.iterdir())}


def _cli(*args: str | Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "annotator", *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )


def test_import_and_merge_from_two_terminals_while_tagging_in_the_window(
    qtbot: Any, tmp_path: Path, sample_project: Path, open_window: Callable[[Path], MainWindow]
) -> None:
    folder = tmp_path / "reports"
    _write_folder(folder)
    theirs = _colleague(sample_project, tmp_path / "bob")
    before = _snapshot(theirs.parent)
    window = open_window(sample_project)
    document_id = document_id_titled(window, LUKASHENKA_TITLE)
    window.document_list.select(document_id)

    importing = _cli("import", sample_project, folder, "--quiet", "--as", "Importer")
    merging = _cli("merge", sample_project, theirs, "--as", "Ana")
    tagged = []
    # Tag on, phrase after phrase, for as long as either command is still writing.
    while len(tagged) < len(PHRASES) or importing.poll() is None or merging.poll() is None:
        phrase = PHRASES[len(tagged) % len(PHRASES)]
        select_text(window, phrase)
        assert window.tag_selection("factual"), f"tagging {phrase!r} failed while the commands ran"
        tagged.append(window.panel.claim)
        QApplication.processEvents()
    outputs = {"import": importing.communicate(timeout=300), "merge": merging.communicate(timeout=300)}
    assert importing.returncode == 0, outputs["import"]
    assert merging.returncode == 0, outputs["merge"]
    assert f"{FOLDER_SIZE} imported" in outputs["import"][0]

    # The window notices what the other processes wrote, without a restart.
    expected_documents = 5 + FOLDER_SIZE + 1
    qtbot.waitUntil(lambda: window.document_list.model.rowCount() == expected_documents, timeout=20_000)
    qtbot.waitUntil(lambda: window.panel.model.rowCount() == len(tagged) + 1, timeout=20_000)

    with open_project(sample_project, create=False) as project:
        claims = queries.claims_for_document(project, document_id)
        assert {claim.id for claim in tagged} <= {claim.id for claim in claims}
        assert len(claims) == len(tagged) + 1
        assert "Minsk" in {claim.exact for claim in claims}
        assert len(queries.document_summaries(project)) == expected_documents
    assert _snapshot(theirs.parent) == before
