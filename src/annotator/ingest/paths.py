"""Turn the paths a user gave (files and folders) into the list of files to import."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from annotator.ingest.errors import IngestError


def expand_paths(
    paths: Iterable[Path | str], suffixes: frozenset[str] | set[str]
) -> tuple[list[Path], list[IngestError]]:
    """Files named directly are kept whatever their suffix; folders contribute files with `suffixes`.

    Folders are walked recursively following symlinks, with each real folder visited once, so a
    symlink loop ends instead of recursing forever. Problems are returned, not raised, so one bad
    path never stops the others from importing.
    """
    files: list[Path] = []
    problems: list[IngestError] = []
    seen_files: set[str] = set()

    def add(path: Path) -> None:
        real = os.path.realpath(path)
        if real not in seen_files:
            seen_files.add(real)
            files.append(path)

    for given in paths:
        path = Path(given)
        if path.is_dir():
            visited: set[str] = set()
            for folder, dirnames, filenames in os.walk(path, followlinks=True):
                real = os.path.realpath(folder)
                if real in visited:
                    problems.append(
                        IngestError(folder, "skipped: a symbolic link loops back to a folder already read")
                    )
                    dirnames.clear()
                    continue
                visited.add(real)
                dirnames.sort()
                for name in sorted(filenames):
                    candidate = Path(folder) / name
                    if name.startswith(".") or candidate.suffix.lower() not in suffixes:
                        continue
                    add(candidate)
        elif path.exists():
            # Files, and also pipes or devices named directly: the reader says why it refuses those.
            add(path)
        elif path.is_symlink():
            problems.append(IngestError(path, "is a broken symbolic link"))
        else:
            problems.append(IngestError(path, "does not exist"))
    return files, problems
