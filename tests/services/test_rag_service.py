"""RAG ratings from the database: ticked criteria, absence from the register, the DSL's override
(which needs a reason and a signed risk assessment), and signed assessments being read-only."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DatabaseError

from desktop_app.domain.codes import Session
from desktop_app.domain.permissions import Role
from desktop_app.domain.rag import PERSISTENT_REASON, RED_FACTORS, SEVERE_REASON, Rating
from desktop_app.domain.upn import make_upn
from desktop_app.models import AuditEntry, Mark, RagFactor, RagOverride, RiskAssessment, RiskRow
from desktop_app.models.engine import Database
from desktop_app.services.auth import StaffUser
from desktop_app.services.errors import NotFound, ValidationFailed
from desktop_app.services.learner_records import LearnerDetails, add_learner
from desktop_app.services.rag import (
    LearnerRag,
    clear_factor,
    clear_override,
    override_rating,
    ratings,
    set_factor,
)

AS_OF = date(2025, 9, 10)
NOW = datetime(2025, 9, 10, 14, 0, tzinfo=UTC)
LATER = NOW + timedelta(hours=1)
SIGNED_MESSAGE = "a signed risk assessment is read-only; start a review instead"
NEEDS_ASSESSMENT = (
    "rating",
    "An override needs a risk assessment in place: write one and have the DSL sign it first",
)


@pytest.fixture
def dsl(make_staff: Callable[[Role], StaffUser]) -> StaffUser:
    return make_staff(Role.DSL)


def learner(db: Database, user: StaffUser, body: str) -> int:
    details = LearnerDetails(make_upn(body), "Ahmed", "Ann", date(2011, 3, 14), date(2025, 9, 3))
    return add_learner(db, user, details, today=date(2025, 9, 1))


@pytest.fixture
def ann(db: Database, director: StaffUser) -> int:
    return learner(db, director, "820300000001")


def rag(db: Database, learner_id: int, as_of: date = AS_OF) -> LearnerRag:
    with db.reading() as session:
        return ratings(session, as_of, [learner_id])[learner_id]


def add_marks(db: Database, user: StaffUser, learner_id: int, marks: dict) -> None:
    with db.transaction() as session:
        for (day, sess), code in marks.items():
            session.add(
                Mark(
                    learner_id=learner_id,
                    date=day,
                    session=sess.value,
                    code=code,
                    recorded_by_id=user.id,
                    recorded_at=NOW,
                )
            )


def sessions(days: list[date]) -> list[tuple[date, Session]]:
    return [(day, s) for day in days for s in (Session.AM, Session.PM)]


def school_days(start: date, n: int) -> list[date]:
    days, day = [], start
    while len(days) < n:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def add_assessment(
    db: Database,
    learner_id: int,
    version: int = 1,
    review: date = date(2025, 12, 1),
    signed_on: date | None = date(2025, 9, 5),
) -> int:
    with db.transaction() as session:
        row = RiskAssessment(
            learner_id=learner_id,
            version=version,
            date_written=date(2025, 9, 4),
            compiled_by="Dee Dsl",
            review_date=review,
            concerns="Known to spend time at the park",
            dsl_signature="Dee Dsl" if signed_on else "",
            dsl_signed_on=signed_on,
            created_at=NOW,
        )
        session.add(row)
        session.flush()
        return row.id


def count(db: Database, model: type) -> int:
    with db.reading() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def overrides(db: Database) -> list[tuple]:
    with db.reading() as session:
        return [
            (r.rating, r.reason, r.set_by_id, r.set_at, r.cleared_by_id, r.cleared_at)
            for r in session.scalars(select(RagOverride).order_by(RagOverride.id))
        ]


def factors(db: Database) -> list[tuple]:
    with db.reading() as session:
        return [
            (r.learner_id, r.factor, r.since, r.note)
            for r in session.scalars(select(RagFactor).order_by(RagFactor.id))
        ]


def audited(db: Database, entity: str) -> list[tuple]:
    with db.reading() as session:
        return [
            tuple(r)
            for r in session.execute(
                select(AuditEntry.action, AuditEntry.learner_id, AuditEntry.staff_id)
                .where(AuditEntry.entity == entity)
                .order_by(AuditEntry.id)
            )
        ]


def refused(call: Callable[[], object]) -> list[tuple[str | None, str]]:
    with pytest.raises(ValidationFailed) as caught:
        call()
    return [(p.field, p.message) for p in caught.value.problems]


# --- Criteria -------------------------------------------------------------------------------


def test_a_learner_with_nothing_ticked_and_no_marks_is_green(db: Database, ann: int) -> None:
    result = rag(db, ann)
    assert (result.rating, result.result.reasons) == (Rating.GREEN, ())
    assert (result.assessment_current, result.assessment_overdue) == (False, False)
    assert result.needs_assessment is False


def test_a_ticked_red_criterion_makes_the_learner_red_and_in_need_of_an_assessment(
    db: Database, dsl: StaffUser, ann: int
) -> None:
    set_factor(db, dsl, ann, "cp_plan", date(2025, 9, 5), "strategy meeting")
    result = rag(db, ann)
    assert (result.rating, result.result.reasons) == (Rating.RED, (RED_FACTORS["cp_plan"],))
    assert result.needs_assessment is True
    assert factors(db) == [(ann, "cp_plan", date(2025, 9, 5), "strategy meeting")]
    assert audited(db, "rag_factors") == [("create", ann, dsl.id)]


def test_ratings_without_ids_rates_every_learner(db: Database, dsl: StaffUser, ann: int) -> None:
    ben = learner(db, dsl, "820300000002")
    set_factor(db, dsl, ben, "family_concern", date(2025, 9, 5))
    with db.reading() as session:
        found = ratings(session, AS_OF)
    assert {k: v.rating for k, v in found.items()} == {ann: Rating.GREEN, ben: Rating.AMBER}


def test_a_criterion_counts_from_the_day_it_was_identified(
    db: Database, dsl: StaffUser, ann: int
) -> None:
    set_factor(db, dsl, ann, "ehcp", AS_OF, today=AS_OF)
    assert rag(db, ann, AS_OF - timedelta(days=1)).rating is Rating.GREEN
    assert rag(db, ann, AS_OF).rating is Rating.RED


def test_a_criterion_identified_in_the_future_is_refused(
    db: Database, dsl: StaffUser, ann: int
) -> None:
    entries = count(db, AuditEntry)
    problems = refused(
        lambda: set_factor(db, dsl, ann, "ehcp", AS_OF + timedelta(days=1), today=AS_OF)
    )
    assert problems == [("since", "EHCP: 11 September 2025 is in the future")]
    assert (factors(db), count(db, AuditEntry)) == ([], entries)


def test_an_unknown_criterion_is_refused(db: Database, dsl: StaffUser, ann: int) -> None:
    entries = count(db, AuditEntry)
    problems = refused(lambda: set_factor(db, dsl, ann, "persistent", AS_OF))
    assert problems == [("factor", "'persistent' is not a RAG criterion")]
    assert (factors(db), count(db, AuditEntry)) == ([], entries)


def test_a_criterion_for_a_learner_who_has_gone_is_not_found(db: Database, dsl: StaffUser) -> None:
    with pytest.raises(NotFound):
        set_factor(db, dsl, 999, "ehcp", AS_OF)
    assert factors(db) == []


def test_ticking_a_criterion_again_changes_its_date_and_note(
    db: Database, dsl: StaffUser, ann: int
) -> None:
    set_factor(db, dsl, ann, "social_worker", date(2025, 9, 8), "allocated")
    set_factor(db, dsl, ann, "social_worker", date(2025, 9, 4), "allocated earlier")
    assert factors(db) == [(ann, "social_worker", date(2025, 9, 4), "allocated earlier")]
    assert audited(db, "rag_factors") == [("create", ann, dsl.id), ("change", ann, dsl.id)]


def test_clearing_a_criterion_goes_back_to_the_computed_rating_and_is_audited(
    db: Database, dsl: StaffUser, ann: int
) -> None:
    set_factor(db, dsl, ann, "section_47", date(2025, 9, 5))
    set_factor(db, dsl, ann, "ewo_ast", date(2025, 9, 5))
    clear_factor(db, dsl, ann, "section_47")
    assert rag(db, ann).rating is Rating.AMBER
    assert [f[1] for f in factors(db)] == ["ewo_ast"]
    assert audited(db, "rag_factors")[-1] == ("delete", ann, dsl.id)
    entries = count(db, AuditEntry)
    clear_factor(db, dsl, ann, "section_47")  # not ticked: nothing to do
    assert count(db, AuditEntry) == entries


# --- Persistent and severe absence from the register ----------------------------------------


def test_one_absence_in_ten_sessions_is_persistent_absence(
    db: Database, director: StaffUser, ann: int
) -> None:
    slots = sessions(school_days(date(2025, 9, 3), 5))  # 10 sessions up to Tue 9 September
    marks = {s: "/" if s[1] is Session.AM else "\\" for s in slots}
    marks[slots[0]] = "N"
    add_marks(db, director, ann, marks)
    result = rag(db, ann)
    assert (result.rating, result.result.reasons) == (Rating.AMBER, (PERSISTENT_REASON,))


def test_one_absence_in_eleven_sessions_is_not_persistent_absence(
    db: Database, director: StaffUser, ann: int
) -> None:
    slots = sessions(school_days(date(2025, 9, 3), 6))[:11]  # up to Wed 10 September AM
    marks = {s: "/" if s[1] is Session.AM else "\\" for s in slots}
    marks[slots[0]] = "N"
    add_marks(db, director, ann, marks)
    assert rag(db, ann).rating is Rating.GREEN


def test_half_the_sessions_absent_is_severe_absence(
    db: Database, director: StaffUser, ann: int
) -> None:
    add_marks(
        db,
        director,
        ann,
        {
            (date(2025, 9, 8), Session.AM): "/",
            (date(2025, 9, 8), Session.PM): "\\",
            (date(2025, 9, 9), Session.AM): "I",
            (date(2025, 9, 9), Session.PM): "O",
        },
    )
    assert rag(db, ann).result.reasons == (SEVERE_REASON,)


def test_absence_last_academic_year_and_after_the_day_checked_does_not_count(
    db: Database, director: StaffUser, ann: int
) -> None:
    add_marks(
        db,
        director,
        ann,
        {
            (date(2025, 7, 14), Session.AM): "N",  # 2024-25
            (date(2025, 7, 14), Session.PM): "N",
            (date(2025, 9, 8), Session.AM): "/",
            (date(2025, 9, 8), Session.PM): "\\",
            (date(2025, 9, 11), Session.AM): "N",  # after AS_OF
            (date(2025, 9, 11), Session.PM): "N",
        },
    )
    assert rag(db, ann).rating is Rating.GREEN
    assert rag(db, ann, date(2025, 9, 11)).rating is Rating.AMBER


def test_red_criteria_beat_severe_absence(db: Database, dsl: StaffUser, ann: int) -> None:
    add_marks(db, dsl, ann, {(date(2025, 9, 8), Session.AM): "N"})
    set_factor(db, dsl, ann, "looked_after", date(2025, 9, 3))
    result = rag(db, ann)
    assert (result.rating, result.result.reasons) == (Rating.RED, (RED_FACTORS["looked_after"],))


# --- The DSL's override ---------------------------------------------------------------------


def test_an_override_without_a_risk_assessment_is_refused_and_nothing_changes(
    db: Database, dsl: StaffUser, ann: int
) -> None:
    entries = count(db, AuditEntry)
    problems = refused(lambda: override_rating(db, dsl, ann, "green", "case closed", NOW))
    assert problems == [NEEDS_ASSESSMENT]
    assert (overrides(db), count(db, AuditEntry)) == ([], entries)


def test_an_unsigned_draft_is_not_an_assessment_in_place(
    db: Database, dsl: StaffUser, ann: int
) -> None:
    add_assessment(db, ann, signed_on=None)
    assert refused(lambda: override_rating(db, dsl, ann, "green", "case closed", NOW)) == [
        NEEDS_ASSESSMENT
    ]
    assert overrides(db) == []


def test_an_override_needs_a_reason_and_a_real_rating(
    db: Database, dsl: StaffUser, ann: int
) -> None:
    add_assessment(db, ann)
    entries = count(db, AuditEntry)
    assert refused(lambda: override_rating(db, dsl, ann, "green", "  ", NOW)) == [
        ("reason", "Give the reason for overriding the rating")
    ]
    assert refused(lambda: override_rating(db, dsl, ann, "purple", "because", NOW)) == [
        ("rating", "'purple' is not a rating")
    ]
    assert (overrides(db), count(db, AuditEntry)) == ([], entries)


def test_every_override_problem_is_listed_at_once(db: Database, dsl: StaffUser, ann: int) -> None:
    problems = refused(lambda: override_rating(db, dsl, ann, "RED", "", NOW))
    assert [field for field, _message in problems] == ["rating", "reason", "rating"]


def test_an_override_for_a_learner_who_has_gone_is_not_found(db: Database, dsl: StaffUser) -> None:
    with pytest.raises(NotFound):
        override_rating(db, dsl, 999, "red", "disclosure", NOW)


def test_with_a_signed_assessment_the_override_is_in_force_and_keeps_who_and_when(
    db: Database, dsl: StaffUser, ann: int
) -> None:
    set_factor(db, dsl, ann, "social_worker", date(2025, 9, 3))
    add_assessment(db, ann)
    override_rating(db, dsl, ann, "amber", "  social worker stepping down  ", NOW)
    result = rag(db, ann)
    assert (result.result.computed, result.rating) == (Rating.RED, Rating.AMBER)
    assert result.result.override is not None
    assert (result.result.override.by, result.result.override.at) == (dsl.full_name, NOW)
    assert result.result.override.reason == "social worker stepping down"
    assert overrides(db) == [("amber", "social worker stepping down", dsl.id, NOW, None, None)]
    assert audited(db, "rag_overrides") == [("create", ann, dsl.id)]


def test_an_overdue_signed_assessment_is_reported_as_such(
    db: Database, dsl: StaffUser, ann: int
) -> None:
    add_assessment(db, ann, review=AS_OF - timedelta(days=1))
    result = rag(db, ann)
    assert (result.assessment_current, result.assessment_overdue) == (False, True)
    add_assessment(db, ann, version=2, review=date(2025, 12, 1), signed_on=AS_OF)
    result = rag(db, ann)
    assert (result.assessment_current, result.assessment_overdue) == (True, False)


def test_a_new_override_clears_the_old_one_and_both_rows_are_kept(
    db: Database, dsl: StaffUser, director: StaffUser, ann: int
) -> None:
    add_assessment(db, ann)
    override_rating(db, dsl, ann, "amber", "first view", NOW)
    override_rating(db, director, ann, "red", "disclosure", LATER)
    assert overrides(db) == [
        ("amber", "first view", dsl.id, NOW, director.id, LATER),
        ("red", "disclosure", director.id, LATER, None, None),
    ]
    assert rag(db, ann).rating is Rating.RED


def test_clearing_the_override_keeps_the_row_marked_cleared(
    db: Database, dsl: StaffUser, director: StaffUser, ann: int
) -> None:
    add_assessment(db, ann)
    override_rating(db, dsl, ann, "red", "disclosure", NOW)
    clear_override(db, director, ann, LATER)
    assert overrides(db) == [("red", "disclosure", dsl.id, NOW, director.id, LATER)]
    result = rag(db, ann)
    assert (result.rating, result.result.override) == (Rating.GREEN, None)
    assert audited(db, "rag_overrides")[-1] == ("change", ann, director.id)


def test_clearing_when_there_is_no_override_changes_nothing(
    db: Database, dsl: StaffUser, ann: int
) -> None:
    entries = count(db, AuditEntry)
    clear_override(db, dsl, ann, NOW)
    assert (overrides(db), count(db, AuditEntry)) == ([], entries)


# --- Signed assessments are read-only in the database itself --------------------------------


def raw(db: Database, sql: str, **params: object) -> None:
    with db.engine.begin() as connection:
        connection.execute(text(sql), params)


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE risk_assessments SET concerns = 'rewritten' WHERE id = :id",
        "UPDATE risk_assessments SET dsl_signed_on = NULL WHERE id = :id",
        "UPDATE risk_assessments SET review_date = '2030-01-01' WHERE id = :id",
        "DELETE FROM risk_assessments WHERE id = :id",
        "INSERT INTO risk_rows (assessment_id, position, risk, likelihood, frequency, actions, "
        "staff_lead, escalation) VALUES (:id, 1, 'added later', 5, 5, '', '', '')",
    ],
)
def test_a_signed_assessment_cannot_be_changed_by_raw_sql(db: Database, ann: int, sql: str) -> None:
    assessment = add_assessment(db, ann)
    with pytest.raises(DatabaseError, match=SIGNED_MESSAGE):
        raw(db, sql, id=assessment)
    with db.reading() as session:
        row = session.get_one(RiskAssessment, assessment)
        assert (row.concerns, row.dsl_signed_on, row.review_date) == (
            "Known to spend time at the park",
            date(2025, 9, 5),
            date(2025, 12, 1),
        )
    assert count(db, RiskRow) == 0


def test_a_signed_assessments_risk_rows_cannot_be_changed_by_raw_sql(
    db: Database, ann: int
) -> None:
    assessment = add_assessment(db, ann, signed_on=None)
    raw(
        db,
        "INSERT INTO risk_rows (assessment_id, position, risk, likelihood, frequency, actions, "
        "staff_lead, escalation) VALUES (:id, 1, 'absconds', 4, 5, '', '', '')",
        id=assessment,
    )
    raw(
        db, "UPDATE risk_assessments SET dsl_signed_on = '2025-09-06' WHERE id = :id", id=assessment
    )
    for sql in (
        "UPDATE risk_rows SET likelihood = 1 WHERE assessment_id = :id",
        "DELETE FROM risk_rows WHERE assessment_id = :id",
    ):
        with pytest.raises(DatabaseError, match=SIGNED_MESSAGE):
            raw(db, sql, id=assessment)
    with db.reading() as session:
        assert session.scalars(select(RiskRow.likelihood)).all() == [4]


def test_an_unsigned_draft_can_still_be_changed(db: Database, ann: int) -> None:
    assessment = add_assessment(db, ann, signed_on=None)
    raw(db, "UPDATE risk_assessments SET concerns = 'redrafted' WHERE id = :id", id=assessment)
    with db.reading() as session:
        assert session.get_one(RiskAssessment, assessment).concerns == "redrafted"
