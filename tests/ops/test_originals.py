"""Evidence copies: originals kept byte for byte by SHA-256, the custody log, Verify, and merging both."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

from annotator import ingest
from annotator.ops import history, originals, versions
from annotator.ops.annotators import ensure_annotator
from annotator.ops.importing import import_paths
from annotator.ops.merge import merge_project, unmerge
from annotator.store import evidence
from annotator.store.project import open_project
from cli_support import RunCli


def _tamper(path: Path, digest: str) -> None:
    """What someone editing the file behind the app's back would do: the app itself refuses it."""
    connection = sqlite3.connect(path)
    with connection:
        connection.execute("DROP TRIGGER originals_are_immutable")
        connection.execute(
            "UPDATE originals SET content = CAST(content || x'00' AS BLOB) WHERE sha256 = ?", [digest]
        )
    connection.close()


def test_every_imported_file_is_kept_byte_for_byte_with_its_hash(
    tmp_path: Path, seeds_dir: Path, realworld_dir: Path
) -> None:
    files = [*sorted(seeds_dir.glob("*.txt")), realworld_dir / "html" / "bbc.com.52241221.html"]
    files.append(realworld_dir / "pdf" / "Seige_of_Vicksburg_Sample_OCR-crazyones-merged.pdf")
    with open_project(tmp_path / "p.sqlite") as project:
        user = ensure_annotator(project, "Dana")
        outcomes = import_paths(project, files, created_by=user)
        assert all(outcome.added_document for outcome in outcomes), [o.describe() for o in outcomes]
        for outcome in outcomes:
            data = outcome.path.read_bytes()
            info = evidence.original_of_document(project, outcome.document_id or "")
            assert info is not None
            assert (info.sha256, info.size) == (hashlib.sha256(data).hexdigest(), len(data))
            assert evidence.original_content(project, info.sha256) == data
            [entry] = evidence.custody_of_document(project, outcome.document_id or "")
            assert (entry.action, entry.recorded_by, entry.source) == ("import", "Dana", str(outcome.path))
            assert entry.original_sha256 == info.sha256 and entry.tool.startswith("annotator ")
        formats = {evidence.original_of_document(project, o.document_id or "").media_type for o in outcomes}  # type: ignore[union-attr]
        assert formats == {"text/plain", "text/html", "application/pdf", "application/json"}


def test_the_same_bytes_are_stored_once(tmp_path: Path) -> None:
    with open_project(tmp_path / "p.sqlite") as project, project.transaction():
        first = originals.keep_original(project, b"evidence", "text/plain")
        second = originals.keep_original(project, b"evidence", "text/plain")
        assert first == second == hashlib.sha256(b"evidence").hexdigest()
        assert project.conn.execute("SELECT count(*) FROM originals").fetchone()[0] == 1


def test_originals_and_custody_cannot_be_changed_by_the_app(tmp_path: Path, seeds_dir: Path) -> None:
    with open_project(tmp_path / "p.sqlite") as project:
        import_paths(project, [seeds_dir / "002_8c3426948d320dc3.txt"])
        for statement in ("UPDATE originals SET size = 1", "UPDATE custody SET source = 'elsewhere'"):
            try:
                project.conn.execute(statement)
            except sqlite3.IntegrityError as error:
                assert "never changes" in str(error) or "append-only" in str(error)
            else:
                raise AssertionError(f"{statement} was allowed")


def test_verify_reports_a_tampered_original(tmp_path: Path, seeds_dir: Path, run_cli: RunCli) -> None:
    path = tmp_path / "p.sqlite"
    with open_project(path) as project:
        [outcome] = import_paths(project, [seeds_dir / "003_ecf39437e7890661.txt"])
        import_paths(project, [seeds_dir / "001_3d809e97dbcbbd29.txt"])
        report = originals.verify(project)
        assert report.ok and (report.originals, report.documents) == (2, 2)
        info = evidence.original_of_document(project, outcome.document_id or "")
        assert info is not None
    clean = run_cli("verify", path)
    assert clean.returncode == 0 and "every hash matches" in clean.stdout
    _tamper(path, info.sha256)
    tampered = run_cli("verify", path)
    assert tampered.returncode == 1
    assert info.sha256[:16] in tampered.stderr and "altered" in tampered.stderr
    with open_project(path) as project:
        assert len(originals.verify(project).mismatches) == 1


