"""Running the command line inside the test process: what a user's terminal would show, without a start-up."""

from __future__ import annotations

import contextlib
import io
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from annotator.cli import main


@dataclass
class CliResult:
    """The exit code and the two streams, as `subprocess.CompletedProcess` has them."""

    returncode: int
    stdout: str
    stderr: str


RunCli = Callable[..., CliResult]


def run_cli_in_process(*args: str | Path) -> CliResult:
    """`annotator ARGS...` through the same `main` as the installed command.

    Each stream is a real text stream over bytes, so commands that write bytes (`sys.stdout.buffer`,
    a PDF report) and commands that ask `isatty()` behave as they do with a pipe.
    """
    stdout = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline="")
    stderr = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline="")
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = stdout, stderr
    try:
        try:
            code = main([str(arg) for arg in args])
        except SystemExit as exit_:  # argparse's errors and --help
            code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 2)
    finally:
        sys.stdout, sys.stderr = saved
    with contextlib.ExitStack():
        stdout.flush()
        stderr.flush()
    return CliResult(
        code,
        stdout.buffer.getvalue().decode("utf-8"),  # type: ignore[attr-defined]
        stderr.buffer.getvalue().decode("utf-8"),  # type: ignore[attr-defined]
    )
