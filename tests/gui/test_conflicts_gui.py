"""A claim both colleagues edited: the merge keeps both, the reviewer takes theirs, undo keeps ours."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from annotator.gui.conflicts_dialog import ConflictsDialog
from annotator.gui.main_window import MainWindow
from annotator.ops import claims as claim_ops
from annotator.ops import conflicts as conflict_ops
from annotator.ops.annotators import ensure_annotator
from annotator.store import queries
from annotator.store.project import open_project
from gui_support import LUKASHENKA_TITLE, document_id_titled


def test_conflicting_edits_are_listed_and_resolved_undoably(
    qtbot, tmp_path: Path, sample_project: Path, open_window: Callable[[Path], MainWindow]
) -> None:  # type: ignore[no-untyped-def]
    with open_project(sample_project) as project:
        document_id = document_id_titled(sample_project, LUKASHENKA_TITLE)
        text = queries.get_document(project, document_id).text
        start = text.index("we are not going to join the war")
        claim = claim_ops.tag_claim(project, document_id, start, start + 32, "prediction")
    theirs = tmp_path / "bob.sqlite"
    shutil.copy(sample_project, theirs)
    with open_project(sample_project) as project:
        claim_ops.update_claim(project, claim.id, {"statement": "Belarus stays out"})
    with open_project(theirs) as project:
        claim_ops.update_claim(project, claim.id, {"statement": "Belarus will not fight"})
        # Bob's own work in his copy says whose file it is.
        start = text.index("Minsk")
        claim_ops.tag_claim(
            project, document_id, start, start + 5, "factual", ensure_annotator(project, "Bob")
        )

    window = open_window(sample_project)
    assert window.merge_project(theirs)
    project = window.session.project
    assert queries.get_claim(project, claim.id).statement == "Belarus stays out"  # nothing overwritten
    dialog = ConflictsDialog(window.session, window)
    qtbot.addWidget(dialog)
    assert len(dialog.items) == 1
    rows = {
        dialog.table.item(r, 0).text(): dialog.table.item(r, 2).text() for r in range(dialog.table.rowCount())
    }
    # Field labels as in the panel, bookkeeping (updated_at) left out, the claim named by its quote.
    assert rows == {"Statement": "Belarus will not fight"}
    title = dialog.list.item(0).text()
    assert title.startswith("Claim “we are not going to join the war” in Will Lukashenka")
    # The colleague by name (the annotator who last worked in the file), the file beside it.
    assert title.endswith("changed on both sides (from Bob, in bob.sqlite)")
    headers = [dialog.table.horizontalHeaderItem(c).text() for c in range(3)]
    assert headers == ["Field", "Ours", "Bob's"]
    assert dialog.source.text().startswith("Their side: Bob, from the file bob.sqlite, merged on ")

    assert dialog.resolve("theirs")
    assert queries.get_claim(project, claim.id).statement == "Belarus will not fight"
    assert dialog.items == [] and conflict_ops.conflicts(project) == []
    window.actions_by_name["actionUndo"].trigger()
    assert queries.get_claim(project, claim.id).statement == "Belarus stays out"
    assert len(dialog.items) == 1
