"""Emergency contacts, professionals involved, and places a learner may go if missing."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_app.domain.mail import MailError, check_address
from desktop_app.domain.permissions import Action
from desktop_app.domain.phones import PhoneError, normalise
from desktop_app.models import EmergencyContact, Learner, MissingPlace, Professional
from desktop_app.models.engine import Database
from desktop_app.services.auth import StaffUser, actor, require
from desktop_app.services.errors import NotFound, Problem, ValidationFailed
from desktop_app.services.versions import check_version

PROFESSIONAL_KINDS: dict[str, str] = {
    "social_worker": "Social worker",
    "ewo": "Education welfare officer (EWO)",
    "yot": "Youth offending team (YOT)",
    "camhs": "CAMHS",
    "gp": "GP",
    "school_nurse": "School nurse",
    "cate": "CATE team",
    "strengthening_families": "Strengthening Families",
    "other": "Other",
}
MIN_CONTACTS = 2
Row = TypeVar("Row", EmergencyContact, Professional, MissingPlace)


@dataclass(frozen=True, slots=True)
class ContactDetails:
    """An emergency contact as the form holds it; phone numbers as typed."""

    name: str
    relationship: str
    parental_responsibility: bool = False
    mobile: str = ""
    landline: str = ""
    work_phone: str = ""
    email: str = ""
    address: str = ""
    may_collect: bool = True
    notes: str = ""


@dataclass(frozen=True, slots=True)
class ProfessionalDetails:
    kind: str
    name: str
    organisation: str = ""
    phone: str = ""
    email: str = ""
    notes: str = ""


@dataclass(frozen=True, slots=True)
class PlaceDetails:
    kind: str  # 'place' or 'person'
    name: str
    detail: str = ""


def email_problem(text: str) -> str | None:
    """Why a typed email address cannot be right (blank is allowed), or None: the same rule
    as every address the app sends to (domain/mail.py)."""
    if not text:
        return None
    try:
        check_address(text)
    except MailError:
        return f"'{text}' is not an email address"
    return None


def _email(value: str, field: str, problems: list[Problem]) -> str:
    text = value.strip()
    if (problem := email_problem(text)) is not None:
        problems.append(Problem(problem, field=field))
    return text


def _phone(value: str, field: str, label: str, problems: list[Problem]) -> str:
    try:
        return normalise(value)
    except PhoneError as error:
        problems.append(Problem(f"{label}: {error}", field=field))
        return ""


def _check_contact(details: ContactDetails) -> dict[str, Any]:
    problems: list[Problem] = []
    if not details.name.strip():
        problems.append(Problem("Enter the contact's name", field="name"))
    if not details.relationship.strip():
        problems.append(
            Problem("Enter how the contact is related to the learner", field="relationship")
        )
    phones = {
        key: _phone(getattr(details, key), key, label, problems)
        for key, label in (("mobile", "Mobile"), ("landline", "Home phone"), ("work_phone", "Work"))
    }
    phone_problems = any(p.field in phones for p in problems)
    if not phone_problems and not any(phones.values()):
        problems.append(Problem("Enter at least one phone number", field="mobile"))
    email = _email(details.email, "email", problems)
    if problems:
        raise ValidationFailed(problems)
    return {
        "name": details.name.strip(),
        "relationship_to_learner": details.relationship.strip(),
        "parental_responsibility": details.parental_responsibility,
        **phones,
        "email": email,
        "address": details.address.strip(),
        "may_collect": details.may_collect,
        "notes": details.notes.strip(),
    }


def _learner(session: Session, learner_id: int) -> None:
    if session.get(Learner, learner_id) is None:
        raise NotFound("that learner is no longer on the register")


def _row(session: Session, model: type[Row], row_id: int) -> Row:
    row = session.get(model, row_id)
    if row is None:
        raise NotFound("that entry has been removed by someone else; reopen the learner")
    return row


def add_contact(db: Database, user: StaffUser, learner_id: int, details: ContactDetails) -> int:
    """Add an emergency contact at the end of the learner's list."""
    require(user, Action.MANAGE_LEARNERS)
    values = _check_contact(details)
    with db.transaction(actor(user)) as session:
        _learner(session, learner_id)
        last = session.scalar(
            select(func.max(EmergencyContact.priority)).where(
                EmergencyContact.learner_id == learner_id
            )
        )
        row = EmergencyContact(learner_id=learner_id, priority=(last or 0) + 1, **values)
        session.add(row)
        session.flush()
        return row.id


def update_contact(
    db: Database,
    user: StaffUser,
    contact_id: int,
    details: ContactDetails,
    version: int | None = None,
) -> None:
    """Change a contact. `version`: the row_version the screen showed (StaleWrite if older)."""
    require(user, Action.MANAGE_LEARNERS)
    values = _check_contact(details)
    with db.transaction(actor(user)) as session:
        row = _row(session, EmergencyContact, contact_id)
        check_version(session, row, version, "This contact")
        for key, value in values.items():
            setattr(row, key, value)


def remove_contact(db: Database, user: StaffUser, contact_id: int) -> None:
    require(user, Action.MANAGE_LEARNERS)
    with db.transaction(actor(user)) as session:
        row = _row(session, EmergencyContact, contact_id)
        learner_id = row.learner_id
        session.delete(row)
        session.flush()
        _renumber(session, learner_id, None)


def reorder_contacts(db: Database, user: StaffUser, learner_id: int, order: list[int]) -> None:
    """Put the learner's contacts in this order (ids, first to ring first)."""
    require(user, Action.MANAGE_LEARNERS)
    with db.transaction(actor(user)) as session:
        _learner(session, learner_id)
        _renumber(session, learner_id, order)


