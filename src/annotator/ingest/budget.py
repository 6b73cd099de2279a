"""What one file may cost an import (pages, decompressed bytes, seconds), and Cancel checked within it."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from annotator.ingest.errors import IngestError

MIB = 1024 * 1024
# A PDF's text is read page by page, and pypdf parses each page's content streams in pure Python at
# about 1 MB/s. A small file can hold far more than it seems: a 77 kB PDF whose 2,000 pages share one
# highly compressible 64 MiB stream costs 10 s per page, hours in all. The real-world PDFs in
# ../shared/realworld have at most 1.2 MB of content on a page (a scan's OCR layer) and 1.2 MB in all.
MAX_PAGES = 10_000
MAX_PAGE_CONTENT_BYTES = 16 * MIB
MAX_CONTENT_BYTES = 128 * MIB
# Reading one file may take this long; checked between pages (a page is bounded by the limits above).
MAX_SECONDS = 120.0


class ImportCancelled(Exception):
    """The user cancelled while a file was being read; nothing of it is stored."""


@dataclass(frozen=True)
class Budget:
    """The limits every file of an import is held to, and the question whether the user cancelled."""

    max_pages: int = MAX_PAGES
    max_page_content_bytes: int = MAX_PAGE_CONTENT_BYTES
    max_content_bytes: int = MAX_CONTENT_BYTES
    max_seconds: float = MAX_SECONDS
    should_cancel: Callable[[], bool] | None = None

    def meter(self, path: Path) -> Meter:
        """A fresh account for reading one file, its clock started now."""
        return Meter(self, Path(path))


class Meter:
    """What reading one file has used so far; each check raises IngestError naming the limit passed,
    or ImportCancelled."""

    def __init__(self, budget: Budget, path: Path) -> None:
        self.budget = budget
        self.path = path
        self.started = time.monotonic()
        self.content_bytes = 0

    def step(self) -> None:
        """Called between units of work (pages): stop if the user cancelled or time is up."""
        if self.budget.should_cancel is not None and self.budget.should_cancel():
            raise ImportCancelled(str(self.path))
        seconds = time.monotonic() - self.started
        if seconds > self.budget.max_seconds:
            raise IngestError(
                self.path,
                f"reading it took more than {self.budget.max_seconds:g} seconds, the limit for one file; "
                "not imported (split the file, or save its text in another format)",
            )

    def pages(self, count: int) -> None:
        if count > self.budget.max_pages:
            raise IngestError(
                self.path,
                f"it has {count:,} pages; files with more than {self.budget.max_pages:,} pages are not "
                "imported (split the file first)",
            )

    def page_content(self, number: int, size: int) -> None:
        """Account for the decompressed content of page `number` (1-based) before it is parsed."""
        if size > self.budget.max_page_content_bytes:
            raise IngestError(
                self.path,
                f"page {number} holds {_mib(size)} MiB of content once decompressed; the limit is "
                f"{_mib(self.budget.max_page_content_bytes)} MiB per page, against decompression bombs; "
                "not imported",
            )
        self.content_bytes += size
        if self.content_bytes > self.budget.max_content_bytes:
            raise IngestError(
                self.path,
                f"its pages hold more than {_mib(self.budget.max_content_bytes)} MiB of content once "
                f"decompressed (reached at page {number}), the limit for one file, against decompression "
                "bombs; not imported (split the file first)",
            )

    def unpacked(self, size: int) -> None:
        """Account for `size` bytes unpacked from an archive (a WARC's gzip, a WACZ's zip)."""
        self.content_bytes += size
        if self.content_bytes > self.budget.max_content_bytes:
            raise IngestError(
                self.path,
                f"it unpacks to more than {_mib(self.budget.max_content_bytes)} MiB of pages, the limit for "
                "one file, against decompression bombs; not imported (split the archive first)",
            )


def _mib(size: int) -> str:
    return f"{size / MIB:,.0f}" if size >= MIB else f"{size / MIB:.2f}"
