"""Merging a colleague's project: the issue 6 story, conflicts, deletions, idempotence, undo, bad input."""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from annotator.ops import claims as claim_ops
from annotator.ops import events as event_ops
from annotator.ops import merge as merge_ops
from annotator.ops import reviews as review_ops
from annotator.ops import verdicts as verdict_ops
from annotator.ops.annotators import ensure_annotator
from annotator.ops.changes import Changes
from annotator.ops.importing import import_paths
from annotator.ops.merge import LINK_TABLES, ROW_TABLES, merge_project, unmerge
from annotator.store import queries, review_queries
from annotator.store.agreement_queries import agreement_figures
from annotator.store.project import Project, ProjectError, open_project
from annotator.store.schema import SCHEMA_VERSION

PREDICTION = "we are not going to join the war"
LIKELY_NOT = "it likely will not happen"
SOLDIERS = "300,000"
REGIONAL_GROUP = "joint regional group"
INVASION_DATE = "24 February"
DATA_TABLES = [table for table, _ in ROW_TABLES] + [table for table, _ in LINK_TABLES]
DATA_TABLES += ["tombstones", "conflicts", "settings"]


def _tag(project: Project, phrase: str, by: str, kind: str = "factual") -> str:
    for summary in queries.document_summaries(project):
        text = queries.get_document(project, summary.id).text
        if phrase in text:
            start = text.index(phrase)
            return claim_ops.tag_claim(project, summary.id, start, start + len(phrase), kind, by).id
    raise AssertionError(f"{phrase!r} is in no document")


def _verdict(project: Project, claim_id: str, label: str, by: str) -> str:
    return verdict_ops.add_verdict(project, claim_id, label, "2023-10-05", created_by=by).id


def _new_project(path: Path, seeds: Path, user: str) -> str:
    with open_project(path) as project:
        import_paths(project, [seeds])
        return ensure_annotator(project, user)


@pytest.fixture
def story(tmp_path: Path, seeds_dir: Path) -> Iterator[dict[str, Any]]:
    """Alice tags and judges; Bob starts from a copy of her file; both go on working, some on one claim."""
    a_path, b_path = tmp_path / "alice.sqlite", tmp_path / "bob.sqlite"
    alice = _new_project(a_path, seeds_dir, "Alice")
    with open_project(a_path) as project:
        shared = {
            "prediction": _tag(project, PREDICTION, alice, "prediction"),
            "likely_not": _tag(project, LIKELY_NOT, alice, "prediction"),
            "soldiers": _tag(project, SOLDIERS, alice),
        }
    shutil.copy(a_path, b_path)
    with open_project(b_path) as project:
        bob = ensure_annotator(project, "Bob")
        bob_claim = _tag(project, REGIONAL_GROUP, bob)
        event = event_ops.create_event(
            project, "Joint regional group of forces", "10 October 2022", created_by=bob
        )
        event_ops.link_claim(project, bob_claim, event.id, "reports", created_by=bob)
        bob_verdicts = [
            _verdict(project, shared["prediction"], "refuted", bob),  # Alice says confirmed
            _verdict(project, shared["likely_not"], "refuted", bob),
            _verdict(project, shared["soldiers"], "confirmed", bob),
        ]
    with open_project(a_path) as project:
        alice_claim = _tag(project, INVASION_DATE, alice)
        _verdict(project, shared["prediction"], "confirmed", alice)
        _verdict(project, shared["likely_not"], "refuted", alice)
        _verdict(project, shared["soldiers"], "confirmed", alice)
    yield {
        "a": a_path,
        "b": b_path,
        "alice": alice,
        "bob": bob,
        "shared": shared,
        "bob_claim": bob_claim,
        "alice_claim": alice_claim,
        "event": event.id,
        "bob_verdicts": bob_verdicts,
    }


