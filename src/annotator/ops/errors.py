"""What an operation may fail with while changing nothing, and the sentence a user reads about it."""

from __future__ import annotations

import sqlite3

from annotator.store.project import ProjectError

# What an operation may fail with and leave nothing changed: the project busy past the timeout or
# otherwise refused (ProjectError), an edit that validation refused (ValueError and its ClaimError,
# EventError, ...), a row another process removed meanwhile (LookupError), or SQLite itself.
OPERATION_ERRORS: tuple[type[BaseException], ...] = (ProjectError, ValueError, LookupError, sqlite3.Error)


def describe_error(error: BaseException) -> str:
    """A sentence for the user about why an operation failed; nothing was changed."""
    if isinstance(error, ProjectError):
        return f"The project {error.path.name} {error.reason}"
    if isinstance(error, LookupError):
        return "Something it needs no longer exists (was it removed in another window?); nothing was changed."
    if isinstance(error, sqlite3.Error):
        return f"The project could not be changed ({error}); nothing was changed."
    sentence = str(error)
    return sentence[:1].upper() + sentence[1:] + ("" if sentence.endswith((".", "!", "?")) else ".")
