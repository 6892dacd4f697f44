"""Need to know (issue 18, point 8): every case-work service called as every role. Plans,
meetings, stages and requests are attendance work (officer, DSL, director); referrals, a plan's
safeguarding part and referral alerts are the DSL's and the director's; a tutor sees a plan's
targets and nothing else of case work."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop_app.domain import casework as cases
from desktop_app.domain.permissions import Action, Role, allowed
from desktop_app.models import Learner
from desktop_app.models.engine import Database
from desktop_app.services import case_requests as requests
from desktop_app.services import casework as service
from desktop_app.services.alerts import alerts
from desktop_app.services.auth import StaffUser
from desktop_app.services.case_file import case_file
from desktop_app.services.case_letters import meeting_letter
from desktop_app.services.chronology import chronology
from desktop_app.services.errors import PermissionDenied
from tests.reports.conftest import NOW, TODAY, fresh, template, user  # noqa: F401

USERNAMES = {Role.TUTOR: "tutor1", Role.ATTENDANCE_OFFICER: "officer", Role.DSL: "dsl",
             Role.DIRECTOR: "director"}  # fmt: skip
START = date(2025, 11, 3)
PLAN = service.PlanDetails(START, 78, 90, date(2026, 2, 6), "Arrive by 09:00", date(2025, 12, 1))
SECRET = service.PlanDetails(START, 78, 90, date(2026, 2, 6), "", None, "Known to CCE team")
LEAVE = requests.Leave(TODAY, date(2026, 1, 12), date(2026, 1, 13), "Funeral", "C")
PART = requests.PartTime(date(2026, 1, 5), date(2026, 2, 6), date(2026, 1, 26), ("Mon AM",),
                         "Phased return", TODAY, TODAY, None)  # fmt: skip
MEETING = service.MeetingDetails(cases.MeetingKind.REVIEW, date(2026, 1, 7), "Mother, SP")
REFERRAL = service.ReferralDetails(cases.Agency.CAMHS, date(2025, 12, 1), "Anxiety",
                                   follow_up_on=date(2025, 12, 15))  # fmt: skip


def _ids(db: Database) -> dict[str, int]:
    """Records made by the DSL for the calls that act on one."""
    dsl = user(db, "dsl")
    with db.reading() as session:
        learners = session.scalars(select(Learner.id).order_by(Learner.id)).all()
    lid = learners[0]
    plan = service.start_plan(db, dsl, lid, PLAN, TODAY).id
    service.add_plan_action(db, dsl, plan, "Home visit", "Ms Khan", date(2025, 12, 5))
    action = service.live_plan(db, dsl, lid, TODAY).actions[0].id  # type: ignore[union-attr]
    return {
        "learner": lid, "other": learners[1], "plan": plan, "action": action,
        "referral": service.record_referral(db, dsl, lid, REFERRAL),
        "leave": requests.record_leave(db, dsl, lid, LEAVE, NOW),
        "part": requests.agree_part_time(db, dsl, learners[2], PART, NOW),
        "meeting": service.record_meeting(db, dsl, lid, MEETING),
    }  # fmt: skip


Call = Callable[[Database, StaffUser, dict[str, int], Path], object]
CALLS: list[tuple[str, Action, Call]] = [
    ("start a plan", Action.LOG_CONTACTS,
     lambda db, u, i, _p: service.start_plan(db, u, i["other"], PLAN, TODAY)),
    ("start a plan with a safeguarding part", Action.SAFEGUARDING,
     lambda db, u, i, _p: service.start_plan(db, u, i["other"], SECRET, TODAY)),
    ("add an action", Action.LOG_CONTACTS,
     lambda db, u, i, _p: service.add_plan_action(db, u, i["plan"], "Call", "SP", TODAY)),
    ("tick an action done", Action.LOG_CONTACTS,
     lambda db, u, i, _p: service.complete_plan_action(db, u, i["action"], TODAY)),
    ("record agreement", Action.LOG_CONTACTS,
     lambda db, u, i, _p: service.record_agreement(db, u, i["plan"], "parent", "Ms B", TODAY)),
    ("review the plan", Action.LOG_CONTACTS,
     lambda db, u, i, _p: service.review_plan(db, u, i["plan"], TODAY, "Better",
                                              date(2026, 1, 16))),
    ("record a meeting", Action.LOG_CONTACTS,
     lambda db, u, i, _p: service.record_meeting(db, u, i["learner"], MEETING)),
    ("move the stage", Action.LOG_CONTACTS,
     lambda db, u, i, _p: service.move_stage(db, u, i["learner"], cases.Stage.PANEL, TODAY,
                                             "No better after the plan")),
    ("record a referral", Action.SAFEGUARDING,
     lambda db, u, i, _p: service.record_referral(db, u, i["learner"], REFERRAL)),
    ("follow up a referral", Action.SAFEGUARDING,
     lambda db, u, i, _p: service.follow_up_referral(db, u, i["referral"], TODAY, "Seen")),
    ("record leave", Action.LOG_CONTACTS,
     lambda db, u, i, _p: requests.record_leave(db, u, i["learner"], LEAVE, NOW)),
    ("decide leave", Action.LOG_CONTACTS,
     lambda db, u, i, _p: requests.decide_leave(db, u, i["leave"], "refused", "Mr H", TODAY)),
    ("record home education", Action.LOG_CONTACTS,
     lambda db, u, i, _p: requests.record_home_education(db, u, i["learner"], TODAY, None,
                                                          None)),
    ("agree a part-time timetable", Action.LOG_CONTACTS,
     lambda db, u, i, _p: requests.agree_part_time(db, u, i["other"], PART, NOW)),
    ("review a part-time timetable", Action.LOG_CONTACTS,
     lambda db, u, i, _p: requests.review_part_time(db, u, i["part"], date(2026, 1, 26),
                                                    date(2026, 2, 2))),
    ("record leaving", Action.MANAGE_LEARNERS,
     lambda db, u, i, _p: requests.record_leaving(db, u, i["other"], TODAY, "Moved", "Leeds",
                                                  None, None)),
    ("see the chronology", Action.LOG_CONTACTS,
     lambda db, u, i, _p: chronology(db, u, i["learner"], START, TODAY)),
    ("write a meeting invitation", Action.SEND_LETTERS,
     lambda db, u, i, p: meeting_letter(db, u, i["meeting"], "10:00 at the provision", p, NOW)),
]  # fmt: skip


@pytest.mark.parametrize("role", list(Role))
def test_every_case_work_service_as_every_role(
    fresh: Database,  # noqa: F811
    role: Role,
    tmp_path: Path,
) -> None:
    ids = _ids(fresh)
    who = user(fresh, USERNAMES[role])
    wrong = []
    for name, action, call in CALLS:
        try:
            call(fresh, who, ids, tmp_path)
            refused = False
        except PermissionDenied:
            refused = True
        if refused == allowed(role, action):
            wrong.append(f"{name}: {'refused' if refused else 'allowed'}")
    assert wrong == []


@pytest.mark.parametrize("role", list(Role))
def test_what_each_role_sees_of_a_case(fresh: Database, role: Role) -> None:  # noqa: F811
    ids = _ids(fresh)
    dsl = user(fresh, "dsl")
    service.start_plan(fresh, dsl, ids["learner"], SECRET, TODAY)
    found = case_file(fresh, user(fresh, USERNAMES[role]), ids["learner"], TODAY)
    plan = found.plan
    assert plan is not None and plan.target_pct == 90
    assert (plan.safeguarding == "Known to CCE team") == allowed(role, Action.SAFEGUARDING)
    assert (found.referrals is not None) == allowed(role, Action.SAFEGUARDING)
    casework = allowed(role, Action.LOG_CONTACTS)
    assert found.targets_only == (not casework)
    assert bool(found.meetings) == casework and bool(found.requests) == casework
    if not casework:
        assert plan.actions == [] and plan.reviews == [] and plan.parent_agreed == ""
    try:
        shown = chronology(fresh, user(fresh, USERNAMES[role]), ids["learner"], START, TODAY)
    except PermissionDenied:
        assert not casework
    else:
        assert ("referral" in shown.kinds) == allowed(role, Action.SAFEGUARDING)


@pytest.mark.parametrize("role", list(Role))
def test_referral_alerts_are_for_the_dsl_and_director(fresh: Database, role: Role) -> None:  # noqa: F811
    _ids(fresh)
    found = {a.kind for a in alerts(fresh, user(fresh, USERNAMES[role]), TODAY, NOW)}
    assert ("referral_follow_up_due" in found) == allowed(role, Action.SAFEGUARDING)
    assert ("plan_review_due" in found) == (role is not Role.TUTOR)


def test_the_roles_table_is_what_the_calls_assume() -> None:
    """A guard on the test itself: each role is refused something and allowed something."""
    for role in (Role.TUTOR, Role.ATTENDANCE_OFFICER):
        assert any(not allowed(role, action) for _n, action, _c in CALLS)
    assert all(allowed(Role.DIRECTOR, action) for _n, action, _c in CALLS)
    assert isinstance(NOW, datetime)
