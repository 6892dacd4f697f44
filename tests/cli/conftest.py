"""Running the command line in-process against a real database (a SQLite file, or a PostgreSQL
database: see `provision`)."""

from __future__ import annotations

import hashlib
import io
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from desktop_app.cli import main
from tests.conftest import PASSWORD
from tests.pg import content_digest


@dataclass
class Result:
    code: int
    out: str
    err: str


Run = Callable[..., Result]


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Run:
    """Run a command with the password on standard input; returns exit code and output."""

    def run(*args: str, password: str = PASSWORD) -> Result:
        monkeypatch.setattr(sys, "stdin", io.StringIO(password + "\n"))
        try:
            code = main(list(args))
        except SystemExit as exit_:
            code = int(exit_.code or 0) if not isinstance(exit_.code, str) else 2
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


def digest(path: Path | str) -> str:
    """The file's bytes (a server database's rows), hashed: to prove a refused command wrote
    nothing."""
    if str(path).startswith("postgresql"):
        return content_digest(str(path))
    path = Path(path)
    assert not Path(str(path) + "-wal").exists() or Path(str(path) + "-wal").stat().st_size == 0
    return hashlib.sha256(path.read_bytes()).hexdigest()


LEARNERS_CSV = """upn,surname,forename,date_of_birth,start_date,leaving_date,group,commissioner
{a},Ahmed,Aaliyah,2011-03-14,2025-09-03,,Kestrel,Northgate Academy
{b},Barker,Bailey,2012-07-01,2025-09-15,2025-10-10,Falcon,Hillside LA
"""


@pytest.fixture
def provision(tmp_path: Path, cli: Run, backend: str, new_register_url: str) -> Path:
    """A database made with `init`, a term, and two learners imported from CSV.

    On PostgreSQL this is the database's URL (a str: `str(provision)` is what `--database` takes).
    """
    from desktop_app.domain.upn import make_upn

    db = tmp_path / "cli.sqlite" if backend == "sqlite" else new_register_url
    assert (
        cli(
            "init",
            "--database",
            str(db),
            "--name",
            "Test AP",
            "--admin",
            "boss",
            "--password-stdin",
        ).code
        == 0
    )
    signed = ("--database", str(db), "--user", "boss", "--password-stdin")
    assert (
        cli("calendar", "add-term", "Autumn 1 2025", "2025-09-03", "2025-10-24", *signed).code == 0
    )
    learners = tmp_path / "learners.csv"
    learners.write_text(LEARNERS_CSV.format(a=make_upn("820300000001"), b=make_upn("820300000002")))
    result = cli("import", "learners", str(learners), *signed)
    assert result.code == 0, result.err
    return db  # type: ignore[return-value]
