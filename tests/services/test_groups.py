"""Groups: add, rename, archive; tutors linked; a learner moved from a date keeps past weeks."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

import pytest

from desktop_app.domain.permissions import Role
from desktop_app.models import Learner
from desktop_app.models.engine import Database
from desktop_app.services.auth import StaffUser
from desktop_app.services.errors import NotFound, PermissionDenied, ValidationFailed
from desktop_app.services.groups import (
    add_group,
    archive_group,
    assign_tutor,
    groups_of_tutor,
    list_all_groups,
    move_learner,
    rename_group,
)
from desktop_app.services.register_week import list_groups, week_register

WEEK1, WEEK2 = date(2025, 9, 8), date(2025, 9, 15)
TODAY = date(2025, 9, 17)
UPN = "E820300000001"


@pytest.fixture
def kestrel_and_falcon(db: Database, director: StaffUser, autumn: tuple[date, date]) -> None:
    add_group(db, director, "Kestrel")
    add_group(db, director, "Falcon")
    kestrel = next(g.id for g in list_all_groups(db, director, TODAY) if g.name == "Kestrel")
    with db.transaction() as session:
        session.add(
            Learner(
                upn=UPN,
                surname="Ahmed",
                forename="Ann",
                date_of_birth=date(2011, 1, 1),
                start_date=date(2025, 9, 3),
                group_id=kestrel,
            )
        )


def group_id(db: Database, user: StaffUser, name: str) -> int:
    return next(g.id for g in list_all_groups(db, user, TODAY) if g.name == name)


def names_in(db: Database, user: StaffUser, group: str, monday: date) -> list[tuple[str, str]]:
    week = week_register(db, user, group_id(db, user, group), monday, datetime(2025, 9, 17, 12))
    return [(r.name, r.group or "") for r in week.rows]


@pytest.mark.usefixtures("kestrel_and_falcon")
def test_a_move_from_a_date_leaves_earlier_weeks_where_they_were(
    db: Database, director: StaffUser
) -> None:
    move_learner(db, director, UPN, "Falcon", WEEK2)
    assert names_in(db, director, "Kestrel", WEEK1) == [("Ann Ahmed", "Kestrel")]
    assert names_in(db, director, "Falcon", WEEK1) == []
    assert names_in(db, director, "Kestrel", WEEK2) == []
    assert names_in(db, director, "Falcon", WEEK2) == [("Ann Ahmed", "Falcon")]
    listed = {g.name: g.learners for g in list_all_groups(db, director, TODAY)}
    assert listed == {"Falcon": 1, "Kestrel": 0}


@pytest.mark.usefixtures("kestrel_and_falcon")
def test_a_move_in_mid_week_shows_the_learner_in_both_groups_that_week(
    db: Database, director: StaffUser
) -> None:
    move_learner(db, director, UPN, "Falcon", date(2025, 9, 17))
    assert names_in(db, director, "Kestrel", WEEK2) == [("Ann Ahmed", "Falcon")]
    assert names_in(db, director, "Falcon", WEEK2) == [("Ann Ahmed", "Falcon")]


@pytest.mark.usefixtures("kestrel_and_falcon")
def test_rename_and_archive_with_their_checks(db: Database, director: StaffUser) -> None:
    with pytest.raises(ValidationFailed, match="already exists"):
        add_group(db, director, "kestrel")
    with pytest.raises(ValidationFailed, match="already exists"):
        rename_group(db, director, "Falcon", "KESTREL")
    rename_group(db, director, "Kestrel", "Kestrels")
    assert names_in(db, director, "Kestrels", WEEK1) == [("Ann Ahmed", "Kestrels")]
    with pytest.raises(ValidationFailed, match="move them to another group first"):
        archive_group(db, director, "Kestrels", TODAY)
    archive_group(db, director, "Falcon", TODAY)
    assert [g.name for g in list_groups(db, director)] == ["All learners", "Kestrels"]
    with pytest.raises(ValidationFailed, match="archived"):
        move_learner(db, director, UPN, "Falcon", TODAY)
    archive_group(db, director, "Falcon", TODAY, archived=False)
    move_learner(db, director, UPN, "Falcon", TODAY)


@pytest.mark.usefixtures("kestrel_and_falcon")
def test_a_tutor_is_linked_to_their_groups_and_only_a_director_links(
    db: Database, director: StaffUser, make_staff: Callable[[Role], StaffUser]
) -> None:
    tutor = make_staff(Role.TUTOR)
    assert groups_of_tutor(db, tutor) == []
    assign_tutor(db, director, "Falcon", tutor.username)
    assign_tutor(db, director, "Kestrel", tutor.username)
    assert [n for _i, n in groups_of_tutor(db, tutor)] == ["Falcon", "Kestrel"]
    assign_tutor(db, director, "Falcon", tutor.username, linked=False)
    assert [n for _i, n in groups_of_tutor(db, tutor)] == ["Kestrel"]
    tutors = {g.name: g.tutors for g in list_all_groups(db, director, TODAY)}
    assert tutors == {"Falcon": (), "Kestrel": (tutor.full_name,)}
    with pytest.raises(PermissionDenied):
        assign_tutor(db, tutor, "Falcon", tutor.username)
    with pytest.raises(NotFound):
        assign_tutor(db, director, "Falcon", "nobody")
