"""Dialogs for requests on the Case work tab: leave of absence and the home school's later
decision on it, an elective home education notice, a part-time timetable agreement and its
review, and leaving the roll.

Granted leave and a part-time timetable enter their planned marks in the same save, so these
announce a MARKS change for the learner as well as CASEWORK."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QGridLayout, QLabel, QVBoxLayout, QWidget

from desktop_app.domain import casework as rules
from desktop_app.domain.codes import CODES
from desktop_app.services import case_requests as service
from desktop_app.services.case_file import RequestRow
from desktop_app.views.common import operations
from desktop_app.views.common.changes import Change, Kind
from desktop_app.views.common.context import AppContext
from desktop_app.views.common.labels import short_date
from desktop_app.views.common.widgets import text_label
from desktop_app.views.learners.casework_dialogs import (
    CaseDialog,
    date_box,
    day_of,
    optional_date,
)
from desktop_app.views.learners.contact_dialogs import choice_box, line_edit, text_box

DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri")
DECISIONS = {"": "Waiting for the home school", "granted": "Granted", "refused": "Refused"}
#: The later decision: nothing chosen until the person says which (Enter alone grants nothing).
DECIDED = {"": "Choose: granted or refused", "granted": "Granted", "refused": "Refused"}
#: How far on a part-time timetable's next review is offered (never after it ends).
NEXT_REVIEW = timedelta(weeks=3)


class RequestDialog(CaseDialog):
    """A request whose save may change the register too."""

    def changes(self) -> list[Change]:
        ids = [self._learner_id]
        return [Change.of(Kind.CASEWORK, learner_ids=ids), Change.of(Kind.MARKS, learner_ids=ids)]


class LeaveDialog(RequestDialog):
    """A leave request, forwarded to the home school; when granted, its code is entered ahead
    for each school session in its dates."""

    def __init__(self, ctx: AppContext, learner_id: int, parent: QWidget | None = None) -> None:
        super().__init__(ctx, learner_id, "Leave of absence", "Record", parent)
        form, today = self.form, self.today
        self.received = date_box(form, "received_on", "Asked on", today)
        self.start = date_box(form, "start_on", "First day", today + timedelta(days=7))
        self.end = date_box(form, "end", "Last day", today + timedelta(days=7))
        codes = {c: f"{c} — {CODES[c].meaning}" for c in sorted(rules.LEAVE_CODES)}
        self.code = choice_box(form, "code", "Code if granted", codes, "C")
        self.reason = text_box(form, "reason", "Reason given")
        self.told = optional_date(
            form, "home_school_told_on", "Home school", "told on", today, True
        )
        self.decision = choice_box(form, "decision", "Decision", DECISIONS, "")
        self.decided_by = line_edit(form, "decided_by", "Decided by", hint="Mr Hall, head of year")
        self.decided_on = date_box(form, "decided_on", "Decided on", today)
        self.say("The home school decides. Granted leave is entered ahead on the register.")

    def save(self) -> None:
        decision = str(self.decision.currentData())
        leave = service.Leave(
            day_of(self.received), day_of(self.start), day_of(self.end),
            self.reason.toPlainText(), str(self.code.currentData()), decision,
            self.decided_by.text() if decision else "",
            day_of(self.decided_on) if decision else None, self.told.value(),
        )  # fmt: skip
        service.record_leave(
            self._ctx.db, self._ctx.user, self._learner_id, leave, self._ctx.clock()
        )


class DecisionDialog(RequestDialog):
    """The home school's decision on a leave request recorded as waiting: granted leave enters
    its code ahead for each school session in its dates not started yet; refused enters
    nothing. Before the save `preview` says which sessions granting will enter (read afresh
    each time Granted is chosen, by the rule the save follows); once saved, `entered` says how
    many it did."""

    def __init__(
        self, ctx: AppContext, learner_id: int, request: RequestRow, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, learner_id, "The home school's decision", "Record", parent)
        self._request, self.entered = request, 0
        self._loader = operations.Loader(self)
        form = self.form
        self.decision = choice_box(form, "decision", "&Decision", DECIDED, "")
        self.decided_by = line_edit(form, "decided_by", "Decided &by", hint="Mr Hall, head of year")
        self.decided_on = date_box(form, "decided_on", "Decided &on", self.today)
        self.preview = text_label("", "notice")  # just above the buttons, once a choice is made
        self.preview.hide()
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(layout.indexOf(form) + 1, self.preview)
        self.decision.currentIndexChanged.connect(self._show_preview)
        self.say(
            f"Leave {_span(request)}. If granted, {request.code} is entered ahead on the register "
            "for each school session in those dates that has not started and has no mark yet; "
            "if refused, nothing is entered."
        )

    def _show_preview(self) -> None:
        """Granted: what it will enter (read in the background); refused: nothing."""
        choice = self.decision.currentData()
        self.preview.setVisible(bool(choice))
        if choice == "refused":
            self.preview.setText("Refusing enters nothing on the register.")
        elif choice == "granted":
            self.preview.setText("Granting: finding the sessions still to come…")
            ctx, request_id, now = self._ctx, self._request.id, self._ctx.clock()
            self._loader.load(
                "preview", lambda: service.preview_leave(ctx.db, ctx.user, request_id, now),
                self._previewed, lambda message: self._previewed(f"Granting: {message}"),
            )  # fmt: skip
        self.fit()

    def _previewed(self, found: service.LeavePreview | str) -> None:
        if self.decision.currentData() == "granted":
            self.preview.setText(found if isinstance(found, str) else found.said(short_date))
            self.fit()

    def save(self) -> None:
        self.entered = service.decide_leave(
            self._ctx.db, self._ctx.user, self._request.id, str(self.decision.currentData()),
            self.decided_by.text(), day_of(self.decided_on), self._ctx.clock(),
        )  # fmt: skip

    def outcome(self) -> str:
        """What the save did, for the tab's status line."""
        if self.decision.currentData() != "granted":
            return "Refused: nothing entered on the register."
        if not self.entered:
            return "Granted: no sessions entered ahead (none still to come without a mark)."
        sessions = "session" if self.entered == 1 else "sessions"
        return f"Granted: {self.entered} {sessions} entered ahead as {self._request.code}."