def test_verify_of_a_missing_project_says_so(tmp_path: Path, run_cli: RunCli) -> None:
    result = run_cli("verify", tmp_path / "none.sqlite")
    assert result.returncode == 2 and "does not exist" in result.stderr


def test_a_merge_brings_the_originals_and_records_where_the_documents_came_from(
    tmp_path: Path, seeds_dir: Path, realworld_dir: Path
) -> None:
    ours, theirs = tmp_path / "ours.sqlite", tmp_path / "theirs.sqlite"
    page = realworld_dir / "html" / "reuters.com.parasite.html"
    with open_project(theirs) as project:
        carol = ensure_annotator(project, "Carol")
        import_paths(project, [seeds_dir / "002_8c3426948d320dc3.txt", page], created_by=carol)
        their_id = originals.project_id(project)
    with open_project(ours) as project:
        alice = ensure_annotator(project, "Alice")
        import_paths(project, [seeds_dir / "002_8c3426948d320dc3.txt"], created_by=alice)
        assert originals.project_id(project) not in ("", their_id)
        summary = merge_project(project, theirs, alice)
        assert summary.figures()["documents"] == 1
        [(document_id,)] = summary.inserted["documents"]
        info = evidence.original_of_document(project, document_id)
        assert info is not None and evidence.original_content(project, info.sha256) == page.read_bytes()
        # The text both imported is stored once; theirs brought only the page.
        assert project.conn.execute("SELECT count(*) FROM originals").fetchone()[0] == 2
        entries = evidence.custody_of_document(project, document_id)
        assert [(e.action, e.recorded_by) for e in entries] == [("import", "Carol"), ("merge", "Alice")]
        assert entries[1].source_project == their_id and entries[1].source == "theirs.sqlite"
        assert originals.verify(project).ok
        again = merge_project(project, theirs, alice)
        assert not again.changed  # nothing new, and no second custody entry
        unmerge(project, summary)
        assert project.conn.execute("SELECT count(*) FROM custody").fetchone()[0] == 1
        assert project.conn.execute("SELECT count(*) FROM originals").fetchone()[0] == 1


def test_a_new_version_keeps_its_original_and_custody_and_undo_takes_them_back(
    tmp_path: Path, seeds_dir: Path
) -> None:
    changed = tmp_path / "changed.txt"
    seed = seeds_dir / "002_8c3426948d320dc3.txt"
    changed.write_bytes(seed.read_bytes() + b"\nA correction was appended.\n")
    with open_project(tmp_path / "p.sqlite") as project:
        [outcome] = import_paths(project, [seed])
        done = versions.new_version(
            project, outcome.document_id or "", ingest.load_file(changed), None, str(changed)
        )
        new_id = done.value.new_document_id
        [entry] = evidence.custody_of_document(project, new_id)
        assert entry.source == str(changed)
        assert evidence.original_content(project, entry.original_sha256) == changed.read_bytes()
        history.undo(project, done)
        assert project.conn.execute("SELECT count(*) FROM originals").fetchone()[0] == 1
        assert project.conn.execute("SELECT count(*) FROM custody").fetchone()[0] == 1


def test_a_colleague_s_altered_original_does_not_replace_ours(tmp_path: Path, seeds_dir: Path) -> None:
    seed = seeds_dir / "002_8c3426948d320dc3.txt"
    ours, theirs = tmp_path / "ours.sqlite", tmp_path / "theirs.sqlite"
    for path in (ours, theirs):
        with open_project(path) as project:
            import_paths(project, [seed])
    digest = hashlib.sha256(seed.read_bytes()).hexdigest()
    _tamper(theirs, digest)
    with open_project(ours) as project:
        merge_project(project, theirs)
        assert evidence.original_content(project, digest) == seed.read_bytes()
        assert originals.verify(project).ok
