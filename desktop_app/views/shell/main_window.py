"""The main window: wires the navigation, the pages, the idle lock and the status bar together."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app import APP_NAME, resources
from desktop_app.domain.permissions import Action, allowed
from desktop_app.views.absconding.banner import IncidentBar
from desktop_app.views.absconding.desk import IncidentDesk
from desktop_app.views.absconding.lock_panel import LockedIncidents
from desktop_app.views.common import labels, options
from desktop_app.views.common.context import AppContext
from desktop_app.views.common.fit import open_within_screen
from desktop_app.views.common.remote_changes import RemoteChanges
from desktop_app.views.sending.menu import install_send_menu
from desktop_app.views.sending.pump import OutboxPump
from desktop_app.views.shell import warm_imports
from desktop_app.views.shell.auto_backup import BackupSchedule
from desktop_app.views.shell.idle_watcher import IdleWatcher
from desktop_app.views.shell.lock_screen import LockScreen
from desktop_app.views.shell.next_step import After, NextStep
from desktop_app.views.shell.pages import Pages, PageSpec
from desktop_app.views.shell.window_lock import WindowLock

if TYPE_CHECKING:
    from desktop_app.services.database import Database

#: (navigation label, icon name, "module:factory") in navigation order; Ctrl+1 is the first.
#: A page's module is imported and the page built when it is first shown.
PAGES: tuple[PageSpec, ...] = (
    PageSpec("Today", "today", "desktop_app.views.today.page:TodayPage"),
    PageSpec("Register", "register", "desktop_app.views.register.page:RegisterPage"),
    PageSpec("Learners", "learners", "desktop_app.views.learners.page:LearnersPage"),
    PageSpec("Reports", "reports", "desktop_app.views.reports.page:ReportsPage"),
    PageSpec("Settings", "settings", "desktop_app.views.settings.page:SettingsPage"),
)


def allowed_page(spec: PageSpec, context: AppContext) -> bool:
    return spec.needs is None or allowed(context.user.role, spec.needs)


#: Pages after those, each shown only to roles allowed the action (Ctrl+6 onwards).
ROLE_PAGES: tuple[PageSpec, ...] = (
    PageSpec("Audit", "audit", "desktop_app.views.audit.page:AuditPage", Action.VIEW_AUDIT),
    PageSpec(
        "Calendar",
        "calendar",
        "desktop_app.views.calendar.page:CalendarPage",
        Action.MANAGE_CALENDAR,
    ),
)
#: The size the window opens at where the screen has room (within the screen where not).
PREFERRED_SIZE = QSize(1180, 760)
#: After the first page is painted, the register is built too, so the status bar can count the
#: week's missing marks (ms after the window is shown).
WARM_REGISTER_MS = 150


class MainWindow(QMainWindow):
    """Navigation on the left, the chosen page on the right, who and where in the status bar.

    After idle_timeout_ms without input (the idle-lock preference unless given) the content is
    hidden behind a lock screen. `next_step` says what run_gui does once the window closes.
    """

    sig_window_closed = Signal()

    def __init__(
        self,
        context: AppContext,
        parent: QWidget | None = None,
        *,
        idle_timeout_ms: int | None = None,
        backups: BackupSchedule | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.next_step = NextStep()
        self.setWindowTitle(f"{APP_NAME} — {context.provision_name}")
        self.setWindowIcon(resources.icon("app"))
        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setIconSize(QSize(20, 20))
        self.navigation.setFixedWidth(200)
        self.stack = QStackedWidget()
        self.missing_label = QLabel()
        self._shortcuts: list[QShortcut] = []
        self.pages = self._add_pages(context)
        self.navigation.currentRowChanged.connect(self._show_row)
        #: Open absconding incidents: their dialogs, reopened at sign-in, and the red bar.
        self.incidents = IncidentDesk(context, self, self.is_locked)
        self._lay_out(context)
        self._fill_status_bar(context)
        self._watch_idleness(idle_timeout_ms)
        #: Queued email handed to the mail server off the GUI thread; what waits is shown.
        self.outbox = OutboxPump(context, self)
        self.outbox.sig_outbox_said.connect(self.show_message)
        #: On a PostgreSQL register: what other PCs save reaches this window's change bus.
        self.remote = RemoteChanges(context, self) if RemoteChanges.wanted(context) else None
        if self.remote is not None:
            self.remote.start()
        self._add_menu()
        self.backups = backups
        if backups is not None:
            backups.sig_backup_failed.connect(self.show_message)
            app = QApplication.instance()
            if app is not None:
                app.aboutToQuit.connect(self._quit_backup)
        self._choose_first_page()
        open_within_screen(self, PREFERRED_SIZE)
        QTimer.singleShot(0, self.incidents, self.incidents.reopen_all)
        #: After the first page is up: the register (for the status bar), then the outbox.
        self._warm = QTimer(self, singleShot=True, interval=WARM_REGISTER_MS)
        self._warm.timeout.connect(self._warm_register)
        self._warm.timeout.connect(self.outbox.start)
        self._warm.timeout.connect(self._warm_imports)
        self._warm.start()

    def _choose_first_page(self) -> None:
        """Today is chosen now and built on a later turn of the event loop, so that signing in
        is two short steps (the window, then the page) rather than one long one. (A timer, not a
        queued call: the event loop paints and reads input between the two.)"""
        blocked = self.navigation.blockSignals(True)
        self.navigation.setCurrentRow(0)
        self.navigation.blockSignals(blocked)
        self._first_page = QTimer(self, singleShot=True, interval=0)
        self._first_page.timeout.connect(self._build_first_page)
        self._first_page.start()

    def _build_first_page(self) -> None:
        self._show_row(self.navigation.currentRow())  # Today, or a page opened meanwhile
        # The page takes the keys at once (Today: its worklist), not the first button in the
        # window, which was "Learner left site".
        page = self.stack.currentWidget()
        if page is not None:
            page.setFocus(Qt.FocusReason.OtherFocusReason)

    def _add_pages(self, context: AppContext) -> Pages:
        shown = [spec for spec in PAGES + ROLE_PAGES if allowed_page(spec, context)]
        for number, spec in enumerate(shown, start=1):
            self._add_navigation(number, spec)
        return Pages(self.stack, shown, context, self._page_built)

    def _add_navigation(self, number: int, spec: PageSpec) -> None:
        item = QListWidgetItem(resources.icon(spec.icon, resources.SMALL_SIZES), spec.name)
        item.setToolTip(f"{spec.name} (Ctrl+{number})")
        self.navigation.addItem(item)
        shortcut = QShortcut(QKeySequence(f"Ctrl+{number}"), self)
        shortcut.activated.connect(lambda row=number - 1: self.show_page(row))
        self._shortcuts.append(shortcut)

    def _show_row(self, row: int) -> None:
        """Build the page on first showing, then show it."""
        if row >= 0:
            self.stack.setCurrentWidget(self.pages.at(row))

    def _page_built(self, name: str, page: QWidget) -> None:
        """Wire what the window needs from a page once it exists."""
        missing = getattr(page, "sig_missing_changed", None)
        if missing is not None:
            missing.connect(self._show_missing)
            self._show_missing(getattr(page, "missing", 0))
        counts = getattr(page, "sig_counts_changed", None)
        if counts is not None:  # the number of items to act on beside the page's name (Today)
            item = self.navigation.findItems(name, Qt.MatchFlag.MatchExactly)[0]
            counts.connect(lambda n: item.setText(f"{name} ({n})" if n else name))
        asks = getattr(page, "sig_open_requested", None)
        if asks is not None:  # Today's set-up checklist opens a page (and its tab)
            asks.connect(self.open_part)
        replaced = getattr(page, "sig_database_replaced", None)
        if replaced is not None:
            replaced.connect(self._reopen)
            page.sig_restore_requested.connect(self._restore)  # type: ignore[attr-defined]

    def _warm_register(self) -> None:
        """Build the register once the first page is up, so the missing-marks count shows."""
        if "Register" in self.pages and not self.is_locked():
            self.pages["Register"]

    def _warm_imports(self) -> None:
        """The other pages' code, imported off the GUI thread so opening one does not stall."""
        shown = [spec for spec in PAGES + ROLE_PAGES if allowed_page(spec, self.context)]
        warm_imports.warm(spec.factory.split(":")[0] for spec in shown)

    def _add_menu(self) -> None:
        """Lock now (Ctrl+L), Sign out and Quit, where people look for them."""
        menu = self.menuBar().addMenu("&Provision")
        lock = menu.addAction("&Lock now", self.lock)
        lock.setShortcut(QKeySequence("Ctrl+L"))
        menu.addAction("&Sign out", self.sign_out)
        menu.addSeparator()
        menu.addAction("&Quit", QKeySequence.StandardKey.Quit, self.close)
        install_send_menu(self, self.context, self.outbox)

    def _lay_out(self, context: AppContext) -> None:
        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        self.incident_bar = IncidentBar(self.incidents)  # hidden with the content when locked
        column.addWidget(self.incident_bar)
        layout = QHBoxLayout()
        layout.setSpacing(0)
        layout.addWidget(self.navigation)
        layout.addWidget(self.stack, 1)
        column.addLayout(layout, 1)
        self.lock_screen = LockScreen(  # open incidents stay on show through the lock
            context.db,
            context.user,
            incidents=LockedIncidents(self.incidents),
            unsaved_form=self.incidents.start_form_waiting,
        )
        self.lock_screen.sig_sign_out_requested.connect(self.sign_out)
        self.screens = QStackedWidget()
        self.screens.addWidget(content)
        self.screens.addWidget(self.lock_screen)
        self.setCentralWidget(self.screens)

    def _fill_status_bar(self, context: AppContext) -> None:
        user = context.user
        self.user_label = QLabel(f"Signed in as {user.full_name} · {labels.role(user.role)}")
        self.location_label = QLabel(f"Database: {context.location}")
        self.location_label.setToolTip(context.location)
        self.statusBar().addWidget(self.user_label)
        self.statusBar().addWidget(self.missing_label)
        self.statusBar().addPermanentWidget(self.location_label)

    def _watch_idleness(self, timeout_ms: int | None) -> None:
        self.idle_watcher = IdleWatcher(timeout_ms or options.idle_lock_ms(), self)
        self.window_lock = WindowLock(
            self.screens, self.lock_screen, self.idle_watcher, self._shortcuts
        )
        self.window_lock.sig_lock_changed.connect(self.menuBar().setDisabled)
        if timeout_ms is None:
            options.changes.sig_option_changed.connect(self._option_changed)
        self.idle_watcher.start()

    def _option_changed(self, key: str, _value: object) -> None:
        if key == options.IDLE_LOCK_MINUTES.key:
            self.idle_watcher.set_timeout_ms(options.idle_lock_ms())

    def show_page(self, row: int) -> None:
        """Show the page at row in the navigation (0 is Today)."""
        self.navigation.setCurrentRow(row)

    def open_part(self, name: str, part: str) -> None:
        """Show the page called name and, if it has parts, the one named part."""
        if name not in self.pages:
            return
        self.show_page(self.pages.row_of(name))
        opener = getattr(self.pages[name], "open_part", None)
        if opener is not None and part:
            opener(part)

    def current_page(self) -> QWidget | None:
        return self.stack.currentWidget()

    def page_if_built(self, name: str) -> QWidget | None:
        """The page called name if it has been shown (or warmed) already; never builds it."""
        return self.pages[name] if self.pages.is_built(name) else None

    def _show_missing(self, count: int) -> None:
        """Missing marks in the week the register shows, beside who is signed in."""
        self.missing_label.setText(
            f"  ⚠ {count} missing {'mark' if count == 1 else 'marks'} in the register week"
            if count
            else "  No missing marks in the register week"
        )
        self.missing_label.setProperty("warning", bool(count))

    def show_message(self, text: str) -> None:
        """A message in the status bar until the next one (a failed backup, say)."""
        self.statusBar().showMessage(text)

    def lock(self) -> None:
        self.window_lock.lock()

    def is_locked(self) -> bool:
        return self.window_lock.is_locked()

    def finish(self, step: NextStep) -> None:
        """Close, telling run_gui what to do next."""
        self.next_step = step
        self.close()

    def sign_out(self) -> None:
        self.finish(NextStep(After.SIGN_OUT))

    def _reopen(self, database: object) -> None:
        self.finish(NextStep(After.REOPEN, database=cast("Database", database)))

    def _restore(self, backup: object) -> None:
        self.finish(NextStep(After.RESTORE, backup=cast(Path, backup)))

    def _quit_backup(self) -> None:
        """At application exit, the exit backup if closing the window has not made it."""
        if self.backups is not None:
            self.backups.finish(back_up=self.next_step.backs_up_on_exit)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Stop watching for idleness, make the backup on exit, and say the window is closed."""
        self.idle_watcher.stop()
        self._warm.stop()
        self.outbox.timer.stop()
        self.incidents.shutdown()
        if self.remote is not None:
            self.remote.stop()
        if self.backups is not None:
            self.backups.finish(back_up=self.next_step.backs_up_on_exit)
        super().closeEvent(event)
        self.sig_window_closed.emit()
