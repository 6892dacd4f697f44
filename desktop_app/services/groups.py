"""Groups: add, rename, archive; tutors linked to groups; moving a learner from a date.

A learner's group history (`group_memberships`) keeps where they were each week, so a past
week's register still shows them in the group they were in then. `Learner.group_id` is their
newest group (what lists and reports show).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from desktop_app.domain.groups import Stay, group_on
from desktop_app.domain.permissions import Action
from desktop_app.models import Group, GroupMembership, GroupTutor, Learner, Staff
from desktop_app.models.engine import Database
from desktop_app.services.auth import StaffUser, actor, require
from desktop_app.services.errors import NotFound, Problem, ValidationFailed
from desktop_app.services.tx import in_transaction


@dataclass(frozen=True, slots=True)
class GroupInfo:
    id: int
    name: str
    archived: bool
    tutors: tuple[str, ...]  # full names
    learners: int  # on roll today and in the group now


@dataclass(frozen=True, slots=True)
class LearnerPlace:
    """A learner on roll and their group now, for the "move a learner" choice."""

    id: int
    upn: str
    name: str
    group: str | None


def _refuse(message: str, field: str = "name") -> ValidationFailed:
    return ValidationFailed([Problem(message, field=field)])


def _clean(name: str) -> str:
    text = " ".join(name.split())
    if not text:
        raise _refuse("is required")
    if len(text) > 100:
        raise _refuse("is longer than 100 characters")
    return text


def _named(session: Session, name: str) -> Group:
    group = session.scalars(select(Group).where(Group.name == name.strip())).one_or_none()
    if group is None:
        raise NotFound(f"no group called '{name.strip()}'")
    return group


def _free(session: Session, name: str, skip: int | None = None) -> None:
    other = session.scalars(select(Group).where(func.lower(Group.name) == name.lower())).first()
    if other is not None and other.id != skip:
        raise _refuse(f"'{other.name}' already exists")


def list_all_groups(db: Database, user: StaffUser, today: date) -> list[GroupInfo]:
    """Every group, archived ones last, with its tutors and learners on roll."""
    require(user, Action.MARK_REGISTER)
    with db.reading() as session:
        tutors: dict[int, list[str]] = defaultdict(list)
        rows = session.execute(
            select(GroupTutor.group_id, Staff.full_name)
            .join(Staff, Staff.id == GroupTutor.staff_id)
            .order_by(Staff.full_name)
        )
        for group_id, name in rows:
            tutors[group_id].append(name)
        counts = dict(
            session.execute(
                select(Learner.group_id, func.count())
                .where(
                    Learner.start_date <= today,
                    or_(Learner.leaving_date.is_(None), Learner.leaving_date >= today),
                )
                .group_by(Learner.group_id)
            ).all()
        )
        groups = session.scalars(select(Group).order_by(Group.archived, Group.name))
        return [
            GroupInfo(g.id, g.name, g.archived, tuple(tutors[g.id]), counts.get(g.id, 0))
            for g in groups
        ]


def add_group(db: Database, user: StaffUser, name: str) -> GroupInfo:
    """A new group; refused if the name is taken (in any capitals)."""
    require(user, Action.MANAGE_SETTINGS)
    text = _clean(name)
    with db.transaction(actor(user)) as session:
        _free(session, text)
        group = Group(name=text, archived=False)
        session.add(group)
        session.flush()
        return GroupInfo(group.id, text, False, (), 0)


def rename_group(db: Database, user: StaffUser, name: str, new_name: str) -> str:
    """Rename a group; every learner and past register follows it (they hold its id)."""
    require(user, Action.MANAGE_SETTINGS)
    text = _clean(new_name)
    with db.transaction(actor(user)) as session:
        group = _named(session, name)
        _free(session, text, skip=group.id)
        group.name = text
    return text


def archive_group(
    db: Database, user: StaffUser, name: str, today: date, archived: bool = True
) -> None:
    """Archive a group (or bring it back). Refused while learners on roll are in it."""
    require(user, Action.MANAGE_SETTINGS)
    with db.transaction(actor(user)) as session:
        group = _named(session, name)
        if archived:
            count = session.scalar(
                select(func.count()).where(
                    Learner.group_id == group.id,
                    or_(Learner.leaving_date.is_(None), Learner.leaving_date >= today),
                )
            )
            if count:
                raise _refuse(
                    f"{count} learner(s) on roll are in {group.name}: move them to another "
                    "group first"
                )
        group.archived = archived


def assign_tutor(
    db: Database, user: StaffUser, group_name: str, username: str, linked: bool = True
) -> None:
    """Link a member of staff to a group (their register opens on it), or unlink them."""
    require(user, Action.MANAGE_SETTINGS)
    with db.transaction(actor(user)) as session:
        group = _named(session, group_name)
        staff = session.scalars(select(Staff).where(Staff.username == username)).one_or_none()
        if staff is None:
            raise NotFound(f"no member of staff with username '{username}'")
        link = session.get(GroupTutor, (group.id, staff.id))
        if linked and link is None:
            if group.archived:
                raise _refuse(f"{group.name} is archived", field="group")
            session.add(GroupTutor(group_id=group.id, staff_id=staff.id))
        elif not linked and link is not None:
            session.delete(link)


def groups_of_tutor(db: Database, user: StaffUser) -> list[tuple[int, str]]:
    """The groups (id, name) the signed-in member of staff is linked to, by name; for a tutor's
    register and Today. Archived groups are left out."""
    with db.reading() as session:
        rows = session.execute(
            select(Group.id, Group.name)
            .join(GroupTutor, GroupTutor.group_id == Group.id)
            .where(GroupTutor.staff_id == user.id, Group.archived.is_(False))
            .order_by(Group.name)
        )
        return [(i, n) for i, n in rows]


@in_transaction
def histories(session: Session, learner_ids: Iterable[int]) -> dict[int, list[Stay]]:
    """Each learner's group history, oldest first (learners never moved have none)."""
    found: dict[int, list[Stay]] = defaultdict(list)
    ids = list(learner_ids)
    if not ids:
        return found
    stays = GroupMembership.__table__.c  # plain columns: no ORM object per stay
    query = (
        select(stays.learner_id, stays.from_date, stays.group_id)
        .where(stays.learner_id.in_(ids))
        .order_by(stays.from_date)
    )
    for learner_id, since, group_id in session.execute(query).all():  # one fetch, not per row
        found[learner_id].append(Stay(since, group_id))
    return found


