"""Importing marks from a CSV file, all or nothing, with amendments when asked.

Every row is judged by the same mark rule as the register grid (domain/mark_rule.py). With
`--amend`, the file's `replaces` column says which code each row replaces (blank: no mark); a row
whose session has been changed by someone else since is refused (StaleWrite), naming who and when.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import partial
from operator import itemgetter
from pathlib import Path
from typing import Any, NamedTuple

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
    SessionDay,
    Verdict,
    judge_mark,
    session_day,
)
from desktop_app.domain.permissions import Action
from desktop_app.domain.sessions import Schedule, SessionTimes
from desktop_app.longlived import collection_waits
from desktop_app.models import Learner, Mark, Staff
from desktop_app.models.auditing import audit_created
from desktop_app.models.bulk import insert_many
from desktop_app.models.engine import Database
from desktop_app.services.auth import StaffUser, actor, require
from desktop_app.services.calendar import load_calendar
from desktop_app.services.csvfile import CsvRows, read_csv
from desktop_app.services.errors import Problem, StaleWrite, ValidationFailed
from desktop_app.services.learners import ImportResult
from desktop_app.services.mark_rows import change_loaded_mark
from desktop_app.services.marking import check_expected
from desktop_app.services.session_times import load_schedule

MARK_COLUMNS = {"upn", "date", "session", "code"}
#: replaces: the code the row's session has now, as the file's author believes (blank: no mark).
MARK_OPTIONAL = {"minutes_late", "replaces"}


@dataclass(frozen=True, slots=True)
class LearnerDates:
    id: int
    start: date
    leaving: date | None

    @property
    def roll(self) -> Roll:
        return Roll(self.start, self.leaving, "the learner")


class MarkRow(NamedTuple):
    """One row of the file, read (a tuple: tens of thousands are made, and made quickly)."""

    line: int
    learner: LearnerDates
    day: date
    session: RegisterSession
    code: str
    minutes_late: int | None
    replaces: str | None  # None when the file has no replaces column


#: A MarkRow from a tuple of its fields, without NamedTuple's keyword handling.
_new_row = partial(tuple.__new__, MarkRow)
#: The columns a row is read from besides its UPN, in MarkRow's order.
_READ_ONCE = ("date", "session", "code", "minutes_late", "replaces")


@dataclass(frozen=True, slots=True)
class _Rule:
    """What every row is judged against."""

    calendar: SchoolCalendar
    schedule: Schedule
    now: datetime
    amend_reason: str | None
    #: The calendar's and the schedule's answers, looked up once per session of the file.
    _sessions: dict[tuple[date, RegisterSession], tuple[SessionTimes, SessionDay]] = field(
        default_factory=dict
    )
    _rolls: dict[int, Roll] = field(default_factory=dict)
    #: Verdicts on new marks: the same code on the same session for the same time on roll is
    #: judged once (a file repeats these thousands of times).
    _verdicts: dict[tuple[object, ...], Verdict] = field(default_factory=dict)

    def session(self, day: date, name: RegisterSession) -> tuple[SessionTimes, SessionDay]:
        found = self._sessions.get((day, name))
        if found is None:
            times = self.schedule.times_on(day)[name]
            found = self._sessions[(day, name)] = (times, session_day(self.calendar, day, name))
        return found

    def roll(self, learner: LearnerDates) -> Roll:
        found = self._rolls.get(learner.id)
        if found is None:
            found = self._rolls[learner.id] = learner.roll
        return found


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
    if mark is not None:
        return _judge_once(row, mark, rule)
    learner = row.learner
    key = (row[2:6], learner.start, learner.leaving)  # day, session, code, minutes; the roll
    verdict = rule._verdicts.get(key)
    if verdict is None:
        verdict = rule._verdicts[key] = _judge_once(row, None, rule)
    return verdict


def _judge_once(row: MarkRow, mark: Mark | None, rule: _Rule) -> Verdict:
    times, place = rule.session(row.day, row.session)
    return judge_mark(
        Proposal(row.code, row.day, row.session, row.minutes_late),
        times=times,
        now=rule.now,
        roll=rule.roll(row.learner),
        place=place,
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


def _insert_new(session: Session, new: list[tuple[MarkRow, Verdict]], staff: Staff) -> None:
    """Insert the file's new marks with one executemany, then audit each (as a flush would)."""
    if not new:
        return
    now, staff_id = datetime.now(UTC), staff.id
    values: list[dict[str, Any]] = [
        {
            "learner_id": row.learner.id,
            "date": row.day,
            "session": row.session.value,
            "code": verdict.code,
            "minutes_late": row.minutes_late,
            "recorded_by_id": staff_id,
            "recorded_at": now,
            "source": "register",
        }
        for row, verdict in new
    ]
    # A plain executemany (RETURNING over tens of thousands of rows is far slower); the ids are
    # read back by each mark's unique (learner, date, session), still under the write lock.
    insert_many(session.connection(), Mark, values)
    audit_created(session, Mark.__tablename__, _as_audited(values, _ids_of(session, new)))


