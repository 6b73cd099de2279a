"""What the import-linter contracts in pyproject.toml cannot see: their own completeness, and SQL in the GUI.

The contracts themselves run in scripts/test.sh (`lint-imports`), before the tests.
"""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "src" / "annotator"
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))

# Declared dependencies the domain may use, with the reason given in the contract.
DOMAIN_MAY_USE = {"python-dateutil", "rapidfuzz"}
# Where a distribution's import name differs from its own name.
IMPORT_NAMES = {
    "PySide6-Essentials": "PySide6",
    "PySide6-Addons": "PySide6",
    "PySide6-WebEngine": "PySide6",
    "fpdf2": "fpdf",
    "sqlite-utils": "sqlite_utils",
    "python-docx": "docx",
    "Jinja2": "jinja2",
    "scikit-learn": "sklearn",
}


def _contract(name_start: str) -> dict[str, object]:
    contracts = PYPROJECT["tool"]["importlinter"]["contracts"]
    return next(c for c in contracts if c["name"].startswith(name_start))


def _distribution(requirement: str) -> str:
    return re.split(r"[<>=!~;\[ ]", requirement, maxsplit=1)[0]


def test_every_dependency_but_the_named_ones_is_forbidden_in_the_domain() -> None:
    declared = {_distribution(r) for r in PYPROJECT["project"]["dependencies"]} - DOMAIN_MAY_USE
    forbidden = set(_contract("The domain")["forbidden_modules"])  # type: ignore[arg-type]
    missing = {IMPORT_NAMES.get(name, name.replace("-", "_")) for name in declared} - forbidden
    assert missing == set(), "add these to the domain contract's forbidden_modules in pyproject.toml"


def _sql_calls(path: Path) -> list[str]:
    calls = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in {"execute", "executemany", "executescript", "query"}
        ):
            calls.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    return calls


def test_the_gui_runs_no_sql() -> None:
    offenders = [call for path in sorted((PACKAGE / "gui").rglob("*.py")) for call in _sql_calls(path)]
    assert offenders == [], "read through annotator.store queries, write through annotator.ops"


def test_the_sql_check_sees_sql() -> None:
    # Guards the test above against passing vacuously: the store does run SQL this way.
    assert _sql_calls(PACKAGE / "store" / "queries.py")
