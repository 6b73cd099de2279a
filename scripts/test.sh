#!/usr/bin/env bash
# Sets everything up, then runs lint, type checks and the whole test suite headless.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export QT_QPA_PLATFORM=offscreen
.venv/bin/ruff check src tests benchmarks scripts
.venv/bin/ruff format --check src tests benchmarks scripts
.venv/bin/mypy
.venv/bin/lint-imports --no-cache --config pyproject.toml
.venv/bin/python -m pytest "$@"
