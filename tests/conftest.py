"""Shared test setup: headless Qt, paths to the sample corpus and the real-world inputs, the command line."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cli_support import RunCli, run_cli_in_process

# Set before any test imports PySide6, so every QApplication is created headless.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The report preview's Chromium draws in software here: there is no GPU on a headless machine, and
# without this flag it first tries one and warns that it fell back.
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--disable-gpu")

from annotator.gui.web_engine import prepare_web_engine  # noqa: E402 - after the platform is chosen

# As the application does before its QApplication; any test may open the export dialog.
prepare_web_engine()

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
REALWORLD = REPO.parent / "shared" / "realworld"


@pytest.fixture
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture
def realworld_dir() -> Path:
    # Required, never skipped: a suite that passes without the real inputs proves nothing about them.
    assert REALWORLD.is_dir(), f"the real-world inputs are missing: expected {REALWORLD} (the team's shared/)"
    return REALWORLD


@pytest.fixture
def run_cli() -> RunCli:
    """`run_cli("import", project, path)`: the command line, in this process (see cli_support)."""
    return run_cli_in_process