def snapshot(project: Project) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every data table (not the search index), for before/after comparisons."""
    return {
        table: sorted(project.conn.execute(f"SELECT * FROM {table}").fetchall(), key=repr)
        for table in DATA_TABLES
    }


def test_colleagues_work_comes_in_once_with_review_queue_disagreement_and_agreement(
    story: dict[str, Any],
) -> None:
    with open_project(story["a"]) as project:
        summary = merge_project(project, story["b"], story["alice"])
        assert summary.figures() == {
            "documents": 0,
            "documents_matched": 0,
            "claims": 1,
            "verdicts": 3,
            "evidence": 0,
            "events": 1,
            "actors": 0,
            "reviews": 0,
            "annotators": 1,
            "links": 1,
            "deletions": 0,
            "conflicts": 0,
        }
        assert summary.describe() == (
            "Merged bob.sqlite: 1 claim, 3 verdicts, 1 event, 1 annotator, 1 link; no conflicts."
        )
        assert project.conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 5

        queue = review_queries.review_queue(project, story["alice"])
        assert {(item.target_type, item.target_id) for item in queue} == {("claim", story["bob_claim"])} | {
            ("verdict", verdict_id) for verdict_id in story["bob_verdicts"]
        }
        assert {item.author for item in queue} == {"Bob"}

        [disagreement] = review_queries.disagreements(project)
        assert disagreement.claim.id == story["shared"]["prediction"]
        assert [(name, verdict.label) for name, verdict in disagreement.verdicts] == [
            ("Alice", "confirmed"),
            ("Bob", "refuted"),
        ]

        verdicts = agreement_figures(project)["verdicts"]
        assert verdicts["claims"] == 3
        # Pairs (confirmed, refuted), (refuted, refuted), (confirmed, confirmed): p_o = 2/3, p_e = 4/9.
        [pair] = verdicts["cohens_kappa"]
        assert pair["annotators"] == ["Alice", "Bob"] and pair["kappa"] == pytest.approx(0.4)
        assert verdicts["krippendorff_alpha"] == pytest.approx(4 / 9)

        before = snapshot(project)
        again = merge_project(project, story["b"], story["alice"])
        assert not again.changed and set(again.figures().values()) == {0}
        assert again.describe() == "Merged bob.sqlite: nothing new (everything in it is already here)."
        assert snapshot(project) == before


def test_a_merge_names_what_it_changed_for_the_views_and_a_merge_again_names_nothing(
    story: dict[str, Any],
) -> None:
    with open_project(story["a"]) as project:
        summary = merge_project(project, story["b"], story["alice"])
        claims = [story["bob_claim"], *story["shared"].values()]  # his claim, and the three he judged
        documents = {queries.get_claim(project, claim_id).document_id for claim_id in claims}
        assert summary.changes == Changes(
            documents=frozenset(documents),
            actors=frozenset([story["bob"]]),
            events=frozenset([story["event"]]),
        )
        again = merge_project(project, story["b"], story["alice"])
        assert again.changes == Changes() and not again.similar_people
        # Nothing of the merge stays on the connection: the copy is detached, its tables of keys dropped.
        assert [row[1] for row in project.conn.execute("PRAGMA database_list")] == ["main", "temp"]
        assert project.conn.execute("SELECT count(*) FROM temp.sqlite_master").fetchone()[0] == 0


def test_unmerge_takes_back_exactly_what_came_in(story: dict[str, Any]) -> None:
    with open_project(story["a"]) as project:
        claim_ops.update_claim(project, story["shared"]["soldiers"], {"note": "Alice's note"})
        before = snapshot(project)
        with open_project(story["b"]) as theirs:
            claim_ops.update_claim(theirs, story["shared"]["soldiers"], {"note": "Bob's note"})
        summary = merge_project(project, story["b"], story["alice"])
        assert summary.figures()["conflicts"] == 1
        unmerge(project, summary)
        assert snapshot(project) == before
        # And the merge can be redone after the undo, with the same result.
        assert merge_project(project, story["b"], story["alice"]).figures() == summary.figures()


def test_both_sides_changed_a_claim_ours_stays_and_both_versions_are_a_conflict(
    story: dict[str, Any],
) -> None:
    claim_id = story["shared"]["soldiers"]
    with open_project(story["b"]) as theirs:
        claim_ops.update_claim(theirs, claim_id, {"kind": "quote", "note": "Bob"})
    with open_project(story["a"]) as project:
        claim_ops.update_claim(project, claim_id, {"note": "Alice"})
        ours_before = project.conn.execute("SELECT * FROM claims WHERE id = ?", [claim_id]).fetchone()
        summary = merge_project(project, story["b"], story["alice"])
        assert project.conn.execute("SELECT * FROM claims WHERE id = ?", [claim_id]).fetchone() == ours_before
        [conflict] = project.db.query("SELECT * FROM conflicts")
        assert summary.conflict_ids == [conflict["id"]]
        assert (conflict["table_name"], conflict["row_id"], conflict["source"]) == (
            "claims",
            claim_id,
            "bob.sqlite",
        )
        assert conflict["resolved"] == ""
        ours, theirs_row = json.loads(conflict["ours"]), json.loads(conflict["theirs"])
        assert (ours["note"], ours["kind"]) == ("Alice", "factual")
        assert (theirs_row["note"], theirs_row["kind"]) == ("Bob", "quote")
        # The same disagreement is not recorded twice, not even once a reviewer has resolved it.
        assert merge_project(project, story["b"], story["alice"]).figures()["conflicts"] == 0
        project.conn.execute("UPDATE conflicts SET resolved = 'ours'")
        assert merge_project(project, story["b"], story["alice"]).figures()["conflicts"] == 0


def test_their_deletion_never_removes_our_claim(story: dict[str, Any]) -> None:
    claim_id = story["shared"]["likely_not"]
    with open_project(story["b"]) as theirs:
        claim_ops.delete_claim(theirs, claim_id, deleted_by=story["bob"])
    with open_project(story["a"]) as project:
        summary = merge_project(project, story["b"], story["alice"])
        assert queries.get_claim(project, claim_id).id == claim_id
        conflicts = {
            (row["table_name"], row["row_id"]): row for row in project.db.query("SELECT * FROM conflicts")
        }
        theirs_side = json.loads(conflicts[("claims", claim_id)]["theirs"])
        assert theirs_side["deleted"] is True and theirs_side["deleted_by"] == story["bob"]
        assert json.loads(conflicts[("claims", claim_id)]["ours"])["id"] == claim_id
        # Alice's own verdict on it stays; Bob's deleted verdict is a conflict too, and the deletions travel.
        assert {
            row["label"]
            for row in project.db.query("SELECT label FROM verdicts WHERE claim_id = ?", [claim_id])
        } == {"refuted"}
        assert summary.figures()["deletions"] >= 2
        tombstoned = {row[0] for row in project.conn.execute("SELECT row_id FROM tombstones")}
        assert claim_id in tombstoned
        assert not merge_project(project, story["b"], story["alice"]).changed


def test_a_table_they_emptied_still_brings_their_deletions(story: dict[str, Any]) -> None:
    # Bob's event and its link reach Alice; then he unlinks and deletes it: both tables are empty in his
    # file, and only his tombstones say what happened (a table empty there is otherwise skipped).
    with open_project(story["a"]) as project:
        merge_project(project, story["b"], story["alice"])
    with open_project(story["b"]) as theirs:
        event_ops.unlink_claim(theirs, story["bob_claim"], story["event"], "reports", deleted_by=story["bob"])
        event_ops.delete_event(theirs, story["event"], deleted_by=story["bob"])
        for table in ("events", "claim_events"):
            assert theirs.conn.execute(f"SELECT count(*) FROM {table}").fetchone() == (0,)
    with open_project(story["a"]) as project:
        before = snapshot(project)
        summary = merge_project(project, story["b"], story["alice"])
        # Kept here, each deletion a conflict, and the tombstones travel on.
        assert project.conn.execute("SELECT id FROM events").fetchall() == [(story["event"],)]
        conflicts = {row[0] for row in project.conn.execute("SELECT table_name FROM conflicts")}
        assert {"events", "claim_events"} <= conflicts
        tombstoned = {row[0] for row in project.conn.execute("SELECT table_name FROM tombstones")}
        assert {"events", "claim_events"} <= tombstoned
        assert summary.figures()["deletions"] == 2 and summary.figures()["conflicts"] == 2
        assert not merge_project(project, story["b"], story["alice"]).changed
        unmerge(project, summary)
        assert snapshot(project) == before


def test_our_deletion_is_not_undone_by_their_copy(story: dict[str, Any]) -> None:
    claim_id = story["shared"]["soldiers"]
    with open_project(story["a"]) as project:
        claim_ops.delete_claim(project, claim_id, deleted_by=story["alice"])
        summary = merge_project(project, story["b"], story["alice"])
        with pytest.raises(KeyError):
            queries.get_claim(project, claim_id)
        conflicts = {
            (row["table_name"], row["row_id"]): row for row in project.db.query("SELECT * FROM conflicts")
        }
        ours = json.loads(conflicts[("claims", claim_id)]["ours"])
        assert ours == {"deleted": True, "deleted_by": story["alice"], "deleted_at": ours["deleted_at"]}
        assert json.loads(conflicts[("claims", claim_id)]["theirs"])["exact"] == SOLDIERS
        # Bob's verdict on the deleted claim is held back too, naming the claim it would hang off.
        bob_verdict = story["bob_verdicts"][2]
        held = json.loads(conflicts[("verdicts", bob_verdict)]["ours"])
        assert held == {"deleted": True, "with_parent": {"table": "claims", "id": claim_id}}
        assert summary.figures()["verdicts"] == 2
        assert not merge_project(project, story["b"], story["alice"]).changed


def _normalised(project: Project) -> dict[tuple[str, str], frozenset[str]]:
    """Each row's content (documents by text hash, no updated_at) plus the versions its conflicts hold."""
    sha = dict(project.conn.execute("SELECT id, sha256 FROM documents").fetchall())

    def clean(row: dict[str, Any]) -> str:
        row = {key: value for key, value in row.items() if key not in ("updated_at", "text")}
        for column in ("document_id", "version_of"):
            if row.get(column) is not None:
                row[column] = sha.get(row[column], row[column])
        if "sha256" in row:
            row["id"] = row["sha256"]
            for column in ("created_at", "created_by", "metadata", "source_filename", "source_format"):
                row.pop(column, None)
        return json.dumps(row, sort_keys=True)

    versions: dict[tuple[str, str], set[str]] = {}
    for table in ("documents", "claims", "verdicts", "events", "evidence", "annotators"):
        for row in project.db.query(f"SELECT * FROM {table}"):
            key = (table, row["sha256"] if table == "documents" else row["id"])
            versions.setdefault(key, set()).add(clean(row))
    for conflict in project.db.query("SELECT * FROM conflicts"):
        theirs = json.loads(conflict["theirs"])
        if "deleted" not in theirs:
            versions[(conflict["table_name"], conflict["row_id"])].add(clean(theirs))
    return {key: frozenset(value) for key, value in versions.items()}


