"""Import by URL against a local HTTP server the test starts on 127.0.0.1 (never the internet): the page
imported with the exchange kept as a WARC, redirects recorded, and clear errors for what is refused."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from annotator.ops.claims import tag_claim
from annotator.ops.importing import ImportRecord, archive_evidence_url, import_paths, import_url, undo_import
from annotator.ops.verdicts import add_url_evidence
from annotator.store import evidence, queries
from annotator.store.project import open_project
from cli_support import RunCli
from webarchive_support import serve


@pytest.fixture
def site(realworld_dir: Path) -> Iterator[str]:
    with serve(realworld_dir) as url:
        yield url


def test_a_page_by_url_imports_with_its_warc_kept_and_redirects_recorded(
    tmp_path: Path, site: str, realworld_dir: Path
) -> None:
    with open_project(tmp_path / "p.sqlite") as project:
        outcome = import_url(project, f"{site}/moved")
        assert outcome.added_document, outcome.describe()
        document_id = outcome.document_id or ""
        document = queries.get_document(project, document_id, with_text=True)
        assert "Coronavirus" in document.text and document.url
        info = evidence.original_of_document(project, document_id)
        assert info is not None and info.media_type == "application/warc"
        warc = evidence.original_content(project, info.sha256)
        assert hashlib.sha256(warc).hexdigest() == info.sha256
        records = [
            (r.rec_type, r.rec_headers.get_header("WARC-Target-URI"), r.content_stream().read())
            for r in ArchiveIterator(io.BytesIO(warc))
        ]
        page = (realworld_dir / "html" / "bbc.com.52241221.html").read_bytes()
        assert records[-1] == ("response", f"{site}/article", page)
        [entry] = evidence.custody_of_document(project, document_id)
        assert entry.action == "url-fetch" and entry.source == f"{site}/moved" and entry.captured_at
        assert entry.details["redirects"] == [f"{site}/moved", f"{site}/article"]
        assert "after redirects" in entry.describe()


def test_a_pdf_by_url_goes_to_the_pdf_importer(tmp_path: Path, site: str) -> None:
    with open_project(tmp_path / "p.sqlite") as project:
        outcome = import_url(project, f"{site}/paper.pdf")
        assert outcome.added_document, outcome.describe()
        assert (
            queries.get_document(project, outcome.document_id or "", with_text=False).source_format == "pdf"
        )


def test_what_cannot_be_imported_by_url_says_why(tmp_path: Path, site: str) -> None:
    with open_project(tmp_path / "p.sqlite") as project:
        cases = {
            f"{site}/data.json": "not an HTML page or a PDF",
            f"{site}/missing": "answered 404",
            f"{site}/slow": "did not answer within 0.5 seconds",
            "ftp://127.0.0.1/file.html": "not an http or https URL",
            "file:///etc/passwd": "not an http or https URL",
        }
        for url, reason in cases.items():
            outcome = import_url(project, url, timeout=0.5)
            assert outcome.error is not None and reason in outcome.error, (url, outcome.error)
            assert outcome.describe().startswith(f"error: {url}: ")
        assert queries.document_summaries(project) == []


def test_the_command_line_imports_a_url(tmp_path: Path, site: str, run_cli: RunCli, seeds_dir: Path) -> None:
    project = tmp_path / "p.sqlite"
    result = run_cli("import", project, f"{site}/article", seeds_dir / "002_8c3426948d320dc3.txt")
    assert result.returncode == 0, result.stderr
    assert f"imported: {site}/article -> " in result.stdout
    assert "2 imported, 0 already in the project, 0 failed" in result.stdout
    failed = run_cli("import", project, f"{site}/missing")
    assert failed.returncode == 1 and f"error: {site}/missing: the server answered 404" in failed.stderr


def test_archive_now_captures_an_evidence_url_into_its_custody_log(
    tmp_path: Path, site: str, seeds_dir: Path
) -> None:
    with open_project(tmp_path / "p.sqlite") as project:
        [seed] = import_paths(project, [seeds_dir / "002_8c3426948d320dc3.txt"])
        claim = tag_claim(project, seed.document_id or "", 0, 20)
        item = add_url_evidence(project, claim.id, f"{site}/article", "supports")
        outcome = archive_evidence_url(project, item.id)
        assert outcome.added_document, outcome.describe()
        [entry] = evidence.custody_of_evidence(project, item.id)
        assert entry.action == "archive-evidence" and entry.source == f"{site}/article" and entry.captured_at
        info = evidence.original_of_document(project, outcome.document_id or "")
        assert info is not None and entry.original_sha256 == info.sha256
        undo_import(project, ImportRecord.of([outcome]))
        assert evidence.custody_of_evidence(project, item.id) == []
        missing = archive_evidence_url(project, "no-such-evidence")
        assert missing.error == "is not evidence with a URL"
