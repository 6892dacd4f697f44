"""Settings › Groups (director): add, rename and archive groups, link tutors, move a learner
to another group from a date."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.services import groups as service
from desktop_app.services.errors import ServiceError
from desktop_app.services.staff import list_staff
from desktop_app.views.common import operations
from desktop_app.views.common.changes import Change, Kind
from desktop_app.views.common.context import AppContext
from desktop_app.views.common.widgets import button, text_label

HEADERS = ("Group", "Tutors", "Learners on roll", "")
RULE = (
    "A tutor's register opens on their group. Moving a learner takes effect from the date "
    "chosen: the registers of earlier weeks still show them in the group they were in. A group "
    "can be archived once no learner on roll is in it."
)


class GroupsPanel(QWidget):
    """The groups table and one row of controls for each action."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.groups: list[service.GroupInfo] = []
        self.table = _table()
        self.name = QLineEdit()
        self.name.setPlaceholderText("Group name")
        self.add_button, self.rename_button = button("Add group"), button("Rename selected")
        self.archive_button = button("Archive / restore selected")
        self.tutor = QComboBox()
        self.link_button, self.unlink_button = button("Link to selected"), button("Unlink")
        self.learner, self.to_group = QComboBox(), QComboBox()
        self.since = QDateEdit()
        self.since.setCalendarPopup(True)
        self.since.setDisplayFormat("dd/MM/yyyy")
        self.move_button = button("Move learner")
        self.message = text_label("", "muted")
        self._wire()
        self._lay_out()
        self.refresher = operations.Refresher(self, self.refresh)
        for signal in (context.changes.sig_groups_changed, context.changes.sig_staff_changed):
            signal.connect(self.refresher.request)
        context.changes.sig_learners_changed.connect(self.refresher.request)
        self.refresh()

    def _wire(self) -> None:
        self.add_button.clicked.connect(self.add)
        self.rename_button.clicked.connect(self.rename)
        self.archive_button.clicked.connect(self.archive)
        self.link_button.clicked.connect(lambda: self.link(True))
        self.unlink_button.clicked.connect(lambda: self.link(False))
        self.move_button.clicked.connect(self.move_learner)

    def _lay_out(self) -> None:
        controls = QGridLayout()
        controls.setHorizontalSpacing(8)
        rows: list[tuple[str, list[QWidget]]] = [
            ("Name", [self.name, self.add_button, self.rename_button, self.archive_button]),
            ("Tutor", [self.tutor, self.link_button, self.unlink_button]),
            ("Learner", [self.learner, self.to_group, self.since, self.move_button]),
        ]
        for row, (caption, widgets) in enumerate(rows):
            controls.addWidget(text_label(caption, "muted"), row, 0)
            # each row its own line (not columns across the rows), so the panel fits a laptop
            line = QHBoxLayout()
            line.setSpacing(8)
            for widget in widgets:
                line.addWidget(widget, 1 if widget is widgets[0] else 0)
            controls.addLayout(line, row, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addWidget(text_label(RULE, "muted"))
        layout.addWidget(self.table, 1)
        layout.addLayout(controls)
        layout.addWidget(self.message)

    def today(self) -> date:
        return self._context.clock().date()

    def refresh(self) -> None:
        context, today = self._context, self.today()
        outcome = operations.run(
            context,
            lambda: (
                service.list_all_groups(context.db, context.user, today),
                list_staff(context.db, context.user),
                service.learners_to_place(context.db, context.user, today),
            ),
            show=operations.to_status(self.message.setText),
        )
        if outcome.value is None:
            return
        self.groups, staff, learners = outcome.value
        self.table.setRowCount(len(self.groups))
        for row, group in enumerate(self.groups):
            cells = (group.name, ", ".join(group.tutors), str(group.learners))
            for column, text in enumerate((*cells, "archived" if group.archived else "")):
                self.table.setItem(row, column, QTableWidgetItem(text))
        _fill(
            self.tutor, [(f"{s.full_name} ({s.username})", s.username) for s in staff if s.active]
        )
        _fill(self.learner, [(f"{p.name} — {p.group or 'no group'}", p.upn) for p in learners])
        _fill(self.to_group, [(g.name, g.name) for g in self.groups if not g.archived])
        if self.since.date() < _qdate(today):
            self.since.setDate(_qdate(today))

    def selected(self) -> service.GroupInfo | None:
        row = self.table.currentRow()
        return self.groups[row] if 0 <= row < len(self.groups) else None

    def _act(self, call: Callable[[], Any], done: str) -> None:
        outcome = operations.run(
            self._context, call, show=self._refused, changed=[Change.of(Kind.GROUPS)]
        )
        if outcome:
            self.message.setText(done)

    def _refused(self, error: ServiceError) -> None:
        self.message.setText(f"Not done: {operations.message_of(error)}")

    def _needs_selection(self) -> service.GroupInfo | None:
        group = self.selected()
        if group is None:
            self.message.setText("Choose a group in the table first.")
        return group

    def add(self) -> None:
        context, name = self._context, self.name.text()
        self._act(
            lambda: service.add_group(context.db, context.user, name), f"Added {name.strip()}."
        )

    def rename(self) -> None:
        context, name, group = self._context, self.name.text(), self._needs_selection()
        if group is not None:
            self._act(
                lambda: service.rename_group(context.db, context.user, group.name, name),
                f"{group.name} is now {name.strip()}.",
            )

    def archive(self) -> None:
        context, group, today = self._context, self._needs_selection(), self.today()
        if group is not None:
            archived = not group.archived
            self._act(
                lambda: service.archive_group(
                    context.db, context.user, group.name, today, archived
                ),
                f"{group.name} {'archived' if archived else 'restored'}.",
            )

    def link(self, linked: bool) -> None:
        context, group, username = self._context, self._needs_selection(), self.tutor.currentData()
        if group is not None and username:
            self._act(
                lambda: service.assign_tutor(
                    context.db, context.user, group.name, username, linked
                ),
                f"{self.tutor.currentText()} {'linked to' if linked else 'unlinked from'} "
                f"{group.name}.",
            )

    def move_learner(self) -> None:
        context, upn, group = self._context, self.learner.currentData(), self.to_group.currentData()
        chosen = self.since.date()
        since = date(chosen.year(), chosen.month(), chosen.day())
        if not upn or not group:
            self.message.setText("Choose a learner and a group.")
            return
        outcome = operations.run(
            context,
            lambda: service.move_learner(context.db, context.user, upn, group, since),
            show=self._refused,
            changed=[Change.of(Kind.GROUPS), Change.of(Kind.LEARNERS)],
        )
        if outcome:
            self.message.setText(f"Moved to {group} from {since:%d/%m/%Y}.")


def _table() -> QTableWidget:
    table = QTableWidget(0, len(HEADERS))
    table.setHorizontalHeaderLabels(HEADERS)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
    return table


def _fill(box: QComboBox, items: list[tuple[str, str]]) -> None:
    kept = box.currentData()
    box.clear()
    for text, data in items:
        box.addItem(text, data)
    if kept is not None and (index := box.findData(kept)) >= 0:
        box.setCurrentIndex(index)


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)