@pytest.mark.parametrize("start", ["copied", "imported separately"])
def test_b_into_a_and_a_into_b_give_the_same_content(
    start: str, story: dict[str, Any], tmp_path: Path, seeds_dir: Path
) -> None:
    if start == "imported separately":
        b_path = tmp_path / "carol.sqlite"
        carol = _new_project(b_path, seeds_dir, "Carol")
        with open_project(b_path) as theirs:
            _verdict(theirs, _tag(theirs, PREDICTION, carol, "prediction"), "pending", carol)
            _tag(theirs, SOLDIERS, carol)
    else:
        b_path = story["b"]
        with open_project(b_path) as theirs:
            claim_ops.update_claim(theirs, story["shared"]["soldiers"], {"note": "Bob"})
        with open_project(story["a"]) as ours:
            claim_ops.update_claim(ours, story["shared"]["soldiers"], {"note": "Alice"})
    with open_project(story["a"]) as project:
        merge_project(project, b_path, story["alice"])
    with open_project(b_path) as project:
        merge_project(project, story["a"], story["bob"])
    with open_project(story["a"]) as a, open_project(b_path) as b:
        assert _normalised(a) == _normalised(b)
        assert a.conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 5
        assert b.conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 5


def test_separately_imported_documents_are_recognised_by_their_text(
    story: dict[str, Any], tmp_path: Path, seeds_dir: Path
) -> None:
    c_path = tmp_path / "carol.sqlite"
    carol = _new_project(c_path, seeds_dir, "Carol")
    with open_project(c_path) as theirs:
        claim_id = _tag(theirs, PREDICTION, carol, "prediction")
        url_claim = _tag(theirs, LIKELY_NOT, carol)
        paper = next(s for s in queries.document_summaries(theirs) if s.title.startswith("From strategic"))
        verdict_ops.add_span_evidence(theirs, claim_id, paper.id, 0, 20, "supports", created_by=carol)
        verdict_ops.add_url_evidence(theirs, url_claim, "https://example.org", "context", created_by=carol)
    with open_project(story["a"]) as project:
        our_documents = {s.id for s in queries.document_summaries(project)}
        summary = merge_project(project, c_path, story["alice"])
        assert {s.id for s in queries.document_summaries(project)} == our_documents
        figures = summary.figures()
        assert (figures["documents"], figures["documents_matched"], figures["claims"]) == (0, 3, 2)
        assert "3 documents recognised by their text" in summary.describe()
        merged = queries.get_claim(project, claim_id)
        assert merged.document_id in our_documents and merged.exact == PREDICTION
        [evidence] = [row for row in project.db.query("SELECT * FROM evidence WHERE document_id IS NOT NULL")]
        assert evidence["document_id"] in our_documents
        assert not merge_project(project, c_path, story["alice"]).changed


