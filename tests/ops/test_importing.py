"""The one import path: hostile files isolated, a per-file budget against decompression bombs, Cancel
within a file, W3C annotation files, and undo of an import as one operation."""

from __future__ import annotations

import io
import json
import sqlite3
import zlib
from pathlib import Path

import pytest

from annotator.ingest import Budget
from annotator.ops.importing import ImportOutcome, ImportRecord, import_paths, redo_import, undo_import
from annotator.store.project import Project, open_project

MIB = 1024 * 1024
QUOTE = "it likely will not happen"  # in seeds/004_8f9e010c70d96ada.txt


def content_pdf(pages: int, stream_bytes: int, shared: bool = True, in_form: bool = False) -> bytes:
    """A valid PDF whose pages draw text from highly compressible content streams: with `shared`, all
    pages use one stream (so the file stays tiny however many pages), else each page has its own. With
    `in_form`, the (shared) stream is a form XObject that each page's own short content draws."""
    line = b"BT /F1 12 Tf 72 712 Td (All work and no play makes Jack a dull boy) Tj ET\n"
    packed = zlib.compress(line * max(1, stream_bytes // len(line)), 9)
    form = b" /Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >>"
    stream = b"<< /Length %d /Filter /FlateDecode%s >>\nstream\n%s\nendstream" % (
        len(packed),
        form if in_form else b"",
        packed,
    )
    streams = 1 if shared or in_form else pages
    first_page = 4 + streams + (1 if in_form else 0)
    drawing = [b"<< /Length 8 >>\nstream\n/X0 Do\n\nendstream"] if in_form else []
    xobjects = b" /XObject << /X0 4 0 R >>" if in_form else b""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>"
        % (b" ".join(b"%d 0 R" % (first_page + n) for n in range(pages)), pages),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        *[stream] * streams,
        *drawing,
        *[
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >>%s >> "
            b"/Contents %d 0 R >>" % (xobjects, 5 if in_form else 4 + (0 if shared else n))
            for n in range(pages)
        ],
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % offset for offset in offsets))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def annotation_file(path: Path, quotes: list[str]) -> Path:
    """A Hypothesis-style annotation list, one annotation per quote, as a colleague's tool saves it."""
    path.write_text(
        json.dumps(
            [
                {
                    "id": f"note-{number}",
                    "target": [{"selector": [{"type": "TextQuoteSelector", "exact": quote}]}],
                    "text": f"checked, note {number}",
                }
                for number, quote in enumerate(quotes)
            ]
        ),
        encoding="utf-8",
    )
    return path


def by_name(outcomes: list[ImportOutcome]) -> dict[str, ImportOutcome]:
    return {outcome.path.name: outcome for outcome in outcomes}


def document_files(project: Project) -> list[str]:
    return sorted(name for (name,) in project.conn.execute("SELECT source_filename FROM documents"))


HOSTILE = {
    # A scholarly record whose abstract is a lone surrogate escape: json accepts it, UTF-8 cannot hold it.
    "surrogate.json": (
        '{"title": "Broken", "abstract": "a lone \\ud800 here"}',
        "malformed JSON: it holds a lone UTF-16 surrogate escape (such as \\ud800), which is not a "
        "character; fix the file or export it again",
    ),
    "deep.json": ("[" * 100_000, "malformed JSON: it is nested too deeply to be read"),
    "deep-record.txt": ('{"title": ' + "[" * 100_000, None),  # not a record: imported as plain text
    "digits.json": (
        '{"title": "Big", "abstract": "x", "year": ' + "7" * 5000 + "}",
        "malformed JSON: a number in it has more than 4,300 digits",
    ),
    "digits.jsonld": (
        '{"@context": "http://www.w3.org/ns/anno.jsonld", "n": ' + "7" * 5000 + "}",
        "malformed JSON: a number in it has more than 4,300 digits",
    ),
    "deep.jsonld": ("[" * 100_000, "malformed JSON: it is nested too deeply to be read"),
}


