"""The PDF report: every section and claim of the report model, in every script of the corpus (Romanian,
Cyrillic, Chinese), numbered pages and a bookmark per claim; laid out by fpdf2, or typeset by Typst from
a desk's report.typ; a missing font or a broken template is a clear error."""

from __future__ import annotations

import gc
import io
import random
import re
import shutil
import weakref
import zlib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader

from annotator.export import pdf as pdf_module
from annotator.export.formats import export
from annotator.export.gather import build_report
from annotator.export.model import ReportFilter
from annotator.export.templates import TemplateError, builtin_folder
from annotator.export.views import claim_views
from annotator.ops import verdicts as verdict_ops
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


def test_the_fast_writer_writes_the_file_fpdf2_writes(sample: Project) -> None:
    """pdf._Producer writes fpdf2's pages, content streams and bookmarks from keys worked out once per
    kind of object; but for the compression (level and library), the file is fpdf2's own, byte for
    byte."""

    class SameLevel(pdf_module._Producer):
        compression = -1  # zlib's default, what fpdf2 uses
        compress = staticmethod(zlib.compress)

    report = build_report(sample, ALL, WHEN, report_settings(sample).merged(title="Belarus checked"))
    ours = bytes(pdf_module._document(report).output(output_producer_class=SameLevel))
    theirs = bytes(pdf_module._document(report).output())
    assert ours == theirs


