"""Adding and editing a learner by hand, their photo, and their commissioner's contact person.

The record also keeps what the police ask for when a learner goes missing (home address,
looked after and the placing authority, medical needs, medication); domain/learner_safety.py
holds their check, shared with the CSV import."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, undefer

from desktop_app.domain.calendar import age_on
from desktop_app.domain.learner_safety import TEXT_FIELDS as SAFETY_TEXTS
from desktop_app.domain.learner_safety import safety_problems
from desktop_app.domain.names import text_problem
from desktop_app.domain.permissions import Action
from desktop_app.domain.phones import PhoneError, normalise
from desktop_app.domain.upn import UpnError, validate_upn
from desktop_app.models import Commissioner, Group, Learner
from desktop_app.models.engine import Database
from desktop_app.services.auth import StaffUser, actor, require
from desktop_app.services.contacts import email_problem
from desktop_app.services.errors import NotFound, Problem, ValidationFailed
from desktop_app.services.groups import change_group
from desktop_app.services.learners import MAX_AGE, MIN_AGE
from desktop_app.services.versions import check_version

MAX_PHOTO_BYTES = 2_000_000
_PHOTO_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")


@dataclass(frozen=True, slots=True)
class LearnerDetails:
    """What the add/edit form holds. Group and commissioner are chosen by name."""

    upn: str
    surname: str
    forename: str
    date_of_birth: date | None
    start_date: date | None
    leaving_date: date | None = None
    group: str | None = None
    commissioner: str | None = None
    marked_vulnerable: bool = False
    description: str = ""
    #: What the police ask for (migration 0005). None leaves what is stored, so a caller that
    #: does not show them cannot wipe them; adding a learner, None is blank.
    home_address: str | None = None
    looked_after: bool | None = None
    placing_authority: str | None = None
    medical_needs: str | None = None
    medication: str | None = None


@dataclass(frozen=True, slots=True)
class SafetyValues:
    """The safety details as they will be stored: the form's, or else what is stored now."""

    texts: dict[str, str]
    looked_after: bool

    @classmethod
    def of(cls, details: LearnerDetails, stored: Learner | None) -> SafetyValues:
        texts = {}
        for field in SAFETY_TEXTS:
            given = getattr(details, field)
            texts[field] = given.strip() if given is not None else _stored(stored, field)
        looked = details.looked_after
        if looked is None:
            looked = stored is not None and stored.looked_after
        return cls(texts, looked)

    def problems(self) -> list[Problem]:
        return [Problem(m, field=f) for f, m in safety_problems(self.texts, self.looked_after)]


def _stored(learner: Learner | None, field: str) -> str:
    return str(getattr(learner, field)) if learner is not None else ""


@dataclass(frozen=True, slots=True)
class CommissionerInfo:
    id: int
    name: str
    contact_name: str
    email: str
    phone: str


def _check(details: LearnerDetails, today: date) -> tuple[str, list[Problem]]:
    problems: list[Problem] = []
    upn = details.upn.strip().upper()
    if not upn:
        problems.append(Problem("Enter the learner's UPN", field="upn"))
    else:
        try:
            upn = validate_upn(upn)
        except UpnError as error:
            problems.append(Problem(f"UPN: {error}", field="upn"))
    for name, label in (("surname", "surname"), ("forename", "forename")):
        if not getattr(details, name).strip():
            problems.append(Problem(f"Enter the learner's {label}", field=name))
        elif why := text_problem(getattr(details, name).strip()):  # one check (domain/names.py)
            problems.append(Problem(f"The {label} {why}", field=name))
    born, start, leaving = details.date_of_birth, details.start_date, details.leaving_date
    if born is None:
        problems.append(Problem("Enter the date of birth", field="date_of_birth"))
    elif born >= today:
        problems.append(Problem("The date of birth must be in the past", field="date_of_birth"))
    if start is None:
        problems.append(Problem("Enter the start date", field="start_date"))
    if born and start and born < today and not MIN_AGE <= age_on(born, start) <= MAX_AGE:
        problems.append(
            Problem(
                f"That date of birth makes the learner {age_on(born, start)} on the start date; "
                f"a learner here is {MIN_AGE} to {MAX_AGE}",
                field="date_of_birth",
            )
        )
    if start and leaving and leaving < start:
        problems.append(
            Problem(
                f"The leaving date {leaving:%d/%m/%Y} is before the start date {start:%d/%m/%Y}",
                field="leaving_date",
            )
        )
    return upn, problems


def _named(
    session: Session, model: type[Group] | type[Commissioner], name: str | None
) -> int | None:
    text = (name or "").strip()
    if not text:
        return None
    found = session.scalar(select(model.id).where(model.name == text))
    if found is not None:
        return found
    row = model(name=text)
    session.add(row)
    session.flush()
    return row.id


def _apply(
    session: Session, learner: Learner, upn: str, details: LearnerDetails, safety: SafetyValues
) -> None:
    assert details.date_of_birth and details.start_date
    learner.upn = upn
    learner.surname = details.surname.strip()
    learner.forename = details.forename.strip()
    learner.date_of_birth = details.date_of_birth
    learner.start_date = details.start_date
    learner.leaving_date = details.leaving_date
    change_group(session, learner, _named(session, Group, details.group), date.today())
    learner.commissioner_id = _named(session, Commissioner, details.commissioner)
    learner.marked_vulnerable = details.marked_vulnerable
    learner.description = details.description.strip()
    for field, value in safety.texts.items():
        setattr(learner, field, value)
    learner.looked_after = safety.looked_after


def _unique_upn(session: Session, upn: str, learner_id: int | None) -> Problem | None:
    other = session.scalar(select(Learner).where(Learner.upn == upn))
    if other is not None and other.id != learner_id:
        return Problem(
            f"UPN {upn} already belongs to {other.forename} {other.surname}", field="upn"
        )
    return None


