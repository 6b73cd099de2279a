"""Plain-text import: bytes in any common encoding to normalised text, plus guessed metadata."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

import charset_normalizer

from annotator.domain.models import ImportedDocument
from annotator.ingest.errors import IngestError
from annotator.ingest.metadata import apply_proposals, propose_metadata

BINARY = "looks like a binary file, not text"
UNRECOGNISED = (
    "is not valid UTF-8 and its text encoding could not be recognised (save it as UTF-8 and import it again)"
)
GUESSED = " (guessed)"
REPAIRED = " (invalid bytes replaced)"
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
# Control characters other than NUL and the whitespace ones (tab, LF, VT, FF, CR): one regex count
# scans a sample in C, where a per-character Python loop cost more than the rest of a text's import.
CONTROL = re.compile(r"[\x01-\x08\x0e-\x1f\x7f]")
# UTF-8 with a few invalid bytes (a file cut mid-character, a byte damaged in a copy) is still UTF-8:
# decoded with each bad sequence shown as U+FFFD it reads correctly, where any legacy code page would
# garble every other non-ASCII letter. Legacy text hardly ever forms a valid UTF-8 multi-byte sequence
# (in cp1252 that takes a capital like "Ã" right before a symbol like "©"; each accented letter on its
# own is an invalid byte), so a file counts as damaged UTF-8 when its valid non-ASCII characters
# outnumber the invalid sequences at least this many times; otherwise its encoding is detected.
MIN_VALID_PER_INVALID = 3
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
    # isspace() stops at the first visible character; strip() would copy the whole text first.
    if not text or text.isspace():
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
    elif encoding.endswith(REPAIRED):
        count = document.text.count("\ufffd")
        what = "1 invalid byte sequence was" if count == 1 else f"{count:,} invalid byte sequences were"
        document.warnings.append(
            f"the file is not valid UTF-8: {what} replaced with “\ufffd”; check the text around it"
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
    repaired = _damaged_utf8(data)
    if repaired is not None:
        return repaired, "utf-8" + REPAIRED
    return _decode_legacy(path, data)


def _damaged_utf8(data: bytes) -> str | None:
    """The text of UTF-8 data with a few invalid sequences, each replaced by U+FFFD; None if it is not."""
    text = data.decode("utf-8", errors="replace")
    invalid = text.count("\ufffd")  # a U+FFFD the file itself held counts too: on the safe side
    valid_non_ascii = len(text) - len(text.encode("ascii", errors="ignore")) - invalid
    return text if valid_non_ascii >= MIN_VALID_PER_INVALID * invalid else None


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
        raise IngestError(path, UNRECOGNISED)
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
    raise IngestError(path, UNRECOGNISED)


def _looks_binary(sample: str) -> bool:
    if not sample:
        return False
    nuls = sample.count("\x00")
    controls = len(CONTROL.findall(sample))
    return nuls > len(sample) * MAX_NUL_SHARE or controls > len(sample) * MAX_CONTROL_SHARE
