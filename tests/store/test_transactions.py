"""Writers in two processes on one project: each write waits for the other's lock instead of failing."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from annotator.domain.models import ImportedDocument
from annotator.ops.claims import tag_claim
from annotator.ops.documents import add_document
from annotator.store import queries
from annotator.store.project import Project, ProjectBusy, open_project

TEXT = "Belarus will not join the war. " * 40

# Holds the write lock (after a write of its own) until a line arrives on its standard input.
HOLD_LOCK = textwrap.dedent(
    """
    import sqlite3, sys
    conn = sqlite3.connect(sys.argv[1], isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("INSERT INTO settings (key, value) VALUES ('held-by', 'other process')")
    print("locked", flush=True)
    sys.stdin.readline()
    conn.execute("COMMIT")
    """
)

# Tags and edits claims one transaction at a time, as a second window or a script would. The edit reads
# the claim before writing it: the pattern that failed at once under a deferred BEGIN.
TAG_MANY = textwrap.dedent(
    """
    import sys
    from annotator.ops.claims import tag_claim, update_claim
    from annotator.store.project import open_project
    path, document_id, first, count = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    with open_project(path, create=False) as project:
        for start in range(first, first + count):
            claim = tag_claim(project, document_id, start, start + 5)
            update_claim(project, claim.id, {"note": f"edited by {first}"})
    """
)


def _project(path: Path) -> tuple[Project, str]:
    project = open_project(path)
    document_id, _ = add_document(
        project, ImportedDocument(text=TEXT, source_format="text", source_filename="a.txt")
    )
    return project, document_id


def _hold_lock(path: Path) -> subprocess.Popen[str]:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
    return holder


def _release(holder: subprocess.Popen[str]) -> None:
    holder.communicate("\n", timeout=60)  # also closes the pipes
    assert holder.returncode == 0


def test_an_edit_waits_for_another_process_and_then_lands(tmp_path: Path) -> None:
    project, document_id = _project(tmp_path / "p.sqlite")
    with project:
        holder = _hold_lock(project.path)
        # The other process lets go while this one is (or is about to be) waiting for the lock.
        releasing = threading.Thread(target=_release, args=(holder,))
        releasing.start()
        tag_claim(project, document_id, 0, 7)
        releasing.join(timeout=60)
        assert holder.returncode == 0
        assert queries.setting(project, "held-by") == "other process"
        assert [claim.exact for claim in queries.claims_for_document(project, document_id)] == ["Belarus"]


def test_a_lock_held_past_the_timeout_fails_with_a_sentence_and_changes_nothing(tmp_path: Path) -> None:
    project, document_id = _project(tmp_path / "p.sqlite")
    with project:
        project.conn.execute("PRAGMA busy_timeout = 50")  # the default 5 s would only slow the test
        holder = _hold_lock(project.path)
        try:
            with pytest.raises(ProjectBusy) as raised:
                tag_claim(project, document_id, 0, 7)
        finally:
            _release(holder)
        assert "is being changed by another window or program" in str(raised.value)
        assert "nothing was changed" in raised.value.reason
        assert not project.conn.in_transaction
        assert queries.claims_for_document(project, document_id) == []
        tag_claim(project, document_id, 0, 7)  # the lock is free again: the same edit goes through
        assert len(queries.claims_for_document(project, document_id)) == 1


def test_two_processes_tagging_at_once_lose_no_edit(tmp_path: Path) -> None:
    project, document_id = _project(tmp_path / "p.sqlite")
    project.close()
    per_process = 30  # each edit waits for an fsync: enough to interleave, few enough to be quick
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", TAG_MANY, str(project.path), document_id, str(first), str(per_process)],
            stderr=subprocess.PIPE,
            text=True,
        )
        for first in (0, per_process)
    ]
    errors = [writer.communicate(timeout=120)[1] for writer in writers]
    assert [writer.returncode for writer in writers] == [0, 0], errors
    with open_project(project.path, create=False) as project:
        claims = queries.claims_for_document(project, document_id)
    assert sorted(claim.start for claim in claims) == list(range(2 * per_process))
    assert all(
        claim.note == f"edited by {0 if claim.start < per_process else per_process}" for claim in claims
    )


def test_a_nested_operation_is_a_savepoint_that_rolls_back_alone(tmp_path: Path) -> None:
    project, document_id = _project(tmp_path / "p.sqlite")
    with project, project.transaction():
        tag_claim(project, document_id, 0, 7)
        with pytest.raises(ValueError), project.transaction():
            tag_claim(project, document_id, 8, 12)
            raise ValueError("the inner step fails")
        assert project.conn.in_transaction
    with open_project(project.path, create=False) as reopened:
        assert [c.exact for c in queries.claims_for_document(reopened, document_id)] == ["Belarus"]
