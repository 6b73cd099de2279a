"""Plain-text decoding and import: encodings, line endings, and files that are not text."""

from __future__ import annotations

import codecs
import random
from pathlib import Path

import pytest

from annotator.ingest import SUPPORTED_SUFFIXES, IngestError, load_file
from annotator.ingest.text import decode_text, decode_with_encoding

# Curly quotes, a dash and accented letters: the characters that differ between Western code pages.
WESTERN = "He said “we are not going to join the war.” – Déjà vu in Genève, a naïve résumé."
CYRILLIC = "Лукашенко заявил, что Беларусь не собирается вступать в войну."
PNG_HEADER = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00"


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_utf8_with_bom_loses_the_bom_and_crlf(tmp_path: Path) -> None:
    path = write(tmp_path, "bom.txt", codecs.BOM_UTF8 + "Café\r\nsecond line\r\n".encode())
    assert decode_with_encoding(path, path.read_bytes()) == ("Café\nsecond line\n", "utf-8-sig")


def test_plain_utf8_with_astral_characters(tmp_path: Path) -> None:
    text = "Emoji 😀 and combining é and Arabic مرحبا\n"
    assert decode_with_encoding(tmp_path / "a.txt", text.encode()) == (text, "utf-8")


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_bom(tmp_path: Path, codec: str) -> None:
    text = f"{CYRILLIC} “quote” 😀"
    bom = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}.get(codec, b"")
    data = bom + f"{text}\r\nend".encode(codec)
    assert decode_text(tmp_path / "u16.txt", data) == f"{text}\nend"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_recognised_by_its_nul_bytes(tmp_path: Path, codec: str) -> None:
    data = "Belarus will not join the war, he said.\r\n".encode(codec)
    assert decode_with_encoding(tmp_path / "u16.txt", data) == (
        "Belarus will not join the war, he said.\n",
        codec,
    )


def test_utf32_with_bom(tmp_path: Path) -> None:
    assert decode_text(tmp_path / "u32.txt", "Минск 😀".encode("utf-32")) == "Минск 😀"


def test_cp1252_curly_quotes_and_accents(tmp_path: Path) -> None:
    text, encoding = decode_with_encoding(tmp_path / "w.txt", f"{WESTERN}\r\n".encode("cp1252"))
    assert text == f"{WESTERN}\n"
    assert encoding == "cp1252 (guessed)"


def test_short_cp1252_text_is_not_read_as_a_baltic_code_page(tmp_path: Path) -> None:
    # charset-normalizer alone calls this cp1257 and reads "naïve" as "naļve".
    data = "“Café” – the naïve résumé, he said.".encode("cp1252")
    assert decode_text(tmp_path / "w.txt", data) == "“Café” – the naïve résumé, he said."


def test_invalid_utf8_that_is_latin1(tmp_path: Path) -> None:
    data = "Café crème à Genève, où l'on parle français.\n".encode("latin-1")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert decode_text(tmp_path / "l1.txt", data) == "Café crème à Genève, où l'on parle français.\n"


@pytest.mark.parametrize("text", [CYRILLIC, "Лукашенко: «Мы не собираемся вступать в войну»."])
def test_cp1251_cyrillic(tmp_path: Path, text: str) -> None:
    assert decode_with_encoding(tmp_path / "ru.txt", text.encode("cp1251")) == (text, "cp1251 (guessed)")


def test_crlf_and_lone_cr_become_lf(tmp_path: Path) -> None:
    assert decode_text(tmp_path / "eol.txt", b"one\rtwo\r\nthree\n\r\nfour") == "one\ntwo\nthree\n\nfour"


def test_nul_characters_are_dropped(tmp_path: Path) -> None:
    assert decode_text(tmp_path / "nul.txt", b"ab\x00cd\nef\x00\n") == "abcd\nef\n"


def test_empty_file(tmp_path: Path) -> None:
    path = write(tmp_path, "empty.txt", b"")
    with pytest.raises(IngestError) as caught:
        load_file(path)
    assert caught.value.reason == "the file is empty"
    assert caught.value.path == path


def test_whitespace_only_file(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="only whitespace"):
        load_file(write(tmp_path, "blank.txt", b" \r\n\t\n  \n"))


@pytest.mark.parametrize(
    "data",
    [
        PNG_HEADER + random.Random(1234).randbytes(600),
        b"\x7fELF\x02\x01\x01\x00" + bytes(56) + bytes(range(256)) * 4,
        bytes(range(32)) * 20,
        bytes(200) + b"hello",
    ],
    ids=["png", "elf", "control-bytes", "mostly-nul"],
)
def test_binary_file_named_txt(tmp_path: Path, data: bytes) -> None:
    path = write(tmp_path, "picture.txt", data)
    with pytest.raises(IngestError) as caught:
        load_file(path)
    assert caught.value.reason == "looks like a binary file, not text"
    assert str(path) in str(caught.value)


def test_invalid_utf16_after_a_bom(tmp_path: Path) -> None:
    # A lone high surrogate (D800) cannot be decoded.
    with pytest.raises(IngestError, match="UTF-16 byte-order mark but byte 2 is not valid"):
        decode_text(tmp_path / "bad.txt", codecs.BOM_UTF16_LE + b"\x00\xd8a\x00")


def test_load_file_plain_text(tmp_path: Path) -> None:
    path = write(
        tmp_path, "note.txt", b"Minsk talks resume\n\nBy Jane Doe\n\nMarch 17, 2022\n\nThe talks resumed.\n"
    )
    document = load_file(path)
    assert document.source_format == "text"
    assert document.source_filename == "note.txt"
    assert document.text == "Minsk talks resume\n\nBy Jane Doe\n\nMarch 17, 2022\n\nThe talks resumed.\n"
    assert (document.title, document.authors, document.published) == (
        "Minsk talks resume",
        ["Jane Doe"],
        "2022-03-17",
    )
    assert document.metadata["encoding"] == "utf-8"
    assert document.warnings == []


def test_load_file_warns_when_the_encoding_was_guessed(tmp_path: Path) -> None:
    document = load_file(write(tmp_path, "ru.txt", CYRILLIC.encode("cp1251")))
    assert document.text == CYRILLIC
    assert document.metadata["encoding"] == "cp1251 (guessed)"
    assert document.warnings == [
        "the text encoding was guessed as cp1251; check accented and non-Latin letters"
    ]


def test_title_falls_back_to_the_file_name(tmp_path: Path) -> None:
    document = load_file(write(tmp_path, "field-notes.text", b"just a few words.\n"))
    assert document.title == "field-notes"
    assert document.proposals == []


def test_unknown_suffix_is_read_as_text(tmp_path: Path) -> None:
    assert load_file(write(tmp_path, "notes.log", b"plain words\n")).text == "plain words\n"


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="does not exist"):
        load_file(tmp_path / "nowhere.txt")
    with pytest.raises(IngestError, match="is a folder"):
        load_file(tmp_path)


def test_supported_suffixes() -> None:
    expected = {".txt", ".text", ".md", ".markdown", ".json", ".html", ".htm", ".xhtml", ".pdf"}
    assert expected <= SUPPORTED_SUFFIXES
    assert all(suffix == suffix.lower() for suffix in SUPPORTED_SUFFIXES)
