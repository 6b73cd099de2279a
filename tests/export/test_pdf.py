"""The PDF report holds extractable text in every script of the corpus (Romanian, Cyrillic, Chinese)."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from annotator.export import pdf as pdf_module
from annotator.export.formats import export
from annotator.export.model import ReportFilter
from annotator.store.project import Project


def _text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_pdf_report_contains_the_report_text(sample: Project) -> None:
    data = export(sample, "pdf", ReportFilter(verified_only=False), generated_at="2024-05-01T12:00:00+00:00")
    assert isinstance(data, bytes) and data.startswith(b"%PDF-")
    text = " ".join(_text(data).split())
    assert "Claims: sample.sqlite" in text
    assert "Belarus will not join Russia’s war against Ukraine" in text
    assert "we are not going to join the war" in text
    assert "Confirmed as of 2023-10-05" in text
    assert "Robert Gabriel Țicălău" in text  # the paper's author, cited with the span evidence
    assert "Лукашенко" in text  # a claimant alias
    assert "白俄罗斯虽然是俄罗斯的战略伙伴之一" in text  # set in the fallback font
    assert "Track record by claimant" in text and "Timeline" in text
    assert PdfReader(io.BytesIO(data)).metadata.title == "Claims: sample.sqlite"


def test_a_missing_font_is_a_clear_error(sample: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANNOTATOR_PDF_FONT", "/nonexistent/font.ttf")
    with pytest.raises(pdf_module.PdfFontError, match="ANNOTATOR_PDF_FONT names /nonexistent/font.ttf"):
        export(sample, "pdf")
