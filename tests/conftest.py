"""Shared test setup: headless Qt, paths to the sample corpus and the real-world inputs."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Set before any test imports PySide6, so every QApplication is created headless.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
REALWORLD = REPO.parent / "shared" / "realworld"


@pytest.fixture
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture
def realworld_dir() -> Path:
    if not REALWORLD.is_dir():
        pytest.skip(f"real-world inputs not found at {REALWORLD}")
    return REALWORLD
