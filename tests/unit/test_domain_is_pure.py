"""The domain layer is pure Python: importing it loads neither Qt nor SQLAlchemy."""

from __future__ import annotations

import subprocess
import sys

MODULES = ["codes", "stats", "calendar", "watches", "upn", "sessions", "permissions"]


def test_domain_modules_import_without_qt_or_sqlalchemy() -> None:
    imports = "; ".join(f"import desktop_app.domain.{name}" for name in MODULES)
    script = (
        f"import sys; {imports}; "
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'sqlalchemy')); "
        "print(','.join(bad))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""
