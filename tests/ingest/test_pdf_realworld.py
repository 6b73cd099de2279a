"""PDF import on real files: pages and page offsets, scans, encryption, truncated and fake PDFs."""

from __future__ import annotations

import functools
import io
import logging
from pathlib import Path

import pypdf
import pytest
from pypdf.generic import ContentStream, DictionaryObject, NameObject

from annotator.domain.models import ImportedDocument
from annotator.ingest.errors import IngestError, PasswordRequired
from annotator.ingest.pdf import load_pdf

GEOBASE = "GeoBase_NHNC1_Data_Model_UML_EN.pdf"
VICKSBURG = "Seige_of_Vicksburg_Sample_OCR-crazyones-merged.pdf"
SCAN = "issue-301.pdf"
AES256 = "crazyones-encrypted-256.pdf"
R6_EMPTY_USER_PASSWORD = "r6-user-password.pdf"


@functools.cache
def _load(path: Path, password: str | None = None) -> ImportedDocument:
    # Text extraction is the slow part (issue-301.pdf alone takes about a second): read each file once.
    return load_pdf(path, path.read_bytes(), password)


@pytest.fixture
def pdf_dir(realworld_dir: Path) -> Path:
    return realworld_dir / "pdf"


def page_text(doc: ImportedDocument, number: int) -> str:
    """The text of page `number` (1-based), cut out of the document text by `page_starts`."""
    ends = [*doc.page_starts[1:], len(doc.text)]
    return doc.text[doc.page_starts[number - 1] : ends[number - 1]]


def page_of(doc: ImportedDocument, offset: int) -> int:
    """The 1-based page a text offset falls on, as a claim would find it."""
    return max(number for number, start in enumerate(doc.page_starts, start=1) if start <= offset)


def test_geobase_has_nineteen_pages_with_known_text_on_known_pages(pdf_dir: Path) -> None:
    doc = _load(pdf_dir / GEOBASE)
    assert doc.source_format == "pdf"
    assert doc.source_filename == GEOBASE
    assert len(doc.page_starts) == 19
    assert doc.page_starts[0] == 0
    assert doc.page_starts == sorted(set(doc.page_starts))  # every page has text, in order
    assert page_text(doc, 1).startswith("National Hydro Network, Canada, Level 1\nData Model")
    assert "Copyright Notice" in page_text(doc, 2)
    assert "Four packages constitute the NHNC1" in page_text(doc, 7)
    assert "3.1.6 Metadata" in page_text(doc, 19)
    assert page_of(doc, doc.text.index("Four packages constitute the NHNC1")) == 7
    assert doc.warnings == []


def test_geobase_text_is_clean_and_metadata_comes_from_the_file(pdf_dir: Path) -> None:
    doc = _load(pdf_dir / GEOBASE)
    assert "\r" not in doc.text
    assert "\n\n\n" not in doc.text
    assert all(line == line.rstrip() for line in doc.text.split("\n"))
    # The file has no /Title or /Author; its /CreationDate is D:20141205142043-05'00'.
    assert doc.title == ""
    assert doc.authors == []
    assert doc.published == "2014-12-05"
    assert doc.metadata["pages"] == 19


def test_merged_ocr_scan_keeps_each_document_on_its_pages(pdf_dir: Path) -> None:
    doc = _load(pdf_dir / VICKSBURG)
    assert len(doc.page_starts) == 7
    assert page_text(doc, 1).startswith("THE   SIEGE   OF  VICKSBURG. 49")
    # Page 2 is the merged-in second document; its "ﬁ" ligature is spelt out so search finds it.
    assert page_text(doc, 2).startswith("The Crazy Ones\nOctober 14, 1998")
    assert "The misfits. The rebels." in page_text(doc, 2)
    assert "VICKSBUEG" in page_text(doc, 3)  # OCR errors are the file's, kept as they are
    assert page_of(doc, doc.text.index("The round pegs")) == 2
    assert doc.warnings == []  # imperfect OCR of real prose is still usable text


def test_scan_with_garbage_text_layer_imports_with_a_warning(pdf_dir: Path) -> None:
    doc = _load(pdf_dir / SCAN)
    assert len(doc.page_starts) == 1
    assert doc.text  # imported, so the user can decide
    assert len(doc.warnings) == 1
    assert doc.warnings[0].startswith("little usable text found: only 7% of the 90 characters form words")
    # /Title "Title" and /Author "LEAD" (the LEADTOOLS writer's own name) are not believed.
    assert doc.title == ""
    assert doc.authors == []


