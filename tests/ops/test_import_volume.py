"""Importing many files: batched commits, cancelling, duplicates within one import, and bad inputs."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from annotator.domain.models import ImportedDocument
from annotator.ops import documents, importing
from annotator.ops.importing import ImportOutcome, import_paths
from annotator.store.project import Project, open_project

MIB = 1024 * 1024


def article(number: int) -> str:
    return f"Report {number} on the talks in Minsk\n\nThe talks resumed on day {number}, officials said.\n"


def write_articles(folder: Path, count: int) -> list[Path]:
    folder.mkdir(exist_ok=True)
    paths = [folder / f"article_{number:02d}.txt" for number in range(count)]
    for number, path in enumerate(paths):
        path.write_text(article(number), encoding="utf-8")
    return paths


def stored(project: Project) -> list[str]:
    """File names of the documents in the project, as this connection sees them (uncommitted too)."""
    rows = project.conn.execute("SELECT source_filename FROM documents ORDER BY source_filename")
    return [name for (name,) in rows]


def committed(project: Project) -> int:
    """How many documents another connection sees: only what has been committed."""
    other = sqlite3.connect(project.path)
    try:
        return int(other.execute("SELECT count(*) FROM documents").fetchone()[0])
    finally:
        other.close()


def test_documents_are_committed_in_batches_and_progress_is_reported_per_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(importing, "BATCH_DOCUMENTS", 2)
    monkeypatch.setattr(importing, "BATCH_SECONDS", float("inf"))  # only the count ends a batch here
    write_articles(tmp_path / "in", 5)
    seen: list[tuple[int, int, int]] = []
    with open_project(tmp_path / "p.annotator") as project:

        def progress(done: int, total: int, outcome: ImportOutcome) -> None:
            assert outcome.ok and outcome.duplicate_of is None
            seen.append((done, total, committed(project)))

        import_paths(project, [tmp_path / "in"], on_progress=progress)
        # The second file of a batch is reported before its commit, the next one after it.
        assert seen == [(1, 5, 0), (2, 5, 0), (3, 5, 2), (4, 5, 2), (5, 5, 4)]
        assert committed(project) == 5
        assert not project.conn.in_transaction


def test_a_batch_also_ends_after_its_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importing, "BATCH_SECONDS", 0.0)  # every batch is already old enough to commit
    write_articles(tmp_path / "in", 3)
    counts: list[int] = []
    with open_project(tmp_path / "p.annotator") as project:
        import_paths(project, [tmp_path / "in"], on_progress=lambda *_: counts.append(committed(project)))
    assert counts == [0, 1, 2]


def test_cancelling_commits_the_open_batch(tmp_path: Path) -> None:
    paths = write_articles(tmp_path / "in", 6)
    with open_project(tmp_path / "p.annotator") as project:
        done: list[ImportOutcome] = []
        outcomes = import_paths(
            project,
            [tmp_path / "in"],
            on_progress=lambda _done, _total, outcome: done.append(outcome),
            should_cancel=lambda: len(done) == 3,
        )
        assert [o.path for o in outcomes] == paths[:3]
        assert committed(project) == 3  # all three were in one open batch (BATCH_DOCUMENTS is 50)
        assert not project.conn.in_transaction


def test_the_same_text_twice_in_one_batch_is_stored_once(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a_original.txt").write_text(article(1), encoding="utf-8")
    (folder / "b_copy.txt").write_text(article(1), encoding="utf-8")
    in_open_batch: list[bool] = []
    with open_project(tmp_path / "p.annotator") as project:
        first, second = import_paths(
            project, [folder], on_progress=lambda *_: in_open_batch.append(project.conn.in_transaction)
        )
        # Both files were handled before any commit: the check saw the first one's uncommitted row.
        assert in_open_batch == [True, True]
        assert second.duplicate_of is not None and second.duplicate_of.id == first.document_id
        assert stored(project) == ["a_original.txt"]


def test_a_document_the_database_refuses_rolls_back_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The failure comes after the row is written, as a later statement of the same document would: its
    # savepoint must take the row back, and the batch must keep the documents before and after it.
    real_insert = documents.insert_document

    def insert_then_fail(project: Project, imported: ImportedDocument, digest: str, by: str | None) -> str:
        document_id = real_insert(project, imported, digest, by)
        if imported.source_filename == "article_01.txt":
            raise sqlite3.IntegrityError("injected failure")
        return document_id

    monkeypatch.setattr(documents, "insert_document", insert_then_fail)
    paths = write_articles(tmp_path / "in", 3)
    with open_project(tmp_path / "p.annotator") as project:
        outcomes = import_paths(project, [tmp_path / "in"])
        assert [o.error for o in outcomes] == [
            None,
            "could not be stored in the project: injected failure",
            None,
        ]
        assert outcomes[1].describe() == (
            f"error: {paths[1]}: could not be stored in the project: injected failure"
        )
        assert stored(project) == ["article_00.txt", "article_02.txt"]
        assert committed(project) == 2


def test_inside_a_callers_transaction_the_import_is_part_of_it(tmp_path: Path) -> None:
    write_articles(tmp_path / "in", 3)
    with open_project(tmp_path / "p.annotator") as project:
        with pytest.raises(RuntimeError), project.transaction():
            assert len(import_paths(project, [tmp_path / "in"])) == 3
            assert committed(project) == 0  # not committed behind the caller's back
            raise RuntimeError("the caller changes its mind")
        assert stored(project) == []


# Bad input (issue 3, item 7): each is named with its reason, stores nothing, and stops no other file.


def sparse(path: Path, size: int) -> None:
    with path.open("wb") as handle:
        handle.truncate(size)  # a hole: the file has its size at once, without writing any data


def make_empty(path: Path) -> None:
    path.write_bytes(b"")


def make_binary(path: Path) -> None:
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20)


def make_undecodable(path: Path) -> None:
    path.write_bytes(bytes(range(128, 256)) * 10)  # not UTF-8, and no code page makes text of it


def make_too_large(path: Path) -> None:
    sparse(path, 100 * MIB)


def make_fifo(path: Path) -> None:
    os.mkfifo(path)  # reading would block until a writer came


BAD_INPUTS = {
    "empty.txt": (make_empty, "the file is empty"),
    "photo.txt": (make_binary, "looks like a binary file, not text"),
    "garbled.txt": (
        make_undecodable,
        "is not valid UTF-8 and its text encoding could not be recognised (save it as UTF-8 and import it "
        "again)",
    ),
    "huge.txt": (
        make_too_large,
        "is 100 MiB; documents larger than 32 MiB are not imported (split the file first)",
    ),
    "pipe.txt": (make_fifo, "is not a regular file (a pipe, socket or device); only files are imported"),
}


@pytest.mark.parametrize("name", list(BAD_INPUTS))
def test_a_bad_file_in_a_folder_is_reported_and_the_others_import(tmp_path: Path, name: str) -> None:
    make, reason = BAD_INPUTS[name]
    folder = tmp_path / "in"
    write_articles(folder, 2)
    bad = folder / name
    make(bad)
    with open_project(tmp_path / "p.annotator") as project:
        outcomes = {o.path.name: o for o in import_paths(project, [folder])}
        assert outcomes[name].error == reason
        assert outcomes[name].describe() == f"error: {bad}: {reason}"
        assert [o.ok for n, o in outcomes.items() if n != name] == [True, True]
        assert stored(project) == ["article_00.txt", "article_01.txt"]


@pytest.mark.parametrize(
    ("data", "encoding", "warning"),
    [
        (
            "“Café” – the naïve résumé, he said.\n".encode("cp1252"),
            "cp1252 (guessed)",
            "the text encoding was guessed as cp1252; check accented and non-Latin letters",
        ),
        (
            "Лукашенко заявил, что армия останется дома.\n".encode() + b"\xff\n",
            "utf-8 (invalid bytes replaced)",
            "the file is not valid UTF-8: 1 invalid byte sequence was replaced with “\ufffd”; "
            "check the text around it",
        ),
    ],
    ids=["legacy-code-page", "damaged-utf8"],
)
def test_invalid_utf8_is_imported_with_a_warning(
    tmp_path: Path, data: bytes, encoding: str, warning: str
) -> None:
    # Decided for issue 3 item 7: text that is not valid UTF-8 is imported when it can be read (a
    # detected legacy code page, or UTF-8 with a few bad bytes shown as U+FFFD), with a warning to check.
    path = tmp_path / "legacy.txt"
    path.write_bytes(data)
    with open_project(tmp_path / "p.annotator") as project:
        [outcome] = import_paths(project, [path])
        assert outcome.ok and outcome.warnings == [warning]
        assert f"warning: {warning}" in outcome.describe()
        row = project.conn.execute("SELECT metadata FROM documents").fetchone()
        assert f'"encoding": "{encoding}"' in row[0]


def test_a_symlink_loop_ends_and_is_reported(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    write_articles(folder, 2)
    loop = folder / "loop"
    os.symlink(folder, loop)
    with open_project(tmp_path / "p.annotator") as project:
        outcomes = import_paths(project, [folder])
        errors = [(o.path, o.error) for o in outcomes if not o.ok]
        assert errors == [(loop, "skipped: a symbolic link loops back to a folder already read")]
        assert stored(project) == ["article_00.txt", "article_01.txt"]
