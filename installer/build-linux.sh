#!/usr/bin/env bash
# Build the Linux one-folder app, then run its self-test off screen.
#   installer/build-linux.sh            -> dist/ProvisionRegister/  (and its self-test)
# PyInstaller is installed into .venv only here (the [installer] extra), never for dev.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
start=$(date +%s)
if ! .venv/bin/python -c "import PyInstaller" 2>/dev/null; then
  .venv/bin/python -m pip install --quiet -e ".[installer]"
fi
.venv/bin/python installer/make_icons.py build/installer
.venv/bin/pyinstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller installer/provision-register.spec
echo "== self-test of the built app"
QT_QPA_PLATFORM=offscreen dist/ProvisionRegister/provision-register --self-test
echo "built dist/ProvisionRegister in $(( $(date +%s) - start )) s (self-test included)"
