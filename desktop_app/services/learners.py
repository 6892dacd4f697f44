"""Learners: importing them from a CSV file and listing them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.domain.calendar import age_on
from desktop_app.domain.learner_safety import TEXT_FIELDS as SAFETY_TEXTS
from desktop_app.domain.learner_safety import parse_yes_no, safety_problems
from desktop_app.domain.names import text_problem
from desktop_app.domain.permissions import Action
from desktop_app.domain.upn import UpnError, validate_upn
from desktop_app.models import Commissioner, Group, Learner
from desktop_app.models.engine import Database
from desktop_app.services.auth import StaffUser, actor, require
from desktop_app.services.csvfile import CsvRows, read_csv
from desktop_app.services.tx import in_transaction

LEARNER_COLUMNS = {"upn", "surname", "forename", "date_of_birth", "start_date"}
LEARNER_OPTIONAL = {"leaving_date", "group", "commissioner", "looked_after", *SAFETY_TEXTS}
MIN_AGE, MAX_AGE = 4, 19
Named = TypeVar("Named", Group, Commissioner)


@dataclass(frozen=True, slots=True)
class LearnerRow:
    upn: str
    surname: str
    forename: str
    date_of_birth: date
    start_date: date
    leaving_date: date | None
    group: str | None
    commissioner: str | None
    #: home_address, placing_authority, medical_needs, medication (domain/learner_safety.py)
    safety: dict[str, str]
    looked_after: bool


@dataclass(frozen=True, slots=True)
class ImportResult:
    file: str
    imported: int
    amended: int = 0


def _parse_learner(rows: CsvRows, line: int, values: dict[str, str]) -> LearnerRow | None:
    before = len(rows.problems)
    upn = rows.required(line, values, "upn")
    if upn:
        try:
            upn = validate_upn(upn)
        except UpnError as error:
            rows.problem(line, "upn", str(error))
    surname = rows.required(line, values, "surname")
    forename = rows.required(line, values, "forename")
    for name in ("surname", "forename", "group", "commissioner"):
        if problem := text_problem(values.get(name, "").strip()):
            rows.problem(line, name, problem)
    for name in ("date_of_birth", "start_date"):
        rows.required(line, values, name)
    born = rows.date(line, values, "date_of_birth")
    start = rows.date(line, values, "start_date")
    leaving = rows.date(line, values, "leaving_date")
    if born and start and not MIN_AGE <= age_on(born, start) <= MAX_AGE:
        rows.problem(
            line,
            "date_of_birth",
            f"{born} makes the learner {age_on(born, start)} on the start date; "
            f"expected {MIN_AGE} to {MAX_AGE}",
        )
    if start and leaving and leaving < start:
        rows.problem(line, "leaving_date", f"{leaving} is before the start date {start}")
    safety, looked_after = _safety(rows, line, values)
    if len(rows.problems) > before or born is None or start is None:
        return None
    group = values.get("group", "").strip() or None
    commissioner = values.get("commissioner", "").strip() or None
    return LearnerRow(
        upn, surname, forename, born, start, leaving, group, commissioner, safety, looked_after
    )


def _safety(rows: CsvRows, line: int, values: dict[str, str]) -> tuple[dict[str, str], bool]:
    """The optional safety columns: looked_after is yes/no (blank is no)."""
    texts = {name: values.get(name, "").strip() for name in SAFETY_TEXTS}
    looked_after = parse_yes_no(values.get("looked_after", ""))
    if looked_after is None:
        rows.problem(line, "looked_after", "write yes or no (blank is no)")
        return texts, False
    for name, message in safety_problems(texts, looked_after):
        rows.problem(line, name, message)
    return texts, looked_after


def _named(session: Session, model: type[Named], name: str | None) -> int | None:
    """The id of the group or commissioner with this name, added if new."""
    if name is None:
        return None
    found = session.scalars(select(model).where(model.name == name)).one_or_none()
    if found is None:
        found = model(name=name)
        session.add(found)
        session.flush()
    return found.id


#: (line, {field: value}) rows, as read from a file or matched to fields in the window.
Rows = Iterable[tuple[int, dict[str, str]]]


@in_transaction
def checked_rows(session: Session, rows: CsvRows, lines: Rows) -> list[tuple[int, LearnerRow]]:
    """Every row parsed, its problems (with row and field) recorded on `rows`; the UPNs must be
    new to the file and to the register. Reads only."""
    parsed: list[tuple[int, LearnerRow]] = []
    seen: dict[str, int] = {}
    for line, values in lines:
        learner = _parse_learner(rows, line, values)
        if learner is None:
            continue
        if learner.upn in seen:
            rows.problem(line, "upn", f"{learner.upn} is also on row {seen[learner.upn]}")
        seen[learner.upn] = line
        parsed.append((line, learner))
    existing = set(session.scalars(select(Learner.upn).where(Learner.upn.in_(seen))))
    for line, learner in parsed:
        if learner.upn in existing:
            rows.problem(line, "upn", f"{learner.upn} is already on the register")
    return parsed


@in_transaction
def add_rows(session: Session, parsed: list[tuple[int, LearnerRow]]) -> None:
    for _line, row in parsed:
        session.add(
            Learner(
                upn=row.upn,
                surname=row.surname,
                forename=row.forename,
                date_of_birth=row.date_of_birth,
                start_date=row.start_date,
                leaving_date=row.leaving_date,
                group_id=_named(session, Group, row.group),
                commissioner_id=_named(session, Commissioner, row.commissioner),
                looked_after=row.looked_after,
                **row.safety,
            )
        )


def import_learners(db: Database, user: StaffUser, path: Path) -> ImportResult:
    """Add every learner in the file, or none if any row is invalid."""
    require(user, Action.MANAGE_LEARNERS)
    rows = read_csv(path, LEARNER_COLUMNS, LEARNER_OPTIONAL)
    with db.transaction(actor(user)) as session:
        parsed = checked_rows(session, rows, rows)
        rows.raise_if_problems()
        add_rows(session, parsed)
    return ImportResult(path.name, len(parsed))
