"""The main window: wires the navigation, the pages and the status bar together."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from desktop_app import APP_NAME, resources
from desktop_app.views import labels
from desktop_app.views.context import AppContext
from desktop_app.views.learners_page import LearnersPage
from desktop_app.views.register_page import RegisterPage
from desktop_app.views.reports_page import ReportsPage
from desktop_app.views.settings_page import SettingsPage
from desktop_app.views.today_page import TodayPage

PageFactory = Callable[[AppContext], QWidget]

#: (navigation label, icon name, page) in navigation order; Ctrl+1 is the first.
PAGES: tuple[tuple[str, str, PageFactory], ...] = (
    ("Today", "today", TodayPage),
    ("Register", "register", RegisterPage),
    ("Learners", "learners", LearnersPage),
    ("Reports", "reports", ReportsPage),
    ("Settings", "settings", SettingsPage),
)


class MainWindow(QMainWindow):
    """Navigation on the left, the chosen page on the right, who and where in the status bar."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{APP_NAME} — {context.provision_name}")
        self.setWindowIcon(resources.icon("app"))
        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setIconSize(QSize(20, 20))
        self.navigation.setFixedWidth(200)
        self.stack = QStackedWidget()
        self.pages: dict[str, QWidget] = {}
        for number, (name, icon_name, factory) in enumerate(PAGES, start=1):
            self._add_page(number, name, icon_name, factory(context))
        self.navigation.currentRowChanged.connect(self.stack.setCurrentIndex)
        self._lay_out()
        self._fill_status_bar(context)
        self.show_page(0)
        self.resize(1180, 760)

    def _add_page(self, number: int, name: str, icon_name: str, page: QWidget) -> None:
        item = QListWidgetItem(resources.icon(icon_name), name)
        item.setToolTip(f"{name} (Ctrl+{number})")
        self.navigation.addItem(item)
        self.stack.addWidget(page)
        self.pages[name] = page
        shortcut = QShortcut(QKeySequence(f"Ctrl+{number}"), self)
        shortcut.activated.connect(lambda row=number - 1: self.show_page(row))

    def _lay_out(self) -> None:
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.navigation)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

    def _fill_status_bar(self, context: AppContext) -> None:
        user = context.user
        self.user_label = QLabel(f"Signed in as {user.full_name} · {labels.role(user.role)}")
        self.location_label = QLabel(f"Database: {context.location}")
        self.location_label.setToolTip(context.location)
        self.statusBar().addWidget(self.user_label)
        self.statusBar().addPermanentWidget(self.location_label)

    def show_page(self, row: int) -> None:
        """Show the page at row in the navigation (0 is Today)."""
        self.navigation.setCurrentRow(row)

    def current_page(self) -> QWidget | None:
        return self.stack.currentWidget()
