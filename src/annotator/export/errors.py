"""The error an export raises when it cannot be produced; its message is fit to show a user."""

from __future__ import annotations


class ExportError(Exception):
    """An export that cannot be made (no usable font for a PDF, say); the message says why."""


class PdfFontError(ExportError):
    """No installed font can write the report's text."""