def _renumber(session: Session, learner_id: int, order: list[int] | None) -> None:
    rows = list(
        session.scalars(
            select(EmergencyContact)
            .where(EmergencyContact.learner_id == learner_id)
            .order_by(EmergencyContact.priority)
        )
    )
    if order is not None:
        if sorted(order) != sorted(r.id for r in rows):
            raise ValidationFailed(
                [Problem("The contacts changed while you were reordering them; reopen the learner")]
            )
        by_id = {r.id: r for r in rows}
        rows = [by_id[i] for i in order]
    for priority, row in enumerate(rows, start=1):
        if row.priority != priority:
            row.priority = priority


def _check_professional(details: ProfessionalDetails) -> dict[str, Any]:
    problems: list[Problem] = []
    if details.kind not in PROFESSIONAL_KINDS:
        problems.append(Problem("Choose the kind of professional", field="kind"))
    if not details.name.strip():
        problems.append(Problem("Enter the professional's name", field="name"))
    phone = _phone(details.phone, "phone", "Phone", problems)
    email = _email(details.email, "email", problems)
    if problems:
        raise ValidationFailed(problems)
    return {
        "kind": details.kind,
        "name": details.name.strip(),
        "organisation": details.organisation.strip(),
        "phone": phone,
        "email": email,
        "notes": details.notes.strip(),
    }


def add_professional(
    db: Database, user: StaffUser, learner_id: int, details: ProfessionalDetails
) -> int:
    require(user, Action.MANAGE_LEARNERS)
    values = _check_professional(details)
    with db.transaction(actor(user)) as session:
        _learner(session, learner_id)
        row = Professional(learner_id=learner_id, **values)
        session.add(row)
        session.flush()
        return row.id


def update_professional(
    db: Database,
    user: StaffUser,
    professional_id: int,
    details: ProfessionalDetails,
    version: int | None = None,
) -> None:
    require(user, Action.MANAGE_LEARNERS)
    values = _check_professional(details)
    with db.transaction(actor(user)) as session:
        row = _row(session, Professional, professional_id)
        check_version(session, row, version, "This professional")
        for key, value in values.items():
            setattr(row, key, value)


def remove_professional(db: Database, user: StaffUser, professional_id: int) -> None:
    require(user, Action.MANAGE_LEARNERS)
    with db.transaction(actor(user)) as session:
        session.delete(_row(session, Professional, professional_id))


def _check_place(details: PlaceDetails) -> dict[str, Any]:
    problems = []
    if details.kind not in ("place", "person"):
        problems.append(Problem("Choose whether this is a place or a person", field="kind"))
    if not details.name.strip():
        problems.append(Problem("Enter the place or the person's name", field="name"))
    if problems:
        raise ValidationFailed(problems)
    return {"kind": details.kind, "name": details.name.strip(), "detail": details.detail.strip()}


def add_place(db: Database, user: StaffUser, learner_id: int, details: PlaceDetails) -> int:
    """Somewhere, or someone, the learner may go if they leave site."""
    require(user, Action.MANAGE_LEARNERS)
    values = _check_place(details)
    with db.transaction(actor(user)) as session:
        _learner(session, learner_id)
        row = MissingPlace(learner_id=learner_id, **values)
        session.add(row)
        session.flush()
        return row.id


def update_place(
    db: Database,
    user: StaffUser,
    place_id: int,
    details: PlaceDetails,
    version: int | None = None,
) -> None:
    require(user, Action.MANAGE_LEARNERS)
    values = _check_place(details)
    with db.transaction(actor(user)) as session:
        row = _row(session, MissingPlace, place_id)
        check_version(session, row, version, "This place")
        for key, value in values.items():
            setattr(row, key, value)


def remove_place(db: Database, user: StaffUser, place_id: int) -> None:
    require(user, Action.MANAGE_LEARNERS)
    with db.transaction(actor(user)) as session:
        session.delete(_row(session, MissingPlace, place_id))


def stored_contact(db: Database, user: StaffUser, contact_id: int) -> tuple[ContactDetails, int]:
    """A contact as stored now and its row_version (a screen reloads it after StaleWrite)."""
    require(user, Action.MANAGE_LEARNERS)
    with db.reading() as session:
        row = _row(session, EmergencyContact, contact_id)
        return contact_form(row), row.row_version


def stored_professional(
    db: Database, user: StaffUser, professional_id: int
) -> tuple[ProfessionalDetails, int]:
    require(user, Action.MANAGE_LEARNERS)
    with db.reading() as session:
        row = _row(session, Professional, professional_id)
        names = [f.name for f in fields(ProfessionalDetails)]
        return ProfessionalDetails(**{n: getattr(row, n) for n in names}), row.row_version


def stored_place(db: Database, user: StaffUser, place_id: int) -> tuple[PlaceDetails, int]:
    require(user, Action.MANAGE_LEARNERS)
    with db.reading() as session:
        row = _row(session, MissingPlace, place_id)
        return PlaceDetails(row.kind, row.name, row.detail), row.row_version


def contact_form(row: EmergencyContact) -> ContactDetails:
    """A stored contact as the form shows it (numbers in E.164; the view formats them)."""
    names = {f.name for f in fields(ContactDetails)} - {"relationship"}
    return ContactDetails(
        relationship=row.relationship_to_learner, **{n: getattr(row, n) for n in names}
    )
