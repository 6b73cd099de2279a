"""The files of the `resources/` folder (our JSON-LD context, say), by name, wherever annotator runs from.

The repository keeps them in its top-level `resources/` folder, beside `src/`, which a source checkout
and an editable install read in place; a built wheel carries a copy of that folder as the package's
`annotator/resources` (setup.py's build step), which an installed annotator reads. `tests/test_resources.py`
checks that every file the code names exists, `tests/test_packaging.py` that a wheel carries them all.
"""

from __future__ import annotations

import functools
import json
from importlib.resources import files
from pathlib import Path
from typing import Any

# The source checkout's folder: src/annotator/resource_files.py -> <repo>/resources.
CHECKOUT_RESOURCES = Path(__file__).resolve().parents[2] / "resources"


def _resources_folder() -> Path:
    """The installed package's copy if there is one (an installed wheel), else the checkout's folder."""
    installed = files("annotator") / "resources"
    if isinstance(installed, Path) and installed.is_dir():
        return installed
    return CHECKOUT_RESOURCES


RESOURCES = _resources_folder()


def resource_path(name: str) -> Path:
    return RESOURCES / name


@functools.cache
def _load_json(name: str) -> str:
    return resource_path(name).read_text(encoding="utf-8")


def load_json(name: str) -> Any:
    """A resource parsed afresh (callers may change what they get), read from disk once."""
    return json.loads(_load_json(name))
