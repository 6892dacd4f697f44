"""Marking the register: one mark, a late arrival, a whole column present, and a cell's history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from desktop_app.domain.codes import PRESENT_MARK
from desktop_app.domain.codes import Session as RegisterSession
from desktop_app.domain.permissions import Action
from desktop_app.domain.sessions import arrival_mark, register_closed
from desktop_app.models import Amendment, Learner, Mark, Staff
from desktop_app.models.engine import Database
from desktop_app.services.auth import StaffUser, actor, require
from desktop_app.services.calendar import load_calendar
from desktop_app.services.errors import NotFound, ReasonRequired, ServiceError
from desktop_app.services.provision import provision_info
from desktop_app.services.register_checks import check_mark, refuse


@dataclass(frozen=True, slots=True)
class SavedMark:
    """A mark as stored, for the cell that shows it."""

    learner_id: int
    day: date
    session: RegisterSession
    code: str
    minutes_late: int | None
    recorded_by: str
    recorded_at: datetime
    amendment: bool


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    code: str
    minutes_late: int | None
    recorded_at: datetime
    recorded_by: str
    position: str
    reason: str | None
    after_close: bool


def _existing(session: Session, learner_id: int, day: date, name: RegisterSession) -> Mark | None:
    query = select(Mark).where(
        Mark.learner_id == learner_id, Mark.date == day, Mark.session == name.value
    )
    return session.scalars(query).one_or_none()


def _change(
    session: Session,
    mark: Mark,
    staff: Staff,
    code: str,
    minutes: int | None,
    reason: str,
    after_close: bool,
) -> None:
    session.add(
        Amendment(
            mark_id=mark.id,
            original_code=mark.code,
            amended_code=code,
            original_minutes_late=mark.minutes_late,
            amended_minutes_late=minutes,
            reason=reason,
            made_at=datetime.now(UTC),
            staff_id=staff.id,
            staff_name=staff.full_name,
            staff_position=staff.position,
            after_close=after_close,
        )
    )
    # A hand change makes the mark the register's own: a new pattern will not replace it.
    mark.code, mark.minutes_late, mark.source = code, minutes, "register"


def _saved(mark: Mark, staff: Staff, amendment: bool) -> SavedMark:
    return SavedMark(
        mark.learner_id,
        mark.date,
        RegisterSession(mark.session),
        mark.code,
        mark.minutes_late,
        staff.full_name,
        mark.recorded_at,
        amendment,
    )


def _write(
    session: Session,
    user: StaffUser,
    learner: Learner,
    day: date,
    name: RegisterSession,
    code: str,
    minutes: int | None,
    reason: str | None,
    closed: bool,
    source: str = "register",
) -> SavedMark:
    """Insert, correct or amend one mark inside the caller's transaction."""
    staff = session.get_one(Staff, user.id)
    mark = _existing(session, learner.id, day, name)
    if mark is None:
        mark = Mark(
            learner_id=learner.id,
            date=day,
            session=name.value,
            code=code,
            minutes_late=minutes,
            recorded_by_id=staff.id,
            recorded_at=datetime.now(UTC),
            source=source,
        )
        session.add(mark)
        session.flush()
        return _saved(mark, staff, False)
    if (mark.code, mark.minutes_late) == (code, minutes):
        return _saved(mark, session.get_one(Staff, mark.recorded_by_id), False)
    if closed:
        require(user, Action.AMEND_MARKS)
        if not (reason or "").strip():
            raise ReasonRequired()
    _change(session, mark, staff, code, minutes, (reason or "").strip(), closed)
    return _saved(mark, staff, closed)


def record_mark(
    db: Database,
    user: StaffUser,
    learner_id: int,
    day: date,
    name: RegisterSession,
    code: str,
    now: datetime,
    minutes_late: int | None = None,
    reason: str | None = None,
) -> SavedMark:
    """Record one mark. After the register closes a change is an amendment and needs a reason."""
    require(user, Action.MARK_REGISTER)
    try:
        with db.transaction(actor(user)) as session:
            learner = session.get(Learner, learner_id)
            if learner is None:
                raise NotFound("that learner is no longer on the register")
            calendar, info = load_calendar(session), provision_info(session)
            code = check_mark(learner, day, name, code, calendar, now)
            if minutes_late is not None and code not in ("L", "U"):
                raise refuse("minutes late only go with L or U", "minutes_late")
            closed = register_closed(info.times[name], day, now)
            return _write(session, user, learner, day, name, code, minutes_late, reason, closed)
    except IntegrityError:
        raise ServiceError("someone else marked this session at the same moment; refresh") from None


