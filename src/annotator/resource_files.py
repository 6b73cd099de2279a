"""The files in the repository's top-level `resources/` folder (our JSON-LD context, say), by name.

They sit beside `src/`, so a source checkout and an editable install (how annotator is run, see the
README) find them here; `tests/test_resources.py` checks that every file the code names exists.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

RESOURCES = Path(__file__).resolve().parents[2] / "resources"


def resource_path(name: str) -> Path:
    return RESOURCES / name


@functools.cache
def _load_json(name: str) -> str:
    return resource_path(name).read_text(encoding="utf-8")


def load_json(name: str) -> Any:
    """A resource parsed afresh (callers may change what they get), read from disk once."""
    return json.loads(_load_json(name))
