"""The Settings page: a tab for each part, shown only to the roles allowed to use it."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QMargins, Signal
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QTabWidget, QVBoxLayout, QWidget

from desktop_app.domain.permissions import Action, allowed
from desktop_app.views.common.context import AppContext
from desktop_app.views.common.fit import FollowingScrollArea
from desktop_app.views.common.lazy_tabs import LazyTabs
from desktop_app.views.common.widgets import text_label
from desktop_app.views.settings.absconding import AbscondingPanel
from desktop_app.views.settings.account import ChangePasswordPanel
from desktop_app.views.settings.backups import BackupsPanel
from desktop_app.views.settings.groups import GroupsPanel
from desktop_app.views.settings.mail import MailPanel
from desktop_app.views.settings.provision import ProvisionPanel
from desktop_app.views.settings.retention import RetentionPanel
from desktop_app.views.settings.security import SecurityPanel
from desktop_app.views.settings.staff_page import StaffPanel
from desktop_app.views.settings.thresholds import ThresholdsPanel
from desktop_app.views.settings.times import SessionTimesPanel

PanelFactory = Callable[[AppContext], QWidget]

#: (title, the action a role needs to see it, None for everyone, the panel), in the order a new
#: provision sets itself up.
TABS: tuple[tuple[str, Action | None, PanelFactory], ...] = (
    ("Your password", None, ChangePasswordPanel),
    ("Provision", Action.MANAGE_SETTINGS, ProvisionPanel),
    ("Session times", Action.MANAGE_SETTINGS, SessionTimesPanel),
    ("Groups", Action.MANAGE_SETTINGS, GroupsPanel),
    ("Staff", Action.MANAGE_STAFF, StaffPanel),
    ("Thresholds", Action.MANAGE_SETTINGS, ThresholdsPanel),
    ("Absconding", Action.MANAGE_SETTINGS, AbscondingPanel),
    ("Mail", Action.MANAGE_SETTINGS, MailPanel),
    ("Security", Action.MANAGE_SETTINGS, SecurityPanel),
    ("Backups", Action.BACKUPS, BackupsPanel),
    ("Retention", Action.MANAGE_SETTINGS, RetentionPanel),
)

#: The least share of a part's height kept in view before the window stops shrinking.
SCROLL_LEAST = 0.3


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
        #: Each panel is made (and reads its data) the first time its tab is shown.
        self.panels = LazyTabs(self.tabs, QMargins(2, 14, 2, 2), self._connect)
        for title, action, factory in TABS:
            if action is None or allowed(context.user.role, action):
                self.panels.add(title, partial(factory, context))
        self.sections = self._section_list()
        #: A long part (Session times, Mail) scrolls down on a small screen; the focus in view.
        policy = self.tabs.sizePolicy()
        policy.setHeightForWidth(True)  # so the scroll area makes room for wrapped text
        self.tabs.setSizePolicy(policy)
        self.part_scroll = FollowingScrollArea(self.tabs, SCROLL_LEAST)
        # a part made on showing may need more room: the scroll area's minimum is its part's
        self.tabs.currentChanged.connect(lambda _index: self.part_scroll.updateGeometry())
        body = QHBoxLayout()
        body.setSpacing(18)
        body.addWidget(self.sections)
        body.addWidget(self.part_scroll, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 20)
        layout.setSpacing(8)
        layout.addWidget(text_label("Settings", "heading"))
        layout.addSpacing(6)
        layout.addLayout(body, 1)

    def _section_list(self) -> QListWidget:
        """The parts of Settings as a list down the left (eleven tabs would not fit across);
        the tab widget shows the chosen one. A single part needs no list."""
        self.tabs.tabBar().hide()
        sections = QListWidget()
        sections.setObjectName("settingsSections")
        sections.addItems([self.tabs.tabText(i) for i in range(self.tabs.count())])
        sections.setFixedWidth(170)
        sections.setVisible(self.tabs.count() > 1)
        sections.setCurrentRow(self.tabs.currentIndex())
        sections.currentRowChanged.connect(self.tabs.setCurrentIndex)
        self.tabs.currentChanged.connect(sections.setCurrentRow)
        return sections

    def _connect(self, _title: str, panel: QWidget) -> None:
        if isinstance(panel, SecurityPanel):
            panel.sig_database_replaced.connect(self.sig_database_replaced)
        if isinstance(panel, BackupsPanel):
            panel.sig_restore_requested.connect(self.sig_restore_requested)

    def show_tab(self, title: str) -> None:
        titles = [self.tabs.tabText(i) for i in range(self.tabs.count())]
        self.tabs.setCurrentIndex(titles.index(title))

    def open_part(self, part: str) -> None:
        """Show the tab called part (the set-up checklist opens its steps here)."""
        if part:
            self.show_tab(part)
