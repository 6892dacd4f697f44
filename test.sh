#!/usr/bin/env bash
# Set up (first time only) and run every check: ruff, mypy and the whole pytest suite.
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/setup.sh
export QT_QPA_PLATFORM=offscreen
echo "== ruff"
.venv/bin/ruff check .
.venv/bin/ruff format --check .
echo "== mypy"
.venv/bin/mypy desktop_app benchmarks
echo "== pytest"
# Four workers on two cores: much of the suite waits on fsync, PostgreSQL and subprocesses.
.venv/bin/python -m pytest -n 4 "$@"
