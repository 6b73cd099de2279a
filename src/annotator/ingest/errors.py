"""Errors an importer raises: each names the file and says, in plain words, what is wrong with it."""

from __future__ import annotations

from pathlib import Path


class IngestError(Exception):
    """A file could not be imported; `reason` is a sentence fit to show a user."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


WRONG_PASSWORD = "the password is wrong"


class PasswordRequired(IngestError):
    """An encrypted PDF needs a password that was not given (or the given one is wrong)."""

    def __init__(self, path: Path | str, wrong_password: bool = False) -> None:
        reason = WRONG_PASSWORD if wrong_password else "password required: the PDF is encrypted"
        super().__init__(path, reason)
        self.wrong_password = wrong_password
