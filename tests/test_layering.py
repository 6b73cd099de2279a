"""The architecture's dependency rules, checked on the source instead of remembered."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "annotator"

# Which first-level packages each layer may import from annotator (DESIGN.md section 4).
ALLOWED: dict[str, set[str]] = {
    "domain": {"domain"},
    "store": {"domain", "store"},
    "ingest": {"domain", "ingest"},
    "ops": {"domain", "store", "ingest", "ops"},
    "export": {"domain", "store", "export"},
    "commands": {"domain", "store", "ingest", "ops", "export", "commands", "identity"},
}


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_pyside6_is_imported_only_in_the_gui_package() -> None:
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in _modules()
        if "gui" not in path.relative_to(PACKAGE).parts
        and any(name.split(".")[0] in ("PySide6", "shiboken6") for name in _imports(path))
    ]
    assert offenders == []


def test_layers_import_only_downwards() -> None:
    violations = []
    for path in _modules():
        layer = path.relative_to(PACKAGE).parts[0]
        if layer not in ALLOWED:
            continue
        for name in _imports(path):
            parts = name.split(".")
            if parts[0] == "annotator" and len(parts) > 1 and parts[1] not in ALLOWED[layer]:
                violations.append(f"{path.relative_to(PACKAGE)} imports {name}")
    assert violations == []


def test_the_checks_see_the_real_tree() -> None:
    # Guards the two tests above against passing vacuously on an empty or moved package.
    layers = {path.relative_to(PACKAGE).parts[0] for path in _modules()}
    assert {"domain", "store", "ops", "ingest", "gui"} <= layers
    assert any("PySide6" in name for path in (PACKAGE / "gui").rglob("*.py") for name in _imports(path))
