"""Test helpers for files that must stay untouched: folder listings with bytes, and read-only places."""

from __future__ import annotations

import os
import stat
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def listing(folder: Path) -> dict[str, bytes]:
    """Every file in `folder` with its bytes: a side file appearing or a byte changing shows up."""
    return {entry.name: entry.read_bytes() for entry in sorted(folder.iterdir()) if entry.is_file()}


@contextmanager
def read_only(path: Path) -> Iterator[None]:
    """Make a file or folder read-only for this process for the block, even when tests run as root.

    Root ignores permission bits, so there the immutable attribute (chattr +i) is set as well.
    """
    mode = path.stat().st_mode
    path.chmod(mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    immutable = os.access(path, os.W_OK)
    if immutable:
        subprocess.run(["chattr", "+i", str(path)], check=True)
    assert not os.access(path, os.W_OK), f"{path} could not be made read-only"
    try:
        yield
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", str(path)], check=True)
        path.chmod(mode)