def test_faces_parsed_once_per_process_write_the_file_fpdf2s_add_font_writes(
    sample: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The text, bold and Chinese fallback faces are parsed once and copied into each document
    (pdf._add_face), yet each document has its own subset: a report after one with characters it lacks
    is, byte for byte, the file of faces that fpdf2's add_font parsed for it."""
    settings = report_settings(sample)
    other = build_report(sample, ALL, WHEN, settings.merged(title="Ѯ ǅ ₴ 鼎 checked"))
    report = build_report(sample, ALL, WHEN, settings.merged(title="Belarus checked"))
    bytes(pdf_module._document(other).output(output_producer_class=pdf_module._Producer))
    hits = pdf_module._parsed_face.cache_info().hits
    ours = bytes(pdf_module._document(report).output(output_producer_class=pdf_module._Producer))
    assert pdf_module._parsed_face.cache_info().hits >= hits + 3  # regular, bold, fallback
    monkeypatch.setattr(pdf_module, "_parsed_face", lambda *_: None)  # fpdf2's add_font every time
    theirs = bytes(pdf_module._document(report).output(output_producer_class=pdf_module._Producer))
    assert ours == theirs
    assert "Ѯ" not in _text(ours) and "Belarus checked" in _text(ours)


def test_pages_compressed_by_isa_l_hold_what_zlib_gives(sample: Project) -> None:
    """The pages' streams (ISA-L's deflate) read back, with zlib, as the streams fpdf2 compresses."""

    class Zlib(pdf_module._Producer):
        compress = staticmethod(zlib.compress)

    assert pdf_module._Producer.compress is not zlib.compress  # the isal package is a dependency
    report = build_report(sample, ALL, WHEN)
    ours = PdfReader(
        io.BytesIO(bytes(pdf_module._document(report).output(output_producer_class=pdf_module._Producer)))
    )
    theirs = PdfReader(io.BytesIO(bytes(pdf_module._document(report).output(output_producer_class=Zlib))))
    assert len(ours.pages) == len(theirs.pages) > 1
    for mine, fpdf2s in zip(ours.pages, theirs.pages, strict=True):
        data = mine["/Contents"].get_object()
        assert data["/Filter"] == "/FlateDecode"
        assert zlib.decompress(data._data) == zlib.decompress(fpdf2s["/Contents"].get_object()._data)


def test_a_paragraph_longer_than_a_page_and_a_word_wider_than_a_line(sample: Project) -> None:
    """Lines placed one text object a paragraph: one that runs over the page break goes on on the next
    page, a word wider than the line (a long URL) is cut, and links keep their addresses."""
    claim_id = claim_views(build_report(sample, ALL, WHEN))[0].anchor.removeprefix("claim-")
    sentences = [f"Sentence {n} of the reasoning, which goes on over the page." for n in range(150)]
    url = "https://example.org/" + "a-very-long-path-segment-" * 8 + "end"
    verdict = verdict_ops.add_verdict(
        sample, claim_id, "refuted", "2024-04-01", "A long finding", reasoning=" ".join(sentences)
    )
    verdict_ops.add_url_evidence(sample, claim_id, url, "refutes", verdict_id=verdict.id)
    data = export(sample, "pdf", ALL, WHEN)
    assert isinstance(data, bytes)
    reader = PdfReader(io.BytesIO(data))
    pages = len(reader.pages)
    # each page's text without its footer, so that a sentence over a page break reads on
    text = _flat(
        " ".join(
            page.extract_text().replace(f"— page {n}/{pages}", "") for n, page in enumerate(reader.pages, 1)
        )
    ).replace("Claims: sample.sqlite ", "")
    for sentence in sentences:
        assert sentence in text
    page_of = {
        n: number
        for number, page in enumerate(reader.pages)
        for n in (0, 149)
        if f"Sentence {n} of" in _flat(page.extract_text())
    }
    assert page_of[149] > page_of[0]  # over a page break
    assert url in text.replace(" ", "")  # cut into pieces that fit, the pieces in order
    links = [
        str(annotation.get_object()["/A"]["/URI"])
        for page in reader.pages
        for annotation in page.get("/Annots", [])
        if annotation.get_object().get("/A")
    ]
    assert url in links


def test_chinese_text_with_no_fallback_font_installed_is_a_clear_error(
    sample: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rather than a PDF whose Chinese is empty boxes (as Typst refuses too)."""
    monkeypatch.setattr(pdf_module, "FALLBACK_FONTS", (Path("/nonexistent/cjk.ttc"),))
    with pytest.raises(pdf_module.PdfFontError, match="install fonts-wqy-microhei or fonts-noto-cjk"):
        _export(sample)


def test_words_are_measured_as_fpdf2_measures_them(sample: Project) -> None:
    report = build_report(sample, ALL, WHEN)
    document = pdf_module._document(report)
    layout = pdf_module._Layout(document, None)
    words = ["Lukashenka ", "Țicălău", "Лукашенко, ", "“quoted”", "(2022-03-17)", "W", "ffi "]
    for style in ("", "B"):
        for size in (8, 10, 11.5):
            document.set_font(pdf_module.FONT, style, size)
            widths: dict[str, float] = {}
            for word in words:
                assert layout._measure(style, size, word, widths) == pytest.approx(
                    document.get_string_width(word)
                )
    document.output()  # which closes the font files


def test_a_written_document_is_freed_without_the_garbage_collector(sample: Project) -> None:
    """The export pauses the collector (gather.gc_paused); a cycle through the document would leave all
    its pages, bookmarks and laid-out paragraphs for the collector to walk when it resumes."""
    report = build_report(sample, ALL, WHEN, report_settings(sample).merged(title="Belarus checked"))
    gc.collect()
    gc.disable()
    try:
        document = pdf_module._document(report)
        layout = pdf_module._Layout(document, None)
        layout.para("Measured words, kept paragraphs.")
        assert bytes(document.output(output_producer_class=pdf_module._Producer)).startswith(b"%PDF-")
        freed = [weakref.ref(document), weakref.ref(layout)]
        del document, layout
        assert [ref() for ref in freed] == [None, None]
    finally:
        gc.enable()


def test_the_pages_share_one_resources_dictionary_naming_every_font_they_use(sample: Project) -> None:
    """One /Resources object for all pages (fpdf2's single_resources_object): every font a page's text
    selects, the Chinese fallback font included, is in it."""
    reader = PdfReader(io.BytesIO(_export(sample)))
    shared = {page.get_inherited("/Resources", None).indirect_reference for page in reader.pages}
    assert len(shared) == 1 and None not in shared
    fonts = reader.pages[0]["/Resources"]["/Font"]
    used = set()
    for page in reader.pages:
        used.update(re.findall(rb"/(F\d+) [\d.]+ Tf", page.get_contents().get_data()))
    assert used and {f"/{name.decode()}" for name in used} <= set(fonts)
    assert any("Hei" in str(font["/BaseFont"]) or "CJK" in str(font["/BaseFont"]) for font in fonts.values())


def test_a_summary_table_wraps_long_cells_and_repeats_its_header_over_a_page_break(sample: Project) -> None:
    report = build_report(sample, ALL, WHEN)
    document, covered = pdf_module._setup(report)
    layout = pdf_module._Layout(document, covered)
    document.add_page()
    long_title = "白俄罗斯虽然是俄罗斯的战略伙伴之一 " + "a source title that runs over its cell " * 3
    rows = [[f"Source {n}", str(n), str(2 * n)] for n in range(80)] + [[long_title, "7", "8"]]
    pdf_module._table(layout, ["Source", "Confirmed", "Total"], rows)
    layout.flush()
    reader = PdfReader(io.BytesIO(bytes(document.output(output_producer_class=pdf_module._Producer))))
    pages = [_flat(page.extract_text()) for page in reader.pages]
    assert len(pages) == 2
    assert all(page.startswith("Source Confirmed Total") for page in pages)  # the header on each page
    text = " ".join(pages)
    for n in range(80):
        assert f"Source {n} {n} {2 * n}" in text
    assert _flat(long_title) in text.replace(" 7 8", "")  # wrapped over lines, the numbers beside it


# Words, spaces and every other kind of white space or control character the texts might hold.
_TEXTS = st.text(alphabet=st.sampled_from([*"ab é Ж中 ", "\n", "\t", "\u00a0", "\u2028", "\x00", "\x1f"]))


@given(_TEXTS)
def test_words_and_flattened_text_are_what_the_regular_expressions_give(text: str) -> None:
    """pdf._words and pdf._flat skip their regular expressions for texts with only single spaces."""
    assert pdf_module._words(text) == pdf_module._TOKENS.findall(text.replace("\n", " "))
    assert pdf_module._flat(text) == pdf_module._SPACE.sub(" ", text)


def test_a_paragraph_of_one_run_is_broken_as_paragraphs_of_several_runs_are(sample: Project) -> None:
    """_Layout._lay_out_run, the shorter way for one run, gives the lines the general way gives (here
    made to take it by an empty second run): the same breaks, operations and links; a word wider than
    a line or one the text font lacks goes the general way."""
    report = build_report(sample, ALL, WHEN)
    document, covered = pdf_module._setup(report)
    document.add_page()
    layout = pdf_module._Layout(document, covered)
    long = ["x" * 90, "https://e.org/" + "p-" * 60]  # wider than a line
    words = ["Belarus ", "Лукашенко, ", "Țicălău ", "a ", "said. "] * 30 + long
    rng = random.Random(12)
    shorter = 0
    for number in range(150):
        text = "".join(rng.choice(words) for _ in range(rng.randint(0, 60)))
        if number % 40 == 0:
            text += "白俄罗斯 "
        run = (text, rng.choice(["", "B"]), rng.choice([pdf_module.BLACK, pdf_module.GREY]), "")
        if number % 3 == 0:
            run = (*run[:3], "https://example.org/")
        size, indent = rng.choice([8, 10, 11.5]), rng.choice([0.0, 5.0])
        general = layout._lay_out([run, ("", run[1], run[2], run[3])], size, indent)
        assert layout._lay_out([run], size, indent) == general, text
        width = document.w - document.l_margin - document.r_margin - indent
        shorter += layout._lay_out_run(run, size, width) is not None
    assert 50 < shorter < 150
    document.output()  # which closes the font files
