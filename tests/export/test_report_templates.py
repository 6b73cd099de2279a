"""The report from templates: a desk's own folder changes the look, never the escaping or the CSP."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.domain.anchors import CONTEXT_CHARS
from annotator.export.formats import export
from annotator.export.model import ReportFilter, context_after, context_before, trimmed
from annotator.export.templates import TemplateError, builtin_folder
from annotator.ops import claims as claim_ops
from annotator.ops import report_settings as report_ops
from annotator.store.project import Project
from annotator.store.report_settings import report_settings

SCRIPT = "<script>alert('x')</script>"
GENERATED_AT = "2024-05-01T12:00:00+00:00"


def _desk_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "desk"
    folder.mkdir()
    (folder / "report.css").write_text("body { background: #fdf6e3; } /* desk colours */\n", encoding="utf-8")
    (folder / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\nfake")
    # A template that tries to print a claim as markup three ways: every one is still escaped.
    (folder / "report.html.j2").write_text(
        "<!DOCTYPE html><html><head><title>{{ report.title }}</title><style>{{ stylesheet }}</style></head>"
        '<body><img src="{{ logo }}"><h1>Desk: {{ report.organisation }}</h1>'
        '{% for v in claims %}<h2 id="{{ v.anchor }}">{{ v.headline }}</h2>'
        "{% autoescape false %}<p>{{ v.headline }}</p>{% endautoescape %}{% endfor %}</body></html>",
        encoding="utf-8",
    )
    return folder


def test_a_desk_template_folder_changes_the_look_not_the_escaping(sample: Project, tmp_path: Path) -> None:
    claim_id = "00000000-0000-4000-8000-000000000001"
    claim_ops.update_claim(sample, claim_id, {"statement": f"Statement {SCRIPT}"})
    folder = _desk_folder(tmp_path)
    report_ops.set_report_settings(sample, {"template": str(folder), "organisation": "Minsk Fact Desk"})
    page = export(sample, "html")
    assert isinstance(page, str)
    assert "Desk: Minsk Fact Desk" in page and "desk colours" in page
    assert 'src="data:image/png;base64,' in page
    assert "<script" not in page.lower() and page.count("Statement &lt;script&gt;") == 2
    assert f'id="claim-{claim_id}"' in page
    # The policy goes first in the head whatever the template says.
    assert re.search(r"<head>\s*<meta http-equiv=\"Content-Security-Policy\"", page)
    # The Markdown template is not in the folder: the built-in one is used, with the desk's settings.
    markdown = export(sample, "md")
    assert isinstance(markdown, str) and "**Minsk Fact Desk**" in markdown


def test_css_class_as_a_function_renders_as_the_filter_does(sample: Project, tmp_path: Path) -> None:
    """The built-in template prints badge classes with the css_class filter; a desk's copy made before
    that, calling css_class as a function, must still give the very same page."""
    text = (builtin_folder() / "report.html.j2").read_text(encoding="utf-8")
    assert text.count("| css_class }}") == 3
    old = re.sub(r"\{\{ ([\w.]+) \| css_class \}\}", r"{{ css_class(\1) }}", text)
    assert "css_class(v.badge)" in old
    pages = []
    for name, template in (("filter", text), ("function", old)):
        folder = tmp_path / name
        folder.mkdir()
        (folder / "report.html.j2").write_text(template, encoding="utf-8")
        report_ops.set_report_settings(sample, {"template": str(folder)})
        pages.append(export(sample, "html", ReportFilter(verified_only=False), generated_at=GENERATED_AT))
    assert isinstance(pages[0], str) and 'class="badge confirmed"' in pages[0]
    assert pages[0] == pages[1]


def test_safe_filter_is_refused_and_scripts_before_the_head_too(sample: Project, tmp_path: Path) -> None:
    folder = tmp_path / "bad"
    folder.mkdir()
    report_ops.set_report_settings(sample, {"template": str(folder)})
    (folder / "report.html.j2").write_text("<head></head>{{ report.title|safe }}", encoding="utf-8")
    with pytest.raises(TemplateError, match="safe"):
        export(sample, "html")
    (folder / "report.html.j2").write_text("<script>x()</script><head></head>", encoding="utf-8")
    with pytest.raises(TemplateError, match="must begin with <head>"):
        export(sample, "html")
    report_ops.set_report_settings(sample, {"template": str(tmp_path / "missing")})
    with pytest.raises(TemplateError, match="does not exist"):
        export(sample, "html")


def test_the_built_in_templates_and_stylesheet_are_resources() -> None:
    folder = builtin_folder()
    for name in ("report.html.j2", "report.md.j2", "report.css"):
        assert (folder / name).is_file()
    assert "article.claim" in (folder / "report.css").read_text(encoding="utf-8")


def test_report_content_a_desk_publishes(sample: Project) -> None:
    report_ops.set_report_settings(
        sample,
        {
            "title": "Belarus and the war",
            "organisation": "Minsk Fact Desk",
            "methodology": "Our way.\n\nTwo.",
        },
    )
    page = export(sample, "html", ReportFilter(verified_only=False))
    assert isinstance(page, str)
    assert "<h1>Belarus and the war</h1>" in page and "Minsk Fact Desk" in page
    assert "Edited by Fiona Factchecker, Rita Reviewer" in page
    assert "<p>Our way.</p>" in page and "<p>Two.</p>" in page
    # The corrections log: the pending verdict the confirmed one replaced.
    corrections = page.split('id="corrections"')[1]
    assert "“Pending” (as of 2022-03-20" in corrections and "“Confirmed” (as of 2023-10-05)" in corrections
    # Evidence dated after the verdict is flagged; quotes start and end on whole words.
    assert "dated after the verdict’s as-of date" in page
    assert "…sia in" not in page and "…in current conditions" in page
    # The default methodology names the review rule in force.
    report_ops.set_report_settings(sample, {"methodology": ""})
    default = export(sample, "md")
    assert isinstance(default, str) and "## Methodology" in default and "reviewing colleague" in default


def test_report_settings_are_kept_and_checked(sample: Project) -> None:
    report_ops.set_report_settings(sample, {"base_url": "https://desk.example/report"})
    assert report_settings(sample).base_url == "https://desk.example/report"
    with pytest.raises(report_ops.ReportSettingError, match="http"):
        report_ops.set_report_settings(sample, {"base_url": "javascript:alert(1)"})
    report_ops.set_report_settings(sample, {"base_url": ""})
    assert report_settings(sample).base_url == ""


def test_text_is_cut_at_word_boundaries() -> None:
    assert trimmed("one two three four", 12) == "one two…"
    assert trimmed("short", 12) == "short"
    assert context_before("sia in current conditions, but “") == "in current conditions, but “"
    assert context_after(" Despite Belarus’s dependence on") == " Despite Belarus’s dependence"
    assert context_before("At the start") == "At the start"  # shorter than the context: the text's start


@given(st.text(alphabet="ab \n\t\u00a0\u2003ț", min_size=CONTEXT_CHARS, max_size=CONTEXT_CHARS + 3))
def test_context_is_cut_after_the_first_and_before_the_last_run_of_white_space(text: str) -> None:
    # Written out character by character, as the definition reads.
    first = next((n for n, ch in enumerate(text) if ch.isspace()), -1)
    last = max((n for n, ch in enumerate(text) if ch.isspace()), default=-1)
    if not text[0].isspace():
        assert context_before(text) == (text[first:].lstrip() if first >= 0 else "")
    if not text[-1].isspace():
        assert context_after(text) == (text[:last].rstrip() if last >= 0 else "")
