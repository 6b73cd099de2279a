"""JSON from files we did not write: every way the parser can fail becomes an IngestError with a reason."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from annotator.ingest.errors import IngestError

# A \u escape of a UTF-16 surrogate: json accepts a lone one, and the str it makes cannot be encoded
# as UTF-8, so SQLite (and every export) would fail on it later, far from the file.
SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def decode_json_prefix(path: Path, text: str, start: int = 0) -> tuple[object, int]:
    """The JSON value that starts at `start` in `text` and where it ends.

    Beyond malformed syntax, the parser raises RecursionError for deep nesting ([[[[... 100,000 levels)
    and a plain ValueError for an integer longer than Python converts (sys.get_int_max_str_digits());
    both, and lone surrogate escapes ("\\ud800"), are refused here with a sentence saying so.
    """
    try:
        value, end = json.JSONDecoder().raw_decode(text, start)
    except json.JSONDecodeError as error:
        raise IngestError(
            path, f"malformed JSON: {error.msg} at line {error.lineno}, column {error.colno}"
        ) from None
    except RecursionError:
        raise IngestError(path, "malformed JSON: it is nested too deeply to be read") from None
    except ValueError as error:
        if "integer string conversion" in str(error):
            reason = f"a number in it has more than {sys.get_int_max_str_digits():,} digits"
        else:
            reason = str(error)
        raise IngestError(path, f"malformed JSON: {reason}") from None
    if SURROGATE_ESCAPE.search(text, start, end) and _has_lone_surrogate(value):
        raise IngestError(
            path,
            "malformed JSON: it holds a lone UTF-16 surrogate escape (such as \\ud800), which is not a "
            "character; fix the file or export it again",
        )
    return value, end


def decode_json(path: Path, text: str) -> object:
    """The one JSON value `text` holds (white space around it allowed); IngestError otherwise."""
    start = len(text) - len(text.lstrip())
    value, end = decode_json_prefix(path, text, start)
    if text[end:].strip():
        raise IngestError(path, "malformed JSON: there is more text after the JSON value")
    return value


def _has_lone_surrogate(value: object) -> bool:
    """Whether any string in the value (keys too) holds an unpaired surrogate; walked without
    recursion, as the value may be nested as deep as the parser allows."""
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                return True
        elif isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return False