def test_a_folder_of_seeds_and_hostile_files_imports_every_good_one(tmp_path: Path, seeds_dir: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for seed in seeds_dir.iterdir():
        (folder / seed.name).write_bytes(seed.read_bytes())
    for name, (text, _reason) in HOSTILE.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "bomb.pdf").write_bytes(content_pdf(2000, 64 * MIB))
    with open_project(tmp_path / "p.sqlite") as project:
        outcomes = by_name(import_paths(project, [folder]))
        for name, (_text, reason) in HOSTILE.items():
            if reason is not None:
                assert outcomes[name].error == reason, name
                assert outcomes[name].describe() == f"error: {folder / name}: {reason}"
        assert outcomes["bomb.pdf"].error == (
            "page 1 holds 64 MiB of content once decompressed; the limit is 16 MiB per page, against "
            "decompression bombs; not imported"
        )
        seeds = sorted(seed.name for seed in seeds_dir.iterdir())
        assert all(outcomes[name].added_document for name in seeds)
        assert document_files(project) == sorted([*seeds, "deep-record.txt"])


def test_a_bomb_in_a_form_xobject_is_stopped_too(tmp_path: Path) -> None:
    bomb = tmp_path / "form.pdf"
    bomb.write_bytes(content_pdf(2000, 32 * MIB, in_form=True))
    with open_project(tmp_path / "p.sqlite") as project:
        [outcome] = import_paths(project, [bomb])
        assert outcome.error is not None
        assert outcome.error.startswith("page 1 holds 32 MiB of content once decompressed")
        small = tmp_path / "small-form.pdf"
        small.write_bytes(content_pdf(3, 4096, in_form=True))
        [outcome] = import_paths(project, [small])
        assert outcome.added_document  # the text drawn by a form is read
        text = project.conn.execute("SELECT text FROM documents").fetchone()[0]
        assert text.startswith("All work and no play makes Jack a dull boy")


def test_a_pdf_past_its_content_budget_stops_there_with_the_limit_named(tmp_path: Path) -> None:
    # Each page is small, but together they pass the budget: reading stops at the page that does.
    bomb = tmp_path / "many.pdf"
    bomb.write_bytes(content_pdf(1000, 256 * 1024))
    with open_project(tmp_path / "p.sqlite") as project:
        [outcome] = import_paths(project, [bomb], budget=Budget(max_content_bytes=MIB))
        assert outcome.error == (
            "its pages hold more than 1 MiB of content once decompressed (reached at page 5), the limit "
            "for one file, against decompression bombs; not imported (split the file first)"
        )
        [outcome] = import_paths(project, [bomb], budget=Budget(max_pages=999))
        assert outcome.error == (
            "it has 1,000 pages; files with more than 999 pages are not imported (split the file first)"
        )
        [outcome] = import_paths(project, [bomb], budget=Budget(max_seconds=0))
        assert outcome.error is not None
        assert outcome.error.startswith("reading it took more than 0 seconds, the limit for one file")
        assert document_files(project) == []


