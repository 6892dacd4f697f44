"""Case work on the demo provision: plans and their progress, meetings, stages, referrals,
requests, what is owed, and the chronology with its need-to-know and its audit."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from desktop_app.domain import casework as cases
from desktop_app.models import AuditEntry, Learner
from desktop_app.models.engine import Database
from desktop_app.services.case_requests import PartTime, agree_part_time, case_owed
from desktop_app.services.casework import (
    MeetingDetails,
    PlanDetails,
    ReferralDetails,
    live_plan,
    move_stage,
    record_meeting,
    record_referral,
    review_plan,
    start_plan,
)
from desktop_app.services.chronology import chronology
from desktop_app.services.errors import PermissionDenied, ValidationFailed
from tests.reports.conftest import LAST_DAY, TODAY, fresh, template, user  # noqa: F401

START = date(2025, 11, 3)
PLAN = PlanDetails(START, 78, 90, date(2025, 12, 19), "Arrive by 09:00", date(2025, 12, 1),
                   "Known to CCE team")  # fmt: skip


def learner_id(db: Database) -> int:
    with db.reading() as session:
        return session.scalars(select(Learner.id).order_by(Learner.id)).first() or 0


def test_a_plan_shows_its_progress_against_the_register(fresh: Database) -> None:  # noqa: F811
    lid = learner_id(fresh)
    dsl = user(fresh, "dsl")
    plan = start_plan(fresh, dsl, lid, PLAN, TODAY)
    assert plan.now_pct is not None and plan.progress is not None
    assert plan.progress == pytest.approx((plan.now_pct - 78) / 12)
    assert plan.safeguarding == "Known to CCE team"
    seen_by_tutor = live_plan(fresh, user(fresh, "tutor1"), lid, TODAY)
    assert seen_by_tutor is not None and seen_by_tutor.targets == "Arrive by 09:00"
    assert seen_by_tutor.safeguarding is None


def test_only_the_dsl_writes_a_plans_safeguarding_part(fresh: Database) -> None:  # noqa: F811
    with pytest.raises(PermissionDenied):
        start_plan(fresh, user(fresh, "officer"), learner_id(fresh), PLAN, TODAY)
    with pytest.raises(PermissionDenied):
        start_plan(fresh, user(fresh, "tutor1"), learner_id(fresh), PLAN, TODAY)


def test_a_review_keeps_the_figure_and_needs_a_next_date(fresh: Database) -> None:  # noqa: F811
    dsl, lid = user(fresh, "dsl"), learner_id(fresh)
    plan = start_plan(fresh, dsl, lid, PLAN, TODAY)
    with pytest.raises(ValidationFailed, match="next review"):
        review_plan(fresh, dsl, plan.id, date(2025, 12, 1), "Better", None)
    review = review_plan(fresh, dsl, plan.id, date(2025, 12, 1), "Better", date(2025, 12, 15))
    assert review.attendance_pct is not None
    assert live_plan(fresh, dsl, lid, TODAY).reviews[0].outcome == "Better"  # type: ignore[union-attr]


def test_a_referral_not_made_needs_the_reason(fresh: Database) -> None:  # noqa: F811
    dsl, lid = user(fresh, "dsl"), learner_id(fresh)
    details = ReferralDetails(cases.Agency.EARLY_HELP, LAST_DAY, "Low attendance", made=False)
    with pytest.raises(ValidationFailed, match="why it was not made"):
        record_referral(fresh, dsl, lid, details)
    with pytest.raises(PermissionDenied):
        record_referral(fresh, user(fresh, "officer"), lid, details)


def test_reviews_follow_ups_and_part_time_ends_are_owed(fresh: Database) -> None:  # noqa: F811
    dsl, lid = user(fresh, "dsl"), learner_id(fresh)
    start_plan(fresh, dsl, lid, PLAN, TODAY)
    record_referral(fresh, dsl, lid, ReferralDetails(
        cases.Agency.CAMHS, LAST_DAY, "Anxiety", follow_up_on=date(2025, 12, 22)))  # fmt: skip
    terms = PartTime(date(2025, 12, 1), date(2026, 1, 9), date(2025, 12, 15), ("Mon AM",),
                     "Phased return", date(2025, 11, 28), date(2025, 11, 28), None)  # fmt: skip
    agree_part_time(fresh, dsl, lid, terms)
    with fresh.reading() as session:
        before = {o.kind for o in case_owed(session, date(2025, 11, 30))}
        after = {o.kind for o in case_owed(session, date(2026, 1, 5))}
    assert before == set()
    assert after == {"plan_review_due", "referral_follow_up_due", "part_time_review_due",
                     "part_time_ends"}  # fmt: skip


def test_the_chronology_tells_the_story_and_each_view_is_audited(fresh: Database) -> None:  # noqa: F811
    dsl, lid = user(fresh, "dsl"), learner_id(fresh)
    record_meeting(
        fresh,
        dsl,
        lid,
        MeetingDetails(
            cases.MeetingKind.ATTENDANCE_SUPPORT, date(2025, 12, 2), "Mother, SP", "Plan agreed"
        ),
    )
    move_stage(fresh, dsl, lid, cases.Stage.SUPPORT_MEETING, date(2025, 12, 2), "Below 90%")
    record_referral(fresh, dsl, lid, ReferralDetails(
        cases.Agency.EARLY_HELP, date(2025, 12, 3), "Family stress",
        follow_up_on=date(2025, 12, 17)))  # fmt: skip
    found = chronology(fresh, dsl, lid, date(2025, 9, 1), TODAY)
    kinds = [e.kind for e in found.entries]
    assert {"meeting", "escalation", "referral"} <= set(kinds)
    assert [e.on for e in found.entries] == sorted(e.on for e in found.entries)
    officer_view = chronology(fresh, user(fresh, "officer"), lid, date(2025, 9, 1), TODAY)
    assert "referral" not in {e.kind for e in officer_view.entries}
    assert "meeting" in {e.kind for e in officer_view.entries}
    with pytest.raises(PermissionDenied):
        chronology(fresh, user(fresh, "tutor1"), lid, date(2025, 9, 1), TODAY)
    with fresh.reading() as session:
        views = session.scalars(
            select(AuditEntry.staff_name).where(AuditEntry.entity == "chronology")
        ).all()
    assert sorted(views) == ["Grace Okoro", "Sam Patel"]


def test_absences_in_the_chronology_are_runs_not_single_marks(fresh: Database) -> None:  # noqa: F811
    dsl, lid = user(fresh, "dsl"), learner_id(fresh)
    found = chronology(fresh, dsl, lid, date(2025, 9, 1), TODAY, frozenset({"absence"}))
    assert found.entries and all(e.summary.startswith("Absent ") for e in found.entries)
