"""The register's toolbar: which group, which week (previous, a date picker, next, this week)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desktop_app.services.register_week import ALL_LEARNERS, GroupChoice
from desktop_app.views.common import labels
from desktop_app.views.common.widgets import button, text_label


class WeekBar(QWidget):
    """Chooses the group and the week; says which week and term is shown.

    sig_group_changed() when another group is chosen; sig_day_chosen(date) when a week is.
    """

    sig_group_changed = Signal()
    sig_day_chosen = Signal(object)

    def __init__(self, today: Callable[[], date], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._today = today
        self.day = today()
        self.group_box = QComboBox(self)
        #: The groups to choose from: they come with each week read (set_groups).
        self._groups: tuple[GroupChoice, ...] = ()
        self.group_box.setAccessibleName("Group")
        self.previous_button = button("◀ Previous week")
        self.next_button = button("Next week ▶")
        self.this_week_button = button("This week")
        self.date_edit = QDateEdit(self)
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("ddd d MMM yyyy")
        self.date_edit.setAccessibleName("Any day in the week")
        self.present_button = button("Mark all unmarked present")
        self.present_button.setToolTip("Mark everyone with no mark in the current column present")
        self.week_label = text_label("", "subheading")
        self._lay_out()
        self._connect()

    def _lay_out(self) -> None:
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        group_label = QLabel("&Group:")  # Alt+G: choose a group from the keyboard
        group_label.setBuddy(self.group_box)
        bar.addWidget(group_label)
        bar.addWidget(self.group_box)
        bar.addSpacing(12)
        for widget in (self.previous_button, self.date_edit, self.next_button):
            bar.addWidget(widget)
        bar.addWidget(self.this_week_button)
        bar.addStretch(1)
        bar.addWidget(self.present_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.week_label)

    def _connect(self) -> None:
        self.group_box.currentIndexChanged.connect(lambda _i: self.sig_group_changed.emit())
        self.previous_button.clicked.connect(lambda: self.choose(self.day - timedelta(days=7)))
        self.next_button.clicked.connect(lambda: self.choose(self.day + timedelta(days=7)))
        self.this_week_button.clicked.connect(lambda: self.choose(self._today()))
        self.date_edit.dateChanged.connect(lambda d: self.choose(d.toPython()))

    @property
    def group_id(self) -> int | None:
        return self.group_box.currentData()

    def select_group(self, group_id: int | None) -> None:
        """Choose this group; before the groups are known, keep its place until they arrive."""
        index = self.group_box.findData(group_id)
        if index < 0 and not self._groups:
            self.group_box.addItem(ALL_LEARNERS.name if group_id is None else "", group_id)
            index = self.group_box.count() - 1
        self.group_box.setCurrentIndex(max(0, index))

    def set_groups(self, groups: tuple[GroupChoice, ...]) -> None:
        """The groups to choose from, as the week just read had them (added, renamed or
        archived since are shown). A group chosen that is gone is replaced by all learners."""
        if groups == self._groups:
            return
        chosen = self.group_id
        self._groups = groups
        box = self.group_box
        box.blockSignals(True)
        box.clear()
        for choice in groups:
            box.addItem(choice.name, choice.id)
        index = box.findData(chosen)
        box.setCurrentIndex(max(0, index))
        box.blockSignals(False)
        if index < 0:
            self.sig_group_changed.emit()

    def choose(self, day: date) -> None:
        """Show the week containing day."""
        self.day = day
        self.sig_day_chosen.emit(day)

    def show_week(self, monday: date, term_name: str | None) -> None:
        """Say which week is shown, and keep the date picker on the chosen day."""
        self.date_edit.blockSignals(True)
        self.date_edit.setDate(QDate(self.day.year, self.day.month, self.day.day))
        self.date_edit.blockSignals(False)
        term = term_name or "not in a term"
        self.week_label.setText(f"Week of {labels.long_date(monday)} · {term}")
