"""Importing marks from a CSV file, all or nothing, with amendments when asked.

Every row is judged by the same mark rule as the register grid (domain/mark_rule.py). With
`--amend`, the file's `replaces` column says which code each row replaces (blank: no mark); a row
whose session has been changed by someone else since is refused (StaleWrite), naming who and when.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.domain.calendar import SchoolCalendar
from desktop_app.domain.codes import Session as RegisterSession
from desktop_app.domain.mark_rule import (
    MAX_MINUTES_LATE,
    Existing,
    Outcome,
    Proposal,
    Roll,
    Verdict,
    judge_mark,
    session_day,
)
from desktop_app.domain.permissions import Action
from desktop_app.domain.sessions import SessionTimes
from desktop_app.models import Amendment, Learner, Mark, Staff
from desktop_app.models.engine import Database
from desktop_app.services.auth import StaffUser, actor, require
from desktop_app.services.calendar import load_calendar
from desktop_app.services.csvfile import CsvRows, read_csv
from desktop_app.services.errors import Problem, StaleWrite, ValidationFailed
from desktop_app.services.learners import ImportResult
from desktop_app.services.marking import check_expected
from desktop_app.services.provision import provision_info

MARK_COLUMNS = {"upn", "date", "session", "code"}
#: replaces: the code the row's session has now, as the file's author believes (blank: no mark).
MARK_OPTIONAL = {"minutes_late", "replaces"}


@dataclass(frozen=True, slots=True)
class LearnerDates:
    id: int
    start: date
    leaving: date | None


@dataclass(frozen=True, slots=True)
class MarkRow:
    line: int
    learner: LearnerDates
    day: date
    session: RegisterSession
    code: str
    minutes_late: int | None
    replaces: str | None  # None when the file has no replaces column


@dataclass(frozen=True, slots=True)
class _Rule:
    """What every row is judged against."""

    calendar: SchoolCalendar
    times: dict[RegisterSession, SessionTimes]
    now: datetime
    amend_reason: str | None


def _parse_minutes(rows: CsvRows, line: int, raw: str) -> int | None:
    raw = raw.strip()
    if not raw:
        return None
    if not (raw.isascii() and raw.isdigit()) or int(raw) > MAX_MINUTES_LATE:
        rows.problem(line, "minutes_late", f"'{raw}' is not a whole number of minutes (0 to 240)")
        return None
    return int(raw)


def _parse_mark(
    rows: CsvRows, line: int, values: dict[str, str], learners: dict[str, LearnerDates]
) -> MarkRow | None:
    """The row's values, read; the mark rule judges them later."""
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
    code = values.get("code", "").strip().upper()
    minutes = _parse_minutes(rows, line, values.get("minutes_late", ""))
    replaces = values["replaces"].strip().upper() if "replaces" in values else None
    if len(rows.problems) > before or learner is None or day is None or session is None:
        return None
    return MarkRow(line, learner, day, session, code, minutes, replaces)


def _judge(row: MarkRow, mark: Mark | None, rule: _Rule) -> Verdict:
    learner = row.learner
    return judge_mark(
        Proposal(row.code, row.day, row.session, row.minutes_late),
        times=rule.times[row.session],
        now=rule.now,
        roll=Roll(learner.start, learner.leaving, "the learner"),
        place=session_day(rule.calendar, row.day, row.session),
        existing=None if mark is None else Existing(mark.code, mark.minutes_late),
        may_amend=rule.amend_reason is not None,
        reason=rule.amend_reason,
    )


def _existing(session: Session, parsed: list[MarkRow]) -> dict[tuple[int, date, str], Mark]:
    if not parsed:
        return {}
    ids = {r.learner.id for r in parsed}
    first, last = min(r.day for r in parsed), max(r.day for r in parsed)
    marks = session.scalars(
        select(Mark).where(Mark.learner_id.in_(ids), Mark.date.between(first, last))
    )
    return {(m.learner_id, m.date, m.session): m for m in marks}