def add_learner(
    db: Database, user: StaffUser, details: LearnerDetails, today: date | None = None
) -> int:
    """Put a new learner on roll; returns their id."""
    require(user, Action.MANAGE_LEARNERS)
    upn, problems = _check(details, today or date.today())
    safety = SafetyValues.of(details, None)
    problems += safety.problems()
    with db.transaction(actor(user)) as session:
        if upn and not problems and (clash := _unique_upn(session, upn, None)):
            problems.append(clash)
        if problems:
            raise ValidationFailed(problems)
        learner = Learner()
        _apply(session, learner, upn, details, safety)
        session.add(learner)
        session.flush()
        return learner.id


def update_learner(
    db: Database,
    user: StaffUser,
    learner_id: int,
    details: LearnerDetails,
    today: date | None = None,
    version: int | None = None,
) -> None:
    """Change a learner's details; every change is in the audit log. `version`: the
    row_version the form showed (`learner_version`); an older one is refused (StaleWrite)."""
    require(user, Action.MANAGE_LEARNERS)
    upn, problems = _check(details, today or date.today())
    with db.transaction(actor(user)) as session:
        learner = session.get(Learner, learner_id)
        if learner is None:
            raise NotFound("that learner is no longer on the register")
        check_version(session, learner, version, "This learner's record")
        safety = SafetyValues.of(details, learner)
        problems += safety.problems()
        if upn and not problems and (clash := _unique_upn(session, upn, learner_id)):
            problems.append(clash)
        if problems:
            raise ValidationFailed(problems)
        _apply(session, learner, upn, details, safety)


def learner_version(db: Database, user: StaffUser, learner_id: int) -> int:
    """The learner's row_version now: a form keeps it with the details it shows."""
    require(user, Action.VIEW_LEARNERS)
    with db.reading() as session:
        learner = session.get(Learner, learner_id)
        if learner is None:
            raise NotFound("that learner is no longer on the register")
        return learner.row_version


def learner_details(db: Database, user: StaffUser, learner_id: int) -> LearnerDetails:
    """The form's values for one learner."""
    require(user, Action.VIEW_LEARNERS)
    with db.reading() as session:
        learner = session.get(Learner, learner_id)
        if learner is None:
            raise NotFound("that learner is no longer on the register")
        return LearnerDetails(
            learner.upn,
            learner.surname,
            learner.forename,
            learner.date_of_birth,
            learner.start_date,
            learner.leaving_date,
            learner.group.name if learner.group else None,
            learner.commissioner.name if learner.commissioner else None,
            learner.marked_vulnerable,
            learner.description,
            home_address=learner.home_address,
            looked_after=learner.looked_after,
            placing_authority=learner.placing_authority,
            medical_needs=learner.medical_needs,
            medication=learner.medication,
        )


def find_learner(db: Database, user: StaffUser, upn: str) -> int:
    """The id of the learner with this UPN (typed on the command line, any case)."""
    require(user, Action.VIEW_LEARNERS)
    wanted = upn.strip().upper()
    with db.reading() as session:
        found = session.scalar(select(Learner.id).where(Learner.upn == wanted))
    if found is None:
        raise ValidationFailed([Problem(f"No learner has the UPN {wanted}", field="upn")])
    return found


def set_photo(db: Database, user: StaffUser, learner_id: int, data: bytes | None) -> None:
    """Store (or, with None, remove) the learner's photo: a PNG or JPEG of at most 2 MB."""
    require(user, Action.MANAGE_LEARNERS)
    if data is not None:
        if not data.startswith(_PHOTO_MAGIC):
            raise ValidationFailed([Problem("The photo must be a PNG or JPEG image", "photo")])
        if len(data) > MAX_PHOTO_BYTES:
            raise ValidationFailed(
                [Problem("The photo is larger than 2 MB; choose a smaller one", "photo")]
            )
    with db.transaction(actor(user)) as session:
        learner = session.get(Learner, learner_id, options=[undefer(Learner.photo)])
        if learner is None:
            raise NotFound("that learner is no longer on the register")
        learner.photo = data


def get_photo(db: Database, user: StaffUser, learner_id: int) -> bytes | None:
    require(user, Action.VIEW_LEARNERS)
    with db.reading() as session:
        return session.scalar(select(Learner.photo).where(Learner.id == learner_id))


def list_commissioners(db: Database, user: StaffUser) -> list[CommissionerInfo]:
    require(user, Action.VIEW_LEARNERS)
    with db.reading() as session:
        rows = session.scalars(select(Commissioner).order_by(Commissioner.name))
        return [
            CommissionerInfo(c.id, c.name, c.contact_name or "", c.email or "", c.phone or "")
            for c in rows
        ]


def update_commissioner(
    db: Database,
    user: StaffUser,
    commissioner_id: int,
    contact_name: str,
    email: str,
    phone: str,
) -> None:
    """The commissioning school's or local authority's contact person and how to reach them."""
    require(user, Action.MANAGE_LEARNERS)
    problems = []
    try:
        stored_phone = normalise(phone)
    except PhoneError as error:
        problems.append(Problem(str(error), field="phone"))
    email = email.strip()
    if (problem := email_problem(email)) is not None:
        problems.append(Problem(problem, field="email"))
    if problems:
        raise ValidationFailed(problems)
    with db.transaction(actor(user)) as session:
        row = session.get(Commissioner, commissioner_id)
        if row is None:
            raise NotFound("that commissioner no longer exists")
        row.contact_name = contact_name.strip() or None
        row.email = email or None
        row.phone = stored_phone or None
