"""`request preview --id N`: what granting a waiting leave request would enter ahead, by the
rule `request decide` then follows; it writes nothing. 0 said, 2 no such waiting request, 3 a
tutor; never a traceback."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from tests.cli.conftest import Run, digest
from tests.cli.test_casework_cmds import TERM_START, UPN, _add_term, _marks, _ok
from tests.cli.test_report_cmds import as_user, demo_file, signed_template  # noqa: F401 (fixtures)
from tests.reports.conftest import template  # noqa: F401 (a fixture)

FIRST, LAST = TERM_START, TERM_START + timedelta(days=1)


def _waiting_leave(cli: Run, db: Path) -> str:
    """Two days' leave, recorded as waiting for the home school; its id."""
    _add_term(cli, db)
    args = ("--upn", UPN, "--from", str(FIRST), "--to", str(LAST), "--reason", "Funeral",
            "--code", "C")  # fmt: skip
    made = cli("request", "leave", *args, *as_user(db, "officer"))
    _ok(made)
    return made.out.split()[2]


def test_the_preview_says_what_the_decision_then_enters(demo_file: Path, cli: Run) -> None:  # noqa: F811
    row = _waiting_leave(cli, demo_file)
    before = digest(demo_file)
    said = cli("request", "preview", "--id", row, *as_user(demo_file, "officer"))
    assert said.code == 0, said.err
    assert said.out == f"Granting enters C for 4 sessions still to come ({FIRST} AM – {LAST} PM).\n"
    assert digest(demo_file) == before  # nothing written
    granted = ("--id", row, "--decision", "granted", "--decided-by", "Mr Hall")
    _ok(cli("request", "decide", *granted, *as_user(demo_file, "officer")))
    entered = _marks(demo_file, "planned")
    assert [(d, s) for d, s, _c in entered] == [
        (FIRST, "AM"), (FIRST, "PM"), (LAST, "AM"), (LAST, "PM"),
    ]  # fmt: skip


def test_a_tutor_or_a_decided_request_is_refused(demo_file: Path, cli: Run) -> None:  # noqa: F811
    row = _waiting_leave(cli, demo_file)
    tutor = cli("request", "preview", "--id", row, *as_user(demo_file, "tutor"))
    assert tutor.code == 3 and "Traceback" not in tutor.err
    assert cli("request", "preview", "--id", "99999", *as_user(demo_file, "officer")).code == 2
    refused = ("--id", row, "--decision", "refused", "--decided-by", "Mr Hall")
    _ok(cli("request", "decide", *refused, *as_user(demo_file, "officer")))
    decided = cli("request", "preview", "--id", row, *as_user(demo_file, "officer"))
    assert decided.code == 2
    assert "already refused" in decided.err
