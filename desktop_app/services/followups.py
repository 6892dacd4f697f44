"""What follow-up each learner's current absence is owed, and the safeguarding alerts.

Helpers for other services: they run inside the caller's transaction and check no role."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_app.domain import followup
from desktop_app.domain.calendar import SchoolCalendar
from desktop_app.domain.codes import CODES
from desktop_app.domain.codes import Session as RegisterSession
from desktop_app.domain.notification_watches import children_missing_education
from desktop_app.domain.rag import RED_FACTORS, Rating
from desktop_app.domain.safeguarding_watches import LearnerSafeguarding, safeguarding_alerts
from desktop_app.domain.thresholds import DEFAULTS, Thresholds
from desktop_app.domain.watches import Alert
from desktop_app.models import ContactLogEntry, EmergencyContact, Mark, RagFactor, RagOverride
from desktop_app.services.rag import assessment_versions, ratings
from desktop_app.services.tx import in_transaction

Marks = Mapping[tuple[date, RegisterSession], str]
#: Far enough back to find the start of any absence still being followed up.
LOOKBACK = timedelta(days=120)


@in_transaction
def contacts_since(
    session: Session, since: date, learner_ids: Iterable[int] | None = None
) -> dict[int, list[followup.Contact]]:
    """Logged contacts from `since` on, as the rules see them (local days)."""
    query = select(
        ContactLogEntry.learner_id,
        ContactLogEntry.at,
        ContactLogEntry.method,
        ContactLogEntry.outcome,
        ContactLogEntry.party,
    ).where(ContactLogEntry.at >= datetime.combine(since - timedelta(days=1), time(), UTC))
    if learner_ids is not None:
        query = query.where(ContactLogEntry.learner_id.in_(list(learner_ids)))
    found: dict[int, list[followup.Contact]] = defaultdict(list)
    for learner_id, at, method, outcome, party in session.execute(query):
        found[learner_id].append(followup.Contact(at.astimezone().date(), method, outcome, party))
    return found


def absence_run(calendar: SchoolCalendar, start: date, as_of: date, marks: Marks) -> list[date]:
    """The school days of the absence still going on at `as_of` (empty when none)."""
    days = calendar.school_days(max(start, as_of - LOOKBACK), as_of)
    return followup.current_absence(days, followup.marks_by_day(marks))


def follow_up_for(
    calendar: SchoolCalendar,
    start: date,
    as_of: date,
    marks: Marks,
    rating: Rating,
    contacts: Iterable[followup.Contact],
    planned: Collection[date] = frozenset(),
    values: Thresholds = DEFAULTS,
) -> followup.FollowUp | None:
    """The follow-up owed for the absence still going on at `as_of`, if any.

    `planned` are the days whose absence was marked before the sessions began (see
    alert_data.planned_days); the days whose absence carries a reason are read from `marks`."""
    run = absence_run(calendar, start, as_of, marks)
    known = [c for c in contacts if c.day <= as_of]  # asked about a past day: as it was then
    on_day = followup.marks_by_day(marks)
    reasoned = {day for day in run if followup.reason_given(on_day(day))}
    return followup.follow_up(
        run,
        rating,
        known,
        calendar.school_days_after,
        planned,
        reasoned,
        values["planned_absence_visit_days"],
    )


def _red_since(session: Session, learner_ids: list[int]) -> dict[int, date]:
    found: dict[int, date] = {}
    factor_rows = session.execute(
        select(RagFactor.learner_id, func.min(RagFactor.since))
        .where(RagFactor.factor.in_(list(RED_FACTORS)), RagFactor.learner_id.in_(learner_ids))
        .group_by(RagFactor.learner_id)
    )
    for learner_id, since in factor_rows:
        found[learner_id] = since
    overrides = session.execute(
        select(RagOverride.learner_id, RagOverride.set_at).where(
            RagOverride.cleared_at.is_(None),
            RagOverride.rating == Rating.RED.value,
            RagOverride.learner_id.in_(learner_ids),
        )
    )
    for learner_id, at in overrides:
        found[learner_id] = at.astimezone().date()
    return found


@in_transaction
def contact_counts(session: Session, learner_ids: list[int]) -> dict[int, int]:
    rows = session.execute(
        select(EmergencyContact.learner_id, func.count())
        .where(EmergencyContact.learner_id.in_(learner_ids))
        .group_by(EmergencyContact.learner_id)
    )
    return {learner_id: n for learner_id, n in rows}


@in_transaction
def all_safeguarding_alerts(
    session: Session,
    calendar: SchoolCalendar,
    as_of: date,
    learners: Iterable[tuple[int, str, date, date | None]],
    marks: Mapping[int, Marks],
    values: Thresholds = DEFAULTS,
    starts: Mapping[RegisterSession, time] | None = None,
) -> list[Alert]:
    """The safeguarding watches for every learner on roll at `as_of`, and children missing
    education.

    `learners` are (id, upn, start, leaving); `marks` the register by learner id; `starts` the
    sessions' start times, which tell a planned absence (marked before it began) apart."""
    on_roll = [row for row in learners if row[2] <= as_of and (row[3] is None or row[3] >= as_of)]
    ids = [row[0] for row in on_roll]
    runs = {row[0]: absence_run(calendar, row[2], as_of, marks.get(row[0], {})) for row in on_roll}
    red_since = _red_since(session, ids)
    rated = ratings(session, as_of, [i for i in ids if runs[i] or i in red_since])
    versions = assessment_versions(session, ids)
    counts = contact_counts(session, ids)
    logged = contacts_since(session, as_of - LOOKBACK, ids)
    found: list[Alert] = []
    for learner_id, upn, start, _leaving in on_roll:
        # Rated only where it changes an alert: absent now (the cadence) or possibly RED.
        rating = rated[learner_id].rating if learner_id in rated else Rating.GREEN
        mine, run = marks.get(learner_id, {}), runs[learner_id]
        contacts = logged.get(learner_id, [])
        planned: set[date] = set()
        if run and starts is not None:
            planned = planned_days(session, learner_id, run, starts)
        owed = follow_up_for(calendar, start, as_of, mine, rating, contacts, planned, values)
        missing = children_missing_education(upn, run, contacts, values)
        found += [missing] if missing is not None else []
        learner = LearnerSafeguarding(
            upn,
            start,
            rating,
            red_since.get(learner_id),
            versions.get(learner_id, []),
            counts.get(learner_id, 0),
            owed,
        )
        found += safeguarding_alerts(learner, as_of)
    return found


@in_transaction
def planned_days(
    session: Session,
    learner_id: int,
    days: Collection[date],
    starts: Mapping[RegisterSession, time],
) -> set[date]:
    """Days of `days` whose every possible mark was a planned absence (`followup.known_ahead`)."""
    if not days:
        return set()
    rows = session.execute(
        select(Mark.date, Mark.session, Mark.code, Mark.recorded_at).where(
            Mark.learner_id == learner_id, Mark.date.in_(list(days))
        )
    )
    unplanned: set[date] = set()
    seen: set[date] = set()
    for day, session_name, code, recorded in rows:
        seen.add(day)
        began = datetime.combine(day, starts[RegisterSession(session_name)])
        mark_known = followup.known_ahead(code, recorded.astimezone().replace(tzinfo=None), began)
        if CODES[code].counts_as_possible and not mark_known:
            unplanned.add(day)
    return seen - unplanned