def _span(request: RequestRow) -> str:
    first, last = request.start_on, request.end_on
    if first is None or last is None or first == last:
        return f"on {short_date(first or last or request.received_on)}"
    return f"from {short_date(first)} to {short_date(last)}"


class HomeEducationDialog(RequestDialog):
    def __init__(self, ctx: AppContext, learner_id: int, parent: QWidget | None = None) -> None:
        super().__init__(ctx, learner_id, "Elective home education notice", "Record", parent)
        form, today = self.form, self.today
        self.received = date_box(form, "received_on", "Notice received", today)
        self.told = optional_date(form, "home_school_told_on", "Home school", "told on", today)
        self.offered = optional_date(form, "meeting_offered_on", "Meeting", "offered on", today)
        self.say(
            "Tell the home school at once and offer the family a meeting: until both are "
            "recorded it stays on Today."
        )

    def save(self) -> None:
        service.record_home_education(
            self._ctx.db, self._ctx.user, self._learner_id, day_of(self.received),
            self.told.value(), self.offered.value(),
        )  # fmt: skip


class SessionGrid(QWidget):
    """Ticks for the ten sessions of the week: the ones the learner attends."""

    def __init__(self) -> None:
        super().__init__()
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.ticks: dict[str, QCheckBox] = {}
        for col, day in enumerate(DAYS):
            grid.addWidget(QLabel(day), 0, col + 1)
        for row, part in enumerate(("AM", "PM")):
            grid.addWidget(QLabel(part), row + 1, 0)
            for col, day in enumerate(DAYS):
                tick = QCheckBox()
                tick.setAccessibleName(f"{day} {part}")
                self.ticks[f"{day} {part}"] = tick
                grid.addWidget(tick, row + 1, col + 1)

    def chosen(self) -> tuple[str, ...]:
        return tuple(name for name, tick in self.ticks.items() if tick.isChecked())


