"""Starting the window: the application, the first-run welcome, signing in, the main window."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, cast

from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from desktop_app import APP_NAME, __version__, resources
from desktop_app.config import database_url, default_database_path, sqlite_path
from desktop_app.services.auth import StaffUser
from desktop_app.services.database import open_database
from desktop_app.services.provision import is_initialised, provision_details
from desktop_app.views.context import AppContext
from desktop_app.views.main_window import MainWindow
from desktop_app.views.sign_in_dialog import SignInDialog
from desktop_app.views.welcome_dialog import WelcomeDialog

if TYPE_CHECKING:
    from desktop_app.services.database import Database

ORGANISATION = "Provision Register"
DEMO_FILE = "demo.sqlite"


def configure(app: QApplication) -> None:
    """Names (for QSettings), icon, style and stylesheet shared by every window."""
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORGANISATION)
    app.setApplicationVersion(__version__)
    app.setWindowIcon(resources.icon("app"))
    app.setStyle("Fusion")
    app.setStyleSheet(resources.stylesheet())


def parse_args(args: list[str]) -> tuple[str | None, list[str]]:
    """The --database choice, and every other argument (left for Qt, e.g. -platform)."""
    parser = argparse.ArgumentParser(prog="provision-register", add_help=False)
    parser.add_argument("--database", metavar="PATH_OR_URL")
    known, rest = parser.parse_known_args(args)
    return known.database, rest


def demo_url_for(url: str) -> str:
    """demo.sqlite in the same folder as the register (or the default folder for a server)."""
    path = sqlite_path(url) or default_database_path()
    return database_url(str(path.with_name(DEMO_FILE)))


def ask(dialog: QDialog) -> bool:
    """Show a dialog and wait; True if accepted. Tests replace this to drive dialogs."""
    return dialog.exec() == QDialog.DialogCode.Accepted


def run_event_loop(app: QApplication) -> int:
    """Run until the last window closes. Tests replace this."""
    return app.exec()


def provision_name(db: Database) -> str:
    """The provision's name, for titles."""
    return provision_details(db).name


def location(db: Database) -> str:
    """Where the database is, as a person would look for it."""
    path = sqlite_path(db.url)
    return str(path) if path is not None else db.url


def open_register(url: str) -> tuple[Database, str] | None:
    """The database to use and a username to suggest; None if the person chose to quit."""
    path = sqlite_path(url)
    if path is None or path.exists():
        return open_database(url), ""
    welcome = WelcomeDialog(url, demo_url_for(url))
    if not ask(welcome) or welcome.database is None:
        return None
    return welcome.database, ("director" if welcome.demo is not None else "")


def sign_in(db: Database, name: str, username: str) -> StaffUser | None:
    dialog = SignInDialog(db, name, username)
    return dialog.user if ask(dialog) else None


def _application(qt_args: list[str]) -> QApplication:
    existing = QApplication.instance()
    if existing is not None:
        return cast(QApplication, existing)
    return QApplication([sys.argv[0] if sys.argv else APP_NAME, *qt_args])


def _fail(message: str) -> int:
    QMessageBox.critical(None, APP_NAME, message)
    return 1


def run_gui(args: list[str]) -> int:
    """Open the window on the chosen database; the exit status for the process."""
    choice, qt_args = parse_args(args)
    app = _application(qt_args)
    configure(app)
    url = database_url(choice)
    try:
        opened = open_register(url)
    except Exception as error:  # a damaged or unreachable database: say so and stop
        return _fail(f"Could not open the register at {url}:\n{error}")
    if opened is None:
        return 0
    db, username = opened
    try:
        return _signed_in_session(app, db, username)
    finally:
        db.dispose()


def _signed_in_session(app: QApplication, db: Database, username: str) -> int:
    if not is_initialised(db):
        return _fail(f"The database at {location(db)} has not been set up.")
    name = provision_name(db)
    user = sign_in(db, name, username)
    if user is None:
        return 0
    window = MainWindow(AppContext(db, user, name, location(db)))
    window.show()
    return run_event_loop(app)
