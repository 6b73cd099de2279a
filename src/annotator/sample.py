"""The sample corpus: where its files are, and a project made from them for a new user's first run."""

from __future__ import annotations

import os
from pathlib import Path

from annotator.ops.annotators import ensure_annotator
from annotator.ops.importing import ImportOutcome, import_paths
from annotator.store.project import open_project


def seeds_dir() -> Path | None:
    """The sample corpus folder: $ANNOTATOR_SEEDS, else seeds/ of the checkout this code runs from."""
    candidates = [os.environ.get("ANNOTATOR_SEEDS", ""), str(Path(__file__).resolve().parents[2] / "seeds")]
    for candidate in candidates:
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    return None


def create_sample_project(path: Path, user_name: str) -> list[ImportOutcome]:
    """Create `path` as a new project holding the sample corpus (no-op import if it is not found)."""
    with open_project(path) as project:
        annotator_id = ensure_annotator(project, user_name)
        folder = seeds_dir()
        return import_paths(project, [folder], annotator_id) if folder is not None else []