@in_transaction
def change_group(session: Session, learner: Learner, group_id: int | None, since: date) -> None:
    """Put a learner in a group from a date, keeping where they were before (inside the
    caller's transaction). The first move also records the group they came from."""
    if learner.id is None:  # a new learner: where they start
        learner.group_id = group_id
        return
    if group_on(histories(session, [learner.id]).get(learner.id, []), since, learner.group_id) == (
        group_id
    ):
        return
    had = session.scalars(
        select(GroupMembership).where(GroupMembership.learner_id == learner.id)
    ).all()
    if not had:
        start = min(learner.start_date, since)
        if start < since:
            session.add(
                GroupMembership(learner_id=learner.id, group_id=learner.group_id, from_date=start)
            )
    for old in had:
        if old.from_date == since:
            session.delete(old)
    session.flush()
    session.add(GroupMembership(learner_id=learner.id, group_id=group_id, from_date=since))
    newest = max([*(h.from_date for h in had if h.from_date != since), since])
    if newest == since:
        learner.group_id = group_id


def move_learner(
    db: Database, user: StaffUser, upn: str, group_name: str | None, since: date
) -> None:
    """Move a learner to another group (None: no group) from a date; the registers of weeks
    before it still show them where they were."""
    require(user, Action.MANAGE_LEARNERS)
    with db.transaction(actor(user)) as session:
        learner = session.scalars(select(Learner).where(Learner.upn == upn)).one_or_none()
        if learner is None:
            raise NotFound(f"no learner with UPN {upn}")
        group_id = None
        if group_name is not None:
            group = _named(session, group_name)
            if group.archived:
                raise _refuse(f"{group.name} is archived", field="group")
            group_id = group.id
        if learner.leaving_date is not None and since > learner.leaving_date:
            raise _refuse(f"{learner.forename} left on {learner.leaving_date}", field="from")
        change_group(session, learner, group_id, max(since, learner.start_date))


def learners_to_place(db: Database, user: StaffUser, today: date) -> list[LearnerPlace]:
    """Learners on roll today or later, with their group now (for moving one)."""
    require(user, Action.MANAGE_LEARNERS)
    with db.reading() as session:
        query = (
            select(Learner)
            .where(or_(Learner.leaving_date.is_(None), Learner.leaving_date >= today))
            .order_by(Learner.surname, Learner.forename)
        )
        return [
            LearnerPlace(
                ln.id, ln.upn, f"{ln.forename} {ln.surname}", ln.group.name if ln.group else None
            )
            for ln in session.scalars(query)
        ]
