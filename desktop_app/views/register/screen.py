"""The Register screen: choose a group and a week, then mark every session from the keyboard."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from functools import partial

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desktop_app import palette
from desktop_app.domain.calendar import week_start
from desktop_app.domain.codes import CODES
from desktop_app.services.auth import StaffUser
from desktop_app.services.marking import SavedMark, history
from desktop_app.services.patterns import get_pattern, set_pattern
from desktop_app.services.register_week import (
    CellState,
    WeekRegister,
    register_version,
)
from desktop_app.views.common import labels, operations, options
from desktop_app.views.common.changes import Change, Kind
from desktop_app.views.common.context import AppContext
from desktop_app.views.common.widgets import button, text_label
from desktop_app.views.register import model as rm
from desktop_app.views.register.banner import OPEN, session_banner
from desktop_app.views.register.dialogs import HistoryDialog, PatternDialog, ask_reason
from desktop_app.views.register.legend import Legend
from desktop_app.views.register.menus import RegisterMenus
from desktop_app.views.register.saving import Saver, first_open_row, message
from desktop_app.views.register.toolbar import WeekBar
from desktop_app.views.register.view import LOADING, NamesView, RegisterView
from desktop_app.views.register.weeks import Read, WeekCache, WeekKey, read_week

AskReason = Callable[[QWidget, str, str, str, str], "str | None"]
REFRESH_AFTER_MS = 1500  # re-read the week (term %, others' marks) once marking pauses
#: Paging has paused this long: read the weeks either side and remember the week. Reading while
#: the grid paints would slow the painting (the reads and the GUI share Python's one lock).
PAUSE_MS = 300
BANNER_EVERY_MS = 20_000  # the minutes left above the grid
WARNING, GOOD, ERROR = (
    palette.MISSING_TEXT,
    palette.PRESENT.ink,
    palette.ALARM,
)  # as before; the palette issue moves these


def remembered_week(today: date) -> date | None:
    """The week last shown on this computer, if it was chosen today (else this week)."""
    chosen, _, shown = options.get(options.REGISTER_WEEK).partition(" ")
    try:
        return date.fromisoformat(shown) if date.fromisoformat(chosen) == today else None
    except ValueError:
        return None


class RegisterScreen(QWidget):
    """The marking grid for a group's week, with saving, amendments, arrivals and patterns.

    It listens to the change bus (marks, learners, calendar, settings) and re-reads its week when
    a change touches it. sig_missing_changed(count) feeds the window's status bar.
    """

    sig_missing_changed = Signal(int)

    def __init__(
        self, context: AppContext, parent: QWidget | None = None, *, group_id: int | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.ask_reason: AskReason = ask_reason  # tests may replace this hook
        #: (menu label with {name}, called with the learner's id) on a learner's name menu.
        self.learner_actions: list[tuple[str, Callable[[int], object]]] = []
        self._missing, self._busy, self._own_change = -1, False, False
        self.model = rm.RegisterModel(self)
        self.grid = RegisterView(self.model, self)
        self.names = NamesView(self.model, self.grid)
        self.saver = Saver(self)
        self.bar = WeekBar(lambda: self.now().date(), self)
        self.banner = text_label("", "subheading")
        self.banner.setAccessibleName("Register open now")
        self.missing_label = QLabel(self)
        self.missing_button = button("Go to next missing (F8)")
        self.missing_button.setShortcut("F8")
        self.message = text_label("", "muted")
        self.loader = operations.Loader(self)
        self.weeks = WeekCache(context.changes)
        self._shown: WeekKey | None = None
        self._remember: str | None = None  # the week chosen, stored on this PC once paging pauses
        self._build(group_id)

    def _build(self, group_id: int | None) -> None:
        self._refresh_timer = QTimer(self, singleShot=True, interval=REFRESH_AFTER_MS)
        self._refresh_timer.timeout.connect(self._refresh_later)
        self._banner_timer = QTimer(self, interval=BANNER_EVERY_MS)
        self._banner_timer.timeout.connect(self._update_banner)
        self._banner_timer.start()
        self._pause_timer = QTimer(self, singleShot=True, interval=PAUSE_MS)
        self._pause_timer.timeout.connect(self._paused)
        remembered = options.get(options.REGISTER_GROUP) or None
        self.bar.select_group(group_id if group_id is not None else remembered)
        self.bar.day = remembered_week(self.now().date()) or self.bar.day
        self._lay_out()
        self._connect()
        self.menus = RegisterMenus(self)
        self.refresher = operations.Refresher(self, self.refresh)
        self._listen()
        self.setFocusProxy(self.grid)  # the keyboard goes to the grid whenever the screen has it
        self.refresh(focus=True)

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self._pause_timer.stop()  # no reading ahead for a page not shown
        self._store_week()

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
        layout.addWidget(self.banner)
        layout.addLayout(table, 1)
        layout.addLayout(status)

    def _connect(self) -> None:
        self.bar.sig_group_changed.connect(self._group_chosen)
        self.bar.sig_day_chosen.connect(self._week_chosen)
        self.bar.present_button.clicked.connect(
            lambda: self.mark_column_present(self.grid.currentIndex().column())
        )
        self.missing_button.clicked.connect(self.next_missing)
        self.grid.sig_code_entered.connect(self.commit)
        self.grid.sig_key_refused.connect(lambda _index, why: self.say(f"Not changed: {why}", True))
        self.grid.sig_prefix_started.connect(self._prefix_hint)
        self.names.clicked.connect(self._name_clicked)

    def _listen(self) -> None:
        """Re-read the week when a change on the bus touches what it shows."""
        bus = self.context.changes
        bus.sig_marks_changed.connect(self._changed)
        bus.sig_learners_changed.connect(self._changed)
        bus.sig_calendar_changed.connect(self._changed)
        bus.sig_settings_changed.connect(self._changed)
        bus.sig_groups_changed.connect(self._changed)  # the group box shows them as they are

    def _changed(self, change: Change) -> None:
        week = self.model.week
        if week is not None and change.kind in (Kind.MARKS, Kind.LEARNERS):
            friday = week.monday + timedelta(days=4)
            if change.kind is Kind.MARKS and not change.touches_dates(week.monday, friday):
                return
            ids = {row.learner_id for row in week.rows}
            if change.learner_ids and not change.learner_ids & ids and change.kind is Kind.MARKS:
                return
        if self._own_change:
            self._refresh_timer.start()  # our own save: the cell shows it; re-read once idle
        else:
            self.refresher.request(change)

    # --- the clock, the user, the group and the week ------------------------------------------

    @property
    def missing(self) -> int:
        """Missing marks (past sessions with no mark) in the week shown."""
        return max(self._missing, 0)

    @property
    def user(self) -> StaffUser:
        return self.context.user

    def now(self) -> datetime:
        """The screen's clock: naive local time."""
        return self.context.clock()

    def select_group(self, group_id: int | None) -> None:
        """Show this group (None: all learners)."""
        self.bar.select_group(group_id)

    def go_to_week(self, day: date) -> None:
        """Show the week containing day."""
        self.bar.choose(day)

    def _group_chosen(self) -> None:
        options.put(options.REGISTER_GROUP, self.bar.group_id or 0)
        self.refresh(focus=True)

    def _week_chosen(self, day: date) -> None:
        self._remember = f"{self.now().date().isoformat()} {day.isoformat()}"  # once paused
        self.refresh()

    # --- loading ------------------------------------------------------------------------------

    def refresh(self, *, focus: bool = False) -> None:
        """Show the chosen group's week as the database has it, keeping the current cell.

        A week kept since it was read (weeks.py) shows at once while it is still true; else it
        is read on the thread pool while the week shown stays, and marking waits until another
        week arrives (a key must never land on the wrong week). Once paging pauses the weeks
        either side are read ahead. A code half typed is committed first, never dropped by the
        reload. Tests wait with `qtbot.waitUntil(lambda: not screen.loader.busy())`.
        focus: then focus_current()."""
        self.grid.flush_prefix(advance=False)
        now, key = self.now(), self._wanted()
        week = self._kept(key, now)
        if week is not None:
            self._show(key, week, focus)
            return
        self._set_loading(key != self._shown)
        epoch = self.weeks.epoch
        self.loader.load(
            "week",
            read_week(self.context.db, self.user, key, now),
            lambda read: self._arrived(key, read, epoch, focus),
            self._load_failed,
        )

    def _kept(self, key: WeekKey, now: datetime) -> WeekRegister | None:
        """The week kept for key if it is still true now; the version is asked only when a
        week is kept (a screen's first week has none: no read on the GUI thread for it)."""
        if key not in self.weeks:
            return None
        version = operations.run(
            self.context, lambda: register_version(self.context.db), show=lambda _error: None
        ).value
        return None if version is None else self.weeks.get(key, version, now)

    def _wanted(self) -> WeekKey:
        return self.bar.group_id, week_start(self.bar.day)

    def _arrived(self, key: WeekKey, read: Read, epoch: int, focus: bool) -> None:
        self.weeks.put(key, read, epoch)
        if key != self._wanted():
            return  # the person has moved on meanwhile: kept for when they come back
        if key == self._shown and (epoch != self.weeks.epoch or self._typing()):
            self._refresh_timer.start()  # saved or typing since the read began: again once idle
            return
        self._show(key, read[1], focus)

    def _show(self, key: WeekKey, week: WeekRegister, focus: bool) -> None:
        paged, place = key != self._shown, self._place() if key == self._shown else None
        self._set_loading(False)
        self._shown = key
        self.bar.set_groups(week.groups)
        self.model.set_week(week)
        self.bar.show_week(week.monday, week.term_name)  # (the names fit on the model's reset)
        self._restore(place)
        self._update_missing()
        self._update_banner()
        if focus:
            self.focus_current()
        if paged:  # read ahead for paging only: never while marking the week (a re-read)
            self._pause_timer.start()

    def paging_paused(self) -> bool:
        """Whether nothing is being read and the read-ahead after paging has been started."""
        return not self._pause_timer.isActive() and not self.loader.busy()

    def _paused(self) -> None:
        self._store_week()
        if self._shown is not None:
            self._read_ahead(self._shown)

    def _store_week(self) -> None:
        if self._remember is not None:
            options.put(options.REGISTER_WEEK, self._remember)
            self._remember = None

    def _read_ahead(self, key: WeekKey) -> None:
        """Read the weeks before and after the one shown, for paging to show them at once."""
        now, epoch = self.now(), self.weeks.epoch
        for step in (-7, 7):
            near = (key[0], key[1] + timedelta(days=step))
            if near not in self.weeks:
                self.loader.load(
                    f"week {step:+d}",
                    read_week(self.context.db, self.user, near, now),
                    partial(self.weeks.put, near, epoch=epoch),
                    lambda _message: None,  # shown, if it still fails, when the week is chosen
                )

    def _set_loading(self, loading: bool) -> None:
        self.grid.loading = loading
        self.bar.setCursor(Qt.CursorShape.BusyCursor if loading else Qt.CursorShape.ArrowCursor)

    def _typing(self) -> bool:
        return self._busy or bool(self.grid.pending_prefix) or self.saver.late_dialog_open()

    def _load_failed(self, error: object) -> None:
        self._set_loading(False)
        self._shown = None
        self.model.set_week(None)
        self.say(str(error), True)

    def _refresh_later(self) -> None:
        """The debounced re-read: waits while a save, a dialog or a half-typed code is open."""
        if self._typing():
            self._refresh_timer.start()
            return
        self.refresh()

    @contextmanager
    def saving(self) -> Iterator[None]:
        """Around a save: no reload meanwhile; our own announcement re-reads once idle."""
        self._busy = self._own_change = True
        try:
            yield
        finally:
            self._busy = self._own_change = False

    def _place(self) -> tuple[int, int] | None:
        index = self.grid.currentIndex()
        if not index.isValid() or self.model.rowCount() == 0:
            return None
        return self.model.learner(index.row()).learner_id, index.column()

    def _restore(self, place: tuple[int, int] | None) -> None:
        row = self.model.row_of(place[0]) if place else None
        if place is not None and row is not None:
            self.grid.setCurrentIndex(self.model.index(row, place[1]))

    def focus_current(self) -> None:
        """The cursor on the current session's first learner still to mark, keyboard in the grid.

        The current session is today's register that has not closed (else today's last)."""
        week = self.model.week
        if week is None or not week.rows:
            return
        today = [c for c in range(rm.FIRST_SESSION, rm.COLUMN_COUNT) if self.model.is_today(c)]
        open_today = [c for c in today if not self.model.is_closed(c)]
        column = (open_today or today[-1:] or [rm.FIRST_SESSION])[0]
        self.grid.setCurrentIndex(self.model.index(first_open_row(self, column), column))
        if self.isVisible():  # built ahead, hidden: the keys stay where the person is typing
            self.grid.setFocus()

    def _update_banner(self) -> None:
        week = self.model.week
        now = self.now()
        this_week = week is not None and week.monday <= now.date() < week.monday + timedelta(7)
        if week is None or not week.day_times or not this_week:
            self.banner.setVisible(False)
            return
        offset = (now.date() - week.monday).days * 2
        places, times = {}, {}
        if now.date().weekday() < 5:
            times = week.times_on(now.date())
            places = {s: week.places[offset + i] for i, s in enumerate(times)}
        text, kind = session_banner(times, places, now)
        self.banner.setText(text)
        self.banner.setStyleSheet(f"color: {GOOD};" if kind == OPEN else "")
        self.banner.setVisible(True)

    def _update_missing(self) -> None:
        count = self.model.missing
        self.missing_button.setVisible(count > 0)
        if count:
            marks = "mark" if count == 1 else "marks"
            self.missing_label.setText(f"⚠ {count} missing {marks} this week")
            style = f"color: {WARNING}; font-weight: 600;"
        else:
            self.missing_label.setText("No missing marks this week")
            style = f"color: {GOOD};"
        if self.missing_label.styleSheet() != style:  # a new style sheet polishes it again
            self.missing_label.setStyleSheet(style)
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
        self.message.setStyleSheet(f"color: {ERROR}; font-weight: 600;" if error else "")

    def _prefix_hint(self, first: str) -> None:
        seconds = [c for c in "1234567" if first + c in CODES]
        self.say(f"{first}… type {' or '.join(seconds)} for {first}{seconds[0]}…, or wait")

    # --- marking (see saving.py) --------------------------------------------------------------

    def commit(self, index: QModelIndex, code: str, advance: bool = False) -> bool:
        """Judge and save a code typed in the cell at index (L and U ask the arrival first)."""
        if self._loading_refused():
            return False
        return self.saver.commit(index, code, advance)

    def arrived_now(self, index: QModelIndex) -> bool:
        return self.saver.arrived_now(index)

    def mark_column_present(self, column: int) -> int:
        if self._loading_refused():
            return 0
        return self.saver.mark_column_present(column)

    def _loading_refused(self) -> bool:
        if self.grid.loading:
            self.say(f"Not changed: {LOADING}", True)
        return self.grid.loading

    def show_saved(self, index: QModelIndex, saved: SavedMark) -> None:
        """Show a mark just stored in its cell and on the status line."""
        self.model.apply_saved(index.row(), index.column(), saved)
        learner = self.model.learner(index.row())
        late = f", {saved.minutes_late} min late" if saved.minutes_late is not None else ""
        kind = " (amendment)" if saved.amendment else ""
        self.say(
            f"Saved {self.now():%H:%M} — {learner.name} {saved.day:%a} {saved.session.value}"
            f" {saved.code}{late}{kind}"
        )
        self._update_missing()

    # --- dialogs ------------------------------------------------------------------------------

    def show_history(self, index: QModelIndex) -> HistoryDialog | None:
        learner = self.model.learner(index.row())
        day, session = self.model.session_of(index.column())
        outcome = operations.run(
            self.context,
            lambda: history(self.context.db, self.user, learner.learner_id, day, session),
            show=lambda error: self.say(message(error), True),
        )
        if outcome.value is None:
            return None
        heading = f"{learner.name}, {labels.short_date(day)} {session.value}"
        dialog = HistoryDialog(heading, outcome.value, self)
        dialog.open()
        return dialog

    def open_pattern(self, row: int) -> PatternDialog | None:
        """Open the learner's planned pattern; saving re-plans their future sessions."""
        learner = self.model.learner(row)
        outcome = operations.run(
            self.context,
            lambda: get_pattern(self.context.db, self.user, learner.learner_id),
            show=lambda error: self.say(message(error), True),
        )
        if outcome.value is None:
            return None
        dialog = PatternDialog(learner.name, outcome.value, self)
        dialog.accepted.connect(
            lambda: self._save_pattern(learner.learner_id, learner.name, dialog)
        )
        dialog.open()
        return dialog

    def _save_pattern(self, learner_id: int, name: str, dialog: PatternDialog) -> None:
        outcome = operations.run(
            self.context,
            lambda: set_pattern(
                self.context.db, self.user, learner_id, dialog.entries(), today=self.now().date()
            ),
            show=lambda error: self.say(f"Pattern not saved: {message(error)}", True),
            changed=[Change.of(Kind.MARKS, learner_ids=[learner_id])],
        )
        if outcome.value is None:
            return
        self.refresh()
        planned = outcome.value.planned_marks
        self.say(f"Pattern saved for {name}: {planned} future session(s) planned")

    def _name_clicked(self, index: QModelIndex) -> None:
        column = self.grid.currentIndex().column()
        column = column if self.model.is_session(column) else rm.FIRST_SESSION
        self.grid.setCurrentIndex(self.model.index(index.row(), column))
        self.grid.setFocus()