class PartTimeDialog(RequestDialog):
    """A part-time timetable: the sessions attended, start, end, review, agreement; the other
    sessions between start and end are entered ahead as C2."""

    def __init__(self, ctx: AppContext, learner_id: int, parent: QWidget | None = None) -> None:
        super().__init__(ctx, learner_id, "Part-time timetable", "Agree", parent)
        form, today = self.form, self.today
        self.sessions = SessionGrid()
        form.add_row("sessions", "Attends", self.sessions)
        self.start = date_box(form, "start", "Starts", today + timedelta(days=1))
        self.end = date_box(form, "end", "Ends", today + timedelta(weeks=6))
        self.review = date_box(form, "review", "Review", today + timedelta(weeks=3))
        self.reason = text_box(form, "reason", "Why")
        self.parent_agreed = optional_date(
            form, "parent_agreed_on", "Parent/carer", "agreed on", today, True
        )
        self.commissioner_agreed = optional_date(
            form, "commissioner_agreed_on", "Commissioner", "agreed on", today, True
        )
        self.la_told = optional_date(form, "la_told_on", "Local authority", "told on", today)
        self.say(
            f"Time-limited (at most {rules.PART_TIME_MAX_WEEKS} weeks) and reviewed within "
            f"{rules.PART_TIME_REVIEW_WEEKS}. Sessions outside it are entered ahead as C2."
        )

    def save(self) -> None:
        terms = service.PartTime(
            day_of(self.start), day_of(self.end), day_of(self.review), self.sessions.chosen(),
            self.reason.toPlainText(), self.parent_agreed.value(),
            self.commissioner_agreed.value(), self.la_told.value(),
        )  # fmt: skip
        service.agree_part_time(
            self._ctx.db, self._ctx.user, self._learner_id, terms, self._ctx.clock()
        )


def next_review(today: date, ends: date) -> date | None:
    """The next review offered: three weeks on, but never after the timetable ends; None when
    it ends too soon for another."""
    offered = min(today + NEXT_REVIEW, ends)
    return offered if offered > today else None


class PartTimeReviewDialog(CaseDialog):
    """The review of a part-time timetable: when it was reviewed and, while it runs, the next
    review (on or before the day it ends); recording it clears "review due" on Today."""

    def __init__(
        self, ctx: AppContext, learner_id: int, request: RequestRow, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            ctx, learner_id, "Review the part-time timetable", "Record the review", parent
        )
        self._request = request
        form, today, ends = self.form, self.today, request.end_on or self.today
        self.ends = text_label(short_date(ends))
        form.add_row("ends", "Ends", self.ends)
        self.on = date_box(form, "reviewed_on", "Reviewed &on", today)
        offered = next_review(today, ends)
        self.next = optional_date(form, "review_on", "&Next review", "on", offered or ends,
                                  offered is not None)  # fmt: skip
        self.next.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # Alt+N lands on the date
        self.next.setFocusProxy(self.next.box)
        self.say(
            f"Runs {_span(request)}. Review it at least every {rules.PART_TIME_REVIEW_WEEKS} "
            "weeks while it runs; the next review falls on or before the day it ends (untick it "
            "when the timetable ends before another is due)."
        )

    def save(self) -> None:
        service.review_part_time(
            self._ctx.db, self._ctx.user, self._request.id, day_of(self.on), self.next.value(),
            self.today,
        )  # fmt: skip

    def outcome(self) -> str:
        """What the save did, for the tab's status line."""
        if (nxt := self.next.value()) is None:
            return "Review recorded; no further review set."
        return f"Review recorded; next review {short_date(nxt)}."


class LeavingDialog(RequestDialog):
    def __init__(self, ctx: AppContext, learner_id: int, parent: QWidget | None = None) -> None:
        super().__init__(ctx, learner_id, "Leaving the roll", "Record", parent)
        form, today = self.form, self.today
        self.on = date_box(form, "date", "Last day on roll", today)
        self.reason = text_box(form, "reason", "Reason")
        self.destination = line_edit(
            form, "destination", "Destination", hint="Northgate Academy, from 5 Jan"
        )
        self.la_told = optional_date(form, "la_told_on", "Local authority", "told on", today, True)
        self.school_told = optional_date(
            form, "home_school_told_on", "Home school", "told on", today, True
        )
        self.say("Sets the learner's leaving date; marks planned after it are removed.")

    def changes(self) -> list[Change]:
        return [*super().changes(), Change.of(Kind.LEARNERS, learner_ids=[self._learner_id])]

    def save(self) -> None:
        service.record_leaving(
            self._ctx.db, self._ctx.user, self._learner_id, day_of(self.on),
            self.reason.toPlainText(), self.destination.text(), self.la_told.value(),
            self.school_told.value(),
        )  # fmt: skip
