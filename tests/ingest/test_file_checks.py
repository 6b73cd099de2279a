"""What load_file refuses before or while reading: size limits, non-regular files, broken encodings."""

from __future__ import annotations

import os
import random
from pathlib import Path
from typing import Any, BinaryIO

import pytest

from annotator import ingest
from annotator.ingest import MAX_DOCUMENT_BYTES, MAX_PDF_BYTES, IngestError, load_file
from annotator.ingest.text import BINARY, UNRECOGNISED, _looks_binary, decode_with_encoding

MIB = 1024 * 1024


def sparse(path: Path, size: int, start: bytes = b"") -> Path:
    """A file of `size` bytes made instantly: truncate() extends it with a hole, nothing is written."""
    with path.open("wb") as handle:
        handle.write(start)
        handle.truncate(size)
    return path


class ReadSpy:
    """Stands in for the built-in open() inside annotator.ingest and records how much is read."""

    def __init__(self) -> None:
        self.requested: list[int] = []

    def __call__(self, *args: Any, **kwargs: Any) -> ReadSpy._Handle:
        return ReadSpy._Handle(open(*args, **kwargs), self.requested)

    class _Handle:
        def __init__(self, handle: BinaryIO, requested: list[int]) -> None:
            self.handle = handle
            self.requested = requested

        def __enter__(self) -> ReadSpy._Handle:
            return self

        def __exit__(self, *exc: object) -> None:
            self.handle.close()

        def read(self, size: int = -1) -> bytes:
            self.requested.append(size)
            return self.handle.read(size)

        def __getattr__(self, name: str) -> Any:
            return getattr(self.handle, name)


def test_a_text_file_over_the_limit_is_refused_before_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spy = ReadSpy()
    monkeypatch.setattr(ingest, "open", spy, raising=False)  # shadows the built-in in that module
    path = sparse(tmp_path / "dump.txt", 105 * MIB)
    with pytest.raises(IngestError) as caught:
        load_file(path)
    assert caught.value.path == path
    assert caught.value.reason == (
        "is 105 MiB; documents larger than 32 MiB are not imported (split the file first)"
    )
    assert spy.requested == [len(b"%PDF-")]  # only enough to see whether it is a PDF in disguise


def test_one_byte_over_the_limit_is_refused_and_shows_more_than_the_limit(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match=r"^.*: is 33 MiB; documents larger than 32 MiB"):
        load_file(sparse(tmp_path / "notes.md", MAX_DOCUMENT_BYTES + 1))


def test_a_file_at_the_limit_is_read(tmp_path: Path) -> None:
    # Read, then refused for what it holds (a hole reads as NULs), not for its size.
    with pytest.raises(IngestError) as caught:
        load_file(sparse(tmp_path / "zeros.txt", MAX_DOCUMENT_BYTES))
    assert caught.value.reason == BINARY


@pytest.mark.parametrize(
    ("name", "start"), [("scan.pdf", b""), ("scan.txt", b"%PDF-1.7\n")], ids=["suffix", "content"]
)
def test_pdfs_have_their_own_larger_limit(tmp_path: Path, name: str, start: bytes) -> None:
    assert MAX_PDF_BYTES > MAX_DOCUMENT_BYTES
    with pytest.raises(IngestError) as caught:
        load_file(sparse(tmp_path / name, MAX_PDF_BYTES + 1, start))
    assert caught.value.reason == (
        "is 201 MiB; PDF files larger than 200 MiB are not imported (split the file first)"
    )


def test_the_text_of_any_format_is_held_to_the_character_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A PDF or web page within its file limit could still extract to more text than any document may
    # hold; a small limit shows the check without such a file.
    monkeypatch.setattr(ingest, "MAX_DOCUMENT_CHARS", 10)
    path = tmp_path / "long.txt"
    path.write_text("Eleven characters and more.\n", encoding="utf-8")
    with pytest.raises(IngestError) as caught:
        load_file(path)
    assert caught.value.reason == (
        "its text has 28 characters; documents with more than 10 characters are not imported "
        "(split the file first)"
    )


