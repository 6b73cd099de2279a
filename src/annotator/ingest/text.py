"""Plain-text import: bytes in any common encoding to normalised text, plus guessed metadata."""

from __future__ import annotations

import codecs
from pathlib import Path

import charset_normalizer

from annotator.domain.models import ImportedDocument
from annotator.ingest.errors import IngestError
from annotator.ingest.metadata import apply_proposals, propose_metadata

BINARY = "looks like a binary file, not text"
GUESSED = " (guessed)"
# BOMs in the order they must be tested: the UTF-32 LE BOM starts with the UTF-16 LE one.
BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# charset-normalizer cannot tell the Western single-byte code pages apart on a short text (it reads a
# cp1252 "naïve" as cp1257 "naļve"); among its near-equal guesses we prefer the code pages most legacy
# files are actually in. Windows-1252 stands in for ISO-8859-1 as in the WHATWG Encoding Standard: the
# two agree on every printable character.
PREFERRED_ENCODINGS: tuple[str, ...] = ("cp1252", "cp1251")
NEAR_EQUAL_CHAOS = 0.15
NEAR_EQUAL_COHERENCE = 0.1
SAMPLE_CHARS = 65536
# Real text has no control characters besides whitespace; a few stray ones are tolerated.
MAX_CONTROL_SHARE = 0.02
# NULs are dropped from text (some tools pad files with them), but a file mostly made of them is data.
MAX_NUL_SHARE = 0.3
WHITESPACE_CONTROLS = frozenset("\t\n\v\f\r")
# BOM-less UTF-16: share of NULs in the high bytes (ASCII-range text has them all NUL) and in the low ones.
UTF16_NUL_SHARE = 0.6
STRAY_NUL_SHARE = 0.05


def decode_text(path: Path, data: bytes) -> str:
    """The text of `data`, line endings normalised to LF and NULs dropped; IngestError if it is not text."""
    return decode_with_encoding(path, data)[0]


def decode_with_encoding(path: Path, data: bytes) -> tuple[str, str]:
    """Like `decode_text`, also naming the encoding used, and "(guessed)" after it when it was detected."""
    if not data:
        raise IngestError(path, "the file is empty")
    text, encoding = _decode(path, data)
    if _looks_binary(text[:SAMPLE_CHARS]):
        raise IngestError(path, BINARY)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    if not text.strip():
        raise IngestError(path, "the file contains only whitespace")
    return text, encoding


def load_text(path: Path, data: bytes) -> ImportedDocument:
    """A plain-text file as a document, with title, authors and date guessed from its first and last lines."""
    text, encoding = decode_with_encoding(path, data)
    document = document_from_text(path, text)
    note_encoding(document, encoding)
    return document


def document_from_text(path: Path, text: str) -> ImportedDocument:
    """A plain-text document from already decoded text; the title falls back to the file name."""
    document = ImportedDocument(text=text, source_format="text", source_filename=path.name)
    apply_proposals(document, propose_metadata(text))
    document.title = document.title or path.stem
    return document


def note_encoding(document: ImportedDocument, encoding: str) -> None:
    """Record the encoding a document was decoded from, and warn when it was a guess."""
    document.metadata["encoding"] = encoding
    if encoding.endswith(GUESSED):
        name = encoding.removesuffix(GUESSED)
        document.warnings.append(
            f"the text encoding was guessed as {name}; check accented and non-Latin letters"
        )


def _decode(path: Path, data: bytes) -> tuple[str, str]:
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as error:
                raise IngestError(
                    path,
                    f"starts with a {encoding.upper()} byte-order mark but byte {error.start} is not valid",
                ) from None
    utf16 = _bomless_utf16(data)
    if utf16 is not None:
        try:
            return data.decode(utf16), utf16
        except UnicodeDecodeError:
            pass  # not UTF-16 after all; the checks below decide
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    return _decode_legacy(path, data)


def _bomless_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM, recognised by mostly-Latin text having a NUL in every other byte.

    Text in other scripts has no such pattern; it needs a BOM, which every UTF-16 writer emits anyway.
    """
    sample = data[:4096]
    even, odd = sample[0::2], sample[1::2]
    if not odd:
        return None
    even_nuls, odd_nuls = even.count(0) / len(even), odd.count(0) / len(odd)
    if odd_nuls > UTF16_NUL_SHARE and even_nuls < STRAY_NUL_SHARE:
        return "utf-16-le"
    if even_nuls > UTF16_NUL_SHARE and odd_nuls < STRAY_NUL_SHARE:
        return "utf-16-be"
    return None


def _decode_legacy(path: Path, data: bytes) -> tuple[str, str]:
    """Decode with the encoding charset-normalizer finds, preferring common code pages among equals."""
    if _looks_binary(data[:SAMPLE_CHARS].decode("latin-1")):
        raise IngestError(path, BINARY)  # skip detection, slow on large binaries and pointless
    matches = charset_normalizer.from_bytes(data)
    best = matches.best()
    if best is None:
        raise IngestError(path, BINARY)
    near = [
        match
        for match in matches
        if match.chaos <= best.chaos + NEAR_EQUAL_CHAOS
        and match.coherence >= best.coherence - NEAR_EQUAL_COHERENCE
    ]
    candidates = [enc for enc in PREFERRED_ENCODINGS if any(enc in m.could_be_from_charset for m in near)]
    for encoding in [*candidates, best.encoding]:
        try:
            return data.decode(encoding), encoding + GUESSED
        except UnicodeDecodeError:
            continue
    raise IngestError(path, BINARY)


def _looks_binary(sample: str) -> bool:
    if not sample:
        return False
    nuls = sample.count("\x00")
    controls = sum(1 for ch in sample if (ch < " " or ch == "\x7f") and ch not in WHITESPACE_CONTROLS) - nuls
    return nuls > len(sample) * MAX_NUL_SHARE or controls > len(sample) * MAX_CONTROL_SHARE
