"""Batch subcommands of the `annotator` command line, one module each.

Each module defines NAME, HELP, `add_arguments(parser)` and `run(options) -> int` (the exit code);
cli.py finds them here, so adding a subcommand touches no shared list.
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType


def subcommands() -> dict[str, ModuleType]:
    modules = {}
    for info in pkgutil.iter_modules(__path__):
        if not info.name.startswith("_"):
            module = importlib.import_module(f"{__name__}.{info.name}")
            modules[module.NAME] = module
    return dict(sorted(modules.items()))
