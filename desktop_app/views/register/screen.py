"""The Register screen: choose a group and a week, then mark every session from the keyboard."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.codes import CODES
from desktop_app.domain.permissions import Action, allowed
from desktop_app.services.auth import StaffUser
from desktop_app.services.errors import ReasonRequired, ServiceError, ValidationFailed
from desktop_app.services.marking import (
    SavedMark,
    history,
    mark_all_present,
    record_arrival,
    record_mark,
)
from desktop_app.services.patterns import get_pattern, set_pattern
from desktop_app.services.register_week import CellState, list_groups, week_register
from desktop_app.views.common import labels
from desktop_app.views.register import model as rm
from desktop_app.views.register.dialogs import HistoryDialog, PatternDialog, ask_reason
from desktop_app.views.register.legend import Legend
from desktop_app.views.register.menus import RegisterMenus
from desktop_app.views.register.toolbar import WeekBar
from desktop_app.views.register.view import NamesView, RegisterView
from desktop_app.views.common.widgets import button, text_label

if TYPE_CHECKING:
    from desktop_app.services.database import Database

Clock = Callable[[], datetime]  # naive local time, injectable for tests
AskReason = Callable[[QWidget, str, str, str, str], "str | None"]
REFRESH_AFTER_MS = 1500  # re-read the week (term %, others' marks) once marking pauses
_OPEN_STATES = (CellState.UNMARKED, CellState.MISSING)


def _message(error: ServiceError) -> str:
    if isinstance(error, ValidationFailed):
        return "; ".join(p.message for p in error.problems)
    return str(error)


class RegisterScreen(QWidget):
    """The marking grid for a group's week, with saving, amendments, arrivals and patterns."""

    sig_missing_changed = Signal(int)
    sig_mark_saved = Signal(object)  # SavedMark

    def __init__(
        self,
        db: Database,
        user: StaffUser,
        clock: Clock,
        parent: QWidget | None = None,
        *,
        group_id: int | None = None,
    ) -> None:
        super().__init__(parent)
        self._db, self._user, self._clock = db, user, clock
        self.ask_reason: AskReason = ask_reason  # tests may replace this hook
        #: (menu label with {name}, called with the learner's id) on a learner's name menu.
        self.learner_actions: list[tuple[str, Callable[[int], object]]] = []
        self._missing = -1
        self._busy = False
        self.model = rm.RegisterModel(self)
        self.grid = RegisterView(self.model, self)
        self.names = NamesView(self.model, self.grid)
        self.bar = WeekBar(list_groups(db, user), lambda: self._clock().date(), self)
        self.bar.select_group(group_id)
        self.missing_label = QLabel(self)
        self.missing_button = button("Go to next missing (F8)")
        self.missing_button.setShortcut("F8")
        self.message = text_label("", "muted")
        self._refresh_timer = QTimer(self, singleShot=True, interval=REFRESH_AFTER_MS)
        self._refresh_timer.timeout.connect(self.refresh)
        self._lay_out()
        self._connect()
        self.menus = RegisterMenus(self)
        self.setFocusProxy(self.grid)  # the keyboard goes to the grid whenever the screen has it
        self.refresh()
        self._focus_today()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.grid.fit_columns()  # the style sheet's font is known now
        self.grid.setFocus()

    # --- building -----------------------------------------------------------------------------

    def _lay_out(self) -> None:
        table = QHBoxLayout()
        table.setSpacing(0)
        table.addWidget(self.names)
        table.addWidget(self.grid, 1)
        status = QHBoxLayout()
        status.addWidget(self.missing_label)
        status.addWidget(self.missing_button)
        status.addSpacing(16)
        status.addWidget(self.message, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 10)
        layout.addWidget(self.bar)
        layout.addWidget(Legend(self))
        layout.addLayout(table, 1)
        layout.addLayout(status)

    def _connect(self) -> None:
        self.bar.sig_group_changed.connect(self.refresh)
        self.bar.sig_day_chosen.connect(lambda _day: self.refresh())
        self.bar.present_button.clicked.connect(
            lambda: self.mark_column_present(self.grid.currentIndex().column())
        )
        self.missing_button.clicked.connect(self.next_missing)
        self.grid.sig_code_entered.connect(self.commit)
        self.grid.sig_key_refused.connect(lambda _index, why: self.say(f"Not changed: {why}", True))
        self.grid.sig_prefix_started.connect(self._prefix_hint)
        self.names.clicked.connect(self._name_clicked)

    # --- loading ------------------------------------------------------------------------------

    @property
    def missing(self) -> int:
        """Missing marks (past sessions with no mark) in the week shown."""
        return max(self._missing, 0)

    @property
    def user(self) -> StaffUser:
        return self._user

    def now(self) -> datetime:
        """The screen's clock: naive local time."""
        return self._clock()

    def select_group(self, group_id: int | None) -> None:
        """Show this group (None: all learners)."""
        self.bar.select_group(group_id)

    def go_to_week(self, day: date) -> None:
        """Show the week containing day."""
        self.bar.choose(day)

    def refresh(self) -> None:
        """Read the week again from the database, keeping the current cell."""
        if self._busy:
            self._refresh_timer.start()
            return
        place = self._place()
        try:
            now = self._clock()
            week = week_register(self._db, self._user, self.bar.group_id, self.bar.day, now)
        except ServiceError as error:
            self.model.set_week(None)
            self.say(_message(error), True)
            return
        self.model.set_week(week)
        self.bar.show_week(week.monday, week.term_name)
        self.names.fit_columns()
        self._restore(place)
        self._update_missing()

    def _place(self) -> tuple[int, int] | None:
        index = self.grid.currentIndex()
        if not index.isValid() or self.model.rowCount() == 0:
            return None
        return self.model.learner(index.row()).learner_id, index.column()

    def _restore(self, place: tuple[int, int] | None) -> None:
        row = self.model.row_of(place[0]) if place else None
        if place is not None and row is not None:
            self.grid.setCurrentIndex(self.model.index(row, place[1]))

    def _focus_today(self) -> None:
        """Start on today's open register (or today's last session), first learner."""
        week = self.model.week
        if week is None or not week.rows:
            return
        today = [c for c in range(rm.FIRST_SESSION, rm.COLUMN_COUNT) if self.model.is_today(c)]
        open_today = [c for c in today if not self.model.is_closed(c)]
        column = (open_today or today[-1:] or [rm.FIRST_SESSION])[0]
        self.grid.setCurrentIndex(self.model.index(0, column))
        self.grid.setFocus()

    def _update_missing(self) -> None:
        count = self.model.missing
        self.missing_button.setVisible(count > 0)
        if count:
            marks = "mark" if count == 1 else "marks"
            self.missing_label.setText(f"⚠ {count} missing {marks} this week")
            self.missing_label.setStyleSheet("color: #9a3412; font-weight: 600;")
        else:
            self.missing_label.setText("No missing marks this week")
            self.missing_label.setStyleSheet("color: #14532d;")
        if count != self._missing:
            self._missing = count
            self.sig_missing_changed.emit(count)

    def next_missing(self) -> bool:
        """Move to the next missing mark after the current cell, row by row; False if none."""
        current = self.grid.currentIndex()
        here = -1
        if current.isValid() and self.model.is_session(current.column()):
            here = current.row() * rm.SESSION_COUNT + current.column() - rm.FIRST_SESSION
        places = self.model.rowCount() * rm.SESSION_COUNT
        for step in range(1, places + 1):
            row, offset = divmod((here + step) % places, rm.SESSION_COUNT)
            column = rm.FIRST_SESSION + offset
            if self.model.cell(row, column).state is CellState.MISSING:
                self.grid.setCurrentIndex(self.model.index(row, column))
                self.grid.setFocus()
                return True
        self.say("No missing marks this week")
        return False

    def say(self, text: str, error: bool = False) -> None:
        """Show a line in the screen's status area (red for a problem)."""
        self.message.setText(text)
        self.message.setStyleSheet("color: #b42318; font-weight: 600;" if error else "")

    def _prefix_hint(self, first: str) -> None:
        seconds = [c for c in "1234567" if first + c in CODES]
        self.say(f"{first}… type {' or '.join(seconds)} for {first}{seconds[0]}…, or wait")

    # --- marking ------------------------------------------------------------------------------

    def commit(self, index: QModelIndex, code: str, advance: bool = False) -> bool:
        """Save code in the cell at index now; ask a reason if it amends a closed register."""
        self._busy = True  # no reload while a reason dialog is open or a save is under way
        try:
            saved = self._checked_save(index, code)
        finally:
            self._busy = False
        if saved is None:
            return False
        self._show_saved(index, saved)
        if advance and index == self.grid.currentIndex():
            self.grid.move_down()
        return True

    def _checked_save(self, index: QModelIndex, code: str) -> SavedMark | None:
        cell = self.model.cell(index.row(), index.column())
        if cell.locked:
            self._refuse(index, cell.note or "this session cannot be marked")
            return None
        amending = cell.state in (CellState.MARKED, CellState.PLANNED) and cell.code != code
        if not (amending and self.model.is_closed(index.column())):
            return self._save(index, code, None)
        if not allowed(self._user.role, Action.AMEND_MARKS):
            why = "the register has closed; ask the attendance officer to amend this mark"
            self._refuse(index, why)
            return None
        reason = self._ask(index, code)
        return self._save(index, code, reason) if reason is not None else None

    def _ask(self, index: QModelIndex, code: str) -> str | None:
        learner = self.model.learner(index.row())
        day, session = self.model.session_of(index.column())
        original = self.model.cell(index.row(), index.column()).code or ""
        when = f"{labels.short_date(day)} {session.value}"
        reason = self.ask_reason(self, learner.name, when, original, code)
        if reason is None:
            self.say("Amendment cancelled: nothing changed")
        return reason

    def _save(self, index: QModelIndex, code: str, reason: str | None) -> SavedMark | None:
        learner = self.model.learner(index.row())
        day, session = self.model.session_of(index.column())
        try:
            now = self._clock()
            return record_mark(
                self._db, self._user, learner.learner_id, day, session, code, now, reason=reason
            )
        except ReasonRequired:  # the register closed while the screen showed it open
            again = self._ask(index, code) if reason is None else None
            if again is not None:
                return self._save(index, code, again)
            if reason is not None:
                self._refuse(index, "a reason is required")
        except ValidationFailed as error:
            self._refuse(index, _message(error))
        except ServiceError as error:
            self._refuse(index, _message(error))
        return None

    def _refuse(self, index: QModelIndex, why: str) -> bool:
        self.grid.refuse(index, why)
        return False

    def _show_saved(self, index: QModelIndex, saved: SavedMark) -> None:
        self.model.apply_saved(index.row(), index.column(), saved)
        learner = self.model.learner(index.row())
        late = f", {saved.minutes_late} min late" if saved.minutes_late is not None else ""
        kind = " (amendment)" if saved.amendment else ""
        self.say(
            f"Saved {self._clock():%H:%M} — {learner.name} {saved.day:%a} {saved.session.value}"
            f" {saved.code}{late}{kind}"
        )
        self._update_missing()
        self.sig_mark_saved.emit(saved)
        self._refresh_timer.start()

    def arrived_now(self, index: QModelIndex) -> bool:
        """The learner has just arrived: L with minutes late before the register closes, U after."""
        now = self._clock()
        day, session = self.model.session_of(index.column())
        if day != now.date():
            return self._refuse(index, "Arrived now is only for today's sessions")
        learner = self.model.learner(index.row())
        try:
            saved = record_arrival(self._db, self._user, learner.learner_id, day, session, now)
        except ServiceError as error:
            return self._refuse(index, _message(error))
        self._show_saved(index, saved)
        return True

    def mark_column_present(self, column: int) -> int:
        """Mark every learner with no mark in this session column present; returns how many."""
        if not self.model.is_session(column):
            self.say("Choose a session column first", True)
            return 0
        day, session = self.model.session_of(column)
        rows = [
            r
            for r in range(self.model.rowCount())
            if self.model.cell(r, column).state in _OPEN_STATES
        ]
        ids = [self.model.learner(r).learner_id for r in rows]
        try:
            saved = mark_all_present(self._db, self._user, ids, day, session, self._clock())
        except ServiceError as error:
            self.say(f"Not changed: {_message(error)}", True)
            return 0
        for mark in saved:
            row = self.model.row_of(mark.learner_id)
            if row is not None:
                self.model.apply_saved(row, column, mark)
        self.refresh()
        self.say(f"Marked {len(saved)} learner(s) present for {day:%a} {session.value}")
        return len(saved)

    # --- dialogs ------------------------------------------------------------------------------

    def show_history(self, index: QModelIndex) -> HistoryDialog | None:
        learner = self.model.learner(index.row())
        day, session = self.model.session_of(index.column())
        try:
            entries = history(self._db, self._user, learner.learner_id, day, session)
        except ServiceError as error:
            self.say(_message(error), True)
            return None
        heading = f"{learner.name}, {labels.short_date(day)} {session.value}"
        dialog = HistoryDialog(heading, entries, self)
        dialog.open()
        return dialog

    def open_pattern(self, row: int) -> PatternDialog | None:
        """Open the learner's planned pattern; saving re-plans their future sessions."""
        learner = self.model.learner(row)
        try:
            entries = get_pattern(self._db, self._user, learner.learner_id)
        except ServiceError as error:
            self.say(_message(error), True)
            return None
        dialog = PatternDialog(learner.name, entries, self)
        dialog.accepted.connect(
            lambda: self._save_pattern(learner.learner_id, learner.name, dialog)
        )
        dialog.open()
        return dialog

    def _save_pattern(self, learner_id: int, name: str, dialog: PatternDialog) -> None:
        try:
            applied = set_pattern(
                self._db, self._user, learner_id, dialog.entries(), today=self._clock().date()
            )
        except ServiceError as error:
            self.say(f"Pattern not saved: {_message(error)}", True)
            return
        self.refresh()
        self.say(f"Pattern saved for {name}: {applied.planned_marks} future session(s) planned")

    def _name_clicked(self, index: QModelIndex) -> None:
        column = self.grid.currentIndex().column()
        column = column if self.model.is_session(column) else rm.FIRST_SESSION
        self.grid.setCurrentIndex(self.model.index(index.row(), column))
        self.grid.setFocus()
