"""The demo provision's case work: a support plan under way, meetings, the staged process,
referrals (one considered and not made), leave, a part-time timetable, a home education notice,
a learner who left, and the letters sent, filed. Fictional throughout.

Dated around the demo's "today" so that nothing is owed yet on the day it is built (reviews
and follow-ups fall due in the days after); planned marks go through the mark rule."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.domain import casework as cases
from desktop_app.domain.permissions import Role
from desktop_app.models import (
    CaseRequest,
    EmergencyContact,
    Escalation,
    FiledLetter,
    Learner,
    Meeting,
    PlanAction,
    PlanReview,
    Referral,
    Staff,
    SupportPlan,
)
from desktop_app.services.auth import StaffUser
from desktop_app.services.calendar import load_calendar
from desktop_app.services.planned_marks import plan_marks

PLAN, RED, CCE, PART_TIME, LEAVE, WAITING, HOME_ED, LEFT = 2, 0, 1, 4, 5, 6, 7, 13


def _on(day: date, days: int) -> date:
    """`days` from day, moved off a weekend (back to Friday in the past, on to Monday ahead)."""
    found = day + timedelta(days=days)
    while found.weekday() >= 5:
        found += timedelta(days=-1 if days < 0 else 1)
    return found


def _staff(session: Session, role: Role) -> Staff:
    found = session.scalars(select(Staff).where(Staff.role == role.value)).first()
    assert found is not None
    return found


def _user(staff: Staff) -> StaffUser:
    return StaffUser(staff.id, staff.username, staff.full_name, staff.position, Role(staff.role))


def add_casework(session: Session, learner_ids: list[int], today: date) -> None:
    """`learner_ids` in demo order (the same order the other demo modules use)."""
    session.flush()
    officer, dsl = _staff(session, Role.ATTENDANCE_OFFICER), _staff(session, Role.DSL)
    now = datetime.now(UTC)
    learners = {i: session.get_one(Learner, lid) for i, lid in enumerate(learner_ids)}
    _plan(session, learners[PLAN], officer, today, now)
    _referrals(session, learners[RED], learners[CCE], dsl, today, now)
    _requests(session, learners, officer, today, now)


def _family(session: Session, learner: Learner) -> tuple[str, str]:
    """The first emergency contact ('Mrs Okafor', 'Grandmother') and the home school's contact."""
    first = session.scalars(
        select(EmergencyContact)
        .where(EmergencyContact.learner_id == learner.id)
        .order_by(EmergencyContact.priority)
    ).first()
    parent = (first.name, first.relationship_to_learner.lower()) if first else ("the family", "")
    school = learner.commissioner
    contact = f"{school.contact_name}, {school.name}" if school else "the home school"
    return f"{parent[0]} ({parent[1]})" if parent[1] else parent[0], contact


def _plan(session: Session, learner: Learner, officer: Staff, today: date, now: datetime) -> None:
    lid, who = learner.id, officer.full_name
    parent, school = _family(session, learner)
    addressee = parent.split(" (")[0]
    began, met = _on(today, -35), _on(today, -38)
    for stage, on, reason in (
        (
            cases.Stage.CONCERN,
            _on(today, -49),
            "Attendance 86 % over the half-term; three Monday absences in a row",
        ),
        (cases.Stage.SUPPORT_MEETING, met, "No better after the initial concern letter"),
        (cases.Stage.PLAN, began, "Plan agreed at the attendance support meeting"),
    ):
        session.add(
            Escalation(
                learner_id=lid,
                stage=stage.value,
                moved_on=on,
                reason=reason,
                by_id=officer.id,
                by_name=who,
                created_at=now,
            )
        )
    session.add(
        Meeting(
            learner_id=lid,
            kind=cases.MeetingKind.ATTENDANCE_SUPPORT.value,
            held_on=met,
            attendees=f"{parent}, {who} (attendance officer), key worker",
            outcome="Mornings are the difficulty: a support plan agreed",
            actions="Morning phone call; breakfast club; review in three weeks",
            next_on=_on(today, 4),
            created_at=now,
            created_by=who,
        )
    )
    review = Meeting(
        learner_id=lid,
        kind=cases.MeetingKind.REVIEW.value,
        held_on=_on(today, 4),
        attendees=f"{parent}, {who}, {school}",
        created_at=now,
        created_by=who,
    )
    session.add(review)
    session.flush()
    for letter, on, meeting in (
        ("initial_concern", _on(today, -48), None),
        ("attendance_meeting", _on(met, -7), None),
        ("attendance_meeting", _on(today, -1), review.id),
    ):
        session.add(
            FiledLetter(
                learner_id=lid,
                stage=letter,
                sent_on=on,
                to_whom=addressee,
                how="printed",
                meeting_id=meeting,
                by_name=who,
                created_at=now,
            )
        )
    plan = SupportPlan(
        learner_id=lid,
        started_on=began,
        start_pct=78,
        target_pct=95,
        target_by=_on(today, 42),
        targets="In by 09:15 every morning\nNo more than one absence a fortnight",
        parent_agreed_on=met,
        parent_agreed_by=parent,
        commissioner_agreed_on=began,
        commissioner_agreed_by=school,
        next_review_on=_on(today, 4),
        created_at=now,
        created_by=who,
    )
    plan.actions = [
        PlanAction(
            action="Phone home at 08:30 on Mondays",
            owner="Sam Patel",
            due_on=_on(began, 3),
            done_on=_on(began, 3),
        ),
        PlanAction(
            action="Breakfast club place from next week",
            owner="Key worker",
            due_on=_on(began, 7),
            done_on=_on(began, 9),
        ),
        PlanAction(
            action="Ask the GP about the sleep problems",
            owner=addressee,
            due_on=_on(today, 4),
        ),
    ]
    plan.reviews = [
        PlanReview(
            reviewed_on=_on(today, -14),
            outcome="Mondays better; keep the calls going",
            attendance_pct=84.0,
            next_review_on=_on(today, 4),
            by_name=who,
        )
    ]
    session.add(plan)


