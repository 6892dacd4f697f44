"""The main window: wires the navigation, the pages, the idle lock and the status bar together."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QSize, QTimer, Signal
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
from desktop_app.views.common import labels
from desktop_app.views.common import options
from desktop_app.views.absconding.banner import IncidentBar
from desktop_app.views.absconding.desk import IncidentDesk
from desktop_app.views.audit.page import AuditPage
from desktop_app.views.shell.auto_backup import BackupSchedule
from desktop_app.views.common.context import AppContext
from desktop_app.views.shell.idle_watcher import IdleWatcher
from desktop_app.views.learners.page import LearnersPage
from desktop_app.views.shell.lock_screen import LockScreen
from desktop_app.views.shell.next_step import After, NextStep
from desktop_app.views.register.page import RegisterPage
from desktop_app.views.register.screen import RegisterScreen
from desktop_app.views.reports.page import ReportsPage
from desktop_app.views.settings.page import SettingsPage
from desktop_app.views.today.page import TodayPage
from desktop_app.views.shell.window_lock import WindowLock

if TYPE_CHECKING:
    from desktop_app.services.database import Database

PageFactory = Callable[[AppContext], QWidget]

#: (navigation label, icon name, page) in navigation order; Ctrl+1 is the first.
PAGES: tuple[tuple[str, str, PageFactory], ...] = (
    ("Today", "today", TodayPage),
    ("Register", "register", RegisterPage),
    ("Learners", "learners", LearnersPage),
    ("Reports", "reports", ReportsPage),
    ("Settings", "settings", SettingsPage),
)
#: Pages after those, each shown only to roles allowed the action (Ctrl+6 onwards).
ROLE_PAGES: tuple[tuple[str, str, PageFactory, Action], ...] = (
    ("Audit", "audit", AuditPage, Action.VIEW_AUDIT),
)


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
        self.pages: dict[str, QWidget] = {}
        self._shortcuts: list[QShortcut] = []
        self._add_pages(context)
        self.navigation.currentRowChanged.connect(self.stack.setCurrentIndex)
        #: Open absconding incidents: their dialogs, reopened at sign-in, and the red bar.
        self.incidents = IncidentDesk(context, self, self.is_locked)
        self._lay_out(context)
        self._fill_status_bar(context)
        self._watch_idleness(idle_timeout_ms)
        self._wire_settings()
        self.backups = backups
        if backups is not None:
            backups.sig_backup_failed.connect(self.show_message)
            app = QApplication.instance()
            if app is not None:
                app.aboutToQuit.connect(self._quit_backup)
        self.show_page(0)
        self.resize(1180, 760)
        QTimer.singleShot(0, self.incidents, self.incidents.reopen_all)

    def _add_pages(self, context: AppContext) -> None:
        shown = [(name, icon, page) for name, icon, page in PAGES]
        shown += [(n, i, p) for n, i, p, action in ROLE_PAGES if allowed(context.user.role, action)]
        for number, (name, icon_name, factory) in enumerate(shown, start=1):
            page = factory(context)
            if isinstance(page, RegisterScreen):
                self.missing_label = QLabel()
                page.sig_missing_changed.connect(self._show_missing)
                self._show_missing(page.missing)
            self._add_page(number, name, icon_name, page)

    def _add_page(self, number: int, name: str, icon_name: str, page: QWidget) -> None:
        item = QListWidgetItem(resources.icon(icon_name), name)
        item.setToolTip(f"{name} (Ctrl+{number})")
        self.navigation.addItem(item)
        self.stack.addWidget(page)
        self.pages[name] = page
        shortcut = QShortcut(QKeySequence(f"Ctrl+{number}"), self)
        shortcut.activated.connect(lambda row=number - 1: self.show_page(row))
        self._shortcuts.append(shortcut)

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
        self.lock_screen = LockScreen(context.db, context.user)
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
        if timeout_ms is None:
            options.changes.sig_option_changed.connect(self._option_changed)
        self.idle_watcher.start()

    def _wire_settings(self) -> None:
        settings = self.pages["Settings"]
        if isinstance(settings, SettingsPage):
            settings.sig_database_replaced.connect(self._reopen)
            settings.sig_restore_requested.connect(self._restore)

    def _option_changed(self, key: str, _value: object) -> None:
        if key == options.IDLE_LOCK_MINUTES.key:
            self.idle_watcher.set_timeout_ms(options.idle_lock_ms())

    def show_page(self, row: int) -> None:
        """Show the page at row in the navigation (0 is Today)."""
        self.navigation.setCurrentRow(row)

    def current_page(self) -> QWidget | None:
        return self.stack.currentWidget()

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
        self.incidents.shutdown()
        if self.backups is not None:
            self.backups.finish(back_up=self.next_step.backs_up_on_exit)
        super().closeEvent(event)
        self.sig_window_closed.emit()