def _assert_refused(project: Project, other: Path, reason: str) -> None:
    files = [project.path, Path(str(project.path) + "-wal"), other]
    before = [path.read_bytes() if path.exists() else None for path in files]
    rows = snapshot(project)
    with pytest.raises(ProjectError) as caught:
        merge_project(project, other, None)
    assert reason in caught.value.reason
    assert [path.read_bytes() if path.exists() else None for path in files] == before
    assert snapshot(project) == rows


def test_bad_inputs_are_refused_and_both_files_stay_as_they_were(
    story: dict[str, Any], tmp_path: Path
) -> None:
    notes = tmp_path / "notes.sqlite"
    notes.write_text("not a database\n" * 10)
    empty = tmp_path / "empty.sqlite"
    empty.write_bytes(b"")
    newer = tmp_path / "newer.sqlite"
    older = tmp_path / "older.sqlite"
    for path, version in ((newer, SCHEMA_VERSION + 1), (older, SCHEMA_VERSION - 1)):
        shutil.copy(story["b"], path)
        connection = sqlite3.connect(path)
        connection.execute(f"PRAGMA user_version = {version}")
        connection.close()
    other_program = tmp_path / "other.sqlite"
    connection = sqlite3.connect(other_program)
    connection.execute("CREATE TABLE t (x)")
    connection.close()
    with open_project(story["a"]) as project:
        _assert_refused(project, notes, "not an SQLite database")
        _assert_refused(project, empty, "empty file")
        _assert_refused(project, newer, "newer version of annotator")
        _assert_refused(project, older, "Open it in this version first to upgrade it")
        _assert_refused(project, other_program, "made by another program")
        _assert_refused(project, tmp_path / "missing.sqlite", "does not exist")
        _assert_refused(project, story["a"], "cannot be merged into itself")
        _assert_refused(project, tmp_path / "." / "alice.sqlite", "cannot be merged into itself")
        link = tmp_path / "link.sqlite"
        link.symlink_to(story["a"])
        _assert_refused(project, link, "cannot be merged into itself")


