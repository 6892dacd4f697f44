"""Starting the window: the application, the first-run welcome, signing in, the main window.

An existing register is opened on a worker thread while the sign-in window is already up
(background_open), so nothing here imports SQLAlchemy before that window shows; a register that
cannot be opened closes it and goes through the same prompts as before.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from desktop_app import APP_NAME, __version__, resources
from desktop_app.background_open import Opening
from desktop_app.config import database_url, default_database_path, sqlite_path
from desktop_app.longlived import keep_for_good
from desktop_app.services.errors import ServiceError
from desktop_app.views.common import options
from desktop_app.views.common.collector import GuiThreadCollector
from desktop_app.views.shell.passphrase_dialog import PassphrasePrompt
from desktop_app.views.shell.sign_in_dialog import SignInDialog

# Only what the sign-in window needs is imported above, so it shows quickly: no SQLAlchemy, no
# models. The register's services, the main window, the first-run welcome and the
# damaged-register dialogs are imported when first needed (the worker imports most of them).
if TYPE_CHECKING:
    from desktop_app.services.auth import StaffUser
    from desktop_app.services.database import Database, DatabaseKey
    from desktop_app.views.shell.next_step import NextStep

ORGANISATION = "Provision Register"
DEMO_FILE = "demo.sqlite"


#: How long a Python thread runs before another may take the interpreter (Python's default 5 ms).
SWITCH_INTERVAL_S = 0.0005


def configure(app: QApplication) -> None:
    """Names (for QSettings), icon, style and stylesheet shared by every window."""
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORGANISATION)
    app.setApplicationVersion(__version__)
    app.setWindowIcon(resources.icon("app"))
    app.setStyle("Fusion")
    app.setStyleSheet(resources.stylesheet())
    # Reads run on the thread pool in Python; the GUI thread lets go of the interpreter at every
    # Qt call and, by default, may then wait 5 ms to have it back while a read computes. At
    # 0.5 ms the window keeps answering while a read runs (measured: benchmarks/gui_stalls.py).
    sys.setswitchinterval(SWITCH_INTERVAL_S)


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
    from desktop_app.services.provision import provision_details

    return provision_details(db).name


def _place(url: str) -> str:
    path = sqlite_path(url)
    return str(path.resolve()) if path is not None else url


def remembered_name(url: str) -> str:
    """The provision's name as last seen in this register, else its file name (it is not open)."""
    try:
        names = json.loads(options.get(options.PROVISION_NAMES))
    except ValueError:
        names = {}
    known = names.get(_place(url)) if isinstance(names, dict) else None
    if isinstance(known, str) and known:
        return known
    path = sqlite_path(url)
    return path.name if path is not None else APP_NAME


def remember_name(url: str, name: str) -> None:
    """Keep the provision's name for the next start's sign-in window."""
    if name and remembered_name(url) != name:
        try:
            names = json.loads(options.get(options.PROVISION_NAMES))
        except ValueError:
            names = {}
        names = names if isinstance(names, dict) else {}
        options.put(options.PROVISION_NAMES, json.dumps({**names, _place(url): name}))


def location(db: Database) -> str:
    """Where the database is, as a person would look for it."""
    path = sqlite_path(db.url)
    return str(path) if path is not None else db.url


def _show(dialog: QDialog) -> bool:
    return ask(dialog)  # looked up when called, so a test's replacement of `ask` is used


def passphrase_prompt() -> PassphrasePrompt:
    """The `ask` callback for services: the passphrase dialog, shown through `ask`."""
    return PassphrasePrompt(show=_show)


#: What signing in and the first page need, imported on the worker once the register is open,
#: while the person types (nothing in them makes Qt objects when imported).
WARM_UP = (
    "desktop_app.services.auth",
    "desktop_app.services.staff",
    "desktop_app.services.integrity_file",
    "desktop_app.views.common.context",
    "desktop_app.views.shell.auto_backup",
    "desktop_app.views.shell.main_window",
    "desktop_app.views.today.page",
)


def warm_up() -> None:
    import importlib

    for name in WARM_UP:
        importlib.import_module(name)
    from datetime import date

    from desktop_app.domain.calendar import england_bank_holidays

    # The holidays package loads every country's rules on first use (about 70 ms with the
    # interpreter held): here, while the person types, not in the first read after sign-in.
    england_bank_holidays([date.today().year])
    keep_for_good("start-up")  # modules, classes, mappers: alive as long as the app


