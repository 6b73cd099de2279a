"""Web archives made in the tests with warcio, as Webrecorder, Browsertrix and auto-archiver write them."""

from __future__ import annotations

import contextlib
import http.server
import io
import json
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

CAPTURED = "2022-03-01T10:00:00Z"
PDF_NAME = "Seige_of_Vicksburg_Sample_OCR-crazyones-merged.pdf"  # a real PDF that parses quickly


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


class _Site(http.server.BaseHTTPRequestHandler):
    pages: dict[str, tuple[str, bytes]] = {}
    release = threading.Event()

    def do_GET(self) -> None:  # noqa: N802
        if self.path == "/moved":
            self.send_response(302)
            self.send_header("Location", "/article")
            self.end_headers()
            return
        if self.path == "/slow":
            self.release.wait(30)  # until the test is over: the client gives up long before
            return
        if self.path not in self.pages:
            self.send_error(404, "Not Found")
            return
        media_type, body = self.pages[self.path]
        self.send_response(200)
        self.send_header("Content-Type", media_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass  # quiet test output


@contextlib.contextmanager
def serve(realworld_dir: Path) -> Iterator[str]:
    """A small web site on 127.0.0.1 (a free port): a page, a redirect to it, a PDF, JSON, a 404, and
    a page that never answers; its base URL."""
    _Site.pages = {
        "/article": (
            "text/html; charset=utf-8",
            (realworld_dir / "html" / "bbc.com.52241221.html").read_bytes(),
        ),
        "/paper.pdf": ("application/pdf", (realworld_dir / "pdf" / PDF_NAME).read_bytes()),
        "/data.json": ("application/json", b'{"a": 1}'),
    }
    _Site.release = threading.Event()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        _Site.release.set()
        server.shutdown()
        server.server_close()
        thread.join()
