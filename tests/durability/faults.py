"""Shared pieces of the fault suite (issue 13): an encrypted register on a passphrase, the real
command line run as a child process, and reading the register back."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import keyring
import pytest
from keyring.backends.fail import Keyring as NoKeyring

from desktop_app.config import database_url
from desktop_app.models import Learner
from desktop_app.models.engine import Database
from desktop_app.services.auth import authenticate
from desktop_app.services.calendar import add_term
from desktop_app.services.database import open_database
from desktop_app.services.setup import create_register
from tests.conftest import PASSWORD

PASSPHRASE = "a passphrase for the fault suite"
ENV = {
    **os.environ,
    "PROVISION_REGISTER_PASSPHRASE": PASSPHRASE,
    "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    "PYTHONUNBUFFERED": "1",
}
UPNS = [f"L{i:012d}" for i in range(1, 31)]
TERM_START = date(2025, 9, 3)


@pytest.fixture
def passphrase_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """No keyring in this process either, as in the children: the passphrase opens the file."""
    monkeypatch.setattr(keyring, "get_keyring", lambda: NoKeyring())
    monkeypatch.setenv("PROVISION_REGISTER_PASSPHRASE", PASSPHRASE)


def make_register(path: Path, encrypt: bool = True) -> None:
    """A register with a director 'boss', Autumn 1 2025 and 30 learners."""
    db = create_register(
        database_url(str(path)),
        "AP",
        "boss",
        "Boss",
        PASSWORD,
        encrypt=encrypt,
        ask=lambda new: PASSPHRASE,
    )
    user = authenticate(db, "boss", PASSWORD)
    add_term(db, user, "Autumn 1 2025", TERM_START, date(2025, 10, 24))
    with db.transaction() as session:
        session.add_all(
            Learner(
                upn=upn,
                surname=f"Surname{i}",
                forename="F",
                date_of_birth=date(2011, 1, 1),
                start_date=TERM_START,
            )
            for i, upn in enumerate(UPNS, start=1)
        )
    db.dispose()


def opened(path: Path) -> Database:
    return open_database(database_url(str(path)), ask=lambda new: PASSPHRASE)


def cli(
    path: Path, *args: str, stdin: str = PASSWORD + "\n", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """The real command line in a child process, signed in as boss where asked."""
    return subprocess.run(
        [sys.executable, "-m", "desktop_app", "--database", str(path), *args],
        input=stdin,
        capture_output=True,
        text=True,
        env={**ENV, **(env or {})},
        timeout=300,
    )


def signed(*args: str) -> list[str]:
    return [*args, "--user", "boss", "--password-stdin"]


def start_cli(path: Path, *args: str, stdin: str = PASSWORD + "\n") -> subprocess.Popen[str]:
    child = subprocess.Popen(
        [sys.executable, "-m", "desktop_app", "--database", str(path), *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=ENV,
    )
    assert child.stdin is not None
    child.stdin.write(stdin)
    child.stdin.close()
    return child


def marks_csv(path: Path, rows: Iterator[tuple[str, ...]] | list[tuple[str, ...]]) -> Path:
    lines = ["upn,date,session,code"] + [",".join(r) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    """The error a failed command printed: no traceback, and every line an error line."""
    assert "Traceback" not in result.stderr, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines, "the command failed without saying why"
    assert all(
        line.startswith(("error:", "nothing was written", "warning:", "usage:", " "))
        or "error:" in line
        for line in lines
    ), result.stderr
    return result.stderr
