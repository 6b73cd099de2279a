"""The installed command itself, in a real process: the other CLI tests call the same `main` in-process."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from annotator import __version__


def test_python_m_annotator_imports_and_exits_nonzero_on_a_bad_file(tmp_path: Path, seeds_dir: Path) -> None:
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    result = subprocess.run(
        [sys.executable, "-m", "annotator", "import", tmp_path / "p.sqlite", seeds_dir, bad],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert result.returncode == 1
    assert "5 imported, 0 already in the project, 1 failed" in result.stderr
    assert f"error: {bad}: the file is empty" in result.stderr


def test_the_console_script_is_installed() -> None:
    script = shutil.which("annotator", path=str(Path(sys.executable).parent))
    assert script is not None
    result = subprocess.run([script, "--version"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    assert result.stdout.strip() == f"annotator {__version__}"
