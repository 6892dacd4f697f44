"""Marking the register: one mark, a late arrival, a whole column present, and a cell's history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from desktop_app.domain.codes import PRESENT_MARK
from desktop_app.domain.codes import Session as RegisterSession
from desktop_app.domain.mark_rule import (
    Existing,
    Outcome,
    Proposal,
    Roll,
    Verdict,
    judge_mark,
    session_day,
)
from desktop_app.domain.permissions import Action, allowed
from desktop_app.domain.sessions import arrival_mark
from desktop_app.models import Amendment, Learner, Mark, Staff
from desktop_app.models.engine import Database
from desktop_app.services import read_cache
from desktop_app.services.auth import StaffUser, actor, require
from desktop_app.services.errors import (
    NotFound,
    Problem,
    ReasonRequired,
    ServiceError,
    StaleWrite,
    ValidationFailed,
)
from desktop_app.services.mark_rows import (
    OnRoll,
    StoredMark,
    change_mark,
    insert_mark,
    learner_and_mark,
)
from desktop_app.services.tx import in_transaction


def refuse(message: str, field: str = "code") -> ValidationFailed:
    return ValidationFailed([Problem(message, field=field)])


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


def _saved(mark: StoredMark, recorded_by: str, amendment: bool) -> SavedMark:
    return SavedMark(
        mark.learner_id,
        mark.date,
        RegisterSession(mark.session),
        mark.code,
        mark.minutes_late,
        recorded_by,
        mark.recorded_at,
        amendment,
    )


def _last_change(session: Session, mark: Mark | StoredMark) -> tuple[str, datetime]:
    """Who last set the mark and when: the newest amendment, else the first recording."""
    query = select(Amendment).where(Amendment.mark_id == mark.id).order_by(Amendment.id.desc())
    newest = session.scalars(query.limit(1)).first()
    if newest is not None:
        return newest.staff_name, newest.made_at
    return session.get_one(Staff, mark.recorded_by_id).full_name, mark.recorded_at


@in_transaction
def check_expected(session: Session, mark: Mark | StoredMark | None, expected: str | None) -> None:
    """Refuse a change based on a code that is no longer there (expected '' = no mark).

    Called inside the write transaction, after the mark was read under the write lock.
    """
    if expected is None:
        return
    there = mark.code if mark is not None else ""
    if there == expected.strip().upper():
        return
    if mark is None:
        raise StaleWrite("the mark was removed meanwhile; refresh and try again", None)
    name, moment = _last_change(session, mark)
    raise StaleWrite(
        f"changed by {name} at {moment.astimezone():%H:%M}: it is now '{mark.code}', "
        f"not '{expected or 'no mark'}'; nothing was written",
        mark.code,
    )


@dataclass(frozen=True, slots=True)
class _Request:
    learner: OnRoll
    day: date
    name: RegisterSession
    code: str
    minutes: int | None
    reason: str | None
    now: datetime


def _judge(
    session: Session,
    user: StaffUser,
    request: _Request,
    mark: StoredMark | None,
    arrival: bool = False,
) -> Verdict:
    """The mark rule, fed from the database; refusals raised as ValidationFailed.

    An arrival replacing N may be recorded by anyone who marks: its reason is the arrival time.
    """
    version = read_cache.register_version(session)  # under the write lock: the newest
    learner, calendar = request.learner, read_cache.calendar(session, version)
    verdict = judge_mark(
        Proposal(request.code, request.day, request.name, request.minutes),
        times=read_cache.schedule(session, version).times_on(request.day)[request.name],
        now=request.now,
        roll=Roll(learner.start_date, learner.leaving_date, learner.forename),
        place=session_day(calendar, request.day, request.name),
        existing=None if mark is None else Existing(mark.code, mark.minutes_late),
        may_amend=arrival or allowed(user.role, Action.AMEND_MARKS),
        reason=request.reason,
    )
    if verdict.outcome is Outcome.NEEDS_REASON:
        raise ReasonRequired()
    if verdict.outcome is Outcome.REFUSED:
        if verdict.amendment:
            require(user, Action.AMEND_MARKS)  # the right is missing: PermissionDenied
        raise ValidationFailed([Problem(verdict.message, field=verdict.field)])
    return verdict


def _write(
    session: Session,
    user: StaffUser,
    request: _Request,
    mark: StoredMark | None,
    verdict: Verdict,
) -> SavedMark:
    """Insert, correct or amend one mark inside the caller's transaction, recorded as by the
    signed-in member of staff (their name as at sign-in, as the audit log has it)."""
    name = request.name.value
    if mark is None:
        made = insert_mark(
            session, request.learner.id, request.day, name, verdict.code, request.minutes, user
        )
        return _saved(made, user.full_name, False)
    if verdict.unchanged:
        return _saved(mark, session.get_one(Staff, mark.recorded_by_id).full_name, False)
    reason = (request.reason or "").strip()
    changed = change_mark(
        session, mark, user, verdict.code, request.minutes, reason, verdict.amendment
    )
    return _saved(changed, user.full_name, verdict.amendment)


def _read(
    session: Session, learner_id: int, day: date, name: RegisterSession
) -> tuple[OnRoll, StoredMark | None]:
    """The learner and their mark for the session (None if unmarked), in one query."""
    found = learner_and_mark(session, learner_id, day, name.value)
    if found is None:
        raise NotFound("that learner is no longer on the register")
    return found


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
    expected: str | None = None,
) -> SavedMark:
    """Record one mark, judged by the mark rule (domain/mark_rule.py).

    After the register closes a change is an amendment and needs a reason. `expected` is the code
    the caller believes is there ('' for no mark): if someone changed it meanwhile the change is
    refused with StaleWrite, naming who and when. `now` is naive local time.
    """
    require(user, Action.MARK_REGISTER)
    try:
        with db.transaction(actor(user)) as session:
            learner, mark = _read(session, learner_id, day, name)
            request = _Request(learner, day, name, code, minutes_late, reason, now)
            check_expected(session, mark, expected)
            verdict = _judge(session, user, request, mark)
            return _write(session, user, request, mark, verdict)
    except IntegrityError:
        raise ServiceError("someone else marked this session at the same moment; refresh") from None


def record_arrival(
    db: Database,
    user: StaffUser,
    learner_id: int,
    day: date,
    name: RegisterSession,
    arrived: datetime,
    expected: str | None = None,
) -> SavedMark:
    """A learner arrives: L with minutes late before the register closes, U after.

    Only an unmarked session or an N can become an arrival; an N that changes after the register
    has closed is kept as an amendment whose reason is the arrival time.
    """
    require(user, Action.MARK_REGISTER)
    with db.transaction(actor(user)) as session:
        learner, mark = _read(session, learner_id, day, name)
        check_expected(session, mark, expected)
        if mark is not None and mark.code != "N":
            raise refuse(f"already marked '{mark.code}'; change the mark instead of an arrival")
        result = arrival_mark(read_cache.schedule(session).times_on(day)[name], arrived.time())
        code = result.code or PRESENT_MARK[name]
        minutes = result.minutes_late if code in ("L", "U") else None
        reason = f"Arrived at {arrived:%H:%M}" if mark is not None else None
        request = _Request(learner, day, name, code, minutes, reason, arrived)
        verdict = _judge(session, user, request, mark, arrival=True)
        return _write(session, user, request, mark, verdict)


def mark_all_present(
    db: Database,
    user: StaffUser,
    learner_ids: list[int],
    day: date,
    name: RegisterSession,
    now: datetime,
) -> list[SavedMark]:
    """Mark every learner in the list who is on roll and has no mark for the session present.

    Judged by the same rule as one mark, so never before the session starts; any refusal refuses
    the whole action and nothing is written.
    """
    require(user, Action.MARK_REGISTER)
    with db.transaction(actor(user)) as session:
        saved = []
        for learner_id in sorted(set(learner_ids)):
            found = learner_and_mark(session, learner_id, day, name.value)
            if found is None or found[1] is not None:
                continue
            learner = found[0]
            if day < learner.start_date or (learner.leaving_date and day > learner.leaving_date):
                continue
            request = _Request(learner, day, name, PRESENT_MARK[name], None, None, now)
            verdict = _judge(session, user, request, None)
            saved.append(_write(session, user, request, None, verdict))
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


def arrival_by_upn(
    db: Database,
    user: StaffUser,
    upn: str,
    day: date,
    name: RegisterSession,
    arrived: datetime,
    now: datetime,
) -> SavedMark:
    """A late arrival for the learner with this UPN (the command line's `arrive`).

    Refused for a moment still to come (`now` is naive local time); otherwise as record_arrival.
    """
    require(user, Action.MARK_REGISTER)
    if arrived > now:
        raise refuse(f"{arrived:%Y-%m-%d %H:%M} has not happened yet", field="at")
    with db.reading() as session:
        learner_id = session.scalars(select(Learner.id).where(Learner.upn == upn)).one_or_none()
    if learner_id is None:
        raise NotFound(f"no learner with UPN {upn}")
    return record_arrival(db, user, learner_id, day, name, arrived)
