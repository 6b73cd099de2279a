"""Web archives through the one import path: each archived page a document with its capture time, URL
and its WARC record kept as the original; bad archives refused one by one, the rest imported."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from annotator.export.gather import build_report
from annotator.export.html import render_html
from annotator.export.markdown import render_markdown
from annotator.export.model import ReportFilter
from annotator.ingest.budget import MIB, Budget
from annotator.ops.claims import tag_claim
from annotator.ops.importing import ImportRecord, import_paths, redo_import, undo_import
from annotator.ops.originals import verify
from annotator.store import evidence, queries
from annotator.store.project import open_project
from webarchive_support import CAPTURED, warc_bytes, write_wacz


def _pages(realworld_dir: Path) -> list[tuple[str, bytes]]:
    html = realworld_dir / "html"
    return [
        ("https://www.bbc.com/news/world-52241221", (html / "bbc.com.52241221.html").read_bytes()),
        ("https://www.reuters.com/parasite", (html / "reuters.com.parasite.html").read_bytes()),
    ]


def test_a_wacz_imports_each_page_with_its_capture_time_url_and_record(
    tmp_path: Path, realworld_dir: Path
) -> None:
    wacz = write_wacz(tmp_path / "capture.wacz", _pages(realworld_dir))
    with open_project(tmp_path / "p.sqlite") as project:
        outcomes = import_paths(project, [wacz])
        assert [o.ok for o in outcomes] == [True, True], [o.describe() for o in outcomes]
        assert (
            "capture.wacz [archive/data.warc.gz#https://www.bbc.com/news/world-52241221]"
            in outcomes[0].describe()
        )
        for outcome, (url, body) in zip(outcomes, _pages(realworld_dir), strict=True):
            document = queries.get_document(project, outcome.document_id or "", with_text=True)
            assert document.source_format == "warc" and document.text
            info = evidence.original_of_document(project, document.id)
            assert info is not None and info.media_type == "application/warc"
            record = evidence.original_content(project, info.sha256)
            assert hashlib.sha256(record).hexdigest() == info.sha256
            # The original is a WARC on its own: the very response record, payload and headers.
            responses = [
                (r.rec_headers.get_header("WARC-Target-URI"), r.content_stream().read())
                for r in ArchiveIterator(io.BytesIO(record))
                if r.rec_type == "response"
            ]
            assert responses == [(url, body)]
            [entry] = evidence.custody_of_document(project, document.id)
            assert (entry.action, entry.captured_at, entry.details["captured_from"]) == (
                "archive",
                CAPTURED.replace("Z", "+00:00"),
                url,
            )
            assert entry.source == str(wacz)
        assert verify(project).ok


def test_a_plain_warc_imports_and_undo_takes_its_pages_back(tmp_path: Path, realworld_dir: Path) -> None:
    warc = tmp_path / "crawl.warc"
    warc.write_bytes(warc_bytes(_pages(realworld_dir), gzip=False))
    with open_project(tmp_path / "p.sqlite") as project:
        outcomes = import_paths(project, [warc])
        assert sum(o.added_document for o in outcomes) == 2
        undone, _ = undo_import(project, ImportRecord.of(outcomes))
        counts = "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM originals)"
        assert project.conn.execute(counts).fetchone() == (0, 0)
        redo_import(project, undone)
        assert project.conn.execute(counts).fetchone() == (2, 2)


def test_bad_archives_are_refused_one_by_one_and_the_rest_imported(
    tmp_path: Path, realworld_dir: Path, seeds_dir: Path
) -> None:
    pages = _pages(realworld_dir)
    truncated = tmp_path / "truncated.warc.gz"
    whole = warc_bytes(pages, extra_image=False)
    truncated.write_bytes(whole[: len(whole) - 500])
    truncated_plain = tmp_path / "truncated.warc"
    plain = warc_bytes(pages, gzip=False, extra_image=False)
    truncated_plain.write_bytes(plain[: len(plain) - 500])
    escaping = write_wacz(tmp_path / "escaping.wacz", pages, {"../../etc/evil.warc": b"x"})
    cut_zip = tmp_path / "cut.wacz"
    cut_zip.write_bytes(write_wacz(tmp_path / "whole.wacz", pages).read_bytes()[:3000])
    bomb = tmp_path / "bomb.wacz"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("archive/data.warc", b"\0" * (3 * MIB))
    not_archive = tmp_path / "notes.warc"
    not_archive.write_bytes(b"just some text, not a web archive\n")
    good = seeds_dir / "002_8c3426948d320dc3.txt"
    files = [truncated, truncated_plain, escaping, cut_zip, bomb, not_archive, good]
    with open_project(tmp_path / "p.sqlite") as project:
        outcomes = import_paths(project, files, budget=Budget(max_content_bytes=2 * MIB))
        errors = {o.path.name: o.error or "" for o in outcomes if not o.ok}
        assert set(errors) == {p.name for p in files[:-1]}, [o.describe() for o in outcomes]
        assert "truncated" in errors["truncated.warc.gz"] and "truncated" in errors["truncated.warc"]
        assert (
            "leaves the archive" in errors["escaping.wacz"]
            and "../../etc/evil.warc" in errors["escaping.wacz"]
        )
        assert "truncated or damaged" in errors["cut.wacz"]
        assert "zip bombs" in errors["bomb.wacz"]
        assert (
            "not a readable web archive" in errors["notes.warc"] or "no archived HTML" in errors["notes.warc"]
        )
        # Nothing of a refused archive is in the project, not even its first page.
        [document] = queries.document_summaries(project)
        assert document.source_filename == good.name


def test_the_report_lists_each_source_with_its_hash_and_capture_time(
    tmp_path: Path, realworld_dir: Path
) -> None:
    wacz = write_wacz(tmp_path / "capture.wacz", _pages(realworld_dir)[:1])
    with open_project(tmp_path / "p.sqlite") as project:
        [outcome] = import_paths(project, [wacz])
        document_id = outcome.document_id or ""
        tag_claim(project, document_id, 0, 20)
        info = evidence.original_of_document(project, document_id)
        assert info is not None
        report = build_report(project, ReportFilter(verified_only=False))
    for rendered in (render_markdown(report), render_html(report)):
        assert "Sources" in rendered
        assert f"original SHA-256 {info.sha256}; captured 2022-03-01T10:00:00+00:00" in rendered
