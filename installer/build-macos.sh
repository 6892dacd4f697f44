#!/usr/bin/env bash
# Build "dist/Provision Register.app" (one folder inside the bundle), then run its self-test.
set -euo pipefail
cd "$(dirname "$0")/.."
python3.11 -m venv .venv 2>/dev/null || true
.venv/bin/python -m pip install --quiet -e ".[installer]"
.venv/bin/python installer/make_icons.py build/installer
.venv/bin/pyinstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller installer/provision-register.spec
QT_QPA_PLATFORM=offscreen dist/ProvisionRegister/provision-register --self-test
echo "built: dist/Provision Register.app"
