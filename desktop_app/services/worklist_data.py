"""What the worklist reads besides the alerts (helpers inside the caller's session): who each
learner is, who is absent in the session that has just closed and what has been done today, who
usually takes each group's register, and the family's number to text."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.domain import followup, phones
from desktop_app.domain.codes import CODES
from desktop_app.domain.codes import Session as RegisterSession
from desktop_app.domain.rag import Rating
from desktop_app.models import EmergencyContact, Group, Learner, Mark, Staff
from desktop_app.services.followups import contacts_since
from desktop_app.services.rag import ratings
from desktop_app.services.tx import in_transaction


@dataclass(frozen=True, slots=True)
class Who:
    """A learner as a worklist row names them."""

    name: str
    group: str
    group_id: int | None
    rating: Rating
    has_commissioner: bool


@in_transaction
def learners_by_id(session: Session, ids: Iterable[int], as_of: date) -> dict[int, Who]:
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    rated = ratings(session, as_of, wanted)
    rows = session.execute(
        select(Learner.id, Learner.forename, Learner.surname, Group.name, Learner.group_id)
        .add_columns(Learner.commissioner_id)
        .outerjoin(Group, Group.id == Learner.group_id)
        .where(Learner.id.in_(wanted))
    )
    return {
        lid: Who(f"{fore} {sur}", group or "No group", gid, rated[lid].rating, comm is not None)
        for lid, fore, sur, group, gid, comm in rows
    }


def closed_session(
    moment: datetime, closes: Mapping[RegisterSession, time]
) -> RegisterSession | None:
    """The latest of today's sessions whose register has closed, if any."""
    done = [s for s in (RegisterSession.AM, RegisterSession.PM) if moment.time() >= closes[s]]
    return done[-1] if done else None


@in_transaction
def absent_in(session: Session, day: date, name: RegisterSession, began: time) -> dict[int, str]:
    """Learners marked absent in this session (not C2, not a planned absence): {id: code}."""
    rows = session.execute(
        select(Mark.learner_id, Mark.code, Mark.recorded_at).where(
            Mark.date == day, Mark.session == name.value
        )
    )
    start = datetime.combine(day, began)
    found = {}
    for learner_id, code, recorded in rows:
        info = CODES[code]
        if not info.counts_as_possible or not info.is_absence or code in followup.NOT_CHASED:
            continue
        if followup.known_ahead(code, recorded.astimezone().replace(tzinfo=None), start):
            continue
        found[learner_id] = code
    return found


@in_transaction
def contacts_today(
    session: Session, day: date, ids: Iterable[int]
) -> dict[int, list[followup.Contact]]:
    found = contacts_since(session, day, ids)
    return {lid: [c for c in found.get(lid, []) if c.day == day] for lid in ids}


@in_transaction
def usual_takers(session: Session, group_ids: Iterable[int | None], day: date) -> dict[int, str]:
    """Who last marked each group's register in the fortnight to `day`."""
    wanted = [g for g in set(group_ids) if g is not None]
    if not wanted:
        return {}
    rows = session.execute(
        select(Learner.group_id, Staff.full_name)
        .join(Mark, Mark.learner_id == Learner.id)
        .join(Staff, Staff.id == Mark.recorded_by_id)
        .where(Learner.group_id.in_(wanted), Mark.date.between(day - timedelta(days=14), day))
        .order_by(Mark.recorded_at.desc())
        .limit(500)
    )
    found: dict[int, str] = {}
    for group_id, name in rows:
        if group_id is not None:
            found.setdefault(group_id, name)
    return found


@dataclass(frozen=True, slots=True)
class Family:
    """Who to text about a learner, and the number (shown nationally)."""

    name: str
    number: str


@in_transaction
def families(session: Session, ids: Iterable[int]) -> dict[int, Family]:
    """The first emergency contact with a mobile, in calling order."""
    rows = session.execute(
        select(EmergencyContact.learner_id, EmergencyContact.name, EmergencyContact.mobile)
        .where(EmergencyContact.learner_id.in_(list(ids)), EmergencyContact.mobile != "")
        .order_by(EmergencyContact.learner_id, EmergencyContact.priority)
    )
    found: dict[int, Family] = {}
    for learner_id, name, mobile in rows:
        found.setdefault(learner_id, Family(name, phones.display(mobile)))
    return found


@in_transaction
def group_names(session: Session) -> dict[int, str]:
    return {group_id: name for group_id, name in session.execute(select(Group.id, Group.name))}


def by_group(learner_group: Mapping[int, int | None]) -> dict[int | None, list[int]]:
    found: dict[int | None, list[int]] = defaultdict(list)
    for learner_id, group_id in learner_group.items():
        found[group_id].append(learner_id)
    return found
