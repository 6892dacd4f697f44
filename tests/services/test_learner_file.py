"""Learners from a file in the window: the column guesses, a check that writes nothing, and an
import of all the rows or none, by the command line's own checks."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop_app.domain.permissions import Role
from desktop_app.domain.upn import make_upn
from desktop_app.models import Learner
from desktop_app.models.engine import Database
from desktop_app.services.auth import StaffUser
from desktop_app.services.errors import PermissionDenied, ValidationFailed
from desktop_app.services.learner_file import (
    check_learners,
    field_of,
    import_learner_rows,
    read_learner_file,
)

A, B = make_upn("820300000001"), make_upn("820300000002")
FIELDS = ["upn", "surname", "forename", "date_of_birth", "start_date"]


def count(db: Database) -> int:
    with db.reading() as session:
        return int(session.scalar(select(func.count()).select_from(Learner)) or 0)


def file_of(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "learners.csv"
    path.write_text("UPN,Surname,Forename,DOB,Start date\n" + "".join(rows), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("column", "field"),
    [
        ("Legal Surname", "surname"),
        ("Date of birth", "date_of_birth"),
        ("DOB", "date_of_birth"),
        ("first name", "forename"),
        ("Notes", None),
    ],
)
def test_columns_are_guessed_from_their_names(column: str, field: str | None) -> None:
    assert field_of(column) == field


def test_the_check_finds_a_upn_already_on_the_register_and_writes_nothing(
    db: Database, director: StaffUser, tmp_path: Path
) -> None:
    first = read_learner_file(file_of(tmp_path, f"{A},Ahmed,Ann,2012-01-05,2026-09-07\n"))
    assert first.guessed == tuple(FIELDS)
    check = check_learners(db, director, first, FIELDS)
    assert check.ok and check.learners == 1 and count(db) == 0
    assert import_learner_rows(db, director, first, FIELDS).imported == 1
    again = check_learners(db, director, first, FIELDS)
    assert not again.ok
    assert [(p.row, p.field) for p in again.problems] == [(2, "upn")]
    assert "already on the register" in again.problems[0].message


def test_one_bad_row_imports_none(db: Database, director: StaffUser, tmp_path: Path) -> None:
    file = read_learner_file(
        file_of(
            tmp_path,
            f"{A},Ahmed,Ann,2012-01-05,2026-09-07\n",
            f"{B},Brown,Ben,2012-01-05,2026-08-01x\n",
        )
    )
    with pytest.raises(ValidationFailed) as refused:
        import_learner_rows(db, director, file, FIELDS)
    assert [(p.row, p.field) for p in refused.value.problems] == [(3, "start_date")]
    assert count(db) == 0


def test_a_field_matched_twice_or_a_required_one_unmatched_is_refused(
    db: Database, director: StaffUser, tmp_path: Path
) -> None:
    file = read_learner_file(file_of(tmp_path, f"{A},Ahmed,Ann,2012-01-05,2026-09-07\n"))
    check = check_learners(db, director, file, ["upn", "surname", "surname", None, "start_date"])
    assert {(p.field, p.message) for p in check.problems} >= {
        ("surname", "more than one column is matched to it"),
        ("forename", "no column of the file is matched to it"),
        ("date_of_birth", "no column of the file is matched to it"),
    }
    assert not check.ok


def test_a_tutor_may_not_import(
    db: Database, make_staff: Callable[[Role], StaffUser], tmp_path: Path
) -> None:
    file = read_learner_file(file_of(tmp_path, f"{A},Ahmed,Ann,2012-01-05,2026-09-07\n"))
    with pytest.raises(PermissionDenied):
        check_learners(db, make_staff(Role.TUTOR), file, FIELDS)
    with pytest.raises(PermissionDenied):
        import_learner_rows(db, make_staff(Role.TUTOR), file, FIELDS)


def test_a_spreadsheet_is_refused_before_anything(tmp_path: Path) -> None:
    path = tmp_path / "learners.csv"
    path.write_bytes(b"PK\x03\x04 not a csv")
    with pytest.raises(ValidationFailed, match="not a text file"):
        read_learner_file(path)
