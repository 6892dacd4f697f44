#!/usr/bin/env bash
# Set up (first time only) and start Provision Register. Arguments go to the app, e.g.
#   ./start.sh --database /path/to/register.sqlite      (the window)
#   ./start.sh stats --user director                    (a command)
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/setup.sh
exec .venv/bin/python -m desktop_app "$@"
