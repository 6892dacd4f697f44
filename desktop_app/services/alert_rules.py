"""Every watch for every learner, from the bounded read (a helper inside the caller's session).

Statutory thresholds and patterns are judged for learners on roll on the day checked; missing
registers and unresolved `N` codes for everyone on roll at any time in the window (a leaver's
register must still be complete).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_app.domain import watches
from desktop_app.domain.calendar import SchoolCalendar, academic_year_start
from desktop_app.domain.codes import CODES, UNAUTHORISED_CODES
from desktop_app.domain.codes import Session as RegisterSession
from desktop_app.domain.notification_watches import ehcp_below_band
from desktop_app.domain.pattern_watches import illness_evidence, persistent_lateness
from desktop_app.domain.thresholds import Thresholds
from desktop_app.domain.watches import Alert, LearnerRegister, WatchSettings
from desktop_app.models import RagFactor
from desktop_app.services.alert_data import (
    LearnerRow,
    WatchData,
    current_thresholds,
    load_watch_data,
    read_marks,
)
from desktop_app.services.calendar import load_calendar
from desktop_app.services.followups import all_safeguarding_alerts
from desktop_app.services.session_times import times_on
from desktop_app.services.tx import in_transaction


@in_transaction
def compute_alerts(session: Session, moment: datetime) -> tuple[list[Alert], dict[str, int]]:
    """Every alert as at `moment`, and the learner id for each UPN seen."""
    as_of = moment.date()
    calendar = load_calendar(session)
    times = times_on(session, as_of)
    values = current_thresholds(session)
    data = load_watch_data(session, calendar, as_of, values)
    on_roll = data.on_roll(as_of)
    _read_long_absences(session, data, on_roll, calendar, as_of)
    starts = {s: t.start for s, t in times.items()}
    found = all_safeguarding_alerts(session, calendar, as_of, on_roll, data.marks, values, starts)
    close_times = {s: t.close for s, t in times.items()}
    found += _register_alerts(data, calendar, moment, close_times, values)
    found += _penalty_alerts(session, data, on_roll, calendar, as_of, values)
    found += _threshold_alerts(session, data, on_roll, calendar, as_of, values)
    return sorted(found), {upn: learner_id for learner_id, upn, *_ in data.learners}


def _read_long_absences(
    session: Session,
    data: WatchData,
    on_roll: list[LearnerRow],
    calendar: SchoolCalendar,
    as_of: date,
) -> None:
    """Read in full the register of anyone whose absence (any kind) runs back to the window's
    start, so runs and follow-up count from their true first day."""
    first = calendar.school_days(data.since, as_of)[:1]
    if not first:
        return
    reaching = []
    for learner_id, _upn, start, _leaving in on_roll:
        marks = data.marks.get(learner_id, {})
        if start < data.since and all(
            (first[0], s) not in marks or CODES[marks[(first[0], s)]].is_absence
            for s in calendar.open_sessions(first[0])
        ):
            reaching.append(learner_id)
    if reaching:
        data.marks.update(read_marks(session, reaching, None, as_of))


def _register_alerts(
    data: WatchData,
    calendar: SchoolCalendar,
    moment: datetime,
    close_times: Mapping[RegisterSession, time],
    values: Thresholds,
) -> list[Alert]:
    """Missing registers (in the window, and before it where a gap was counted) and every
    unresolved N."""
    settings = WatchSettings.of(values)
    found: list[Alert] = []
    for learner_id, upn, start, leaving in data.learners:
        recent = LearnerRegister(
            upn, max(start, data.since), leaving, data.marks.get(learner_id, {})
        )
        found += watches.missing_registers(recent, calendar, moment, close_times)
        older = data.older.get(learner_id)
        if older is not None:
            end = data.since - timedelta(days=1)
            early = LearnerRegister(upn, start, min(leaving or end, end), older)
            found += watches.missing_registers(early, calendar, moment, close_times)
        ns = LearnerRegister(upn, start, leaving, data.unresolved.get(learner_id, {}))
        found += watches.unresolved_n(ns, calendar, moment.date(), settings)
    return found


def _penalty_alerts(
    session: Session,
    data: WatchData,
    on_roll: list[LearnerRow],
    calendar: SchoolCalendar,
    as_of: date,
    values: Thresholds,
) -> list[Alert]:
    """The penalty-notice threshold from the window's unauthorised marks; where the condition
    has held since before the window, the learner's older unauthorised marks are read too, so
    the day it arose is found."""
    settings = WatchSettings.of(values)
    found: dict[int, Alert] = {}
    for learner_id, upn, start, leaving in on_roll:
        register = LearnerRegister(upn, start, leaving, data.unauthorised.get(learner_id, {}))
        alert = watches.penalty_notice(register, calendar, as_of, settings)
        if alert is not None:
            found[learner_id] = alert
    since = data.unauthorised_since or as_of
    longer = [i for i, a in found.items() if _window_of(calendar, a.date, settings) <= since]
    if longer:
        history = read_marks(session, longer, None, as_of, UNAUTHORISED_CODES)  # (code, date)
        for learner_id, upn, start, leaving in on_roll:
            if learner_id in history:
                register = LearnerRegister(upn, start, leaving, history[learner_id])
                alert = watches.penalty_notice(register, calendar, as_of, settings)
                if alert is not None:
                    found[learner_id] = alert
    return list(found.values())


def _window_of(calendar: SchoolCalendar, day: date, settings: WatchSettings) -> date:
    before = calendar.school_days_before(day, 1) or day
    weeks = calendar.school_weeks_back(before, settings.penalty_weeks)
    return weeks[0] if weeks else day


def _threshold_alerts(
    session: Session,
    data: WatchData,
    on_roll: list[LearnerRow],
    calendar: SchoolCalendar,
    as_of: date,
    values: Thresholds,
) -> list[Alert]:
    settings = WatchSettings.of(values)
    ehcp = _ehcp_since(session, [r[0] for r in on_roll])
    year = academic_year_start(as_of)
    year_marks = read_marks(session, list(ehcp), year, as_of) if ehcp else {}
    found: list[Alert | None] = []
    for learner_id, upn, start, leaving in on_roll:
        register = LearnerRegister(upn, start, leaving, data.marks.get(learner_id, {}))
        ill = LearnerRegister(upn, start, leaving, data.illness.get(learner_id, {}))
        whole_year = LearnerRegister(upn, start, leaving, year_marks.get(learner_id, {}))
        found += [
            watches.unauthorised_run(
                _with_year(data, learner_id, register), calendar, as_of, settings
            ),
            watches.illness(ill, as_of, settings),
            persistent_lateness(register, calendar, as_of, values),
            illness_evidence(register, calendar, as_of, values),
            ehcp_below_band(whole_year, calendar, year, as_of, ehcp.get(learner_id), values),
        ]
    return [a for a in found if a is not None]


def _with_year(data: WatchData, learner_id: int, register: LearnerRegister) -> LearnerRegister:
    """The register with this academic year's marks too, where they were read (days of
    unauthorised absence accumulated over the year)."""
    year = data.year_runs.get(learner_id)
    if year is None:
        return register
    marks = {**year, **register.marks}
    return LearnerRegister(register.upn, register.start, register.leaving, marks)


def _ehcp_since(session: Session, learner_ids: list[int]) -> dict[int, date]:
    rows = session.execute(
        select(RagFactor.learner_id, func.min(RagFactor.since))
        .where(RagFactor.factor == "ehcp", RagFactor.learner_id.in_(learner_ids))
        .group_by(RagFactor.learner_id)
    )
    return {learner_id: since for learner_id, since in rows}
