"""Saving from the register grid: every mark judged by the one mark rule, then saved through
operations, with the reason for an amendment and the arrival time of a late learner asked for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPersistentModelIndex

from desktop_app.domain.mark_rule import Existing, Outcome, Proposal, Verdict, judge_mark
from desktop_app.domain.permissions import Action, allowed
from desktop_app.domain.sessions import Arrival
from desktop_app.longlived import collection_waits
from desktop_app.services.errors import ReasonRequired, ServiceError, StaleWrite, ValidationFailed
from desktop_app.services.marking import SavedMark, mark_all_present, record_arrival, record_mark
from desktop_app.services.register_week import CellState
from desktop_app.views.common import labels, operations
from desktop_app.views.common.changes import Change, Kind
from desktop_app.views.register import model as rm
from desktop_app.views.register.dialogs import LateDialog

if TYPE_CHECKING:
    from desktop_app.views.register.screen import RegisterScreen

LATE_CODES = frozenset({"L", "U"})
_STORED = (CellState.MARKED, CellState.PLANNED)
_OPEN_STATES = (CellState.UNMARKED, CellState.MISSING)


def message(error: ServiceError) -> str:
    """A refusal in one line, without field names."""
    if isinstance(error, ValidationFailed):
        return "; ".join(p.message for p in error.problems)
    return str(error)


def marks_changed(saved: list[SavedMark]) -> list[Change]:
    """What a save changed, for the change bus."""
    if not saved:
        return []
    return [
        Change.of(
            Kind.MARKS, learner_ids={s.learner_id for s in saved}, dates={s.day for s in saved}
        )
    ]


class Saver:
    """The screen's saves: one mark, a late arrival, an arrival now, a column present."""

    def __init__(self, screen: RegisterScreen) -> None:
        self.screen = screen
        self.late_dialog: LateDialog | None = None

    def late_dialog_open(self) -> bool:
        return self.late_dialog is not None and self.late_dialog.isVisible()

    # --- judging ------------------------------------------------------------------------------

    def judge(
        self, index: QModelIndex, code: str, minutes: int | None = None, reason: str | None = None
    ) -> Verdict:
        """The mark rule for this cell, from what the grid shows and the clock now."""
        model, screen = self.screen.model, self.screen
        week, row = model.week, model.learner(index.row())
        assert week is not None and row.roll is not None
        day, session = model.session_of(index.column())
        cell = model.cell(index.row(), index.column())
        existing = Existing(cell.code or "", cell.minutes_late) if cell.state in _STORED else None
        return judge_mark(
            Proposal(code, day, session, minutes),
            times=week.times_on(day)[session],
            now=screen.now(),
            roll=row.roll,
            place=week.places[index.column() - rm.FIRST_SESSION],
            existing=existing,
            may_amend=allowed(screen.user.role, Action.AMEND_MARKS),
            reason=reason,
        )

    def believed(self, index: QModelIndex) -> str:
        """The code the grid shows as stored ('' for none): the service checks it is still so."""
        cell = self.screen.model.cell(index.row(), index.column())
        return (cell.code or "") if cell.state in _STORED else ""

    # --- one mark -----------------------------------------------------------------------------

    def commit(self, index: QModelIndex, code: str, advance: bool = False) -> bool:
        """Judge a typed code now; L and U first ask when the learner arrived."""
        verdict = self.judge(index, code)
        if verdict.outcome is Outcome.REFUSED:
            return self._refuse(index, verdict.message)
        if verdict.code in LATE_CODES:
            self.ask_late(index, verdict.code, advance)
            return False
        return self._decide(index, verdict, None, advance)

    def _decide(
        self, index: QModelIndex, verdict: Verdict, minutes: int | None, advance: bool
    ) -> bool:
        reason = None
        if verdict.outcome is Outcome.NEEDS_REASON:
            reason = self._ask_reason(index, verdict.code)
            if reason is None:
                return False
        elif verdict.outcome is Outcome.REFUSED:
            return self._refuse(index, verdict.message)
        saved = self.save(index, verdict.code, minutes, reason)
        if saved is None:
            return False
        if advance and index == self.screen.grid.currentIndex():
            self.screen.grid.move_down()
        return True

    def save(
        self, index: QModelIndex, code: str, minutes: int | None, reason: str | None
    ) -> SavedMark | None:
        """Save through the marking service; show it, or the refusal, on the cell."""
        screen = self.screen
        learner = screen.model.learner(index.row())
        day, session = screen.model.session_of(index.column())
        expected, now = self.believed(index), screen.now()
        place = QPersistentModelIndex(index)

        def call() -> SavedMark:
            with collection_waits():  # the save only: a refusal's questions come after
                return record_mark(
                    screen.context.db,
                    screen.user,
                    learner.learner_id,
                    day,
                    session,
                    code,
                    now,
                    minutes_late=minutes,
                    reason=reason,
                    expected=expected,
                )

        retry: list[str] = []
        with screen.saving():
            outcome = operations.run(
                screen.context,
                call,
                show=lambda error: self._refused(place, code, error, retry),
                changed=lambda saved: marks_changed([saved]),
            )
        if retry:  # the register closed while the screen showed it open: now with a reason
            return self.save(index, code, minutes, retry[0])
        if outcome.value is not None:
            screen.show_saved(index, outcome.value)
        return outcome.value

    def _refused(
        self, place: QPersistentModelIndex, code: str, error: ServiceError, retry: list[str]
    ) -> None:
        index = self.screen.model.index(place.row(), place.column())
        if isinstance(error, ReasonRequired):
            reason = self._ask_reason(index, code)
            if reason is not None:
                retry.append(reason)
            return
        if isinstance(error, StaleWrite):  # show the newer value that won
            self.screen.refresh()
            index = self.screen.model.index(place.row(), place.column())
        self._refuse(index, message(error))

    def _ask_reason(self, index: QModelIndex, code: str) -> str | None:
        screen = self.screen
        learner = screen.model.learner(index.row())
        day, session = screen.model.session_of(index.column())
        original = screen.model.cell(index.row(), index.column()).code or ""
        when = f"{labels.short_date(day)} {session.value}"
        reason = screen.ask_reason(screen, learner.name, when, original, code)
        if reason is None:
            screen.say("Amendment cancelled: nothing changed")
        return reason

    def _refuse(self, index: QModelIndex, why: str) -> bool:
        self.screen.grid.refuse(index, why)
        return False

    # --- late arrivals ------------------------------------------------------------------------

    def ask_late(self, index: QModelIndex, code: str, advance: bool) -> LateDialog:
        """Ask when the learner arrived (default now on today's sessions); Enter saves."""
        screen = self.screen
        week = screen.model.week
        assert week is not None
        day, session = screen.model.session_of(index.column())
        now = screen.now()
        learner = screen.model.learner(index.row())
        when = f"{labels.short_date(day)} {session.value}"
        default = now.time() if day == now.date() else None
        dialog = LateDialog(learner.name, when, week.times_on(day)[session], default, screen)
        place = QPersistentModelIndex(index)
        dialog.accepted.connect(lambda: self._late_chosen(place, dialog, advance))
        dialog.rejected.connect(lambda: screen.say(f"{code} cancelled: nothing saved"))
        dialog.finished.connect(lambda _result: screen.grid.setFocus())
        self.late_dialog = dialog
        dialog.open()
        return dialog

    def _late_chosen(self, place: QPersistentModelIndex, dialog: LateDialog, advance: bool) -> None:
        arrival: Arrival | None = dialog.arrival
        if arrival is None or not place.isValid():
            return
        index = self.screen.model.index(place.row(), place.column())
        verdict = self.judge(index, arrival.code, arrival.minutes_late)
        self._decide(index, verdict, arrival.minutes_late, advance)

    def arrived_now(self, index: QModelIndex) -> bool:
        """The learner has just arrived: L with minutes late before the register closes, U after."""
        screen = self.screen
        now = screen.now()
        day, session = screen.model.session_of(index.column())
        if day != now.date():
            return self._refuse(index, "Arrived now is only for today's sessions")
        learner, expected = screen.model.learner(index.row()), self.believed(index)
        with screen.saving():
            outcome = operations.run(
                screen.context,
                lambda: record_arrival(
                    screen.context.db, screen.user, learner.learner_id, day, session, now, expected
                ),
                show=lambda error: self.screen.grid.refuse(index, message(error)),
                changed=lambda saved: marks_changed([saved]),
            )
        if outcome.value is not None:
            screen.show_saved(index, outcome.value)
        return bool(outcome)

    # --- a whole column -----------------------------------------------------------------------

    def mark_column_present(self, column: int) -> int:
        """Mark every learner with no mark in this session column present; returns how many."""
        screen, model = self.screen, self.screen.model
        if not model.is_session(column):
            screen.say("Choose a session column first", True)
            return 0
        day, session = model.session_of(column)
        rows = [r for r in range(model.rowCount()) if model.cell(r, column).state in _OPEN_STATES]
        ids = [model.learner(r).learner_id for r in rows]
        with screen.saving():
            outcome = operations.run(
                screen.context,
                lambda: mark_all_present(
                    screen.context.db, screen.user, ids, day, session, screen.now()
                ),
                show=lambda error: screen.say(f"Not changed: {message(error)}", True),
                changed=marks_changed,
            )
        if not outcome or outcome.value is None:
            return 0
        screen.refresh()
        count = len(outcome.value)
        screen.say(f"Marked {count} learner(s) present for {day:%a} {session.value}")
        return count


def first_open_row(screen: RegisterScreen, column: int) -> int:
    """The first learner whose cell in this column still needs a mark (else the first)."""
    model = screen.model
    return next(
        (r for r in range(model.rowCount()) if model.cell(r, column).state in _OPEN_STATES), 0
    )
