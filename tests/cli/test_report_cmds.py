"""`report termly|learner|commissioner|register|letters` on a copy of the demo provision."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import delete, select, update

from desktop_app.config import database_url
from desktop_app.domain.upn import make_upn
from desktop_app.models import EmergencyContact, Staff
from desktop_app.services.auth import hash_password
from desktop_app.services.database import open_database
from tests.cli.conftest import Run, digest
from tests.conftest import PASSWORD
from tests.reports.conftest import LAST_DAY, TERM, template  # noqa: F401 (a fixture)

UPN = make_upn("820300000004")
AS_OF = ("--as-of", "2025-12-19")


@pytest.fixture(scope="session")
def signed_template(template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:  # noqa: F811
    """The demo with the test password for the director, the officer and a tutor."""
    path = tmp_path_factory.mktemp("cli-demo") / "demo.sqlite"
    shutil.copyfile(template, path)
    db = open_database(database_url(str(path)))
    with db.transaction() as session:
        session.execute(
            update(Staff)
            .where(Staff.username.in_(["director", "officer", "tutor1"]))
            .values(password_hash=hash_password(PASSWORD))
        )
    db.dispose()
    return path


@pytest.fixture
def demo_file(signed_template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "demo.sqlite"
    shutil.copyfile(signed_template, path)
    return path


def as_user(db: Path, user: str = "director") -> tuple[str, ...]:
    return ("--database", str(db), "--user", user, "--password-stdin")


def pdf_pages(path: Path) -> int:
    return len(PdfReader(path).pages)


def test_termly_report(demo_file: Path, tmp_path: Path, cli: Run) -> None:
    out = tmp_path / "termly.pdf"
    result = cli("report", "termly", "--term", TERM, "--out", str(out), *as_user(demo_file))
    assert result.code == 0, result.err
    assert result.out.strip() == f"Wrote {out}"
    assert pdf_pages(out) >= 2


def test_learner_report(demo_file: Path, tmp_path: Path, cli: Run) -> None:
    out = tmp_path / "learner.pdf"
    args = ("--upn", UPN, "--from", "2025-09-03", "--to", str(LAST_DAY), "--out", str(out))
    result = cli("report", "learner", *args, *as_user(demo_file, "officer"))
    assert result.code == 0, result.err
    assert "Ellis Barker" in PdfReader(out).pages[0].extract_text()


@pytest.mark.parametrize("suffix", [".pdf", ".csv"])
def test_commissioner_summary(demo_file: Path, tmp_path: Path, cli: Run, suffix: str) -> None:
    out = tmp_path / f"summary{suffix}"
    args = ("--date", str(LAST_DAY), "--out", str(out))
    result = cli("report", "commissioner", *args, *as_user(demo_file, "officer"))
    assert result.code == 0, result.err
    assert out.stat().st_size > 500


def test_register_printout_by_a_tutor(demo_file: Path, tmp_path: Path, cli: Run) -> None:
    out = tmp_path / "register.pdf"
    args = ("--group", "Falcon", "--week", "2025-12-15", "--out", str(out))
    result = cli("report", "register", *args, *as_user(demo_file, "tutor1"))
    assert result.code == 0, result.err
    assert pdf_pages(out) == 1


def test_letters_one_per_family(demo_file: Path, tmp_path: Path, cli: Run) -> None:
    out = tmp_path / "letters"
    args = ("--stage", "persistent_absence", "--out", str(out), "--skip-missing", *AS_OF)
    result = cli("report", "letters", *args, *as_user(demo_file, "officer"))
    assert result.code == 0, result.err
    written = sorted(out.glob("persistent-absence-*.pdf"))
    assert written and len(result.out.splitlines()) == len(written)


def test_letters_refuse_the_batch_when_a_family_has_no_addressee(
    demo_file: Path, tmp_path: Path, cli: Run
) -> None:
    db = open_database(database_url(str(demo_file)))
    with db.transaction() as session:
        first = session.scalars(select(EmergencyContact.learner_id)).first()
        session.execute(delete(EmergencyContact).where(EmergencyContact.learner_id != first))
    db.dispose()
    out = tmp_path / "letters"
    args = ("--stage", "persistent_absence", "--out", str(out), *AS_OF)
    refused = cli("report", "letters", *args, *as_user(demo_file, "officer"))
    assert refused.code == 2
    assert "no emergency contact with parental responsibility" in refused.err
    assert "nothing was written" in refused.err and not out.exists()
    skipped = cli("report", "letters", *args, "--skip-missing", *as_user(demo_file, "officer"))
    assert skipped.code == 0 and "skipped:" in skipped.err


def test_the_meeting_letter_asks_for_the_meeting(demo_file: Path, tmp_path: Path, cli: Run) -> None:
    args = ("--stage", "attendance_meeting", "--out", str(tmp_path / "l"), *AS_OF)
    result = cli("report", "letters", *args, *as_user(demo_file, "officer"))
    assert result.code == 2 and "meeting" in result.err


def test_a_tutor_may_not_print_the_termly_report(demo_file: Path, tmp_path: Path, cli: Run) -> None:
    before = digest(demo_file)
    out = tmp_path / "t.pdf"
    result = cli(
        "report", "termly", "--term", TERM, "--out", str(out), *as_user(demo_file, "tutor1")
    )
    assert result.code == 3 and "may not termly reports" in result.err
    assert not out.exists() and digest(demo_file) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("termly", "--term", "Winter", "--out", "x.pdf"), "no term called 'Winter'"),
        (("termly", "--term", TERM, "--out", "x.docx"), "must end in .pdf"),
        (("commissioner", "--date", "2025-12-18", "--out", "x.xlsx"), "must end in .pdf or .csv"),
        (("register", "--group", "Eagles", "--week", "2025-12-15", "--out", "x.pdf"), "Eagles"),
        (("learner", "--upn", "nonsense", "--from", "2025-09-03", "--to", "2025-12-18",
          "--out", "x.pdf"), "upn"),
    ],
)  # fmt: skip
def test_bad_input_is_exit_2(
    demo_file: Path, tmp_path: Path, cli: Run, args: tuple[str, ...], message: str
) -> None:
    out_args = tuple(str(tmp_path / a) if a.startswith("x.") else a for a in args)
    result = cli("report", *out_args, *as_user(demo_file))
    assert result.code == 2 and message in result.err
    assert not list(tmp_path.glob("x.*"))
