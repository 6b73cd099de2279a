"""Import by URL: fetch one page over http(s), write the exchange as a WARC, and read it as a document.

The WARC (a request and a response record, written with warcio) is the document's original, so what
the desk saw is kept as web archives keep it; redirects are followed and recorded. Only http and https,
a timeout on every read, a size cap on the body, and nothing but HTML pages and PDFs: a page is parsed,
never rendered, so no script runs and no further resource is fetched.
"""

from __future__ import annotations

import io
import socket
import ssl
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from email.message import Message
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from annotator import __version__
from annotator.domain.models import ImportedDocument, utc_now
from annotator.ingest.budget import Budget, Meter
from annotator.ingest.errors import IngestError

SCHEMES = ("http", "https")
TIMEOUT_SECONDS = 30.0
MAX_BODY_BYTES = 200 * 1024 * 1024  # a PDF's limit; an HTML page is held to the document limit after
MAX_REDIRECTS = 10
USER_AGENT = f"annotator/{__version__} (evidence capture)"


@dataclass
class FetchedPage:
    url: str  # the URL finally answered, after redirects
    status: int
    reason: str
    headers: list[tuple[str, str]]
    body: bytes
    redirects: list[str] = field(default_factory=list)  # every URL asked for before `url`
    fetched_at: str = ""

    @property
    def media_type(self) -> str:
        message = Message()
        message["Content-Type"] = dict((k.lower(), v) for k, v in self.headers).get("content-type", "")
        return message.get_content_type() if message["Content-Type"] else ""


class _Recorder(urllib.request.HTTPRedirectHandler):
    """Follows redirects within http(s), noting each hop."""

    def __init__(self) -> None:
        self.hops: list[str] = []

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        if urllib.parse.urlsplit(newurl).scheme not in SCHEMES:
            raise IngestError(Path(req.full_url), f"redirects to {newurl}, which is not http or https")
        if len(self.hops) >= MAX_REDIRECTS:
            raise IngestError(Path(req.full_url), f"redirects more than {MAX_REDIRECTS} times")
        self.hops.append(req.full_url)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def check_url(url: str) -> None:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme.lower() not in SCHEMES or not parts.netloc:
        raise IngestError(Path(url), "is not an http or https URL; only web pages are fetched")


def fetch(url: str, timeout: float = TIMEOUT_SECONDS) -> FetchedPage:
    """GET `url`; IngestError (naming the URL) for a bad scheme, timeout, TLS failure or HTTP error."""
    check_url(url)
    recorder = _Recorder()
    opener = urllib.request.build_opener(recorder)
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "text/html,*/*"})
    fetched_at = utc_now()
    try:
        with opener.open(request, timeout=timeout) as response:
            body = response.read(MAX_BODY_BYTES + 1)
            page = FetchedPage(
                url=response.geturl(),
                status=response.status,
                reason=response.reason or "",
                headers=list(response.headers.items()),
                body=body,
                redirects=recorder.hops,
                fetched_at=fetched_at,
            )
    except urllib.error.HTTPError as error:
        error.close()
        raise IngestError(
            Path(url), f"the server answered {error.code} {error.reason}; nothing imported"
        ) from None
    except TimeoutError:
        raise IngestError(Path(url), f"did not answer within {timeout:g} seconds; nothing imported") from None
    except urllib.error.URLError as error:
        reason = error.reason
        if isinstance(reason, TimeoutError | socket.timeout):
            raise IngestError(
                Path(url), f"did not answer within {timeout:g} seconds; nothing imported"
            ) from None
        if isinstance(reason, ssl.SSLError):
            raise IngestError(Path(url), f"its TLS connection failed ({reason}); nothing imported") from None
        raise IngestError(Path(url), f"could not be reached ({reason}); nothing imported") from None
    except ssl.SSLError as error:
        raise IngestError(Path(url), f"its TLS connection failed ({error}); nothing imported") from None
    except OSError as error:
        raise IngestError(Path(url), f"could not be fetched ({error}); nothing imported") from None
    if len(page.body) > MAX_BODY_BYTES:
        raise IngestError(
            Path(url), f"sends more than {MAX_BODY_BYTES // (1024 * 1024)} MiB; nothing imported"
        )
    return page


def as_warc(page: FetchedPage) -> bytes:
    """The exchange as a gzipped WARC: a request record and the response record with its payload."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    date = page.fetched_at.replace("+00:00", "Z")
    request = StatusAndHeaders(
        f"GET {urllib.parse.urlsplit(page.url).path or '/'} HTTP/1.1",
        [("Host", urllib.parse.urlsplit(page.url).netloc), ("User-Agent", USER_AGENT)],
        is_http_request=True,
    )
    request_record = writer.create_warc_record(
        page.url,
        "request",
        payload=io.BytesIO(b""),
        length=0,
        http_headers=request,
        warc_headers_dict={"WARC-Date": date},
    )
    writer.write_record(request_record)
    headers = StatusAndHeaders(f"{page.status} {page.reason}", page.headers, protocol="HTTP/1.1")
    response_record = writer.create_warc_record(
        page.url,
        "response",
        payload=io.BytesIO(page.body),
        length=len(page.body),
        http_headers=headers,
        warc_headers_dict={"WARC-Date": date},
    )
    writer.write_record(response_record)
    return out.getvalue()


def load_url(url: str, timeout: float = TIMEOUT_SECONDS, meter: Meter | None = None) -> ImportedDocument:
    """Fetch a page or PDF and read it as a document whose original is the WARC of the exchange."""
    page = fetch(url, timeout)
    name = Path(urllib.parse.urlsplit(page.url).path).name or urllib.parse.urlsplit(page.url).netloc
    where = Path(name)
    media_type = page.media_type
    if media_type == "application/pdf" or page.body.startswith(b"%PDF-"):
        from annotator.ingest.pdf import load_pdf

        document = load_pdf(where, page.body, None, meter or Budget().meter(where))
    elif media_type in ("text/html", "application/xhtml+xml"):
        from annotator.ingest import MAX_DOCUMENT_BYTES
        from annotator.ingest.html import load_html

        if len(page.body) > MAX_DOCUMENT_BYTES:
            limit = MAX_DOCUMENT_BYTES // (1024 * 1024)
            raise IngestError(Path(url), f"is an HTML page over {limit} MiB; nothing imported")
        document = load_html(where, page.body)
    else:
        raise IngestError(
            Path(url), f"is {media_type or 'of no stated type'}, not an HTML page or a PDF; nothing imported"
        )
    document.source_filename = page.url
    document.url = document.url or page.url
    document.original = as_warc(page)
    document.original_type = "application/warc"
    document.captured_at = page.fetched_at
    document.captured_from = page.url
    document.metadata["fetched"] = {"url": url, "final_url": page.url, "status": page.status}
    if page.redirects:
        document.metadata["fetched"]["redirects"] = [*page.redirects, page.url]  # type: ignore[index]
    return document
