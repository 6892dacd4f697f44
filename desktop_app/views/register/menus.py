"""Right-click menus of the register: every code, grouped by what it means, with its description."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPoint
from PySide6.QtWidgets import QMenu, QWidget

from desktop_app.domain.codes import CODES, CodeError, Group, check_code_for_session
from desktop_app.domain.codes import Session as RegisterSession
from desktop_app.domain.permissions import Action, allowed

if TYPE_CHECKING:
    from desktop_app.views.register.screen import RegisterScreen

#: The menu's sections, in the order a tutor looks for them.
CODE_GROUPS: tuple[tuple[str, tuple[Group, ...]], ...] = (
    ("Present", (Group.PRESENT,)),
    ("Approved educational activity", (Group.APPROVED_ACTIVITY,)),
    ("Leave of absence (authorised)", (Group.LEAVE_OF_ABSENCE,)),
    ("Other authorised absence", (Group.OTHER_AUTHORISED,)),
    ("Unavoidable cause (not counted)", (Group.UNAVOIDABLE_CAUSE,)),
    ("Unauthorised absence", (Group.UNAUTHORISED,)),
    ("Not counted / administrative", (Group.NOT_COUNTED, Group.ADMINISTRATIVE)),
)


def codes_for(session: RegisterSession, groups: tuple[Group, ...]) -> list[str]:
    """The codes of these groups that may be recorded in this session, in the code list's order."""
    found = []
    for code, info in CODES.items():
        if info.group not in groups:
            continue
        try:
            check_code_for_session(code, session)
        except CodeError:
            continue
        found.append(code)
    return found


def add_code_menus(
    menu: QMenu, session: RegisterSession, choose: Callable[[str], object], enabled: bool = True
) -> None:
    """One submenu per group; each action reads "code — meaning" and calls choose(code)."""
    for title, groups in CODE_GROUPS:
        submenu = menu.addMenu(title)
        submenu.setEnabled(enabled)
        for code in codes_for(session, groups):
            action = submenu.addAction(f"{code}  —  {CODES[code].meaning}")
            action.setData(code)
            action.triggered.connect(lambda _checked=False, c=code: choose(c))


def new_menu(parent: QWidget) -> QMenu:
    menu = QMenu(parent)
    menu.setToolTipsVisible(True)
    return menu


class RegisterMenus:
    """The screen's right-click menus: on a cell, on a session header, on a learner's name."""

    def __init__(self, screen: RegisterScreen) -> None:
        self.screen = screen
        screen.grid.customContextMenuRequested.connect(self._cell_menu_at)
        screen.grid.horizontalHeader().customContextMenuRequested.connect(self._header_menu_at)
        screen.names.customContextMenuRequested.connect(self._name_menu_at)

    def cell_menu(self, index: QModelIndex) -> QMenu:
        """Codes by meaning, then Arrived now, History…, the column and the learner."""
        screen, model = self.screen, self.screen.model
        menu = new_menu(screen)
        cell = model.cell(index.row(), index.column())
        day, session = model.session_of(index.column())
        add_code_menus(menu, session, lambda code: screen.commit(index, code), not cell.locked)
        menu.addSeparator()
        arrived = menu.addAction("Arrived now", lambda: screen.arrived_now(index))
        arrived.setEnabled(day == screen.now().date() and not cell.locked)
        menu.addAction("History…", lambda: screen.show_history(index))
        menu.addSeparator()
        label = f"Mark all unmarked present ({day:%a} {session.value})"
        menu.addAction(label, lambda: screen.mark_column_present(index.column()))
        self._add_pattern_action(menu, index.row())
        return menu

    def header_menu(self, column: int) -> QMenu:
        menu = new_menu(self.screen)
        if self.screen.model.is_session(column):
            action = menu.addAction("Mark all unmarked present")
            action.triggered.connect(lambda: self.screen.mark_column_present(column))
        return menu

    def name_menu(self, row: int) -> QMenu:
        menu = new_menu(self.screen)
        learner = self.screen.model.learner(row)
        for label, hook in self.screen.learner_actions:
            action = menu.addAction(label.format(name=learner.name))
            action.triggered.connect(partial(hook, learner.learner_id))
        if self.screen.learner_actions:
            menu.addSeparator()
        self._add_pattern_action(menu, row)
        return menu

    def _add_pattern_action(self, menu: QMenu, row: int) -> None:
        name = self.screen.model.learner(row).name
        action = menu.addAction(f"Planned pattern for {name}…")
        action.triggered.connect(lambda: self.screen.open_pattern(row))
        if not allowed(self.screen.user.role, Action.MANAGE_LEARNERS):
            action.setEnabled(False)
            action.setToolTip("Only the attendance officer, DSL or director can set a pattern")

    def _cell_menu_at(self, pos: QPoint) -> None:
        grid = self.screen.grid
        index = grid.indexAt(pos)
        if index.isValid() and self.screen.model.is_session(index.column()):
            grid.setCurrentIndex(index)
            self.cell_menu(index).exec(grid.viewport().mapToGlobal(pos))

    def _header_menu_at(self, pos: QPoint) -> None:
        header = self.screen.grid.horizontalHeader()
        self.header_menu(header.logicalIndexAt(pos)).exec(header.mapToGlobal(pos))

    def _name_menu_at(self, pos: QPoint) -> None:
        index = self.screen.names.indexAt(pos)
        if index.isValid():
            self.name_menu(index.row()).exec(self.screen.names.viewport().mapToGlobal(pos))
