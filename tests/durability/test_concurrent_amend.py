"""Two officers amend the same mark at once, in two processes: one wins, the other is refused.

Issue 13 point 1. Each process believes the session holds N and changes it (the grid's path,
`record_mark(..., expected="N")`, and the command line's `import marks --amend` with a `replaces`
column). Both wait at a barrier and go together. Afterwards exactly one change is stored, the
other process was told "changed by NAME at HH:MM" (the CLI with exit 3), no change vanished
unseen, and every amendment's "original" is the code that really was there before it.

Run as a child: python -m tests.durability.test_concurrent_amend URL USERNAME CODE GO_FILE DAY
"""

from __future__ import annotations

import subprocess
import sys
import time as clock
from collections.abc import Callable
from datetime import date, datetime, time
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop_app.domain.codes import Session
from desktop_app.domain.permissions import Role
from desktop_app.models import Amendment, Learner, Mark
from desktop_app.models.engine import Database
from desktop_app.services.auth import StaffUser
from desktop_app.services.marking import record_mark
from tests.conftest import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
UPN = "E820300000001"
DAYS = [date(2025, 9, 8), date(2025, 9, 9), date(2025, 9, 10)]
CODES = ("I", "M")  # what each of the two officers changes N to


def _child(url: str, username: str, code: str, go: str, day: str) -> None:
    """Sign in, say ready, wait for the go file, then amend N to code; print what happened."""
    from desktop_app.services.auth import authenticate
    from desktop_app.services.database import open_database
    from desktop_app.services.errors import StaleWrite

    db = open_database(url)
    user = authenticate(db, username, PASSWORD)
    with db.reading() as session:
        learner_id = session.scalars(select(Learner.id).where(Learner.upn == UPN)).one()
    print("ready", flush=True)
    while not Path(go).exists():
        clock.sleep(0.001)
    when = date.fromisoformat(day)
    try:
        record_mark(
            db,
            user,
            learner_id,
            when,
            Session.AM,
            code,
            datetime.combine(when, time(11, 0)),
            reason=f"{username} was told {code}",
            expected="N",
        )
    except StaleWrite as error:
        print(f"stale {error}", flush=True)
    else:
        print("saved", flush=True)
    db.dispose()


def _start(args: list[str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT
    )


def _race(children: list[subprocess.Popen[str]], go: Path) -> list[tuple[int, str, str]]:
    """Release the children together once all are ready; (exit code, stdout, stderr) of each."""
    for child in children:
        assert child.stdout is not None
        line = child.stdout.readline()
        assert line.strip() == "ready", child.stderr.read() if child.stderr else line
    go.touch()
    results = []
    for child in children:
        out, err = child.communicate(timeout=120)
        results.append((child.returncode, out, err))
    return results


@pytest.fixture
def officers(make_staff: Callable[[Role], StaffUser]) -> list[StaffUser]:
    return [make_staff(Role.ATTENDANCE_OFFICER), make_staff(Role.DSL)]


@pytest.fixture
def learner(db: Database, autumn: tuple[date, date], director: StaffUser) -> int:
    with db.transaction() as session:
        person = Learner(
            upn=UPN,
            surname="Ahmed",
            forename="Ann",
            date_of_birth=date(2011, 1, 1),
            start_date=date(2025, 9, 3),
        )
        session.add(person)
        session.flush()
        learner_id = person.id
    for day in DAYS:
        record_mark(db, director, learner_id, day, Session.AM, "N", datetime.combine(day, time(9)))
    return learner_id


def _chain(db: Database, learner_id: int, day: date) -> tuple[str, list[tuple[str, str]]]:
    """The mark's code now, and each amendment's (original, amended), oldest first."""
    with db.reading() as session:
        mark = session.scalars(
            select(Mark).where(Mark.learner_id == learner_id, Mark.date == day)
        ).one()
        changes = session.scalars(
            select(Amendment).where(Amendment.mark_id == mark.id).order_by(Amendment.id)
        )
        return mark.code, [(a.original_code, a.amended_code) for a in changes]


def _assert_one_won(db: Database, learner_id: int, day: date, winners: list[str]) -> None:
    code, chain = _chain(db, learner_id, day)
    assert len(winners) == 1, f"both changes were saved on {day}: {chain}"
    assert chain == [("N", winners[0])]  # the original is true, and nothing vanished unseen
    assert code == winners[0]


def test_two_processes_amending_one_mark_never_lose_a_change_silently(
    db: Database, db_url: str, learner: int, officers: list[StaffUser], tmp_path: Path
) -> None:
    """The grid's path: record_mark with the code the screen showed."""
    for day in DAYS:
        go = tmp_path / f"go-{day}"
        children = [
            _start(
                [
                    "-m",
                    "tests.durability.test_concurrent_amend",
                    db_url,
                    officer.username,
                    code,
                    str(go),
                    day.isoformat(),
                ]
            )
            for officer, code in zip(officers, CODES, strict=True)
        ]
        results = _race(children, go)
        assert all(rc == 0 for rc, _, _ in results), results
        outs = [out.strip() for _, out, _ in results]
        winners = [code for code, out in zip(CODES, outs, strict=True) if out == "saved"]
        stale = [out for out in outs if out.startswith("stale")]
        _assert_one_won(db, learner, day, winners)
        winner = officers[CODES.index(winners[0])]
        assert len(stale) == 1 and f"changed by {winner.full_name} at " in stale[0], outs


def test_two_amending_imports_at_once_one_is_refused_with_exit_3(
    db: Database, db_url: str, learner: int, officers: list[StaffUser], tmp_path: Path
) -> None:
    """The command line's path: import marks --amend, each file saying it replaces N."""
    day = DAYS[0]
    go = tmp_path / "go"
    password = tmp_path / "password"
    password.write_text(PASSWORD + "\n")
    runs = []
    for officer, code in zip(officers, CODES, strict=True):
        csv = tmp_path / f"{officer.username}.csv"
        csv.write_text(f"upn,date,session,code,replaces\n{UPN},{day},AM,{code},N\n")
        script = (
            "import pathlib, sys, time\n"
            "from desktop_app.cli import main\n"
            "print('ready', flush=True)\n"
            f"while not pathlib.Path({str(go)!r}).exists(): time.sleep(0.001)\n"
            "sys.exit(main(sys.argv[1:]))\n"
        )
        args = ["import", "marks", str(csv), "--amend", "--reason", f"told {code}"]
        args += ["--database", db_url, "--user", officer.username, "--password-stdin"]
        with password.open() as stdin:
            child = subprocess.Popen(
                [sys.executable, "-c", script, *args],
                stdin=stdin,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                cwd=ROOT,
            )
        runs.append(child)
    results = _race(runs, go)
    codes = sorted(rc for rc, _, _ in results)
    assert codes == [0, 3], results
    winners = [code for code, (rc, _, _) in zip(CODES, results, strict=True) if rc == 0]
    _assert_one_won(db, learner, day, winners)
    refused = next(err for rc, _, err in results if rc == 3)
    assert "changed by" in refused and "Traceback" not in refused


if __name__ == "__main__":
    _child(*sys.argv[1:6])
