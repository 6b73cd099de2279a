"""Unlinking a claim from an event is a deletion that a merge respects, and relinking takes it back."""

from __future__ import annotations

import shutil
from pathlib import Path

from annotator.ops import claims as claim_ops
from annotator.ops import events as event_ops
from annotator.ops.importing import import_paths
from annotator.ops.merge import merge_project
from annotator.store import findings, queries
from annotator.store.project import open_project


def test_an_unlinked_link_does_not_come_back_with_a_colleagues_copy(tmp_path: Path, seeds_dir: Path) -> None:
    ours = tmp_path / "ours.sqlite"
    with open_project(ours) as project:
        import_paths(project, [seeds_dir / "002_8c3426948d320dc3.txt"])
        [document] = queries.document_summaries(project)
        claim = claim_ops.tag_claim(project, document.id, 0, 20)
        event = event_ops.create_event(project, "Invasion", "24 February 2022")
        event_ops.link_claim(project, claim.id, event.id, "about")
    theirs = tmp_path / "theirs.sqlite"
    shutil.copy(ours, theirs)

    with open_project(ours) as project:
        event_ops.unlink_claim(project, claim.id, event.id, "about")
        merge_project(project, theirs)
        assert findings.claims_for_event(project, event.id) == []
        # Linking again lifts the tombstone: the link is ours once more, and a merge keeps it.
        event_ops.link_claim(project, claim.id, event.id, "about")
        merge_project(project, theirs)
        assert [relation for _, relation in findings.claims_for_event(project, event.id)] == ["about"]
        tombstones = project.conn.execute("SELECT count(*) FROM tombstones WHERE table_name = 'claim_events'")
        assert tombstones.fetchone()[0] == 0


def test_undoing_a_fresh_link_leaves_no_tombstone(tmp_path: Path, seeds_dir: Path) -> None:
    with open_project(tmp_path / "p.sqlite") as project:
        import_paths(project, [seeds_dir / "002_8c3426948d320dc3.txt"])
        [document] = queries.document_summaries(project)
        claim = claim_ops.tag_claim(project, document.id, 0, 20)
        event = event_ops.create_event(project, "Invasion", "24 February 2022")
        event_ops.link_claim(project, claim.id, event.id, "about")
        event_ops.unlink_claim(project, claim.id, event.id, "about", record=False)
        assert project.conn.execute("SELECT count(*) FROM tombstones").fetchone()[0] == 0


def test_a_colleagues_unlink_is_shown_as_a_conflict_and_can_be_taken(tmp_path: Path, seeds_dir: Path) -> None:
    from annotator.ops import conflicts as conflict_ops
    from annotator.ops import history

    ours = tmp_path / "ours.sqlite"
    with open_project(ours) as project:
        import_paths(project, [seeds_dir / "002_8c3426948d320dc3.txt"])
        [document] = queries.document_summaries(project)
        claim = claim_ops.tag_claim(project, document.id, 0, 20)
        event = event_ops.create_event(project, "Invasion", "24 February 2022")
        event_ops.link_claim(project, claim.id, event.id, "about")
    theirs = tmp_path / "theirs.sqlite"
    shutil.copy(ours, theirs)
    with open_project(theirs) as project:
        event_ops.unlink_claim(project, claim.id, event.id, "about")

    with open_project(ours) as project:
        merge_project(project, theirs)
        # Kept, never silently dropped, and offered for review.
        assert [relation for _, relation in findings.claims_for_event(project, event.id)] == ["about"]
        [conflict] = conflict_ops.conflicts(project)
        title, rows = conflict_ops.readable(project, conflict)
        assert title.startswith("Link of claim “") and "to event “Invasion” (about)" in title
        assert "deleted by the colleague (from theirs.sqlite)" in title and rows == [("Deleted", "no", "yes")]
        assert merge_project(project, theirs).conflict_ids == []  # a repeat records nothing new
        done = conflict_ops.choose(project, conflict.id, "theirs")
        assert findings.claims_for_event(project, event.id) == []
        history.undo(project, done)
        assert [relation for _, relation in findings.claims_for_event(project, event.id)] == ["about"]
