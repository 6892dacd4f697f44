"""`send …` and `mail …` on a copy of the demo: dry runs say who would get what, bad input
writes nothing (exit 2), tutors are refused (exit 3), and a real send reaches the server."""

from __future__ import annotations

import io
import shutil
import sys
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from tests.cli.conftest import Run, digest
from tests.cli.test_report_cmds import signed_template  # noqa: F401 (a fixture)
from tests.conftest import PASSWORD
from tests.mail.conftest import PASSWORDS, Inbox, smtp  # noqa: F401 (a fixture)
from tests.reports.conftest import template  # noqa: F401 (a fixture)

DAY = "2025-12-18"


@pytest.fixture
def demo_file(signed_template: Path, tmp_path: Path) -> Path:  # noqa: F811
    path = tmp_path / "demo.sqlite"
    shutil.copyfile(signed_template, path)
    return path


def with_secret(cli: Run, monkeypatch: pytest.MonkeyPatch, secret: str, *args: str) -> object:
    """Run a command whose second line of standard input is a secret (not the password)."""
    real = sys.stdin
    result = None
    monkeypatch.setattr(sys, "stdin", io.StringIO(f"{PASSWORD}\n{secret}\n"))
    from desktop_app.cli import main

    try:
        result = main(list(args))
    finally:
        monkeypatch.setattr(sys, "stdin", real)
    return result


def set_up(demo_file: Path, cli: Run, monkeypatch: pytest.MonkeyPatch, port: int) -> None:
    db = ("--database", str(demo_file), "--user", "director", "--password-stdin")
    done = cli(
        "mail",
        "set",
        *db,
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--security",
        "local",
        "--from",
        "office@provision.example.org",
    )
    assert done.code == 0, done.err
    for name, secret in PASSWORDS.items():
        code = with_secret(
            cli,
            monkeypatch,
            secret,
            "mail",
            "commissioner",
            *db,
            "--name",
            name,
            "--pdf-password-stdin",
        )
        assert code == 0


def test_a_dry_run_lists_who_would_get_what(
    demo_file: Path,
    cli: Run,
    monkeypatch: pytest.MonkeyPatch,
    smtp: tuple[Inbox, Controller],  # noqa: F811
) -> None:
    inbox, controller = smtp
    set_up(demo_file, cli, monkeypatch, controller.port)
    before = digest(demo_file)
    result = cli(
        "send",
        "summary",
        "--database",
        str(demo_file),
        "--user",
        "officer",
        "--password-stdin",
        "--date",
        DAY,
        "--session",
        "AM",
        "--dry-run",
    )
    assert result.code == 0, result.err
    assert result.out.count("Would send: AM summary, 18 Dec 2025 to ") == 4
    assert "attendance@northgate.example.org" in result.out
    assert digest(demo_file) == before and inbox.messages == []


def test_sending_reaches_the_server_and_the_record_says_so(
    demo_file: Path,
    cli: Run,
    monkeypatch: pytest.MonkeyPatch,
    smtp: tuple[Inbox, Controller],  # noqa: F811
) -> None:
    inbox, controller = smtp
    set_up(demo_file, cli, monkeypatch, controller.port)
    signed = ("--database", str(demo_file), "--user", "officer", "--password-stdin")
    sent = cli("send", "summary", *signed, "--date", DAY, "--session", "AM")
    assert sent.code == 0, sent.err
    assert "Sent 4; refused 0; waiting 0." in sent.out and len(inbox.messages) == 4
    record = cli("send", "record", *signed)
    assert record.out.count(" sent ") == 4


def test_the_pm_summary_waits_for_the_registers(
    demo_file: Path,
    cli: Run,
    monkeypatch: pytest.MonkeyPatch,
    smtp: tuple[Inbox, Controller],  # noqa: F811
) -> None:
    _inbox, controller = smtp
    set_up(demo_file, cli, monkeypatch, controller.port)
    before = digest(demo_file)
    result = cli(
        "send",
        "summary",
        "--database",
        str(demo_file),
        "--user",
        "officer",
        "--password-stdin",
        "--date",
        DAY,
        "--session",
        "PM",
    )
    assert result.code == 2 and "PM registers are not all taken" in result.err
    assert "Traceback" not in result.err and digest(demo_file) == before


def test_a_tutor_is_refused(demo_file: Path, cli: Run) -> None:
    result = cli(
        "send",
        "summary",
        "--database",
        str(demo_file),
        "--user",
        "tutor1",
        "--password-stdin",
        "--date",
        DAY,
        "--session",
        "AM",
    )
    assert result.code == 3


def test_a_bad_address_is_refused_and_nothing_is_written(demo_file: Path, cli: Run) -> None:
    before = digest(demo_file)
    result = cli(
        "mail",
        "set",
        "--database",
        str(demo_file),
        "--user",
        "director",
        "--password-stdin",
        "--host",
        "smtp.example.org",
        "--from",
        "not-an-address",
    )
    assert result.code == 2 and "not an email address" in result.err
    assert digest(demo_file) == before
