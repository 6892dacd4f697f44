"""The Today page's worklist: the alerts in sections in the order the morning happens, each row
naming the learner, group and rating; the families to text when a register closes; and the
actions taken from a row (texts sent, an N resolved). Acknowledging is services/acknowledgements.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlalchemy.orm import Session

from desktop_app.domain import worklist as rules
from desktop_app.domain.calendar import SchoolCalendar
from desktop_app.domain.codes import Session as RegisterSession
from desktop_app.domain.permissions import Action, Role
from desktop_app.domain.rag import Rating
from desktop_app.domain.watches import MISSING_REGISTER, UNRESOLVED_N
from desktop_app.models import ContactLogEntry, Learner
from desktop_app.models.engine import Database
from desktop_app.services import worklist_data as data
from desktop_app.services.absconding_queries import open_incidents
from desktop_app.services.acknowledgements import reminders_on
from desktop_app.services.alert_data import Marks, read_marks
from desktop_app.services.alerts import AlertRecord, alert_records
from desktop_app.services.auth import StaffUser, actor, require
from desktop_app.services.calendar import load_calendar
from desktop_app.services.errors import NotFound, Problem, ValidationFailed
from desktop_app.services.followups import LOOKBACK, absence_run
from desktop_app.services.groups import groups_of_tutor
from desktop_app.services.marking import SavedMark, record_mark
from desktop_app.services.session_times import times_on


@dataclass(frozen=True, slots=True)
class WorkRow:
    """One thing to act on. `alert_ids` are the alerts it stands for (a register row stands for
    each unmarked learner); `day`/`session` say which register or which N."""

    kind: str
    title: str
    detail: str
    since: date
    learner_id: int | None = None
    group: str = ""
    rating: Rating | None = None
    alert_ids: tuple[str, ...] = ()
    group_id: int | None = None
    day: date | None = None
    session: RegisterSession | None = None
    age: int | None = None


@dataclass(frozen=True, slots=True)
class WorkSection:
    key: str
    title: str
    rows: tuple[WorkRow, ...]


@dataclass(frozen=True, slots=True)
class TextToSend:
    learner_id: int
    learner: str
    family: str
    number: str


@dataclass(frozen=True, slots=True)
class Worklist:
    as_of: date
    sections: tuple[WorkSection, ...]
    texts: tuple[TextToSend, ...] = ()
    closed: RegisterSession | None = None
    tutor_note: str = ""
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(len(s.rows) for s in self.sections)


def worklist(db: Database, user: StaffUser, now: datetime | None = None) -> Worklist:
    """Everything to act on now, in sections (a tutor sees the registers only)."""
    moment = now or datetime.now()
    records = alert_records(db, user, now=moment)
    with db.reading() as session:
        rows, texts, closed = _rows(session, user, records, moment)
    if user.role is not Role.TUTOR:
        rows["incidents"] = _incident_rows(db, user) + rows.get("incidents", [])
    note = ""
    if user.role is Role.TUTOR:
        note = _tutors_groups(db, user, rows)
    wanted = rules.TUTOR_SECTIONS if user.role is Role.TUTOR else None
    sections = tuple(
        WorkSection(s.key, s.title, tuple(rows.get(s.key, [])))
        for s in rules.SECTIONS
        if wanted is None or s.key in wanted
    )
    if user.role is Role.TUTOR:
        texts = []
    return Worklist(
        moment.date(),
        sections,
        tuple(texts),
        closed,
        note,
        {s.key: len(s.rows) for s in sections},
    )


def _rows(
    session: Session, user: StaffUser, records: list[AlertRecord], moment: datetime
) -> tuple[dict[str, list[WorkRow]], list[TextToSend], RegisterSession | None]:
    today = moment.date()
    calendar = load_calendar(session)
    times = times_on(session, today)
    closed = data.closed_session(moment, {s: t.close for s, t in times.items()})
    absent: dict[int, str] = {}
    if closed is not None and calendar.is_school_day(today) and user.role is not Role.TUTOR:
        absent = data.absent_in(session, today, closed, times[closed].start)
    ids = {r.learner_id for r in records if r.learner_id is not None} | set(absent)
    who = data.learners_by_id(session, ids, today)
    found: dict[str, list[WorkRow]] = defaultdict(list)
    found["registers"] = _register_rows(session, records, who, today)
    for record in records:
        if record.alert.kind != MISSING_REGISTER:
            row = _alert_row(record, who, calendar.school_days_between, today)
            found[rules.section_of(record.alert.kind)].append(row)
    texts: list[TextToSend] = []
    if absent:
        found["absent"], texts = _absent_rows(session, calendar, absent, who, today)
    found["absent"].sort(key=lambda r: (rules.rating_order(r.rating), r.title))
    found["n_codes"].sort(key=lambda r: (r.day or r.since, r.title))
    return found, texts, closed


def _alert_row(
    record: AlertRecord, who: dict[int, data.Who], between: Callable[[date, date], int], today: date
) -> WorkRow:
    a, person = record.alert, who.get(record.learner_id or -1)
    day = session_name = None
    age = None
    if a.kind == UNRESOLVED_N and a.key:
        text_day, text_session = a.key.split()
        day, session_name = date.fromisoformat(text_day), RegisterSession(text_session)
        age = between(day, today)
    return WorkRow(
        a.kind,
        person.name if person else a.upn,
        a.detail,
        a.date,
        record.learner_id,
        person.group if person else "",
        person.rating if person else None,
        (a.id,),
        person.group_id if person else None,
        day,
        session_name,
        age,
    )


def _tutors_groups(db: Database, user: StaffUser, rows: dict[str, list[WorkRow]]) -> str:
    """A tutor linked to groups (Settings › Groups) sees only their groups' registers."""
    mine = groups_of_tutor(db, user)
    if not mine:
        return "You are not linked to a group yet, so every group's registers not taken show."
    ids = {group_id for group_id, _name in mine}
    rows["registers"] = [r for r in rows.get("registers", []) if r.group_id in ids]
    return "Registers not taken for your groups: " + ", ".join(name for _i, name in mine) + "."