def open_register(url: str) -> Session | None:
    """The register to use, signed in already if it was opened behind the sign-in window;
    None if the person chose to quit."""
    path = sqlite_path(url)
    if path is None or path.exists():
        return open_while_signing_in(url)
    prompt = passphrase_prompt()
    from desktop_app.views.shell.welcome_dialog import WelcomeDialog

    welcome = WelcomeDialog(url, demo_url_for(url), ask=prompt)
    if not ask(welcome):
        return None
    if welcome.existing_url is not None:  # "Open an existing register…": as any register
        return open_while_signing_in(welcome.existing_url)
    if welcome.database is None:
        return None
    if welcome.created:
        show_recovery_key(welcome.database, welcome.form.value("name"))
        return Session(welcome.database, welcome.form.value("username").strip())
    return Session(welcome.database, "director" if welcome.demo is not None else "")


def open_while_signing_in(url: str) -> Session | None:
    """Show the sign-in window at once and open the register behind it (Sign in is on once it
    is open). If it cannot be opened the window closes and the same prompts as ever follow:
    the damaged register and its backups, the passphrase again. None if the person quit."""
    prompt = passphrase_prompt()
    opening = Opening(url, prompt, warm_up=warm_up)
    dialog = SignInDialog(None, remembered_name(url))
    opening.sig_finished.connect(lambda: _hand_over(opening, dialog))
    opening.start()
    try:
        signed_in = ask(dialog)
    finally:
        opening.sig_finished.disconnect()  # from now on the outcome is read here, not shown
        opening.wait()  # never abandoned: an upgrade under way finishes
    opened = opening.opened
    if opened is not None and (signed_in or dialog.failed):  # failed: not set up, said later
        remember_name(url, opened.name)
        return Session(opened.db, "", opened.name, dialog.user)
    if opened is not None:
        opened.db.dispose()  # the person quit
    if opening.error is None or not dialog.failed:
        return None
    db = after_failed_open(url, opening.error, prompt)
    return None if db is None else Session(db, "")


def _hand_over(opening: Opening, dialog: SignInDialog) -> None:
    """On the GUI thread when the worker ends: let the person sign in, or close to say why."""
    opened = opening.opened
    if opened is not None and opened.initialised:
        dialog.set_database(opened.db, opened.name)
        from desktop_app.views.shell.warm_qt import warm_type_lookup

        warm_type_lookup()  # while the person types, not inside signing in
    else:
        dialog.open_failed()


def show_recovery_key(db: Database, provision: str) -> None:
    """Once, for a new encrypted register whose key is in the keyring: the key to print."""
    if db.recovery_key:
        from desktop_app.views.shell.recovery_key_dialog import RecoveryKeyDialog

        ask(RecoveryKeyDialog(db.recovery_key, provision))


def open_existing(url: str, prompt: PassphrasePrompt) -> Database | None:
    """Open the register; if it cannot be read, offer the newest good backup (None: quit)."""
    from desktop_app.services.database import open_database

    try:
        return open_database(url, ask=prompt)
    except Exception as error:
        return after_failed_open(url, error, prompt)


def after_failed_open(url: str, error: Exception, prompt: PassphrasePrompt) -> Database | None:
    """An unreadable register file: offer the newest good backup (None: quit). Anything else
    (an unreachable server, a refused or cancelled key, a failed upgrade) is raised again."""
    from desktop_app.services.database import DatabaseUnreadable

    if not isinstance(error, DatabaseUnreadable) or sqlite_path(url) is None:
        raise error
    return offer_restore(url, str(error), prompt)


def backup_key(url: str, prompt: PassphrasePrompt) -> DatabaseKey | None:
    """The key backups of an encrypted register are made with (None if it cannot be found)."""
    from desktop_app.services.database import is_encrypted_file

    path = sqlite_path(url)
    if path is None or not is_encrypted_file(url):
        return None
    from desktop_app.services.keys import existing_key

    try:
        return existing_key(path, prompt.again)
    except ServiceError:
        return None


def offer_restore(url: str, problem: str, prompt: PassphrasePrompt) -> Database | None:
    from desktop_app.services.backup import newest_good_backup
    from desktop_app.views.common import options
    from desktop_app.views.common.busy import busy
    from desktop_app.views.shell.damaged_dialog import DamagedDatabaseDialog

    key = backup_key(url, prompt)
    folder = options.backup_folder()
    register = sqlite_path(url)
    stem = register.stem if register is not None else ""
    with busy():
        found = newest_good_backup(folder, key, stem)
    typed = prompt.typed is not None
    dialog = DamagedDatabaseDialog(url, problem, found, key, folder, can_retry=typed)
    if not ask(dialog):
        return None
    if dialog.retry:
        return open_existing(url, passphrase_prompt())
    return dialog.database