def record_arrival(
    db: Database,
    user: StaffUser,
    learner_id: int,
    day: date,
    name: RegisterSession,
    arrived: datetime,
) -> SavedMark:
    """A learner arrives: L with minutes late before the register closes, U after.

    Only an unmarked session or an N can become an arrival; an N that changes after the register
    has closed is kept as an amendment whose reason is the arrival time.
    """
    require(user, Action.MARK_REGISTER)
    with db.transaction(actor(user)) as session:
        learner = session.get(Learner, learner_id)
        if learner is None:
            raise NotFound("that learner is no longer on the register")
        info = provision_info(session)
        mark = _existing(session, learner_id, day, name)
        if mark is not None and mark.code != "N":
            raise refuse(f"already marked '{mark.code}'; change the mark instead of an arrival")
        times = info.times[name]
        result = arrival_mark(times, arrived.time())
        code = result.code or PRESENT_MARK[name]
        code = check_mark(learner, day, name, code, load_calendar(session), arrived)
        minutes = result.minutes_late if code in ("L", "U") else None
        staff = session.get_one(Staff, user.id)
        if mark is None:
            return _write(session, user, learner, day, name, code, minutes, None, False)
        closed = register_closed(times, day, arrived)
        reason = f"Arrived at {arrived:%H:%M}"
        _change(session, mark, staff, code, minutes, reason, closed)
        return _saved(mark, staff, closed)


def mark_all_present(
    db: Database,
    user: StaffUser,
    learner_ids: list[int],
    day: date,
    name: RegisterSession,
    now: datetime,
) -> list[SavedMark]:
    """Mark every learner in the list who has no mark for the session present; never ahead."""
    require(user, Action.MARK_REGISTER)
    with db.transaction(actor(user)) as session:
        info = provision_info(session)
        start = datetime.combine(day, info.times[name].start)
        if now < start:
            raise refuse("present marks are never recorded before the session starts")
        calendar = load_calendar(session)
        saved = []
        for learner in session.scalars(select(Learner).where(Learner.id.in_(learner_ids))):
            if _existing(session, learner.id, day, name) is not None:
                continue
            if day < learner.start_date or (learner.leaving_date and day > learner.leaving_date):
                continue
            code = check_mark(learner, day, name, PRESENT_MARK[name], calendar, now)
            saved.append(_write(session, user, learner, day, name, code, None, None, False))
        return saved


def history(
    db: Database, user: StaffUser, learner_id: int, day: date, name: RegisterSession
) -> list[HistoryEntry]:
    """The first mark and every change to it, oldest first."""
    require(user, Action.MARK_REGISTER)
    with db.reading() as session:
        mark = _existing(session, learner_id, day, name)
        if mark is None:
            return []
        changes = list(
            session.scalars(
                select(Amendment).where(Amendment.mark_id == mark.id).order_by(Amendment.id)
            )
        )
        first_code = changes[0].original_code if changes else mark.code
        first_minutes = changes[0].original_minutes_late if changes else mark.minutes_late
        staff = mark.recorded_by
        entries = [
            HistoryEntry(
                first_code,
                first_minutes,
                mark.recorded_at,
                staff.full_name,
                staff.position,
                None,
                False,
            )
        ]
        entries += [
            HistoryEntry(
                c.amended_code,
                c.amended_minutes_late,
                c.made_at,
                c.staff_name,
                c.staff_position,
                c.reason,
                c.after_close,
            )
            for c in changes
        ]
        return entries


def history_by_upn(
    db: Database, user: StaffUser, upn: str, day: date, name: RegisterSession
) -> list[HistoryEntry]:
    """A session's history for the learner with this UPN."""
    require(user, Action.MARK_REGISTER)
    with db.reading() as session:
        learner_id = session.scalars(select(Learner.id).where(Learner.upn == upn)).one_or_none()
    if learner_id is None:
        raise NotFound(f"no learner with UPN {upn}")
    return history(db, user, learner_id, day, name)
