"""The command line: the GUI by default, batch subcommands (one module each in this package).

Each subcommand module defines NAME, HELP, `add_arguments(parser)` and `run(options) -> int` (the exit
code); `subcommands` finds them here, so adding a subcommand touches no shared list.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

from annotator import __version__


def subcommands() -> dict[str, ModuleType]:
    modules = {}
    for info in pkgutil.iter_modules(__path__):
        if not info.name.startswith("_"):
            module = importlib.import_module(f"{__name__}.{info.name}")
            modules[module.NAME] = module
    return dict(sorted(modules.items()))


def _batch_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="annotator", description="Claim annotation and fact-checking.")
    parser.add_argument("--version", action="version", version=f"annotator {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    for name, module in subcommands().items():
        module.add_arguments(commands.add_parser(name, help=module.HELP, description=module.HELP))
    return parser


def _gui_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="annotator",
        description="Claim annotation and fact-checking. Batch commands: "
        + ", ".join(subcommands())
        + " (annotator COMMAND --help).",
    )
    parser.add_argument("--version", action="version", version=f"annotator {__version__}")
    parser.add_argument(
        "project", type=Path, nargs="?", help="project to open or create (default: the last one)"
    )
    parser.add_argument(
        "--sample", action="store_true", help="open the sample project (created on first use)"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    commands = subcommands()
    if args and args[0] in commands:
        options = _batch_parser().parse_args(args)
        from annotator.store.project import ProjectError

        try:
            return int(commands[options.command].run(options))
        except ProjectError as error:
            # A project that turned out read-only or stayed locked: a sentence, never a traceback.
            print(f"error: {error}", file=sys.stderr)
            return 2
    options = _gui_parser().parse_args(args)
    from annotator.gui.app import run_gui  # Qt is loaded only when a window is wanted

    return run_gui(options.project, sample=options.sample)


if __name__ == "__main__":
    raise SystemExit(main())