def _apply(
    session: Session, row: MarkRow, mark: Mark | None, staff: Staff, verdict: Verdict, reason: str
) -> bool:
    """Write one row; True if it changed an existing mark."""
    now = datetime.now(UTC)
    if mark is None:
        session.add(
            Mark(
                learner_id=row.learner.id,
                date=row.day,
                session=row.session.value,
                code=verdict.code,
                minutes_late=row.minutes_late,
                recorded_by_id=staff.id,
                recorded_at=now,
            )
        )
        return False
    session.add(
        Amendment(
            mark_id=mark.id,
            original_code=mark.code,
            amended_code=verdict.code,
            original_minutes_late=mark.minutes_late,
            amended_minutes_late=row.minutes_late,
            reason=reason,
            made_at=now,
            staff_id=staff.id,
            staff_name=staff.full_name,
            staff_position=staff.position,
            after_close=verdict.amendment,
        )
    )
    mark.code, mark.minutes_late = verdict.code, row.minutes_late
    return True


def _stale(session: Session, row: MarkRow, mark: Mark | None) -> str | None:
    """Why a row's change rests on a code that is no longer there, or None."""
    if row.replaces is None:
        return None
    try:
        check_expected(session, mark, row.replaces)
    except StaleWrite as error:
        return f"row {row.line}: {row.day} {row.session}: {error}"
    return None


def _plan(
    session: Session, rows: CsvRows, parsed: list[MarkRow], rule: _Rule
) -> list[tuple[MarkRow, Mark | None, Verdict]]:
    """Judge every row against what is stored now; problems and stale rows are raised."""
    existing = _existing(session, parsed)
    changes, stale = [], []
    for row in parsed:
        mark = existing.get((row.learner.id, row.day, row.session.value))
        if mark is not None and rule.amend_reason is None:
            rows.problem(
                row.line,
                "code",
                f"{row.day} {row.session} already has the mark '{mark.code}'; "
                "use --amend with --reason to change it",
            )
            continue
        verdict = _judge(row, mark, rule)
        if verdict.outcome is not Outcome.OK:
            rows.problem(row.line, verdict.field, verdict.message)
        elif not verdict.unchanged:
            if (why := _stale(session, row, mark)) is not None:
                stale.append(why)
            changes.append((row, mark, verdict))
    rows.raise_if_problems()
    if stale:
        raise StaleWrite("\n".join(stale))
    return changes


def _check_amend(user: StaffUser, rows: CsvRows, amend_reason: str | None) -> None:
    if amend_reason is None:
        return
    require(user, Action.AMEND_MARKS)
    if not amend_reason.strip():
        raise ValidationFailed([Problem("a reason is required to amend marks", field="reason")])
    if any("replaces" not in values for _, values in rows):
        raise ValidationFailed(
            [
                Problem(
                    "to amend, the file needs a 'replaces' column: the code each session has "
                    "now (blank if unmarked), so a change someone made meanwhile is never "
                    "overwritten unseen",
                    field="replaces",
                    file=rows.path.name,
                )
            ]
        )


def import_marks(
    db: Database,
    user: StaffUser,
    path: Path,
    amend_reason: str | None = None,
    now: datetime | None = None,
) -> ImportResult:
    """Record every mark in the file, or none if any row is invalid.

    A session that already has a mark is refused unless amend_reason is given; then each change
    is recorded as an amendment by this user, and the file's `replaces` column must still match
    what is stored (else StaleWrite, nothing written). `now` is naive local time.
    """
    require(user, Action.IMPORT_MARKS)
    rows = read_csv(path, MARK_COLUMNS, MARK_OPTIONAL)
    _check_amend(user, rows, amend_reason)
    with db.transaction(actor(user)) as session:
        learners = {
            upn: LearnerDates(i, s, leave)
            for upn, i, s, leave in session.execute(
                select(Learner.upn, Learner.id, Learner.start_date, Learner.leaving_date)
            )
        }
        rule = _Rule(
            load_calendar(session),
            provision_info(session).times,
            now or datetime.now(),
            amend_reason,
        )
        changes = _plan(session, rows, _parse_all(rows, learners), rule)
        staff = session.get_one(Staff, user.id)
        reason = (amend_reason or "").strip()
        amended = sum(_apply(session, row, mark, staff, v, reason) for row, mark, v in changes)
    return ImportResult(path.name, len(changes) - amended, amended)


def _parse_all(rows: CsvRows, learners: dict[str, LearnerDates]) -> list[MarkRow]:
    parsed: list[MarkRow] = []
    seen: dict[tuple[int, date, RegisterSession], int] = {}
    for line, values in rows:
        row = _parse_mark(rows, line, values, learners)
        if row is None:
            continue
        key = (row.learner.id, row.day, row.session)
        if key in seen:
            rows.problem(line, "session", f"{row.day} {row.session} is also on row {seen[key]}")
            continue
        seen[key] = line
        parsed.append(row)
    return parsed