def test_aes256_file_needs_its_password(pdf_dir: Path) -> None:
    path = pdf_dir / AES256
    with pytest.raises(PasswordRequired) as missing:
        load_pdf(path, path.read_bytes())
    assert missing.value.wrong_password is False
    assert missing.value.path == path
    assert "password required" in missing.value.reason

    with pytest.raises(PasswordRequired) as wrong:
        load_pdf(path, path.read_bytes(), password="not-the-password")
    assert wrong.value.wrong_password is True

    doc = _load(path, "password")
    assert page_text(doc, 1).startswith("The Crazy Ones\nOctober 14, 1998\nHeres to the crazy ones.")
    assert doc.published == "2015-06-04"


def test_empty_user_password_opens_without_asking(pdf_dir: Path) -> None:
    path = pdf_dir / R6_EMPTY_USER_PASSWORD
    doc = _load(path)
    assert doc.text == "pdf encryption test\npassword: asdfzxcv"
    assert doc.page_starts == [0]
    assert doc.authors == ["cheng"]
    # A password typed anyway is not needed and does not get in the way.
    assert load_pdf(path, path.read_bytes(), password="anything").text == doc.text


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def test_truncated_pdf_is_a_clear_error_without_log_noise(pdf_dir: Path, tmp_path: Path) -> None:
    data = (pdf_dir / GEOBASE).read_bytes()
    truncated = tmp_path / "truncated.pdf"
    truncated.write_bytes(data[: len(data) // 2])
    # A handler of our own on the root logger stands for the app's console/log file. (caplog would
    # not do: pytest also hooks non-propagating loggers such as the silenced "pypdf".)
    root, collect = logging.getLogger(), _Collect()
    root.addHandler(collect)
    try:
        with pytest.raises(IngestError) as info:
            load_pdf(truncated, truncated.read_bytes())
    finally:
        root.removeHandler(collect)
    assert info.value.path == truncated
    assert info.value.reason.startswith("not a readable PDF: the file is truncated or damaged")
    # pypdf's own warning ("EOF marker not found") is said in the reason, not logged.
    assert [record.getMessage() for record in collect.records if record.name.startswith("pypdf")] == []


def test_html_renamed_to_pdf_is_a_clear_error(realworld_dir: Path, tmp_path: Path) -> None:
    fake = tmp_path / "article.pdf"
    fake.write_bytes((realworld_dir / "html" / "nature.com.telescope.html").read_bytes())
    with pytest.raises(IngestError) as info:
        load_pdf(fake, fake.read_bytes())
    assert info.value.reason == "not a readable PDF: the file does not start with a PDF header (%PDF-)"


def test_empty_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(IngestError) as info:
        load_pdf(tmp_path / "empty.pdf", b"")
    assert info.value.reason == "not a readable PDF: the file is empty"


def _make_pdf(page_texts: list[str | None]) -> bytes:
    """A small PDF whose pages show the given texts in Helvetica; None makes a page with no text."""
    writer = pypdf.PdfWriter()
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    for text in page_texts:
        page = writer.add_blank_page(width=595, height=842)
        if text is not None:
            stream = ContentStream(None, writer)
            stream.set_data(f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("ascii"))
            page[NameObject("/Resources")] = DictionaryObject(
                {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})}
            )
            page.replace_contents(stream)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_pages_without_text_get_empty_spans_and_a_note(tmp_path: Path) -> None:
    data = _make_pdf(["First page words here.", None, "Third page words here.", None])
    doc = load_pdf(tmp_path / "mixed.pdf", data)
    assert doc.text == "First page words here.\n\nThird page words here."
    # Page 2 starts (and ends) where page 3 starts; the empty last page sits at the end of the text.
    assert doc.page_starts == [0, 24, 24, 46]
    assert page_text(doc, 2) == ""
    assert page_of(doc, doc.text.index("Third")) == 3
    assert doc.warnings == ["no text found on page(s) 2, 4 (pictures or scanned pages?)"]


def test_pdf_without_any_text_layer_is_refused_with_what_to_do(tmp_path: Path) -> None:
    # Pages without text stand for a scan with no OCR layer: nothing to tag, so nothing is imported.
    with pytest.raises(IngestError) as info:
        load_pdf(tmp_path / "scan.pdf", _make_pdf([None, None, None]))
    assert info.value.reason.startswith("no text found: none of the 3 page(s) has a text layer")
    assert "run OCR" in info.value.reason
