"""Draw the app's icon files for the installer from resources/icons/app.svg (with Qt).

python installer/make_icons.py OUT_DIR     writes app.png (256 px), app.ico and app.icns
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtGui import QGuiApplication

from desktop_app import resources

SIZE = 256


def main(out: Path) -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    out.mkdir(parents=True, exist_ok=True)
    image = resources.icon("app").pixmap(SIZE, SIZE).toImage()
    for name in ("app.png", "app.ico", "app.icns"):
        if not image.save(str(out / name)) and name == "app.png":
            print(f"could not write {out / name}", file=sys.stderr)
            return 1
    del app
    print(f"icons written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "build/installer")))