def test_a_damaged_colleague_file_is_refused_by_name_and_nothing_changes(
    story: dict[str, Any], tmp_path: Path
) -> None:
    # Damage deep inside their file, past every table's root page: only reading every page finds it,
    # which the merge does over the connection it then reads the file with.
    damaged = tmp_path / "damaged.sqlite"
    shutil.copy(story["b"], damaged)
    data = bytearray(damaged.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    middle = len(data) // page_size // 2
    data[middle * page_size : (middle + 1) * page_size] = b"\xff" * page_size
    damaged.write_bytes(bytes(data))
    with open_project(story["a"]) as project:
        _assert_refused(project, damaged, "is damaged")
        with pytest.raises(ProjectError, match="is damaged") as caught:
            merge_ops.check_merge_source(project, damaged)
        assert caught.value.path == damaged
        assert merge_ops.ALIAS not in [row[1] for row in project.conn.execute("PRAGMA database_list")]
        assert merge_project(project, story["b"], story["alice"]).figures()["claims"] == 1


def test_a_merge_that_fails_half_way_changes_nothing(
    story: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(self: object) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(merge_ops._Merge, "_copy_tombstones", fail)
    with open_project(story["a"]) as project:
        before = snapshot(project)
        with pytest.raises(ProjectError, match="nothing was changed"):
            merge_project(project, story["b"], story["alice"])
        assert snapshot(project) == before
        assert [row[1] for row in project.conn.execute("PRAGMA database_list")] == ["main", "temp"]
        assert project.conn.execute("SELECT count(*) FROM temp.sqlite_master").fetchone()[0] == 0
        monkeypatch.undo()
        assert merge_project(project, story["b"], story["alice"]).figures()["claims"] == 1


def test_a_reply_to_a_review_held_back_is_held_back_too(story: dict[str, Any]) -> None:
    with open_project(story["b"]) as theirs:
        claim_id = story["shared"]["prediction"]
        first = review_ops.add_review(theirs, "claim", claim_id, "disputed", "Source?", story["bob"])
        reply = review_ops.add_review(theirs, "claim", claim_id, None, "Found it", story["bob"], first.id)
    with open_project(story["a"]) as project:
        # As if Alice had deleted Bob's review after an earlier merge: its deletion is on record here.
        project.conn.execute(
            "INSERT INTO tombstones (table_name, row_id, deleted_by, deleted_at) "
            "VALUES ('reviews', ?, ?, '2024-01-01T00:00:00+00:00')",
            [first.id, story["alice"]],
        )
        summary = merge_project(project, story["b"], story["alice"])
        assert summary.figures()["reviews"] == 0
        held = {row["row_id"]: json.loads(row["ours"]) for row in project.db.query("SELECT * FROM conflicts")}
        assert held[first.id]["deleted_by"] == story["alice"]
        assert held[reply.id] == {"deleted": True, "with_parent": {"table": "reviews", "id": first.id}}


def test_merge_cannot_run_inside_another_transaction(story: dict[str, Any]) -> None:
    with (
        open_project(story["a"]) as project,
        project.transaction(),
        pytest.raises(RuntimeError, match="inside another transaction"),
    ):
        merge_project(project, story["b"], story["alice"])
