"""Save screenshots of every page and the first-run dialogs to docs/screenshots (offscreen).

Run with `make screenshots`. The demo provision is built in a temporary folder; the status bar and
the welcome dialog show the default locations, as a person using the app would see them.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from desktop_app.app import configure, demo_url_for, provision_name  # noqa: E402
from desktop_app.config import database_url, default_database_path  # noqa: E402
from desktop_app.services.auth import authenticate  # noqa: E402
from desktop_app.services.database import open_database  # noqa: E402
from desktop_app.services.demo import DemoResult, build_demo  # noqa: E402
from desktop_app.views.context import AppContext  # noqa: E402
from desktop_app.views.main_window import PAGES, MainWindow  # noqa: E402
from desktop_app.views.sign_in_dialog import SignInDialog  # noqa: E402
from desktop_app.views.welcome_dialog import WelcomeDialog  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
WINDOW_SIZE = (1280, 800)
EXAMPLE_FORM = {
    "name": "Oakfield Alternative Provision",
    "username": "jo",
    "full_name": "Jo Adeyemi",
    "password": "short",
    "confirm": "shorter",
}


def save(widget: QWidget, name: str) -> None:
    """Show the widget, let it lay out and paint, and write name.png."""
    widget.show()
    for _ in range(3):
        QApplication.processEvents()
    target = OUT / f"{name}.png"
    if not widget.grab().save(str(target)):
        raise OSError(f"could not write {target}")
    print(f"wrote {target.relative_to(ROOT)}")


def save_welcome(register_url: str, demo: DemoResult) -> None:
    """The welcome dialog's three pages; the form shows what a mistake looks like."""
    welcome = WelcomeDialog(register_url, demo_url_for(register_url))
    save(welcome, "welcome")
    welcome.pages.setCurrentWidget(welcome.form)
    for key, text in EXAMPLE_FORM.items():
        welcome.form.edits[key].setText(text)
    welcome.form.show_problems(welcome.form.problems())
    save(welcome, "welcome_new_register")
    welcome.accounts.set_accounts(demo)
    welcome.pages.setCurrentWidget(welcome.accounts)
    save(welcome, "welcome_demo_accounts")
    welcome.close()


def main() -> int:
    app = QApplication([sys.argv[0], *sys.argv[1:]])
    configure(app)
    OUT.mkdir(parents=True, exist_ok=True)
    shown_register = database_url(str(default_database_path()))
    with tempfile.TemporaryDirectory(prefix="provision-register-") as folder:
        db = open_database(database_url(str(Path(folder) / "demo.sqlite")), create=True)
        try:
            demo = build_demo(db)
            password = next(p for user, _role, p in demo.staff if user == "director")
            user = authenticate(db, "director", password)
            name = provision_name(db)
            shown_demo = demo_url_for(shown_register).removeprefix("sqlite:///")
            window = MainWindow(AppContext(db, user, name, shown_demo))
            window.resize(*WINDOW_SIZE)
            for row, (label, _icon, _page) in enumerate(PAGES):
                window.show_page(row)
                save(window, label.lower())
            window.close()
            save_welcome(shown_register, demo)
            save(SignInDialog(db, name, "director"), "sign_in")
        finally:
            db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