def restore_backup(db: Database, backup: Path) -> Database:
    """Put a backup in place of the open register (which is closed first) and open it again."""
    from desktop_app.services.backup import restore
    from desktop_app.services.database import open_database
    from desktop_app.views.common.busy import busy

    path, url, key = sqlite_path(db.url), db.url, db.key
    db.dispose()
    if path is not None:
        try:
            with busy():
                kept = restore(path, backup, key, datetime.now())
        except (ServiceError, OSError) as error:
            tell(f"The backup was not restored: {error}. The register is as it was.", True)
        else:
            tell(f"The backup {backup.name} was restored. The register as it was is kept: {kept}.")
    return open_database(url, key=key)


def tell(text: str, problem: bool = False) -> None:
    """A message with an OK button, shown through `ask`."""
    icon = QMessageBox.Icon.Warning if problem else QMessageBox.Icon.Information
    ask(QMessageBox(icon, APP_NAME, text))


def sign_in(db: Database, name: str, username: str) -> StaffUser | None:
    dialog = SignInDialog(db, name, username)
    return dialog.user if ask(dialog) else None


def _application(qt_args: list[str]) -> QApplication:
    existing = QApplication.instance()
    if existing is not None:
        return cast(QApplication, existing)
    return QApplication([sys.argv[0] if sys.argv else APP_NAME, *qt_args])


def _fail(message: str) -> int:
    ask(QMessageBox(QMessageBox.Icon.Critical, APP_NAME, message))
    return 1


_collector: list[GuiThreadCollector] = []


def run_gui(args: list[str]) -> int:
    """Open the window on the chosen database; the exit status for the process."""
    choice, qt_args = parse_args(args)
    app = _application(qt_args)
    configure(app)
    _collector.append(GuiThreadCollector(app))
    _collector[0].start()  # cycles are freed on the GUI thread only (views/common/collector.py)
    url = database_url(choice)
    try:
        session = open_register(url)
    except Exception as error:  # an unreachable database or a refused key: say so and stop
        return _fail(f"Could not open the register at {url}:\n{error}")
    if session is None:
        return 0
    try:
        return _signed_in_session(app, session)
    finally:
        session.db.dispose()


@dataclass
class Session:
    """The register in use (it changes after encryption or a restore), who to suggest, and
    (when it was opened behind the sign-in window) the provision's name and who signed in."""

    db: Database
    username: str
    name: str = ""
    user: StaffUser | None = None


def _signed_in_session(app: QApplication, session: Session) -> int:
    """Sign in, run the window, and again after signing out or restoring, until quitting."""
    from desktop_app.services.provision import is_initialised
    from desktop_app.views.shell.next_step import After

    user = session.user
    if user is None and not is_initialised(session.db):
        return _fail(f"The database at {location(session.db)} has not been set up.")
    name = session.name or provision_name(session.db)
    if user is None:
        user = sign_in(session.db, name, session.username)
    status = 0
    while user is not None:
        step, status = _run_window(app, session.db, user, name)
        if step.after is After.QUIT:
            break
        if step.after is After.REOPEN and step.database is not None:
            session.db = step.database  # the same person carries on, on the encrypted register
            continue
        if step.after is After.RESTORE and step.backup is not None:
            session.db = restore_backup(session.db, step.backup)
        user = sign_in(session.db, name, "")
    return status


def _run_window(
    app: QApplication, db: Database, user: StaffUser, name: str
) -> tuple[NextStep, int]:
    from desktop_app.views.common.context import AppContext
    from desktop_app.views.shell.auto_backup import BackupSchedule
    from desktop_app.views.shell.main_window import MainWindow

    schedule = BackupSchedule(db)
    window = MainWindow(AppContext(db, user, name, location(db)), backups=schedule)
    schedule.start()
    window.show()
    warn_about_clock(window, db)
    status = run_event_loop(app)
    step = window.next_step
    window.deleteLater()
    return step, status


def warn_about_clock(window: QWidget, db: Database) -> None:
    """Say so at once when this computer's clock runs behind the register's newest record:
    marks, arrivals and the absconding clock would all be timed wrongly."""
    from desktop_app.services.integrity_file import clock_warning

    warning = clock_warning(db)
    if warning:
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "Check this computer's clock",
            warning,
            QMessageBox.StandardButton.Ok,
            window,
        )
        box.open()
