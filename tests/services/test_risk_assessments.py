"""Risk assessments: drafts, saving and its checks, signing, read-only versions, reviews, audit."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError

from desktop_app.domain import risk
from desktop_app.domain.permissions import Role
from desktop_app.domain.rag import Rating
from desktop_app.models import Learner, RiskAgency, RiskAssessment, RiskRow
from desktop_app.models.engine import Database
from desktop_app.services import risk_assessments as ra
from desktop_app.services.audit import audit_log
from desktop_app.services.auth import StaffUser
from desktop_app.services.errors import (
    NotFound,
    PermissionDenied,
    Problem,
    ServiceError,
    ValidationFailed,
)
from desktop_app.services.risk_assessments import (
    AgencyEntry,
    AssessmentContent,
    ReadOnly,
    RiskEntry,
    Status,
)

TODAY = date(2026, 3, 2)
LATER = date(2026, 4, 20)


@pytest.fixture
def learner(db: Database) -> int:
    with db.transaction() as session:
        person = Learner(
            upn="E820300000001",
            surname="Ahmed",
            forename="Ann",
            date_of_birth=date(2011, 1, 1),
            start_date=date(2025, 9, 3),
        )
        session.add(person)
        session.flush()
        return person.id


@pytest.fixture
def dsl(make_staff: Callable[[Role], StaffUser]) -> StaffUser:
    return make_staff(Role.DSL)


def complete(content: AssessmentContent, approved: bool = True) -> AssessmentContent:
    """The draft's content with every section, an agency's details and two full risk rows."""
    agencies = list(content.agencies)
    agencies[2] = AgencyEntry("Social worker", "Sam Patel", "07700 900123")
    return replace(
        content,
        task_analysis="Travels alone by bus; two hours on site each morning.",
        concerns="Missing from home twice this term; older peers in the area.",
        next_steps="Strategy meeting with social care on 9 March.",
        agencies=tuple(agencies),
        risks=(
            RiskEntry("Leaves site without permission", 4, 4, "Door buddy", "Mo", "Call DSL"),
            RiskEntry("Contact with older peers", 3, 2, "Liaise with police", "Di", "Strategy"),
        ),
        approved_by_dsl=approved,
    )


@pytest.fixture
def draft(db: Database, dsl: StaffUser, learner: int) -> ra.Assessment:
    """Version 1 as started today: nothing written yet."""
    return ra.start_assessment(db, dsl, learner, TODAY)


def signed(db: Database, dsl: StaffUser, draft: ra.Assessment) -> ra.Assessment:
    ra.save_assessment(db, dsl, draft.id, complete(draft.content), TODAY)
    ra.sign_as_writer(db, dsl, draft.id, TODAY)
    return ra.sign_as_dsl(db, dsl, draft.id, TODAY)


def problems(caught: pytest.ExceptionInfo[ValidationFailed]) -> list[tuple[str | None, str]]:
    return [(p.field, p.message) for p in caught.value.problems]


# --- starting ------------------------------------------------------------------------------


def test_start_makes_draft_version_1_with_the_form_agencies(
    draft: ra.Assessment, dsl: StaffUser
) -> None:
    assert (draft.version, draft.status, draft.editable) == (1, Status.DRAFT, True)
    assert draft.learner_name == "Ann Ahmed"
    assert draft.content.compiled_by == dsl.full_name
    assert draft.content.date_written == TODAY
    assert draft.content.review_date == date(2026, 6, 2)  # three months on
    assert [a.agency for a in draft.content.agencies] == list(risk.AGENCIES)
    assert all(a.name == a.contact == "" for a in draft.content.agencies)
    assert draft.content.risks == ()
    assert draft.content.checks == dict.fromkeys(risk.CHECKS, False)
    assert (draft.writer, draft.dsl) == (None, None)


@pytest.mark.parametrize(
    ("written", "review"),
    [
        (date(2025, 11, 30), date(2026, 2, 28)),  # no 30 February: the month's last day
        (date(2027, 11, 29), date(2028, 2, 29)),  # a leap year
        (date(2026, 10, 15), date(2027, 1, 15)),  # into the next year
    ],
)
def test_default_review_date_is_three_calendar_months_later(written: date, review: date) -> None:
    assert ra.default_review_date(written) == review


def test_start_refuses_while_a_draft_is_open(
    db: Database, dsl: StaffUser, learner: int, draft: ra.Assessment
) -> None:
    with pytest.raises(ServiceError, match="version 1 is already a draft: open it"):
        ra.start_assessment(db, dsl, learner, TODAY)
    assert [v.version for v in ra.list_versions(db, dsl, learner, TODAY)] == [1]


def test_start_refuses_once_a_version_is_in_force(
    db: Database, dsl: StaffUser, learner: int, draft: ra.Assessment
) -> None:
    signed(db, dsl, draft)
    with pytest.raises(ServiceError, match="version 1 is in force: start a review"):
        ra.start_assessment(db, dsl, learner, TODAY)


def test_start_for_an_unknown_learner_is_not_found(db: Database, dsl: StaffUser) -> None:
    with pytest.raises(NotFound, match="no longer on the register"):
        ra.start_assessment(db, dsl, 999, TODAY)


# --- saving --------------------------------------------------------------------------------


def test_save_keeps_every_field_and_computes_scores(
    db: Database, director: StaffUser, dsl: StaffUser, draft: ra.Assessment
) -> None:
    content = replace(
        complete(draft.content),
        compiled_by="Dana Director",
        date_written=TODAY - timedelta(days=3),
        review_date=LATER,
        reviewed_by_directors=True,
        staff_aware=True,
    )
    ra.save_assessment(db, director, draft.id, content, TODAY)
    again = ra.get_assessment(db, dsl, draft.id, TODAY)
    assert again.content == content
    assert [(r.score, r.band) for r in again.content.risks] == [
        (16, Rating.AMBER),
        (6, Rating.GREEN),
    ]


def test_save_replaces_the_rows_and_drops_wholly_blank_ones(
    db: Database, dsl: StaffUser, draft: ra.Assessment
) -> None:
    ra.save_assessment(db, dsl, draft.id, complete(draft.content), TODAY)
    fewer = replace(
        draft.content,
        agencies=(AgencyEntry("GP", "Dr Shah", "01632 960001"), AgencyEntry(" ", "", "")),
        risks=(RiskEntry(""), RiskEntry("  Self-harm ", 5, 4, " Check-ins ")),
    )
    saved = ra.save_assessment(db, dsl, draft.id, fewer, TODAY)
    assert saved.content.agencies == (AgencyEntry("GP", "Dr Shah", "01632 960001"),)
    assert saved.content.risks == (RiskEntry("Self-harm", 5, 4, "Check-ins"),)
    assert saved.content.risks[0].band is Rating.RED
    with db.reading() as session:
        assert session.scalar(select(func.count()).select_from(RiskRow)) == 1
        assert session.scalar(select(func.count()).select_from(RiskAgency)) == 1


def _edit(**changes: Any) -> Callable[[AssessmentContent], AssessmentContent]:
    return lambda content: replace(content, **changes)


def _risk(index: int, entry: RiskEntry) -> Callable[[AssessmentContent], AssessmentContent]:
    def change(content: AssessmentContent) -> AssessmentContent:
        risks = list(content.risks)
        risks[index] = entry
        return replace(content, risks=tuple(risks))

    return change


def _agency(entry: AgencyEntry) -> Callable[[AssessmentContent], AssessmentContent]:
    return lambda content: replace(content, agencies=(*content.agencies, entry))


INVALID = {
    "written in the future": (
        _edit(date_written=TODAY + timedelta(days=1), review_date=LATER),
        "date_written",
        None,
        "The date written cannot be in the future",
    ),
    "review before written": (
        _edit(review_date=TODAY - timedelta(days=1)),
        "review_date",
        None,
        "The review date must be after the date written",
    ),
    "review on the day written": (
        _edit(review_date=TODAY),
        "review_date",
        None,
        "The review date must be after the date written",
    ),
    "nobody compiled it": (
        _edit(compiled_by="   "),
        "compiled_by",
        None,
        "Say who compiled the assessment",
    ),
    "compiled by too long": (
        _edit(compiled_by="x" * 201),
        "compiled_by",
        None,
        "Compiled by must be at most 200 characters",
    ),
    "risk without text": (
        _risk(1, RiskEntry(" ", 3, 2, "Liaise")),
        "risk",
        2,
        "Risk 2: describe the risk",
    ),
    "risk without likelihood": (
        _risk(1, RiskEntry("Peers", None, 2)),
        "likelihood",
        2,
        "Risk 2: choose how likely it is",
    ),
    "risk without frequency": (
        _risk(1, RiskEntry("Peers", 3, None)),
        "frequency",
        2,
        "Risk 2: choose how often it happens",
    ),
    "likelihood out of range": (
        _risk(0, RiskEntry("Peers", 6, 2)),
        "likelihood",
        1,
        "Risk 1: choose how likely it is",
    ),
    "frequency out of range": (
        _risk(0, RiskEntry("Peers", 3, 0)),
        "frequency",
        1,
        "Risk 1: choose how often it happens",
    ),
    "staff lead too long": (
        _risk(0, RiskEntry("Peers", 3, 2, staff_lead="x" * 201)),
        "staff_lead",
        1,
        "Risk 1: the staff lead must be at most 200 characters",
    ),
    "agency without its name": (
        _agency(AgencyEntry("", "Kim Lee", "kim@example.org")),
        "agency",
        8,
        "Agency 8: name the agency or professional",
    ),
    "agency name too long": (
        _agency(AgencyEntry("y" * 101)),
        "agency",
        8,
        "Agency 8: the agency must be at most 100 characters",
    ),
}


@pytest.mark.parametrize("case", sorted(INVALID))
def test_save_refuses_invalid_input_and_changes_nothing(
    db: Database, dsl: StaffUser, draft: ra.Assessment, case: str
) -> None:
    change, field, row, message = INVALID[case]
    before = ra.save_assessment(db, dsl, draft.id, complete(draft.content), TODAY)
    with pytest.raises(ValidationFailed) as caught:
        ra.save_assessment(db, dsl, draft.id, change(before.content), TODAY)
    assert caught.value.problems == [Problem(message, field=field, row=row)]
    assert ra.get_assessment(db, dsl, draft.id, TODAY).content == before.content


def test_save_lists_every_problem_at_once(
    db: Database, dsl: StaffUser, draft: ra.Assessment
) -> None:
    bad = replace(
        draft.content,
        compiled_by="",
        review_date=TODAY,
        risks=(RiskEntry("", None, None, actions="Something"),),
    )
    with pytest.raises(ValidationFailed) as caught:
        ra.save_assessment(db, dsl, draft.id, bad, TODAY)
    assert problems(caught) == [
        ("compiled_by", "Say who compiled the assessment"),
        ("review_date", "The review date must be after the date written"),
        ("risk", "Risk 1: describe the risk"),
        ("likelihood", "Risk 1: choose how likely it is"),
        ("frequency", "Risk 1: choose how often it happens"),
    ]


def test_changing_the_content_clears_the_writers_signature_but_ticking_checks_does_not(
    db: Database, dsl: StaffUser, director: StaffUser, draft: ra.Assessment
) -> None:
    ra.save_assessment(db, dsl, draft.id, complete(draft.content, approved=False), TODAY)
    written = ra.sign_as_writer(db, director, draft.id, TODAY)
    ticked = ra.save_assessment(
        db, dsl, draft.id, replace(written.content, staff_aware=True), TODAY
    )
    assert ticked.writer == ra.Signature("Dana Director", TODAY)
    assert not ticked.writer_signature_cleared
    changed = ra.save_assessment(
        db, dsl, draft.id, replace(ticked.content, next_steps="New"), TODAY
    )
    assert changed.writer is None and changed.writer_signature_cleared


# --- signing -------------------------------------------------------------------------------


def test_the_writer_signs_only_a_complete_draft(
    db: Database, dsl: StaffUser, draft: ra.Assessment
) -> None:
    half = replace(draft.content, task_analysis="Written", risks=(RiskEntry("Peers", 3, 2),))
    ra.save_assessment(db, dsl, draft.id, half, TODAY)
    with pytest.raises(ValidationFailed) as caught:
        ra.sign_as_writer(db, dsl, draft.id, TODAY)
    assert problems(caught) == [
        ("concerns", "Summarise the historical and current concerns"),
        ("next_steps", "Write the next steps"),
        ("actions", "Risk 1: say what the provision does to prevent it"),
        ("staff_lead", "Risk 1: name the staff lead"),
        ("escalation", "Risk 1: give the escalation pathway if the actions fail"),
    ]
    assert ra.get_assessment(db, dsl, draft.id, TODAY).writer is None


def test_signing_needs_at_least_one_risk(
    db: Database, dsl: StaffUser, draft: ra.Assessment
) -> None:
    no_risks = replace(complete(draft.content), risks=())
    with pytest.raises(ValidationFailed) as caught:
        ra.sign_as_writer(db, dsl, draft.id, TODAY, no_risks)
    assert problems(caught) == [("risks", "Add at least one risk")]
    assert ra.get_assessment(db, dsl, draft.id, TODAY).content == draft.content


def test_the_writer_signs_with_their_name_and_the_date(
    db: Database, director: StaffUser, dsl: StaffUser, draft: ra.Assessment
) -> None:
    result = ra.sign_as_writer(db, director, draft.id, LATER, complete(draft.content))
    assert result.writer == ra.Signature("Dana Director", LATER)
    assert result.content.risks == complete(draft.content).risks
    assert result.editable and result.status is Status.DRAFT


@pytest.mark.parametrize(
    ("writer_signs", "approved", "review", "expected"),
    [
        (False, True, LATER, [("writer_signature", "The writer signs before the DSL")]),
        (
            True,
            False,
            LATER,
            [("approved_by_dsl", "Tick 'Approved by the DSL' before signing")],
        ),
        (True, True, TODAY + timedelta(days=1), []),
    ],
)
def test_the_dsl_signature_needs_the_writer_and_the_dsls_approval(
    db: Database,
    dsl: StaffUser,
    draft: ra.Assessment,
    writer_signs: bool,
    approved: bool,
    review: date,
    expected: list[tuple[str, str]],
) -> None:
    content = replace(complete(draft.content, approved), review_date=review)
    ra.save_assessment(db, dsl, draft.id, content, TODAY)
    if writer_signs:
        ra.sign_as_writer(db, dsl, draft.id, TODAY)
    if not expected:
        assert ra.sign_as_dsl(db, dsl, draft.id, TODAY).dsl == ra.Signature(dsl.full_name, TODAY)
        return
    with pytest.raises(ValidationFailed) as caught:
        ra.sign_as_dsl(db, dsl, draft.id, TODAY)
    assert problems(caught) == expected
    assert ra.get_assessment(db, dsl, draft.id, TODAY).dsl is None


def test_the_dsl_does_not_sign_once_the_review_date_has_come(
    db: Database, dsl: StaffUser, draft: ra.Assessment
) -> None:
    ra.save_assessment(db, dsl, draft.id, complete(draft.content), TODAY)
    ra.sign_as_writer(db, dsl, draft.id, TODAY)
    with pytest.raises(ValidationFailed) as caught:
        ra.sign_as_dsl(db, dsl, draft.id, draft.content.review_date)
    assert problems(caught) == [("review_date", "Set a review date after today before signing")]


def test_a_director_may_not_sign_as_dsl(
    db: Database, director: StaffUser, dsl: StaffUser, draft: ra.Assessment
) -> None:
    ra.save_assessment(db, dsl, draft.id, complete(draft.content), TODAY)
    ra.sign_as_writer(db, director, draft.id, TODAY)
    with pytest.raises(PermissionDenied, match="only the designated safeguarding lead"):
        ra.sign_as_dsl(db, director, draft.id, TODAY)
    assert ra.get_assessment(db, dsl, draft.id, TODAY).dsl is None


def test_dsl_signature_makes_the_version_in_force_and_read_only(
    db: Database, dsl: StaffUser, learner: int, draft: ra.Assessment
) -> None:
    result = signed(db, dsl, draft)
    assert result.dsl == ra.Signature(dsl.full_name, TODAY)
    assert (result.status, result.editable, result.overdue) == (Status.IN_FORCE, False, False)
    [line] = ra.list_versions(db, dsl, learner, TODAY)
    assert (line.status, line.dsl_signed_on, line.dsl_signature) == (
        Status.IN_FORCE,
        TODAY,
        dsl.full_name,
    )


def test_content_and_dsl_signature_saved_together(
    db: Database, dsl: StaffUser, draft: ra.Assessment
) -> None:
    """The content is written before the signature: the database refuses it after."""
    ra.save_assessment(db, dsl, draft.id, complete(draft.content, approved=False), TODAY)
    ra.sign_as_writer(db, dsl, draft.id, TODAY)
    approved = replace(complete(draft.content), staff_aware=True)
    result = ra.sign_as_dsl(db, dsl, draft.id, TODAY, approved)
    assert result.content.approved_by_dsl and result.content.staff_aware
    assert ra.get_assessment(db, dsl, draft.id, TODAY).dsl is not None


def test_the_dsl_does_not_sign_writing_the_writer_has_not_seen(
    db: Database, dsl: StaffUser, director: StaffUser, draft: ra.Assessment
) -> None:
    ra.save_assessment(db, dsl, draft.id, complete(draft.content), TODAY)
    ra.sign_as_writer(db, director, draft.id, TODAY)
    before = ra.get_assessment(db, dsl, draft.id, TODAY)
    rewritten = replace(before.content, concerns="Something the writer never saw.")
    with pytest.raises(ValidationFailed) as caught:
        ra.sign_as_dsl(db, dsl, draft.id, TODAY, rewritten)
    message = "The writing changed after the writer signed: save it, and the writer signs again"
    assert problems(caught) == [("writer_signature", message)]
    assert ra.get_assessment(db, dsl, draft.id, TODAY) == before


def test_signing_with_invalid_content_changes_nothing(
    db: Database, dsl: StaffUser, draft: ra.Assessment
) -> None:
    ra.save_assessment(db, dsl, draft.id, complete(draft.content), TODAY)
    ra.sign_as_writer(db, dsl, draft.id, TODAY)
    before = ra.get_assessment(db, dsl, draft.id, TODAY)
    with pytest.raises(ValidationFailed, match="choose how likely"):
        ra.sign_as_dsl(db, dsl, draft.id, TODAY, _risk(0, RiskEntry("x"))(before.content))
    assert ra.get_assessment(db, dsl, draft.id, TODAY) == before


@pytest.mark.parametrize(
    "action",
    [
        lambda db, u, a: ra.save_assessment(db, u, a.id, a.content, TODAY),
        lambda db, u, a: ra.sign_as_writer(db, u, a.id, TODAY),
        lambda db, u, a: ra.sign_as_dsl(db, u, a.id, TODAY),
    ],
    ids=["save", "sign_as_writer", "sign_as_dsl"],
)
def test_the_service_refuses_any_change_to_a_signed_version(
    db: Database, dsl: StaffUser, draft: ra.Assessment, action: Callable[..., Any]
) -> None:
    version = signed(db, dsl, draft)
    with pytest.raises(ReadOnly, match=r"signed by A dsl on 2 March 2026 and is read-only"):
        action(db, dsl, version)
    assert ra.get_assessment(db, dsl, draft.id, TODAY) == version


DIRECT_CHANGES = {
    "assessment": update(RiskAssessment).values(concerns="changed behind the app's back"),
    "delete assessment": delete(RiskAssessment),
    "risk row": update(RiskRow).values(likelihood=1),
    "delete risk row": delete(RiskRow),
    "agency": update(RiskAgency).values(name="Someone else"),
    "delete agency": delete(RiskAgency),
}


@pytest.mark.parametrize("change", sorted(DIRECT_CHANGES))
def test_the_database_refuses_a_direct_change_to_a_signed_version(
    db: Database, dsl: StaffUser, draft: ra.Assessment, change: str
) -> None:
    version = signed(db, dsl, draft)
    with (
        pytest.raises(IntegrityError, match="a signed risk assessment is read-only"),
        db.transaction() as session,
    ):
        session.execute(DIRECT_CHANGES[change])
    assert ra.get_assessment(db, dsl, draft.id, TODAY) == version


@pytest.mark.parametrize("table", [RiskRow, RiskAgency])
def test_the_database_refuses_a_new_row_on_a_signed_version(
    db: Database, dsl: StaffUser, draft: ra.Assessment, table: type[RiskRow] | type[RiskAgency]
) -> None:
    signed(db, dsl, draft)
    values: dict[str, Any] = {"risk": "x", "likelihood": 1, "frequency": 1}
    if table is RiskAgency:
        values = {"agency": "YOT"}
    with (
        pytest.raises(IntegrityError, match="a signed risk assessment is read-only"),
        db.transaction() as session,
    ):
        session.add(table(assessment_id=draft.id, position=9, **values))


# --- reviews -------------------------------------------------------------------------------


def test_a_review_copies_the_version_in_force_into_the_next_draft(
    db: Database, dsl: StaffUser, director: StaffUser, learner: int, draft: ra.Assessment
) -> None:
    first = signed(db, dsl, draft)
    second = ra.start_review(db, director, first.id, LATER)
    assert (second.version, second.status, second.editable) == (2, Status.DRAFT, True)
    assert second.content == replace(
        first.content,
        date_written=LATER,
        compiled_by="Dana Director",
        review_date=date(2026, 7, 20),
        **dict.fromkeys(risk.CHECKS, False),
    )
    assert (second.writer, second.dsl) == (None, None)
    assert ra.get_assessment(db, dsl, first.id, LATER) == first
    lines = ra.list_versions(db, dsl, learner, LATER)
    assert [(v.version, v.status) for v in lines] == [(2, Status.DRAFT), (1, Status.IN_FORCE)]


def test_signing_the_review_supersedes_the_old_version_which_stays_unchanged(
    db: Database, dsl: StaffUser, learner: int, draft: ra.Assessment
) -> None:
    first = signed(db, dsl, draft)
    second = ra.start_review(db, dsl, first.id, LATER)
    fewer = replace(second.content, risks=second.content.risks[:1], approved_by_dsl=True)
    ra.sign_as_writer(db, dsl, second.id, LATER, fewer)
    ra.sign_as_dsl(db, dsl, second.id, LATER)
    lines = ra.list_versions(db, dsl, learner, LATER)
    assert [(v.version, v.status) for v in lines] == [
        (2, Status.IN_FORCE),
        (1, Status.SUPERSEDED),
    ]
    old = ra.get_assessment(db, dsl, first.id, LATER)
    assert old.content == first.content and len(old.content.risks) == 2
    assert old.status is Status.SUPERSEDED and not old.editable
    with pytest.raises(ServiceError, match="version 1 has been replaced: review the one in force"):
        ra.start_review(db, dsl, first.id, LATER)


def test_a_review_is_refused_for_a_draft_or_while_one_is_open(
    db: Database, dsl: StaffUser, draft: ra.Assessment
) -> None:
    with pytest.raises(ServiceError, match="version 1 is still a draft"):
        ra.start_review(db, dsl, draft.id, TODAY)
    first = signed(db, dsl, draft)
    ra.start_review(db, dsl, first.id, LATER)
    with pytest.raises(ServiceError, match="version 2 is already a draft"):
        ra.start_review(db, dsl, first.id, LATER)


def test_the_version_in_force_is_overdue_after_its_review_date(
    db: Database, dsl: StaffUser, learner: int, draft: ra.Assessment
) -> None:
    first = signed(db, dsl, draft)
    review = first.content.review_date
    assert not ra.list_versions(db, dsl, learner, review)[0].overdue
    assert ra.list_versions(db, dsl, learner, review + timedelta(days=1))[0].overdue
    assert ra.get_assessment(db, dsl, first.id, review + timedelta(days=1)).overdue
    ra.start_review(db, dsl, first.id, review + timedelta(days=1))
    lines = ra.list_versions(db, dsl, learner, review + timedelta(days=400))
    assert [(v.status, v.overdue) for v in lines] == [
        (Status.DRAFT, False),
        (Status.IN_FORCE, True),
    ]


# --- audit and roles -----------------------------------------------------------------------


def test_opening_the_list_and_a_version_is_recorded(
    db: Database, director: StaffUser, dsl: StaffUser, learner: int, draft: ra.Assessment
) -> None:
    ra.list_versions(db, dsl, learner, TODAY)
    ra.get_assessment(db, dsl, draft.id, TODAY)
    views = [e for e in audit_log(db, director) if e.action == "view"]
    assert [(e.staff, e.entity, e.entity_id, e.upn, e.detail) for e in views] == [
        (
            dsl.full_name,
            "risk_assessments",
            draft.id,
            "E820300000001",
            "opened risk assessment version 1",
        ),
        (dsl.full_name, "risk_assessments", None, "E820300000001", "opened the risk assessments"),
    ]


def test_changes_are_recorded_with_who_made_them(
    db: Database, director: StaffUser, dsl: StaffUser, draft: ra.Assessment
) -> None:
    ra.save_assessment(db, dsl, draft.id, complete(draft.content), TODAY)
    changes = [e for e in audit_log(db, director) if e.action in ("create", "change")]
    assert {(e.staff, e.entity) for e in changes} >= {
        (dsl.full_name, "risk_assessments"),
        (dsl.full_name, "risk_rows"),
        (dsl.full_name, "risk_agencies"),
    }


CALLS: dict[str, Callable[[Database, StaffUser, int, int], Any]] = {
    "list_versions": lambda db, u, learner, a: ra.list_versions(db, u, learner, TODAY),
    "get_assessment": lambda db, u, learner, a: ra.get_assessment(db, u, a, TODAY),
    "start_assessment": lambda db, u, learner, a: ra.start_assessment(db, u, learner, TODAY),
    "save_assessment": lambda db, u, learner, a: ra.save_assessment(
        db, u, a, AssessmentContent(TODAY, "x", LATER), TODAY
    ),
    "sign_as_writer": lambda db, u, learner, a: ra.sign_as_writer(db, u, a, TODAY),
    "sign_as_dsl": lambda db, u, learner, a: ra.sign_as_dsl(db, u, a, TODAY),
    "start_review": lambda db, u, learner, a: ra.start_review(db, u, a, TODAY),
}


@pytest.mark.parametrize("role", [Role.TUTOR, Role.ATTENDANCE_OFFICER])
@pytest.mark.parametrize("call", sorted(CALLS))
def test_only_the_dsl_and_director_reach_risk_assessments(
    db: Database,
    make_staff: Callable[[Role], StaffUser],
    dsl: StaffUser,
    director: StaffUser,
    learner: int,
    draft: ra.Assessment,
    role: Role,
    call: str,
) -> None:
    with pytest.raises(PermissionDenied, match=r"may not safeguarding"):
        CALLS[call](db, make_staff(role), learner, draft.id)
    assert ra.get_assessment(db, dsl, draft.id, TODAY) == draft
    assert [e for e in audit_log(db, director) if e.staff == make_staff(role).full_name] == []


def test_get_an_unknown_version_is_not_found(db: Database, dsl: StaffUser) -> None:
    with pytest.raises(NotFound, match="no longer exists"):
        ra.get_assessment(db, dsl, 404, TODAY)
