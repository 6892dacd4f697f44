"""A realistic fictional provision for trying the app: learners, staff, a term of marks."""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from desktop_app.demo.casework import add_casework
from desktop_app.demo.register_data import (
    COMMISSIONERS,
    GROUPS,
    STAFF,
    academic_year_terms,
    name_for,
)
from desktop_app.demo.report_extras import ADDRESS, EMAIL, PHONE
from desktop_app.demo.safeguarding import add_safeguarding
from desktop_app.domain.calendar import Closure as DomainClosure
from desktop_app.domain.calendar import SchoolCalendar, academic_year_start
from desktop_app.domain.codes import Session as RegisterSession
from desktop_app.domain.permissions import Role
from desktop_app.domain.sessions import DEFAULT_TIMES
from desktop_app.domain.upn import make_upn
from desktop_app.models import (
    Closure,
    Commissioner,
    Group,
    GroupTutor,
    Learner,
    Mark,
    ProvisionSettings,
    Staff,
)
from desktop_app.models import Term as TermRow
from desktop_app.models.auditing import audit_rows
from desktop_app.models.engine import Database
from desktop_app.services.provision import add_staff_unchecked
from desktop_app.services.session_times import add_first_times

DEMO_NAME = "Riverside Learning Centre (demo)"


@dataclass(frozen=True, slots=True)
class Profile:
    """How a fictional learner tends to attend."""

    present: float  # chance of attending a session
    late: float  # chance an attended session is late
    unauthorised_share: float  # share of absences with no good reason
    part_time_pm: bool = False  # C2 every afternoon
    dual_wednesday: bool = False  # D on Wednesdays


PROFILES = [
    Profile(0.97, 0.03, 0.2),
    Profile(0.93, 0.10, 0.4),
    Profile(0.88, 0.15, 0.5),
    Profile(0.80, 0.20, 0.6),
    Profile(0.60, 0.25, 0.8),
    Profile(0.92, 0.05, 0.3, part_time_pm=True),
    Profile(0.95, 0.05, 0.3, dual_wednesday=True),
]


@dataclass
class DemoResult:
    provision: str
    learners: int
    marks: int
    staff: list[tuple[str, str, str]] = field(default_factory=list)


def _mark_for(
    rng: random.Random, profile: Profile, day: date, session: RegisterSession
) -> tuple[str, int | None]:
    if profile.dual_wednesday and day.weekday() == 2:
        return "D", None
    if profile.part_time_pm and session is RegisterSession.PM:
        return "C2", None
    if rng.random() < profile.present:
        if rng.random() < profile.late:
            return "L", rng.randint(3, 25)
        if rng.random() < 0.02:
            return rng.choice("KB"), None
        return ("/" if session is RegisterSession.AM else "\\"), None
    if rng.random() < profile.unauthorised_share:
        if rng.random() < 0.2:
            return "U", rng.randint(35, 70)
        return rng.choice("OOOG"), None
    return rng.choice("IIIIMME"), None


def _recorded_at(day: date, session: RegisterSession, rng: random.Random) -> datetime:
    start = DEFAULT_TIMES[session].start
    local = datetime.combine(day, time(start.hour, start.minute)) + timedelta(
        minutes=rng.randint(2, 20)
    )
    return local.astimezone(UTC)


def generate_marks(
    learners: list[tuple[int, date, date | None, Profile]],
    calendar: SchoolCalendar,
    first: date,
    last: date,
    staff_id: int,
    seed: int = 2026,
) -> list[dict[str, Any]]:
    """Rows for the marks table: every open session from first to last for learners on roll."""
    rng = random.Random(seed)
    rows: list[dict[str, Any]] = []
    for day in calendar.school_days(first, last):
        for session in calendar.open_sessions(day):
            for learner_id, start, leaving, profile in learners:
                if day < start or (leaving is not None and day > leaving):
                    continue
                code, minutes = _mark_for(rng, profile, day, session)
                rows.append(
                    {
                        "learner_id": learner_id,
                        "date": day,
                        "session": session.value,
                        "code": code,
                        "minutes_late": minutes,
                        "recorded_by_id": staff_id,
                        "recorded_at": _recorded_at(day, session, rng),
                    }
                )
    return rows


def _add_calendar(session: Session, today: date) -> SchoolCalendar:
    """Last academic year's and this year's half-terms, and one INSET day this year."""
    year = academic_year_start(today).year
    terms = academic_year_terms(year - 1) + academic_year_terms(year)
    session.add_all(TermRow(name=t.name, start_date=t.start, end_date=t.end) for t in terms)
    this_year = terms[6]
    inset = SchoolCalendar.build(terms).school_days(this_year.start, this_year.end)[5]
    session.add(Closure(day=inset, session=None, reason="INSET day"))
    return SchoolCalendar.build(terms, [DomainClosure(inset, None, "INSET day")])


