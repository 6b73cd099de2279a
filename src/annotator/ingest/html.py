"""HTML import: a saved web page's article text and metadata, extracted offline with trafilatura."""

from __future__ import annotations

import codecs
import logging
import re
from pathlib import Path
from typing import TYPE_CHECKING

import charset_normalizer
import trafilatura
from trafilatura.xml import xmltotxt

from annotator.domain.models import ImportedDocument, MetadataProposal
from annotator.ingest.errors import IngestError

if TYPE_CHECKING:  # types only: lxml comes with trafilatura and is not a dependency of ours
    from lxml.html import HtmlElement
    from trafilatura.settings import Document as Extraction

# Network and scripts: nothing here can fetch or execute anything. We decode the bytes ourselves and
# hand trafilatura an already parsed lxml tree. trafilatura.bare_extraction never downloads
# (downloads live in trafilatura.downloads, which core/metadata do not import), and it passes that
# tree, never a string, to htmldate.find_date; htmldate's only network path is load_html() given a
# str starting with "http". lxml's HTML parser has no_network=True by default and does not resolve
# external entities; scripts are parsed as inert elements and dropped by trafilatura's cleaning.

# Boilerplate that trafilatura's own rules keep on the sample pages, removed before extraction.
PRUNE_XPATH: list[str] = [
    # Publisher "Our Standards: ... Trust Principles" badges at the foot of wire stories (Reuters).
    "//*[contains(translate(@class, 'TRUSTBADGE', 'trustbadge'), 'trustbadge')"
    " or contains(translate(@class, 'TRUSTBADGE', 'trustbadge'), 'trust-badge')]",
    # A paragraph used as a figure: an image plus at most a short caption/credit and no prose of its
    # own, e.g. Salon's <p><img><br><em>(Credit: ...)</em></p>.
    "//p[.//img and not(text()[normalize-space()]) and string-length(normalize-space()) < 200]",
]

# Editor's notes ("This post originally appeared on Grist.") often sit outside the <article> element,
# where trafilatura does not look; they say where a text comes from, so they are added back.
EDITOR_NOTE_CLASS = re.compile(r"editor'?s?[-_ ]?note", re.IGNORECASE)
MAX_NOTE_CHARS = 600

META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]{0,100}?encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
# Control characters lxml refuses in a str (all C0 except tab, LF, CR).
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# Undecodable bytes tolerated under a declared charset (as U+FFFD) whatever else the page holds.
MAX_BAD_BYTE_SHARE = 0.001

log = logging.getLogger(__name__)


def load_html(path: Path, data: bytes) -> ImportedDocument:
    """Extract the main article text of an HTML page and its title, authors, date, site, URL, language.

    Raises IngestError("no readable article text found") when the page has no main text to extract.
    """
    page = _decode(data)
    # The XML declaration's encoding no longer applies to decoded text, and lxml rejects it in a str.
    page = XML_DECLARATION.sub("", CONTROL_CHARS.sub("", page), count=1)
    tree = trafilatura.load_html(page)
    if tree is None:
        raise IngestError(path, "no readable article text found")
    try:
        # Options, checked on the six pages in shared/realworld/html:
        # - balanced mode (neither favor_precision nor favor_recall): precision mode drops Reuters'
        #   "Additional reporting by ..." credit, a claim-relevant attribution, and recall mode changes
        #   nothing on these pages.
        # - include_comments=False: reader comments are not the article (Salon's comment widget leaks
        #   into the comments field otherwise).
        # - include_tables=True: a table in a news article is usually data a claim is about; it made
        #   no difference on the six pages.
        # - include_formatting/links/images=False: plain text, no Markdown markers or URLs in it.
        # - deduplicate=False: its default cache is process-wide, so a page imported twice (or two
        #   pages of one site) would lose paragraphs the second time.
        result = trafilatura.bare_extraction(
            tree,
            with_metadata=True,
            favor_precision=False,
            favor_recall=False,
            include_comments=False,
            include_tables=True,
            include_formatting=False,
            include_links=False,
            include_images=False,
            deduplicate=False,
            prune_xpath=PRUNE_XPATH,
        )
    except Exception as exc:  # a parser bug on hostile markup must not take the import down
        log.debug("trafilatura failed on %s", path, exc_info=True)
        raise IngestError(path, f"could not read the HTML: {exc}") from exc
    if result is None or isinstance(result, dict) or result.body is None:
        raise IngestError(path, "no readable article text found")

    blocks = [text for text in (_block_text(child) for child in result.body) if text]
    if not blocks or _only_link_labels(tree, blocks):
        raise IngestError(path, "no readable article text found")
    blocks = _with_editor_notes(tree, blocks)

    doc = ImportedDocument(
        text="\n\n".join(blocks),
        source_format="html",
        source_filename=path.name,
        metadata={"extractor": f"trafilatura {trafilatura.__version__}"},
    )
    _fill_metadata(doc, tree, result)
    return doc


