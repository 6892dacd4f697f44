"""Settings › Session times (director): each weekday's times this week, changes to come, and a
new set of times from a date (for every weekday or one)."""

from __future__ import annotations

from datetime import date, time

from PySide6.QtCore import QDate, QTime
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.codes import Session
from desktop_app.domain.sessions import MAX_REGISTER_OPEN_MINUTES, WEEKDAY_NAMES, SessionTimes
from desktop_app.services.errors import Problem, ServiceError, StaleWrite, ValidationFailed
from desktop_app.services.session_times import (
    ScheduleView,
    session_schedule,
    set_session_times,
)
from desktop_app.views.common import operations
from desktop_app.views.common.changes import Change, Kind
from desktop_app.views.common.context import AppContext
from desktop_app.views.common.field_form import FieldForm
from desktop_app.views.common.widgets import button, text_label

RULE = (
    "Each session has a start time and a register-close time, at most "
    f"{MAX_REGISTER_OPEN_MINUTES} minutes after the start: a learner who arrives before the "
    "close is late (L), after it unauthorised (U). A change applies from its date, for every "
    "weekday or one (a short Friday); marks already made keep their codes."
)


def _clock(value: time) -> QTimeEdit:
    edit = QTimeEdit(QTime(value.hour, value.minute))
    edit.setDisplayFormat("HH:mm")
    return edit


def _time(edit: QTimeEdit) -> time:
    chosen = edit.time()
    return time(chosen.hour(), chosen.minute())


class SessionTimesPanel(QWidget):
    """This week's times by weekday, the changes to come, and the form for a new change."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.version: int | None = None  # the settings' version shown: Save passes it back
        self.week = QGridLayout()
        self.week.setHorizontalSpacing(18)
        self.coming = text_label("", "muted")
        self.weekday = QComboBox()
        self.weekday.addItems(["Every weekday", *WEEKDAY_NAMES])
        self.am_start, self.am_close = _clock(time(9, 0)), _clock(time(9, 30))
        self.pm_start, self.pm_close = _clock(time(12, 45)), _clock(time(13, 15))
        self.start = QDateEdit()
        self.start.setCalendarPopup(True)
        self.start.setDisplayFormat("dd/MM/yyyy")
        self.form = FieldForm(())
        self.form.add_row("weekday", "Applies to", self.weekday)
        self.form.add_row("am", "Morning starts", _pair(self.am_start, self.am_close))
        self.form.add_row("pm", "Afternoon starts", _pair(self.pm_start, self.pm_close))
        self.form.add_row("from", "From", self.start)
        self.save_button = button("Save times", primary=True)
        self.save_button.clicked.connect(self.save)
        self.message = text_label("", "muted")
        self._lay_out()
        self.refresher = operations.Refresher(self, self.refresh)
        context.changes.sig_settings_changed.connect(self.refresher.request)
        self.refresh()

    def _lay_out(self) -> None:
        row = QHBoxLayout()
        row.addWidget(self.save_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addWidget(text_label(RULE, "muted"))
        layout.addWidget(text_label("In force this week", "subheading"))
        layout.addLayout(self.week)
        layout.addWidget(self.coming)
        layout.addWidget(text_label("A new set of times", "subheading"))
        layout.addWidget(self.form)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addStretch(1)

    def today(self) -> date:
        return self._context.clock().date()

    def refresh(self) -> None:
        context = self._context
        outcome = operations.run(
            context,
            lambda: session_schedule(context.db, context.user, self.today()),
            show=operations.to_status(self.message.setText),
        )
        if outcome.value is not None:
            self._show(outcome.value)

    def _show(self, view: ScheduleView) -> None:
        self.version = view.version
        while self.week.count():
            item = self.week.takeAt(0)
            if item is not None and (widget := item.widget()) is not None:
                widget.deleteLater()
        for column, title in enumerate(("", "Morning", "Afternoon")):
            self.week.addWidget(text_label(title, "muted"), 0, column)
        for weekday, times in view.this_week.items():
            self.week.addWidget(QLabel(WEEKDAY_NAMES[weekday]), weekday + 1, 0)
            for column, session in enumerate(Session, start=1):
                span = times[session]
                text = f"{span.start:%H:%M} – closes {span.close:%H:%M}"
                self.week.addWidget(QLabel(text), weekday + 1, column)
        lines = [
            f"From {c.effective_from:%d/%m/%Y}"
            f" ({'every weekday' if c.weekday is None else WEEKDAY_NAMES[c.weekday] + 's'}): "
            f"morning {c.am.start:%H:%M}–{c.am.close:%H:%M}, "
            f"afternoon {c.pm.start:%H:%M}–{c.pm.close:%H:%M}"
            for c in view.coming
        ]
        self.coming.setText(
            "\n".join(["Changes to come:", *lines]) if lines else "No changes to come."
        )
        today = self.today()
        if self.start.date() < QDate(today.year, today.month, today.day):
            self.start.setDate(QDate(today.year, today.month, today.day))

    def _spans(self) -> tuple[SessionTimes, SessionTimes]:
        problems = []
        spans = []
        for key, start, close in (
            ("am", self.am_start, self.am_close),
            ("pm", self.pm_start, self.pm_close),
        ):
            try:
                spans.append(SessionTimes(_time(start), _time(close)))
            except ValueError as error:
                problems.append(Problem(str(error), field=key))
        if problems:
            raise ValidationFailed(problems)
        return spans[0], spans[1]

    def _save_call(self) -> SessionTimes:
        am, pm = self._spans()
        chosen = self.start.date()
        start = date(chosen.year(), chosen.month(), chosen.day())
        weekday = self.weekday.currentIndex() - 1
        context = self._context
        set_session_times(
            context.db,
            context.user,
            am,
            pm,
            start,
            self.today(),
            None if weekday < 0 else weekday,
            self.version,
        )
        return am

    def save(self) -> None:
        """Save the new times; every screen that shows times reads them again."""
        outcome = operations.run(
            self._context,
            self._save_call,
            show=self._refused,
            changed=[Change.of(Kind.SETTINGS)],
        )
        if not outcome:
            return
        self.refresh()
        self.form.show_problems({})
        who = self.weekday.currentText().lower()
        self.message.setText(
            f"Saved: from {self.start.date().toString('dd/MM/yyyy')} ({who}). Marks already "
            "made keep their codes."
        )

    def _refused(self, error: ServiceError) -> None:
        """Shown on the form; someone else's save since: their times are shown instead."""
        self.message.setText("")
        operations.to_form(self.form)(error)
        if isinstance(error, StaleWrite):
            message = self.form.form_error.text()
            self.refresh()
            self.form.show_problems({"form": message})


def _pair(first: QWidget, second: QWidget) -> QWidget:
    holder = QWidget()
    row = QHBoxLayout(holder)
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(first)
    row.addWidget(QLabel("register closes"))
    row.addWidget(second)
    row.addStretch(1)
    return holder