def _referrals(
    session: Session, red: Learner, cce: Learner, dsl: Staff, today: date, now: datetime
) -> None:
    who = dsl.full_name
    session.add_all(
        [
            Referral(
                learner_id=red.id,
                agency=cases.Agency.SOCIAL_CARE.value,
                made=True,
                on=_on(today, -20),
                by_name=who,
                reason="Three unexplained absences after a disclosure about home",
                outcome="Accepted by the MASH; strategy discussion held",
                follow_up_on=_on(today, 7),
                created_at=now,
            ),
            Referral(
                learner_id=red.id,
                agency=cases.Agency.EARLY_HELP.value,
                made=False,
                on=_on(today, -20),
                by_name=who,
                reason="Family support",
                not_made_because="Already open to children's social care, who lead",
                created_at=now,
            ),
            Referral(
                learner_id=cce.id,
                agency=cases.Agency.YOT.value,
                made=True,
                on=_on(today, -30),
                by_name=who,
                reason="Seen with older peers known for county lines",
                outcome="Youth justice worker allocated",
                follow_up_on=_on(today, 10),
                created_at=now,
            ),
        ]
    )
    session.add(
        Escalation(
            learner_id=cce.id,
            stage=cases.Stage.PANEL.value,
            moved_on=_on(today, -25),
            reason="Attendance 61 %; plan targets missed twice",
            by_id=dsl.id,
            by_name=who,
            created_at=now,
        )
    )


def _next_school_day(session: Session, after: date, n: int = 1) -> date:
    found = load_calendar(session).school_days_after(after, n)
    return found or after + timedelta(days=n)


def _requests(
    session: Session, learners: dict[int, Learner], officer: Staff, today: date, now: datetime
) -> None:
    who, user = officer.full_name, _user(officer)
    before_school = datetime.combine(today, time(7, 0))
    start = _next_school_day(session, today)
    end = _on(start, 38)
    part = CaseRequest(
        learner_id=learners[PART_TIME].id,
        kind=cases.RequestKind.PART_TIME.value,
        received_on=_on(today, -2),
        start_on=start,
        end_on=end,
        review_on=_on(start, 18),
        sessions="Mon AM, Tue AM, Wed AM, Thu AM, Fri AM",
        reason="Phased return after a long illness; afternoons added as stamina allows",
        decision="granted",
        parent_agreed_on=_on(today, -2),
        commissioner_agreed_on=_on(today, -2),
        la_told_on=_on(today, -1),
        created_at=now,
        created_by=who,
    )
    attends = set(part.sessions.split(", "))
    plan_marks(
        session,
        user,
        learners[PART_TIME],
        start,
        end,
        lambda d, s: None if f"{d:%a} {s.value}" in attends else "C2",
        before_school,
    )
    away = _next_school_day(session, today, 15)
    leave = CaseRequest(
        learner_id=learners[LEAVE].id,
        kind=cases.RequestKind.LEAVE.value,
        received_on=_on(today, -6),
        start_on=away,
        end_on=away,
        code="C",
        reason="Grandfather's funeral in Glasgow",
        decision="granted",
        decided_by=_family(session, learners[LEAVE])[1],
        decided_on=_on(today, -3),
        home_school_told_on=_on(today, -6),
        created_at=now,
        created_by=who,
    )
    plan_marks(session, user, learners[LEAVE], away, away, lambda _d, _s: "C", before_school)
    left = learners[LEFT]
    session.add_all(
        [
            part,
            leave,
            CaseRequest(
                learner_id=learners[WAITING].id,
                kind=cases.RequestKind.LEAVE.value,
                received_on=_on(today, -1),
                start_on=away,
                end_on=away,
                code="M",
                reason="Orthodontist in Leeds, 10:30",
                home_school_told_on=_on(today, -1),
                created_at=now,
                created_by=who,
            ),
            CaseRequest(
                learner_id=learners[HOME_ED].id,
                kind=cases.RequestKind.HOME_EDUCATION.value,
                received_on=_on(today, -3),
                home_school_told_on=_on(today, -3),
                meeting_offered_on=_on(today, -2),
                created_at=now,
                created_by=who,
            ),
        ]
    )
    if left.leaving_date is not None:
        session.add(
            CaseRequest(
                learner_id=left.id,
                kind=cases.RequestKind.LEAVING.value,
                received_on=left.leaving_date,
                end_on=left.leaving_date,
                reason="A place at a mainstream school after a successful reintegration",
                destination="St Aidan's CE High School, Year 10",
                la_told_on=left.leaving_date,
                home_school_told_on=left.leaving_date,
                created_at=now,
                created_by=who,
            )
        )
