"""MHTML (a browser's "save as single file"): the page's text, URL and save time; hostile nesting refused."""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path

import pytest

from annotator.ingest import IngestError, load_documents

URL = "https://www.bbc.com/news/world-52241221"


def _mhtml(page: bytes, resources: int = 2) -> bytes:
    message = EmailMessage()
    message["From"] = "<Saved by Blink>"
    message["Snapshot-Content-Location"] = URL
    message["Subject"] = "BBC"
    message["Date"] = "Tue, 1 Mar 2022 10:00:00 +0000"
    message.make_related()
    message.add_related(page, maintype="text", subtype="html", headers=[f"Content-Location: {URL}"])
    for number in range(resources):
        message.add_related(b"\x89PNG", maintype="image", subtype="png", cid=f"<image{number}>")
    return message.as_bytes()


def test_an_mhtml_page_imports_with_its_url_and_save_time(tmp_path: Path, realworld_dir: Path) -> None:
    page = (realworld_dir / "html" / "bbc.com.52241221.html").read_bytes()
    path = tmp_path / "saved.mhtml"
    path.write_bytes(_mhtml(page, resources=300))  # many resources side by side are a real page
    [document] = load_documents(path)
    assert document.source_format == "mhtml" and "Coronavirus" in document.text
    assert (document.captured_from, document.captured_at) == (URL, "2022-03-01T10:00:00+00:00")
    assert document.original == path.read_bytes() and document.original_type == "multipart/related"


def test_an_mhtml_with_a_thousand_nested_parts_is_refused(tmp_path: Path) -> None:
    inner = b"<html><body><p>deep</p></body></html>"
    body = inner
    for depth in range(1000):
        boundary = f"b{depth}"
        body = (
            f'Content-Type: multipart/related; boundary="{boundary}"\r\n\r\n--{boundary}\r\n'.encode()
            + body
            + f"\r\n--{boundary}--\r\n".encode()
        )
    path = tmp_path / "nested.mht"
    path.write_bytes(b"MIME-Version: 1.0\r\n" + body)
    with pytest.raises(IngestError, match="nest"):
        load_documents(path)


def test_an_mhtml_without_a_page_says_so(tmp_path: Path) -> None:
    path = tmp_path / "empty.mhtml"
    message = EmailMessage()
    message.set_content("just text")
    path.write_bytes(message.as_bytes())
    with pytest.raises(IngestError, match="no text/html part"):
        load_documents(path)