def _register_rows(
    session: Session, records: list[AlertRecord], who: dict[int, data.Who], today: date
) -> list[WorkRow]:
    """Missing registers grouped per group and session, newest first, with who takes them."""
    grouped: dict[tuple[int | None, date, str], list[AlertRecord]] = defaultdict(list)
    for record in records:
        if record.alert.kind == MISSING_REGISTER and record.learner_id is not None:
            person = who.get(record.learner_id)
            key = (person.group_id if person else None, record.alert.date, record.alert.key)
            grouped[key].append(record)
    names = data.group_names(session)
    takers = data.usual_takers(session, [g for g, _d, _s in grouped], today)
    reminded = reminders_on(session, today)
    rows = []
    for (group_id, day, name), items in sorted(
        grouped.items(), key=lambda kv: kv[0][1:], reverse=True
    ):
        taker = takers.get(group_id or -1, "")
        done = reminded.get((group_id, name), "") if day == today else ""
        unmarked = f"{len(items)} learner{'s' if len(items) != 1 else ''} unmarked"
        detail = "; ".join(x for x in (unmarked, f"usually {taker}" if taker else "", done) if x)
        rows.append(
            WorkRow(
                MISSING_REGISTER,
                f"{names.get(group_id or -1, 'No group')} {name}",
                detail,
                day,
                group=names.get(group_id or -1, "No group"),
                alert_ids=tuple(r.alert.id for r in items),
                group_id=group_id,
                day=day,
                session=RegisterSession(name),
            )
        )
    return rows


def _absent_rows(
    session: Session,
    calendar: SchoolCalendar,
    absent: dict[int, str],
    who: dict[int, data.Who],
    today: date,
) -> tuple[list[WorkRow], list[TextToSend]]:
    contacts = data.contacts_today(session, today, absent)
    numbers = data.families(session, absent)
    rows, texts = [], []
    for learner_id, code in absent.items():
        person = who[learner_id]
        marks = _recent_marks(session, learner_id, today)
        start = session.get(Learner, learner_id).start_date  # type: ignore[union-attr]
        day_of = max(1, len(absence_run(calendar, start, today, marks)))
        owed = rules.owed_today(day_of, contacts[learner_id], person.has_commissioner)
        if owed:
            rows.append(
                WorkRow(
                    rules.ABSENT_NOW,
                    person.name,
                    f"{code}, day {day_of} of absence: " + "; ".join(owed),
                    today,
                    learner_id,
                    person.group,
                    person.rating,
                )
            )
        texted = any(c.method == "text" for c in contacts[learner_id])
        if not texted and learner_id in numbers:
            family = numbers[learner_id]
            texts.append(TextToSend(learner_id, person.name, family.name, family.number))
    return rows, texts


def _recent_marks(session: Session, learner_id: int, today: date) -> Marks:
    return read_marks(session, [learner_id], today - LOOKBACK, today).get(learner_id, {})


def _incident_rows(db: Database, user: StaffUser) -> list[WorkRow]:
    """Every absconding incident still open (its own read: the absconding service's query)."""
    return [
        WorkRow(
            rules.OPEN_INCIDENT,
            incident.learner_name,
            f"missing since {incident.last_seen_at.astimezone():%H:%M on %d %b}: incident open",
            incident.last_seen_at.astimezone().date(),
            incident.learner_id,
        )
        for incident in open_incidents(db, user)
    ]


def record_texts_sent(
    db: Database, user: StaffUser, texts: list[TextToSend], now: datetime | None = None
) -> int:
    """One contact-log entry per family texted (a text, a message left), in one transaction."""
    require(user, Action.LOG_CONTACTS)
    if not texts:
        raise ValidationFailed([Problem("There are no texts to record", field="texts")])
    at = now or datetime.now(UTC)
    with db.transaction(actor(user)) as session:
        for text in texts:
            if session.get(Learner, text.learner_id) is None:
                raise NotFound(f"{text.learner} is no longer on the register")
            session.add(
                ContactLogEntry(
                    learner_id=text.learner_id,
                    at=at,
                    staff_id=user.id,
                    method="text",
                    with_whom=f"{text.family} ({text.number})",
                    party="family",
                    outcome="message_left",
                    notes="Absence text sent when the register closed",
                )
            )
    return len(texts)


def resolve_n(
    db: Database, user: StaffUser, row: WorkRow, code: str, reason: str, now: datetime
) -> SavedMark:
    """Replace an unresolved N with a proper code: an amendment with its reason."""
    if row.learner_id is None or row.day is None or row.session is None:
        raise ValidationFailed([Problem("This row is not an N to resolve", field="code")])
    if not reason.strip():
        raise ValidationFailed([Problem("Say why the code is changed", field="reason")])
    return record_mark(
        db, user, row.learner_id, row.day, row.session, code, now, reason=reason, expected="N"
    )
