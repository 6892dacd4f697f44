"""The Settings page: a tab for each part, shown only to the roles allowed to use it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from desktop_app.domain.permissions import Action, allowed
from desktop_app.views.common.context import AppContext
from desktop_app.views.common.widgets import text_label
from desktop_app.views.settings.absconding import AbscondingPanel
from desktop_app.views.settings.account import ChangePasswordPanel
from desktop_app.views.settings.backups import BackupsPanel
from desktop_app.views.settings.groups import GroupsPanel
from desktop_app.views.settings.mail import MailPanel
from desktop_app.views.settings.retention import RetentionPanel
from desktop_app.views.settings.security import SecurityPanel
from desktop_app.views.settings.staff_page import StaffPanel
from desktop_app.views.settings.thresholds import ThresholdsPanel
from desktop_app.views.settings.times import SessionTimesPanel

PanelFactory = Callable[[AppContext], QWidget]

#: (tab title, the action a role needs to see it, None for everyone, the panel), in tab order.
TABS: tuple[tuple[str, Action | None, PanelFactory], ...] = (
    ("Your password", None, ChangePasswordPanel),
    ("Staff", Action.MANAGE_STAFF, StaffPanel),
    ("Security", Action.MANAGE_SETTINGS, SecurityPanel),
    ("Backups", Action.BACKUPS, BackupsPanel),
    ("Retention", Action.MANAGE_SETTINGS, RetentionPanel),
    ("Absconding", Action.MANAGE_SETTINGS, AbscondingPanel),
    ("Mail", Action.MANAGE_SETTINGS, MailPanel),
    ("Session times", Action.MANAGE_SETTINGS, SessionTimesPanel),
    ("Groups", Action.MANAGE_SETTINGS, GroupsPanel),
    ("Thresholds", Action.MANAGE_SETTINGS, ThresholdsPanel),
)


class SettingsPage(QWidget):
    """Everyone can change their password; the director also sees staff, security, backups
    and retention."""

    sig_database_replaced = Signal(object)  # the register was encrypted and reopened
    sig_restore_requested = Signal(object)  # put this backup (a Path) in place of the register

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tabs = QTabWidget()
        self.tabs.setTabBarAutoHide(True)
        self.tabs.setDocumentMode(True)
        self.panels: dict[str, QWidget] = {}
        for title, action, factory in TABS:
            if action is None or allowed(context.user.role, action):
                self.panels[title] = factory(context)
                self.tabs.addTab(_padded(self.panels[title]), title)
        self._connect()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 20)
        layout.setSpacing(8)
        layout.addWidget(text_label("Settings", "heading"))
        layout.addSpacing(6)
        layout.addWidget(self.tabs, 1)

    def _connect(self) -> None:
        security = self.panels.get("Security")
        if isinstance(security, SecurityPanel):
            security.sig_database_replaced.connect(self.sig_database_replaced)
        backups = self.panels.get("Backups")
        if isinstance(backups, BackupsPanel):
            backups.sig_restore_requested.connect(self.sig_restore_requested)

    def show_tab(self, title: str) -> None:
        titles = [self.tabs.tabText(i) for i in range(self.tabs.count())]
        self.tabs.setCurrentIndex(titles.index(title))


def _padded(panel: QWidget) -> QWidget:
    holder = QWidget()
    layout = QVBoxLayout(holder)
    layout.setContentsMargins(2, 14, 2, 2)
    layout.addWidget(panel)
    return holder