def _as_audited(
    values: list[dict[str, Any]], ids: dict[tuple[int, date, str], int]
) -> list[dict[str, Any]]:
    """The inserted values with their ids, dates and times written as the audit log's detail
    writes them (ISO 8601), each distinct one once: the detail is the same text either way."""
    days: dict[date, str] = {}
    stamps: dict[datetime, str] = {}
    audited = []
    for value in values:
        day, at = value["date"], value["recorded_at"]
        audited.append(
            value
            | {
                "id": ids[(value["learner_id"], day, value["session"])],
                "date": days.get(day) or days.setdefault(day, day.isoformat()),
                "recorded_at": stamps.get(at) or stamps.setdefault(at, at.isoformat()),
            }
        )
    return audited


def _ids_of(
    session: Session, new: list[tuple[MarkRow, Verdict]]
) -> dict[tuple[int, date, str], int]:
    learners = {row.learner.id for row, _ in new}
    days = {row.day for row, _ in new}
    first, last = min(days), max(days)
    found = session.execute(
        select(Mark.learner_id, Mark.date, Mark.session, Mark.id).where(
            Mark.learner_id.in_(learners), Mark.date.between(first, last)
        )
    )
    return {(lid, day, name): mark_id for lid, day, name, mark_id in found}


def _amend(
    session: Session, row: MarkRow, mark: Mark, staff: Staff, verdict: Verdict, reason: str
) -> None:
    """Change one existing mark, keeping the change as an amendment (the register's own rule,
    services/mark_rows.py: the mark becomes the register's, so a pattern never replaces it)."""
    change_loaded_mark(
        session, mark, staff, verdict.code, row.minutes_late, reason, verdict.amendment
    )


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
        mark = existing.get((row.learner.id, row.day, row.session.value)) if existing else None
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
            if row.replaces is not None and (why := _stale(session, row, mark)) is not None:
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
    if "replaces" not in rows.header:  # the header only: reading the rows here would say
        # each malformed row's problem twice (once here, once when the rows are read)
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
    with collection_waits(), db.transaction(actor(user)) as session:
        learners = {
            upn: LearnerDates(i, s, leave)
            for upn, i, s, leave in session.execute(
                select(Learner.upn, Learner.id, Learner.start_date, Learner.leaving_date)
            )
        }
        rule = _Rule(
            load_calendar(session),
            load_schedule(session),
            now or datetime.now(),
            amend_reason,
        )
        changes = _plan(session, rows, _parse_all(rows, learners), rule)
        staff = session.get_one(Staff, user.id)
        reason = (amend_reason or "").strip()
        _insert_new(session, [(row, v) for row, mark, v in changes if mark is None], staff)
        amended = [(row, mark, v) for row, mark, v in changes if mark is not None]
        for row, mark, v in amended:
            _amend(session, row, mark, staff, v, reason)
    return ImportResult(path.name, len(changes) - len(amended), len(amended))


def _parse_all(rows: CsvRows, learners: dict[str, LearnerDates]) -> list[MarkRow]:
    """Every row read, and refused when it repeats another row's session.

    The columns are found once. A file repeats each UPN and each (date, session, code, lateness)
    thousands of times, so values already read without a problem are not read again: a row
    whose UPN and other values were both met before is the same as those rows, with its line."""
    header = rows.header
    at_upn = header.index("upn")
    others = itemgetter(*(header.index(n) for n in _READ_ONCE if n in header))
    known_upns: dict[str, LearnerDates] = {}
    known: dict[object, tuple[date, RegisterSession, str, int | None, str | None]] = {}
    parsed: list[MarkRow] = []
    seen: dict[tuple[int, date, RegisterSession], int] = {}
    for line, values in rows.lists():
        learner, key = known_upns.get(values[at_upn]), others(values)
        read = known.get(key)
        if learner is None or read is None:
            row = _parse_mark(rows, line, dict(zip(header, values, strict=True)), learners)
            if row is None:
                continue
            learner, read = row.learner, row[2:]
            known_upns[values[at_upn]], known[key] = learner, read
        else:
            row = _new_row((line, learner, *read))
        if (first := seen.setdefault((learner.id, read[0], read[1]), line)) != line:
            rows.problem(line, "session", f"{row.day} {row.session} is also on row {first}")
            continue
        parsed.append(row)
    return parsed
