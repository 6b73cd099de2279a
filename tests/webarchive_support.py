"""Web archives made in the tests with warcio, as Webrecorder, Browsertrix and auto-archiver write them."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

CAPTURED = "2022-03-01T10:00:00Z"


def _write(writer: WARCWriter, record: object) -> None:
    writer.write_record(record)
    # warcio buffers a record of unknown length in a temporary file it leaves open.
    record.raw_stream.close()  # type: ignore[attr-defined]


def warc_bytes(pages: list[tuple[str, bytes]], gzip: bool = True, extra_image: bool = True) -> bytes:
    """A WARC with a request and a response record per page (and an image response, to be skipped)."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gzip)
    for url, body in pages:
        request = StatusAndHeaders("GET / HTTP/1.1", [("Host", "example.org")], is_http_request=True)
        _write(
            writer,
            writer.create_warc_record(
                url, "request", http_headers=request, warc_headers_dict={"WARC-Date": CAPTURED}
            ),
        )
        headers = StatusAndHeaders(
            "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
        )
        _write(
            writer,
            writer.create_warc_record(
                url,
                "response",
                payload=io.BytesIO(body),
                http_headers=headers,
                warc_headers_dict={"WARC-Date": CAPTURED},
            ),
        )
    if extra_image:
        image = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
        _write(
            writer,
            writer.create_warc_record(
                "https://example.org/logo.png", "response", payload=io.BytesIO(b"\x89PNG"), http_headers=image
            ),
        )
    return out.getvalue()


def write_wacz(
    path: Path, pages: list[tuple[str, bytes]], extra_members: dict[str, bytes] | None = None
) -> Path:
    """A WACZ: the WARC under archive/, the page list, and a datapackage.json, as WACZ 1.1 lays out."""
    listing = [json.dumps({"format": "json-pages-1.0", "id": "pages", "title": "All Pages"})]
    listing += [json.dumps({"url": url, "ts": CAPTURED, "title": url}) for url, _ in pages]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("archive/data.warc.gz", warc_bytes(pages))
        archive.writestr("pages/pages.jsonl", "\n".join(listing) + "\n")
        archive.writestr("datapackage.json", json.dumps({"profile": "data-package", "wacz_version": "1.1.1"}))
        for name, data in (extra_members or {}).items():
            archive.writestr(name, data)
    return path
