"""HTML import on six real news pages: main text without boilerplate, metadata, offline, bad bytes."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

from annotator.ingest.errors import IngestError
from annotator.ingest.html import load_html

PAGES = [
    "theguardian.com.academics.html",
    "reuters.com.parasite.html",
    "nature.com.telescope.html",
    "salon.com.emissions.html",
    "bbc.com.52241221.html",
    "politico.com.retirement.html",
]

# Metadata as each page declares it, checked by reading the saved HTML.
EXPECTED_META = {
    "theguardian.com.academics.html": (
        "Thousands of UK academics 'treated as second-class citizens'",
        ["Richard Adams"],
        "2020-01-20",
        "The Guardian",
    ),
    "reuters.com.parasite.html": (
        "'Parasite' scores historic upset at SAG awards, boosting Oscar chances",
        ["Jill Serjeant"],
        "2020-01-20",
        "Reuters",
    ),
    "nature.com.telescope.html": (
        "Gigantic Chinese telescope opens to astronomers worldwide",
        ["Elizabeth Gibney"],
        "2019-09-24",
        "Nature",
    ),
    "salon.com.emissions.html": (
        "Despite everything, U.S. emissions dipped in 2019",
        ["Nathanael Johnson"],
        "2020-01-10",
        "Salon.com",
    ),
    # The BBC page has no personal byline: its JSON-LD author is the organisation "BBC News".
    "bbc.com.52241221.html": (
        "New York ramps up mass burials amid virus outbreak",
        [],
        "2020-04-10",
        "BBC News",
    ),
    "politico.com.retirement.html": (
        "Mark Meadows accused of timing retirement to help elect wife’s friend",
        ["Ally Mutnick"],
        "2019-12-30",
        "POLITICO",
    ),
}

# expected.json keeps the address the Reuters page was fetched from; the page itself declares a
# shorter canonical URL (<link rel="canonical"> and og:url) for the same story id, and that is what an
# offline importer can know.
REUTERS_CANONICAL = "https://www.reuters.com/article/us-awards-sag-idUSKBN1ZI0EH"


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to open a connection or resolve a name during an HTML import fails the test."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"HTML import tried to use the network: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


@pytest.fixture
def html_dir(realworld_dir: Path) -> Path:
    return realworld_dir / "html"


@pytest.fixture
def expected(html_dir: Path) -> dict[str, dict[str, object]]:
    data: dict[str, dict[str, object]] = json.loads((html_dir / "expected.json").read_text(encoding="utf-8"))
    return data


def test_expected_json_lists_exactly_these_pages(expected: dict[str, dict[str, object]]) -> None:
    assert sorted(expected) == sorted(PAGES)


@pytest.mark.parametrize("name", PAGES)
def test_main_text_keeps_article_and_drops_boilerplate(
    name: str, html_dir: Path, expected: dict[str, dict[str, object]]
) -> None:
    doc = load_html(html_dir / name, (html_dir / name).read_bytes())
    spec = expected[name]
    assert isinstance(spec["with"], list) and isinstance(spec["without"], list)
    missing = [snippet for snippet in spec["with"] if snippet not in doc.text]
    leaked = [snippet for snippet in spec["without"] if snippet in doc.text]
    assert missing == []
    assert leaked == []
    assert doc.source_format == "html"
    assert doc.source_filename == name


@pytest.mark.parametrize("name", PAGES)
def test_metadata_is_filled_from_the_page(
    name: str, html_dir: Path, expected: dict[str, dict[str, object]]
) -> None:
    doc = load_html(html_dir / name, (html_dir / name).read_bytes())
    title, authors, published, publisher = EXPECTED_META[name]
    assert doc.title == title
    assert doc.authors == authors
    assert doc.published == published
    assert doc.publisher == publisher
    assert doc.language == "en"
    if name == "reuters.com.parasite.html":
        assert doc.url == REUTERS_CANONICAL
        assert str(expected[name]["url"]).endswith("-idUSKBN1ZI0EH")
    else:
        assert doc.url == expected[name]["url"]
    # Every value filled in is proposed with the place it came from, for the user to confirm.
    proposed = {proposal.field: proposal.value for proposal in doc.proposals}
    assert proposed["title"] == title
    assert proposed["url"] == doc.url
    assert proposed["published"] == published
    assert ("authors" in proposed) == bool(authors)


def test_canonical_link_wins_over_og_url(html_dir: Path) -> None:
    # The Guardian's og:url is http://, its <link rel="canonical"> https://.
    doc = load_html(html_dir / PAGES[0], (html_dir / PAGES[0]).read_bytes())
    assert doc.url.startswith("https://")
    assert any(p.field == "url" and p.evidence == '<link rel="canonical">' for p in doc.proposals)


@pytest.mark.parametrize("name", PAGES)
def test_text_is_paragraphs_separated_by_blank_lines(name: str, html_dir: Path) -> None:
    text = load_html(html_dir / name, (html_dir / name).read_bytes()).text
    paragraphs = text.split("\n\n")
    assert len(paragraphs) >= 8
    assert "\r" not in text
    assert "\n\n\n" not in text
    assert text == text.strip()
    assert all(paragraph.strip() == paragraph and paragraph for paragraph in paragraphs)


def test_editor_note_outside_the_article_comes_first(html_dir: Path) -> None:
    text = load_html(
        html_dir / "salon.com.emissions.html", (html_dir / "salon.com.emissions.html").read_bytes()
    ).text
    assert text.startswith("This post originally appeared on Grist.\n\nJust a week into the new year")


def _page(body: str, head: str = "") -> str:
    head = f"<head>{head}<title>T</title></head>"
    return f"<!DOCTYPE html><html>{head}<body><article>{body}</article></body></html>"


FRENCH = "<p>Le café est très apprécié – “naïve” déjà vu à Paris, où les garçons servent le thé.</p>"


@pytest.mark.parametrize(
    "head",
    [
        '<meta charset="windows-1252">',
        '<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">',
    ],
)
def test_declared_legacy_charset_is_used(head: str) -> None:
    # ISO-8859-1 is read as windows-1252, as browsers do, so its curly quotes and dashes survive.
    doc = load_html(Path("legacy.html"), _page(FRENCH, head).encode("cp1252"))
    assert "Le café est très apprécié – “naïve” déjà vu à Paris" in doc.text


def test_undeclared_legacy_charset_is_detected() -> None:
    doc = load_html(Path("legacy.html"), _page(FRENCH * 4).encode("cp1252"))
    assert "Le café est très apprécié – “naïve” déjà vu à Paris" in doc.text


def test_a_stray_bad_byte_does_not_change_the_declared_charset() -> None:
    data = _page("<p>Café “quoted” and one broken byte: @ in a UTF-8 page.</p>", '<meta charset="utf-8">')
    doc = load_html(Path("utf8.html"), data.encode("utf-8").replace(b"@", b"\xff"))
    assert "Café “quoted” and one broken byte: \ufffd in a UTF-8 page." in doc.text


def test_xhtml_with_xml_declaration_and_xml_lang() -> None:
    data = (
        '<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="de">'
        "<head><title>Grüße</title></head><body><p>Grüße aus Berlin, ein kurzer Satz.</p></body></html>"
    ).encode()
    doc = load_html(Path("x.xhtml"), data)
    assert doc.text == "Grüße aus Berlin, ein kurzer Satz."
    assert doc.language == "de"


def test_control_characters_and_scripts_are_dropped() -> None:
    data = _page("<p>Real\x00 text<script>document.write('injected')</script> stays.</p>").encode()
    assert load_html(Path("c.html"), data).text == "Real text stays."


@pytest.mark.parametrize(
    "data",
    [
        b"",
        bytes(range(256)) * 40,
        b"https://example.com/article",  # a URL as content must not be fetched (htmldate would)
        _page('<nav><a href="/">Home</a> <a href="/about">About</a></nav>').encode(),
    ],
    ids=["empty", "binary", "url", "menu-only"],
)
def test_no_article_text_is_a_clear_error(data: bytes) -> None:
    with pytest.raises(IngestError) as info:
        load_html(Path("bad.html"), data)
    assert info.value.reason == "no readable article text found"
    assert info.value.path == Path("bad.html")
