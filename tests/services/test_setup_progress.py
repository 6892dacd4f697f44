"""The set-up checklist: each step ticks itself from what is stored, and only then."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, time

import pytest

from desktop_app.domain.permissions import Role
from desktop_app.domain.sessions import SessionTimes
from desktop_app.models.engine import Database
from desktop_app.services.auth import StaffUser
from desktop_app.services.calendar import add_term
from desktop_app.services.errors import PermissionDenied, StaleWrite, ValidationFailed
from desktop_app.services.groups import add_group, archive_group
from desktop_app.services.learner_records import LearnerDetails, add_learner
from desktop_app.services.provision_details import (
    ProvisionContact,
    provision_contact,
    set_provision_details,
)
from desktop_app.services.session_times import set_session_times
from desktop_app.services.setup_progress import setup_progress
from desktop_app.services.staff import add_staff

TODAY = date(2026, 11, 30)


def done(db: Database, user: StaffUser, today: date = TODAY) -> dict[str, bool]:
    return {step.key: step.done for step in setup_progress(db, user, today).steps}


def test_a_new_register_has_every_step_to_do(db: Database, director: StaffUser) -> None:
    progress = setup_progress(db, director, TODAY)
    assert [s.key for s in progress.steps] == [
        "details",
        "times",
        "terms",
        "groups",
        "staff",
        "learners",
    ]
    assert not any(done(db, director).values())
    assert progress.remaining == 6 and not progress.complete


def test_each_step_ticks_when_its_work_is_saved(db: Database, director: StaffUser) -> None:
    here = provision_contact(db, director)
    details = ProvisionContact(here.name, "1 Mill Lane, Leeds", "0113 496 0000", "")
    set_provision_details(db, director, details, here.version)
    am, pm = SessionTimes(time(9, 15), time(9, 45)), SessionTimes(time(13), time(13, 30))
    set_session_times(db, director, am, pm, TODAY, TODAY)
    add_term(db, director, "Autumn 2 2026", date(2026, 11, 2), date(2026, 12, 18))
    add_group(db, director, "Kestrel")
    add_staff(db, director, "tutor9", "Tia Tutor", "Tutor", Role.TUTOR, "a long password 1")
    assert done(db, director) == dict.fromkeys(
        ["details", "times", "terms", "groups", "staff"], True
    ) | {"learners": False}
    details = LearnerDetails("A123456789012", "Ahmed", "Ann", date(2012, 1, 1), TODAY)
    add_learner(db, director, details, TODAY)
    assert setup_progress(db, director, TODAY).complete


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2027, 1, 25), date(2027, 3, 26), True),  # starts in exactly 8 weeks
        (date(2027, 1, 26), date(2027, 3, 26), False),  # a day further: not yet
        (date(2026, 9, 1), date(2026, 11, 30), True),  # ends today
        (date(2026, 9, 1), date(2026, 11, 29), False),  # ended yesterday
    ],
)
def test_a_term_counts_if_it_covers_today_or_starts_within_eight_weeks(
    db: Database, director: StaffUser, start: date, end: date, expected: bool
) -> None:
    add_term(db, director, "Term", start, end)
    assert done(db, director)["terms"] is expected


def test_archived_groups_and_leavers_do_not_count(db: Database, director: StaffUser) -> None:
    add_group(db, director, "Kestrel")
    archive_group(db, director, "Kestrel", TODAY)
    details = LearnerDetails(
        "A123456789012", "Ahmed", "Ann", date(2012, 1, 1), date(2026, 9, 1), date(2026, 11, 1)
    )
    add_learner(db, director, details, TODAY)
    found = done(db, director)
    assert not found["groups"] and not found["learners"]


def test_only_the_director_reads_the_checklist(
    db: Database, make_staff: Callable[[Role], StaffUser]
) -> None:
    with pytest.raises(PermissionDenied):
        setup_progress(db, make_staff(Role.DSL), TODAY)


def test_provision_details_refuse_a_stale_save_and_a_bad_email(
    db: Database, director: StaffUser
) -> None:
    read = provision_contact(db, director)
    first = ProvisionContact(read.name, "1 Mill Lane", "0113 496 0000", "")
    set_provision_details(db, director, first, read.version)
    with pytest.raises(StaleWrite, match="changed by Dana Director at"):
        set_provision_details(
            db, director, ProvisionContact(read.name, "2 Elm", "", ""), read.version
        )
    with pytest.raises(ValidationFailed):
        set_provision_details(
            db, director, ProvisionContact(read.name, "", "", "not-an-email"), None
        )
    assert provision_contact(db, director).address == "1 Mill Lane"