def _add_people(session: Session) -> tuple[list[tuple[str, str, str]], int]:
    """Staff with fresh random passwords; returns (username, role, password) and a tutor's id."""
    accounts = []
    tutor_id = 0
    for username, full_name, position, role in STAFF:
        password = secrets.token_urlsafe(9)
        staff = add_staff_unchecked(session, username, full_name, position, Role(role), password)
        session.flush()
        tutor_id = tutor_id or (staff.id if role == "tutor" else 0)
        accounts.append((username, role, password))
    return accounts, tutor_id


def _add_learners(
    session: Session, days: list[date], today: date, count: int
) -> list[tuple[int, date, date | None, Profile]]:
    groups = [Group(name=name) for name in GROUPS]
    commissioners = [
        Commissioner(name=n, contact_name=c, email=e, phone=p) for n, c, e, p in COMMISSIONERS
    ]
    session.add_all([*groups, *commissioners])
    session.flush()
    learners = []
    for index in range(count):
        forename, surname = name_for(index)
        start = days[0] if index % 9 else days[len(days) // 3 + index]
        leaving = days[-20] if index == 13 else None
        age = 11 + index % 5
        learner = Learner(
            upn=make_upn(f"82030{index:07d}"[:12]),
            surname=surname,
            forename=forename,
            date_of_birth=date(today.year - age - 1, 1 + (index * 5) % 12, 1 + (index * 11) % 28),
            start_date=start,
            leaving_date=leaving,
            group_id=groups[index % len(groups)].id,
            commissioner_id=commissioners[index % len(commissioners)].id,
        )
        session.add(learner)
        session.flush()
        learners.append((learner.id, start, leaving, PROFILES[index % len(PROFILES)]))
    return learners


def _link_tutors(session: Session) -> None:
    """Tom Reilly tutors Kestrel; Aisha Khan Falcon and Osprey (their registers open there)."""
    links = {"tutor1": ["Kestrel"], "tutor2": ["Falcon", "Osprey"]}
    groups = {g.name: g.id for g in session.scalars(select(Group))}
    for username, names in links.items():
        staff_id = session.scalars(select(Staff.id).where(Staff.username == username)).one()
        session.add_all(GroupTutor(group_id=groups[n], staff_id=staff_id) for n in names)


def _recent_concerns(rows: list[dict[str, Any]], learners: list[Any], days: list[date]) -> None:
    """Make the last weeks tell a story: an unresolved N, a run of absence, a missing register."""
    by_key = {(r["learner_id"], r["date"], r["session"]): r for r in rows}
    run_learner, n_learner, gap_learner = learners[4][0], learners[2][0], learners[7][0]
    for day in days[-11:]:
        for session in ("AM", "PM"):
            if (row := by_key.get((run_learner, day, session))) is not None:
                row.update(code="O", minutes_late=None)
    for day in days[-8:-6]:
        if (row := by_key.get((n_learner, day, "AM"))) is not None:
            row.update(code="N", minutes_late=None)
    rows.remove(by_key[(gap_learner, days[-1], "PM")])


def _add_safeguarding(session: Session, learner_ids: list[int], today: date) -> None:
    dsl = session.scalars(select(Staff).where(Staff.role == Role.DSL.value)).first()
    assert dsl is not None
    learners = session.scalars(select(Learner).where(Learner.id.in_(learner_ids))).all()
    by_id = {learner.id: learner for learner in learners}
    ordered = [(i, by_id[i].surname, by_id[i].start_date) for i in learner_ids]
    add_safeguarding(session, ordered, today, (dsl.id, dsl.full_name))


def build_demo(db: Database, today: date | None = None, learner_count: int = 25) -> DemoResult:
    """Fill an empty database with the demo provision; marks run up to the day before today."""
    today = today or date.today()
    with db.transaction() as session:
        session.add(
            ProvisionSettings(id=1, name=DEMO_NAME, address=ADDRESS, phone=PHONE, email=EMAIL)
        )
        add_first_times(session)
        accounts, tutor_id = _add_people(session)
        calendar = _add_calendar(session, today)
        days = calendar.school_days(today - timedelta(days=200), today - timedelta(days=1))[-65:]
        learners = _add_learners(session, days, today, learner_count)
        _link_tutors(session)
        rows = generate_marks(learners, calendar, days[0], days[-1], tutor_id)
        _recent_concerns(rows, learners, days)
        session.execute(insert(Mark), rows)
        audit_rows(session, list(session.scalars(select(Mark).order_by(Mark.id))))
        _add_safeguarding(session, [lid for lid, *_ in learners], today)
        add_casework(session, [lid for lid, *_ in learners], today)
    return DemoResult(DEMO_NAME, len(learners), len(rows), accounts)
