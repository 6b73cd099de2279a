"""The PDF report: every section and claim of the report model, in every script of the corpus (Romanian,
Cyrillic, Chinese), numbered pages and a bookmark per claim; laid out by fpdf2, or typeset by Typst from
a desk's report.typ; a missing font or a broken template is a clear error."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from annotator.export import pdf as pdf_module
from annotator.export.formats import export
from annotator.export.gather import build_report
from annotator.export.model import ReportFilter
from annotator.export.templates import TemplateError, builtin_folder
from annotator.export.views import claim_views
from annotator.store.project import Project
from annotator.store.report_settings import report_settings

ALL = ReportFilter(verified_only=False)
WHEN = "2024-05-01T12:00:00+00:00"


def _flat(text: str) -> str:
    return " ".join(text.split())


def _text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return _flat("\n".join(page.extract_text() for page in reader.pages))


def _outline(data: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(data))
    titles: list[str] = []

    def walk(items: list[object]) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(_flat(item.title))  # type: ignore[attr-defined]

    walk(reader.outline)
    return titles


def _desk(tmp_path: Path, change: tuple[str, str] | None = None) -> Path:
    """A desk's template folder holding a copy of the built-in report.typ, `change` made in it."""
    folder = tmp_path / "desk"
    folder.mkdir(parents=True, exist_ok=True)
    source = (builtin_folder() / "report.typ").read_text(encoding="utf-8")
    if change is not None:
        assert change[0] in source
        source = source.replace(*change)
    (folder / "report.typ").write_text(source, encoding="utf-8")
    return folder


def _export(sample: Project, template: str = "") -> bytes:
    settings = report_settings(sample).merged(title="Belarus checked", organisation="Minsk Fact Desk")
    data = export(sample, "pdf", ALL, WHEN, settings.merged(template=template))
    assert isinstance(data, bytes) and data.startswith(b"%PDF-")
    return data


def _check_report(sample: Project, data: bytes) -> None:
    """Everything the HTML report prints about each claim, and every section, is in the PDF's text."""
    text = _text(data)
    report = build_report(sample, ALL, WHEN)
    for section in ("Methodology", "Summary", "Track record by claimant", "Timeline", "Claims"):
        assert section in text, section
    assert "Corrections" in text and "Sources" in text
    assert "MINSK FACT DESK" in text and "Belarus checked" in text and "Last updated" in text
    assert _flat(report.methodology[0]) in text
    views = claim_views(report)
    assert views
    for view in views:
        assert _flat(view.headline) in text
        assert _flat(view.quote.exact) in text
        assert _flat(view.source) in text
        for name, value in view.fields:
            assert name in text and _flat(value) in text
        for part in (view.verdict, view.conclusion, view.reasoning):
            assert _flat(part) in text
        for evidence in view.evidence:
            assert _flat(evidence.summary) in text
            if evidence.date:
                assert f"dated {evidence.date}" in text
    assert "Belarus will not join Russia’s war against Ukraine" in text
    assert "Robert Gabriel Țicălău" in text  # Romanian: the paper's author, cited with the span evidence
    assert "Лукашенко" in text  # Cyrillic: a claimant alias
    assert "白俄罗斯虽然是俄罗斯的战略伙伴之一" in text  # Chinese, in the fallback font
    reader = PdfReader(io.BytesIO(data))
    pages = len(reader.pages)
    assert pages > 1
    for number, page in enumerate(reader.pages, start=1):  # "page 2/5" (fpdf2), "page 2 / 5" (Typst)
        footer = _flat(page.extract_text())
        assert f"page {number}/{pages}" in footer or f"page {number} / {pages}" in footer
    assert reader.metadata.title == "Belarus checked"
    outline = _outline(data)
    assert "Methodology" in outline and "Corrections" in outline
    for view in views:  # every claim is a bookmark
        assert any(title.startswith(_flat(view.headline)[:100]) for title in outline), view.headline


def test_pdf_report_holds_the_whole_report(sample: Project) -> None:
    _check_report(sample, _export(sample))


def test_a_desk_report_typ_typesets_the_same_report_in_its_own_look(sample: Project, tmp_path: Path) -> None:
    folder = _desk(tmp_path, ('#let ink = rgb("#1d1d1f")', '#let ink = rgb("#7a1f1f")'))
    data = _export(sample, str(folder))
    _check_report(sample, data)
    assert b"Typst" in data  # typeset by Typst, not laid out by fpdf2
    # The claims' anchors (the HTML ids and ClaimReview url fragments) are named destinations.
    anchors = {view.anchor for view in claim_views(build_report(sample, ALL, WHEN))}
    assert anchors <= set(PdfReader(io.BytesIO(data)).named_destinations)


def test_a_desk_logo_beside_its_report_typ_is_printed(sample: Project, tmp_path: Path) -> None:
    folder = _desk(tmp_path)
    shutil.copy(Path(__file__).resolve().parents[2] / "resources/icons/annotator.png", folder / "logo.png")
    without = PdfReader(io.BytesIO(_export(sample, str(_desk(tmp_path / "plain")))))
    with_logo = PdfReader(io.BytesIO(_export(sample, str(folder))))
    assert not list(without.pages[0].images)
    assert len(list(with_logo.pages[0].images)) == 1


def test_a_broken_desk_template_names_the_file_and_line(sample: Project, tmp_path: Path) -> None:
    folder = _desk(tmp_path, ("#let muted = rgb(", "#let muted = rgb(#"))
    line = next(
        n
        for n, text in enumerate((folder / "report.typ").read_text("utf-8").splitlines(), 1)
        if "#let muted" in text
    )
    with pytest.raises(TemplateError, match=rf"{folder / 'report.typ'}, line {line}: "):
        _export(sample, str(folder))


def test_a_desk_template_may_not_download_packages(sample: Project, tmp_path: Path) -> None:
    folder = _desk(tmp_path, ("#let ink", '#import "@preview/tablex:0.0.8": tablex\n#let ink'))
    with pytest.raises(TemplateError, match="imports a Typst package"):
        _export(sample, str(folder))


@pytest.mark.parametrize("typst", [False, True], ids=["fpdf2", "typst"])
def test_a_missing_font_is_a_clear_error(
    sample: Project, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, typst: bool
) -> None:
    monkeypatch.setenv("ANNOTATOR_PDF_FONT", "/nonexistent/font.ttf")
    with pytest.raises(pdf_module.PdfFontError, match="ANNOTATOR_PDF_FONT names /nonexistent/font.ttf"):
        _export(sample, str(_desk(tmp_path)) if typst else "")


def test_a_title_in_the_fallback_font_is_in_every_footer(sample: Project) -> None:
    settings = report_settings(sample).merged(title="白俄罗斯 checked")
    data = export(sample, "pdf", ALL, WHEN, settings)
    assert isinstance(data, bytes)
    reader = PdfReader(io.BytesIO(data))
    pages = len(reader.pages)
    for number, page in enumerate(reader.pages, start=1):
        assert f"白俄罗斯 checked — page {number}/{pages}" in _flat(page.extract_text())


def test_the_font_named_by_annotator_pdf_font_sets_a_desk_pdf(
    sample: Project, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    serif = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")  # fonts-dejavu-core, setup.sh
    monkeypatch.setenv("ANNOTATOR_PDF_FONT", str(serif))
    data = _export(sample, str(_desk(tmp_path)))
    fonts = {
        str(font["/BaseFont"])
        for page in PdfReader(io.BytesIO(data)).pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert any("DejaVuSerif" in name for name in fonts), fonts
    assert "Robert Gabriel Țicălău" in _text(data)
