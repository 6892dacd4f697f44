"""Importing marks from a CSV file, all or nothing, with amendments when asked."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.domain.calendar import SchoolCalendar
from desktop_app.domain.codes import CODES, CodeError, Group, check_code_for_session
from desktop_app.domain.codes import Session as RegisterSession
from desktop_app.domain.permissions import Action
from desktop_app.models import Amendment, Learner, Mark, Staff
from desktop_app.models.engine import Database
from desktop_app.services.auth import StaffUser, actor, require
from desktop_app.services.calendar import load_calendar
from desktop_app.services.csvfile import CsvRows, read_csv
from desktop_app.services.errors import Problem, ValidationFailed
from desktop_app.services.learners import ImportResult

MARK_COLUMNS = {"upn", "date", "session", "code"}
MARK_OPTIONAL = {"minutes_late"}
MAX_MINUTES_LATE = 240
#: Marks that may be recorded before the day: closures, dual registration, part-time timetable,
#: not yet on roll, and leave already granted. Present marks are never pre-filled.
PLANNED_CODES = frozenset({"#", "D", "C2", "Z", "X"})


@dataclass(frozen=True, slots=True)
class MarkRow:
    line: int
    learner_id: int
    day: date
    session: RegisterSession
    code: str
    minutes_late: int | None


@dataclass(frozen=True, slots=True)
class LearnerDates:
    id: int
    start: date
    leaving: date | None


def _may_plan(code: str) -> bool:
    return code in PLANNED_CODES or CODES[code].group is Group.LEAVE_OF_ABSENCE


def _check_calendar(
    rows: CsvRows,
    line: int,
    day: date,
    session: RegisterSession,
    code: str,
    calendar: SchoolCalendar,
) -> None:
    if not calendar.in_term_weekday(day):
        why = "a weekend" if day.weekday() >= 5 else "outside every term"
        rows.problem(line, "date", f"{day} is {why}, not a school session")
    elif session not in calendar.open_sessions(day) and code != "#":
        reason = calendar.closure_reason(day, session)
        rows.problem(line, "code", f"the {session} session on {day} is closed ({reason}); use '#'")


def _check_roll(rows: CsvRows, line: int, day: date, code: str, learner: LearnerDates) -> None:
    if day < learner.start:
        if code != "Z":
            rows.problem(
                line, "date", f"{day} is before the learner's start date {learner.start}; only Z"
            )
    elif code == "Z":
        rows.problem(line, "code", f"Z is only for sessions before the start date {learner.start}")
    elif learner.leaving is not None and day > learner.leaving:
        rows.problem(line, "date", f"{day} is after the learner's leaving date {learner.leaving}")


def _parse_minutes(rows: CsvRows, line: int, raw: str, code: str) -> int | None:
    raw = raw.strip()
    if not raw:
        return None
    if not raw.isdigit() or int(raw) > MAX_MINUTES_LATE:
        rows.problem(line, "minutes_late", f"'{raw}' is not a whole number of minutes (0 to 240)")
        return None
    if code not in ("L", "U"):
        rows.problem(line, "minutes_late", f"minutes late only go with L or U, not '{code}'")
    return int(raw)


def _parse_mark(
    rows: CsvRows,
    line: int,
    values: dict[str, str],
    learners: dict[str, LearnerDates],
    calendar: SchoolCalendar,
    today: date,
) -> MarkRow | None:
    before = len(rows.problems)
    upn = rows.required(line, values, "upn").upper()
    learner = learners.get(upn)
    if upn and learner is None:
        rows.problem(line, "upn", f"no learner with UPN '{upn}'")
    rows.required(line, values, "date")
    day = rows.date(line, values, "date")
    raw_session = rows.required(line, values, "session").upper()
    session = RegisterSession(raw_session) if raw_session in ("AM", "PM") else None
    if raw_session and session is None:
        rows.problem(line, "session", f"'{values['session'].strip()}' is not AM or PM")
    raw_code = values.get("code", "").strip()
    code = raw_code.upper()
    if session is not None:
        try:
            code = check_code_for_session(code, session).code
        except CodeError as error:
            rows.problem(line, "code", str(error))
    minutes = _parse_minutes(rows, line, values.get("minutes_late", ""), code)
    if len(rows.problems) > before or learner is None or day is None or session is None:
        return None
    _check_calendar(rows, line, day, session, code, calendar)
    _check_roll(rows, line, day, code, learner)
    if day > today and not _may_plan(code):
        rows.problem(
            line, "code", f"'{code}' cannot be recorded ahead for {day}; only planned marks"
        )
    if len(rows.problems) > before:
        return None
    return MarkRow(line, learner.id, day, session, code, minutes)


def _existing(session: Session, parsed: list[MarkRow]) -> dict[tuple[int, date, str], Mark]:
    if not parsed:
        return {}
    ids = {r.learner_id for r in parsed}
    first, last = min(r.day for r in parsed), max(r.day for r in parsed)
    marks = session.scalars(
        select(Mark).where(Mark.learner_id.in_(ids), Mark.date.between(first, last))
    )
    return {(m.learner_id, m.date, m.session): m for m in marks}


def _apply(
    session: Session, row: MarkRow, mark: Mark | None, staff: Staff, reason: str | None
) -> bool:
    """Write one row; True if it changed an existing mark."""
    now = datetime.now(UTC)
    if mark is None:
        session.add(
            Mark(
                learner_id=row.learner_id,
                date=row.day,
                session=row.session.value,
                code=row.code,
                minutes_late=row.minutes_late,
                recorded_by_id=staff.id,
                recorded_at=now,
            )
        )
        return False
    assert reason is not None
    session.add(
        Amendment(
            mark_id=mark.id,
            original_code=mark.code,
            amended_code=row.code,
            original_minutes_late=mark.minutes_late,
            amended_minutes_late=row.minutes_late,
            reason=reason,
            made_at=now,
            staff_id=staff.id,
            staff_name=staff.full_name,
            staff_position=staff.position,
        )
    )
    mark.code, mark.minutes_late = row.code, row.minutes_late
    return True


def import_marks(
    db: Database,
    user: StaffUser,
    path: Path,
    amend_reason: str | None = None,
    today: date | None = None,
) -> ImportResult:
    """Record every mark in the file, or none if any row is invalid.

    A session that already has a mark is refused unless amend_reason is given; then each change
    is recorded as an amendment by this user.
    """
    require(user, Action.IMPORT_MARKS)
    if amend_reason is not None:
        require(user, Action.AMEND_MARKS)
        if not amend_reason.strip():
            raise ValidationFailed([Problem("a reason is required to amend marks", field="reason")])
    today = today or date.today()
    rows = read_csv(path, MARK_COLUMNS, MARK_OPTIONAL)
    with db.transaction(actor(user)) as session:
        learners = {
            upn: LearnerDates(i, s, leave)
            for upn, i, s, leave in session.execute(
                select(Learner.upn, Learner.id, Learner.start_date, Learner.leaving_date)
            )
        }
        calendar = load_calendar(session)
        parsed = _parse_all(rows, learners, calendar, today)
        existing = _existing(session, parsed)
        changes = []
        for row in parsed:
            mark = existing.get((row.learner_id, row.day, row.session.value))
            if mark is not None and amend_reason is None:
                rows.problem(
                    row.line,
                    "code",
                    f"{row.day} {row.session} already has the mark '{mark.code}'; "
                    "use --amend with --reason to change it",
                )
            elif mark is None or (mark.code, mark.minutes_late) != (row.code, row.minutes_late):
                changes.append((row, mark))
        rows.raise_if_problems()
        staff = session.get_one(Staff, user.id)
        amended = sum(_apply(session, row, mark, staff, amend_reason) for row, mark in changes)
    return ImportResult(path.name, len(changes) - amended, amended)


def _parse_all(
    rows: CsvRows, learners: dict[str, LearnerDates], calendar: SchoolCalendar, today: date
) -> list[MarkRow]:
    parsed: list[MarkRow] = []
    seen: dict[tuple[int, date, RegisterSession], int] = {}
    for line, values in rows:
        row = _parse_mark(rows, line, values, learners, calendar, today)
        if row is None:
            continue
        key = (row.learner_id, row.day, row.session)
        if key in seen:
            rows.problem(line, "session", f"{row.day} {row.session} is also on row {seen[key]}")
            continue
        seen[key] = line
        parsed.append(row)
    return parsed
