#!/usr/bin/env bash
# Sets everything up, then starts annotator on the sample project (created from seeds/ on first use).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --gui
exec .venv/bin/annotator --sample "$@"