def test_a_named_pipe_is_refused_without_being_opened(tmp_path: Path) -> None:
    # Opening a FIFO for reading waits for a writer: reaching open() would hang this test.
    pipe = tmp_path / "feed.txt"
    os.mkfifo(pipe)
    with pytest.raises(IngestError) as caught:
        load_file(pipe)
    assert caught.value.reason == (
        "is not a regular file (a pipe, socket or device); only files are imported"
    )


def test_a_folder_named_like_a_text_file_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "x.txt"
    folder.mkdir()
    with pytest.raises(IngestError, match="is a folder, not a file"):
        load_file(folder)


def test_utf8_with_a_stray_byte_keeps_its_text_and_warns(tmp_path: Path) -> None:
    # Read as a legacy code page it would be mojibake throughout; as damaged UTF-8 only one mark is lost.
    text = "Лукашенко заявил, что Беларусь не собирается вступать в войну. " * 3
    path = tmp_path / "damaged.txt"
    path.write_bytes(text.encode() + b"\xff" + "Конец.".encode())
    document = load_file(path)
    assert document.text == text + "\ufffdКонец."
    assert document.metadata["encoding"] == "utf-8 (invalid bytes replaced)"
    assert document.warnings == [
        "the file is not valid UTF-8: 1 invalid byte sequence was replaced with “\ufffd”; "
        "check the text around it"
    ]


def test_utf8_cut_in_the_middle_of_its_last_character(tmp_path: Path) -> None:
    data = "Déjà vu in Genève 😀 naïve café.".encode() + "😀".encode()[:2]
    text, encoding = decode_with_encoding(tmp_path / "cut.txt", data)
    assert (text, encoding) == ("Déjà vu in Genève 😀 naïve café.\ufffd", "utf-8 (invalid bytes replaced)")


def test_a_legacy_file_is_not_mistaken_for_damaged_utf8(tmp_path: Path) -> None:
    # Every accented letter of a cp1252 file is an invalid UTF-8 byte: none of them forms a valid sequence.
    data = "“Café” – the naïve résumé, he said. Déjà vu in Genève.".encode("cp1252")
    assert decode_with_encoding(tmp_path / "w.txt", data) == (
        "“Café” – the naïve résumé, he said. Déjà vu in Genève.",
        "cp1252 (guessed)",
    )


def test_bytes_in_no_recognisable_encoding(tmp_path: Path) -> None:
    with pytest.raises(IngestError) as caught:
        decode_with_encoding(tmp_path / "noise.txt", bytes(range(128, 256)) * 10)
    assert caught.value.reason == UNRECOGNISED


def _looks_binary_by_hand(sample: str) -> bool:
    """The definition _looks_binary implements with a regex: NULs and non-whitespace C0 controls and DEL."""
    if not sample:
        return False
    nuls = sample.count("\x00")
    controls = sum(1 for ch in sample if (ch < " " or ch == "\x7f") and ch not in "\x00\t\n\v\f\r")
    return nuls > len(sample) * 0.3 or controls > len(sample) * 0.02


def test_looks_binary_counts_exactly_the_control_characters() -> None:
    rng = random.Random(7)
    alphabet = [chr(code) for code in range(0x21)] + ["\x7f", "a", " ", "é", "😀", "\x85"]
    for _ in range(500):
        sample = "".join(rng.choices(alphabet, k=rng.randint(0, 120)))
        padded = sample + "a" * rng.randint(0, 3000)  # moves the share across the 2% threshold
        for text in (sample, padded):
            assert _looks_binary(text) is _looks_binary_by_hand(text), repr(text)


def test_vertical_tab_and_form_feed_are_whitespace_not_control_characters(tmp_path: Path) -> None:
    text = "Page one\f\vPage two\n" * 50
    assert decode_with_encoding(tmp_path / "ff.txt", text.encode()) == (text, "utf-8")