def _decode(data: bytes) -> str:
    """Bytes to text: a BOM, else the charset the page declares, else detection; never raises."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace")
    declared = _declared_charset(data[:8192])
    if declared:
        text = data.decode(declared, errors="replace")
        # A few broken bytes in a page are kept as U+FFFD; if they outnumber the characters the
        # declared charset did decode beyond ASCII, the declaration is wrong and detection decides.
        bad = text.count("\ufffd")
        decoded = sum(1 for char in text if ord(char) > 127) - bad
        if bad <= len(data) * MAX_BAD_BYTE_SHARE or decoded >= bad:
            return text
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    candidates = charset_normalizer.from_bytes(data)
    # Browsers read an undeclared legacy page as windows-1252; prefer it whenever detection finds it
    # plausible, since short Western texts also fit e.g. cp1257 and that choice garbles accents.
    for match in candidates:
        if match.encoding == "cp1252":
            return str(match)
    best = candidates.best()
    if best is not None:
        return str(best)
    return data.decode("cp1252", errors="replace")


def _declared_charset(head: bytes) -> str | None:
    """The codec named by <meta charset>/http-equiv or an XML declaration, as a Python codec name."""
    match = META_CHARSET.search(head) or XML_ENCODING.search(head)
    if not match:
        return None
    try:
        name = codecs.lookup(match.group(1).decode("ascii").strip()).name
    except (LookupError, UnicodeDecodeError):
        return None
    # WHATWG encoding rules: Latin-1 and ASCII labels mean windows-1252, and a UTF-16 label in a page
    # that was read as ASCII-compatible bytes (no BOM) means UTF-8.
    if name in ("latin-1", "iso8859-1", "ascii"):
        return "cp1252"
    if name.startswith(("utf-16", "utf-32")):
        return "utf-8"
    return name


def _block_text(element: HtmlElement) -> str:
    """One paragraph-level element of trafilatura's output as plain text with LF line breaks."""
    text = xmltotxt(element, include_formatting=False)
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def _normalised(text: str) -> str:
    return " ".join(text.split())


def _only_link_labels(tree: HtmlElement, blocks: list[str]) -> bool:
    """True if every extracted line is the label of a link: trafilatura's last-resort fallback
    returns a menu when a page has nothing else, and a menu is not an article."""
    labels = {_normalised(link.text_content()) for link in tree.iter("a")}
    lines = [_normalised(line) for block in blocks for line in block.split("\n")]
    return all(line in labels for line in lines if line)


def _with_editor_notes(tree: HtmlElement, blocks: list[str]) -> list[str]:
    """Add the page's editor's notes that extraction left out, before or after the text as on the page."""
    extracted = _normalised(" ".join(blocks))
    first = _normalised(blocks[0])[:60]
    before: list[str] = []
    after: list[str] = []
    seen_first = False
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue  # comments and processing instructions
        if not seen_first and element.tag in ("p", "h1", "h2", "h3", "li", "blockquote"):
            seen_first = first in _normalised(element.text_content())
        if not EDITOR_NOTE_CLASS.search(element.get("class", "")):
            continue
        note = _normalised(element.text_content())
        if note and len(note) <= MAX_NOTE_CHARS and note not in extracted:
            (after if seen_first else before).append(note)
            extracted += " " + note  # a note nested in another note is taken once
    return before + blocks + after


def _fill_metadata(doc: ImportedDocument, tree: HtmlElement, result: Extraction) -> None:
    """Title, authors, date, publisher, URL and language, each with a proposal saying where it came from."""

    def propose(field: str, value: str, evidence: str) -> None:
        doc.proposals.append(MetadataProposal(field=field, value=value, evidence=evidence))

    if result.title:
        doc.title = result.title.strip()
        propose("title", doc.title, "page metadata (og:title, JSON-LD or <title>)")
    if result.author:
        # trafilatura joins several authors with "; ".
        doc.authors = [name.strip() for name in result.author.split(";") if name.strip()]
        propose("authors", "; ".join(doc.authors), "page metadata (author meta, JSON-LD or byline)")
    if result.date:
        doc.published = result.date
        propose("published", doc.published, "htmldate (publication date in markup)")
    if result.sitename:
        doc.publisher = result.sitename.strip()
        propose("publisher", doc.publisher, "page metadata (og:site_name, JSON-LD or URL)")
    url, evidence = _canonical_url(tree)
    if not url and result.url and result.url.startswith(("http://", "https://")):
        url, evidence = result.url, "page metadata"
    if url:
        doc.url = url
        propose("url", url, evidence)
    language, evidence = _language(tree)
    if language:
        doc.language = language
        propose("language", language, evidence)
    if result.description:
        doc.metadata["description"] = result.description


def _canonical_url(tree: HtmlElement) -> tuple[str, str]:
    """The page's own URL: <link rel=canonical> first (the site's stated address), then og:url."""
    for link in tree.iter("link"):
        rels = link.get("rel", "").lower().split()
        href = link.get("href", "").strip()
        if "canonical" in rels and href.startswith(("http://", "https://")):
            return href, '<link rel="canonical">'
    for meta in tree.iter("meta"):
        content = meta.get("content", "").strip()
        if meta.get("property", "").lower() == "og:url" and content.startswith(("http://", "https://")):
            return content, '<meta property="og:url">'
    return "", ""


def _language(tree: HtmlElement) -> tuple[str, str]:
    """The declared language as a BCP 47 tag: <html lang>, else Content-Language, else og:locale."""
    root = tree.getroottree().getroot()
    for attribute in ("lang", "xml:lang"):
        if root.get(attribute, "").strip():
            return root.get(attribute, "").strip(), f"<html {attribute}>"
    metas = [(meta, meta.get("content", "").strip()) for meta in tree.iter("meta")]
    for meta, content in metas:
        if content and meta.get("http-equiv", "").lower() == "content-language":
            return content.split(",")[0].strip(), '<meta http-equiv="content-language">'
    for meta, content in metas:
        if content and meta.get("property", "").lower() == "og:locale":
            return content.replace("_", "-"), '<meta property="og:locale">'
    return "", ""