def test_cancel_works_between_the_pages_of_a_large_pdf(tmp_path: Path, seeds_dir: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_bytes((seeds_dir / "002_8c3426948d320dc3.txt").read_bytes())
    (folder / "b_long.pdf").write_bytes(content_pdf(300, 2000, shared=False))
    (folder / "c.txt").write_bytes((seeds_dir / "004_8f9e010c70d96ada.txt").read_bytes())
    asked: list[int] = []

    def cancel_in_the_pdf() -> bool:
        asked.append(1)
        return len(asked) > 10  # a few pages into the PDF

    with open_project(tmp_path / "p.sqlite") as project:
        outcomes = import_paths(project, [folder], should_cancel=cancel_in_the_pdf)
        # The PDF was being read when Cancel came: it is left out, and so is every file after it.
        assert [o.path.name for o in outcomes] == ["a.txt"]
        assert document_files(project) == ["a.txt"]
        assert not project.conn.in_transaction
    assert len(asked) == 11  # asked within the PDF, not only once per file
    with open_project(tmp_path / "q.sqlite") as project:
        pdf = by_name(import_paths(project, [folder]))["b_long.pdf"]
        assert pdf.added_document  # uncancelled, the same PDF imports whole


def test_outcomes_are_reported_as_committed_only_after_their_batch_commits(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for number in range(7):
        (folder / f"note_{number}.txt").write_text(f"Note {number} on the talks.\n", encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    seen: list[tuple[str, bool]] = []
    with open_project(tmp_path / "p.sqlite") as project:

        def committed(outcomes: list[ImportOutcome]) -> None:
            other = sqlite3.connect(project.path)
            try:
                stored = {name for (name,) in other.execute("SELECT source_filename FROM documents")}
            finally:
                other.close()
            seen.extend((o.path.name, o.path.name in stored) for o in outcomes)

        import_paths(project, [folder], on_committed=committed)
    assert sorted(seen) == sorted([("empty.txt", False)] + [(f"note_{n}.txt", True) for n in range(7)])


def test_annotation_files_become_claims_and_undo_takes_the_whole_import_back(
    tmp_path: Path, seeds_dir: Path
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for seed in seeds_dir.iterdir():
        (folder / seed.name).write_bytes(seed.read_bytes())
    annotation_file(folder / "colleague.json", [QUOTE, "a sentence in no document"])
    with open_project(tmp_path / "p.sqlite") as project:
        before = snapshot(project)
        outcomes = import_paths(project, [folder], created_by=None)
        annotations = by_name(outcomes)["colleague.json"]
        assert annotations.annotations is not None
        assert annotations.annotations.summary() == ("1 annotations imported, 0 already present, 1 unmatched")
        assert "unmatched: note-1:" in annotations.describe()
        after = snapshot(project)
        record = ImportRecord.of(outcomes)
        assert record.describe() == "Import 5 documents and 1 claim"
        [(document_id, claim_id)] = record.claims
        assert project.conn.execute("SELECT note FROM claims WHERE id = ?", [claim_id]).fetchone() == (
            "checked, note 0",
        )

        taken, changes = undo_import(project, record)
        assert snapshot(project) == before
        assert changes.claims_removed == {(document_id, claim_id)} and len(changes.documents) == 5
        redone, changes = redo_import(project, taken)
        assert changes.claims_added == {(document_id, claim_id)}
        assert snapshot(project) == after
        undo_import(project, redone)
        assert snapshot(project) == before


def test_undo_of_a_new_version_import_returns_its_claims_in_the_same_operation(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        '<html><head><link rel="canonical" href="https://example.org/a"><title>Talks</title></head>'
        "<body><article><p>The talks in Minsk resumed on Monday, officials said.</p></article></body></html>",
        encoding="utf-8",
    )
    with open_project(tmp_path / "p.sqlite") as project:
        import_paths(project, [page])
        annotation = annotation_file(tmp_path / "claims.json", ["resumed on Monday"])
        import_paths(project, [annotation])
        before = snapshot(project)
        page.write_text(page.read_text().replace("Monday", "Tuesday, after a pause on Monday"))
        outcomes = import_paths(project, [page])
        record = ImportRecord.of(outcomes)
        assert len(record.versions) == 1 and record.describe() == "Import 1 document"
        undo_import(project, record)
        assert snapshot(project) == before


def snapshot(project: Project) -> dict[str, list[tuple[object, ...]]]:
    """Every row of the tables an import touches, in a stable order."""
    return {
        table: sorted(project.conn.execute(f"SELECT * FROM {table}").fetchall(), key=repr)
        for table in ("documents", "claims", "anchor_history")
    }


@pytest.mark.parametrize("suffix", [".jsonld", ".json"])
def test_json_that_holds_no_annotations_is_named(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"list{suffix}"
    path.write_text('{"items": [1, 2]}', encoding="utf-8")
    with open_project(tmp_path / "p.sqlite") as project:
        [outcome] = import_paths(project, [path])
    expected = {
        ".jsonld": "is neither W3C Web Annotation nor schema.org ClaimReview JSON-LD "
        "(what annotator imports)",
        ".json": 'the JSON is not a scholarly record: it needs a "title" and an "abstract"',
    }
    assert outcome.error == expected[suffix]
