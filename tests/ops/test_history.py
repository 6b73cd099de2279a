"""Recorded operations (ops.history) on a real project file: exact images, failures, nesting."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.domain.models import ImportedDocument
from annotator.ops import claims as claim_ops
from annotator.ops import history
from annotator.ops import verdicts as verdict_ops
from annotator.ops.documents import add_document
from annotator.store import findings, queries
from annotator.store.project import Project, open_project

TEXT = "Minsk said it would not join the war. Kyiv disagreed."


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Project]:
    with open_project(tmp_path / "history.sqlite") as opened:
        yield opened


@pytest.fixture
def claim_id(project: Project) -> str:
    imported = ImportedDocument(text=TEXT, source_format="text", source_filename="a.txt")
    document_id = add_document(project, imported)[0]
    return claim_ops.tag_claim(project, document_id, 0, 36).id


def _log_entries(project: Project) -> int:
    """Rows in the temp logs and the recording flag: none once no operation runs."""
    tables = [
        row[0]
        for row in project.conn.execute(
            "SELECT name FROM temp.sqlite_master WHERE type = 'table' AND name != 'history_state'"
        )
    ]
    return sum(project.conn.execute(f'SELECT count(*) FROM temp."{name}"').fetchone()[0] for name in tables)


def test_values_come_back_exactly_as_stored(project: Project, claim_id: str) -> None:
    confidence = 0.1 + 0.2  # 0.30000000000000004: 17 significant digits, more than SQLite's JSON keeps
    fields = {"label": "mixed", "as_of": "2023-01-01", "confidence": confidence}
    done = verdict_ops.record_verdict(project, claim_id, fields)
    history.undo(project, done)
    assert findings.verdict_history(project, claim_id) == []
    history.redo(project, done)
    assert findings.verdict_history(project, claim_id) == [done.value]
    assert findings.verdict_history(project, claim_id)[0].confidence == confidence
    assert _log_entries(project) == 0  # the logs hold rows only while an operation runs


def test_writes_outside_an_operation_are_not_logged(project: Project, claim_id: str) -> None:
    claim_ops.edit(project, claim_id, {"note": "recorded"})  # the logs and triggers now exist
    with project.transaction():
        project.conn.execute("UPDATE claims SET note = 'by hand' WHERE id = ?", [claim_id])
    assert _log_entries(project) == 0
    done = claim_ops.edit(project, claim_id, {"note": "recorded again"})
    assert list(done.rows.values())[0][0] is not None  # the next operation records only its own rows
    assert len(done.rows) == 1


def test_a_failed_operation_changes_nothing_and_leaves_no_log(project: Project, claim_id: str) -> None:
    def edit_then_fail(project: Project) -> None:
        claim_ops.update_claim(project, claim_id, {"note": "half done"})
        raise claim_ops.ClaimError("refused half way")

    with pytest.raises(claim_ops.ClaimError):
        history.run(project, edit_then_fail)
    assert queries.get_claim(project, claim_id).note == ""
    assert _log_entries(project) == 0


def test_a_nested_recording_is_part_of_the_outer_one(project: Project, claim_id: str) -> None:
    def two_steps(project: Project) -> str:
        inner = claim_ops.edit(project, claim_id, {"note": "inner"})  # a recorded action of its own
        claim_ops.update_claim(project, claim_id, {"statement": "outer"})
        return inner.value["note"]

    done = history.run(project, two_steps)
    assert done.value == ""  # the inner action's return value: the note before
    history.undo(project, done)
    claim = queries.get_claim(project, claim_id)
    assert (claim.note, claim.statement) == ("", "")
    history.redo(project, done)
    claim = queries.get_claim(project, claim_id)
    assert (claim.note, claim.statement) == ("inner", "outer")
