"""`staff` and `audit` from the command line."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.conftest import Run, digest
from tests.conftest import PASSWORD


def signed(db: Path, user: str = "boss") -> tuple[str, ...]:
    return ("--database", str(db), "--user", user, "--password-stdin")


def test_staff_add_list_disable_and_reset(provision: Path, cli: Run) -> None:
    two_lines = PASSWORD + "\nthe tutor's password"
    added = cli(
        "staff",
        "add",
        "tina",
        "--full-name",
        "Tina Tutor",
        "--position",
        "Tutor",
        "--role",
        "tutor",
        *signed(provision),
        password=two_lines,
    )
    assert added.code == 0, added.err
    assert cli("stats", *signed(provision, "tina"), password="the tutor's password").code == 0
    listing = cli("staff", "list", *signed(provision)).out
    assert "tina" in listing and "Tina Tutor" in listing and "active" in listing
    reset = cli(
        "staff", "reset-password", "tina", *signed(provision), password=PASSWORD + "\nnew pass 123"
    )
    assert reset.code == 0
    assert cli("stats", *signed(provision, "tina"), password="new pass 123").code == 0
    assert cli("staff", "disable", "tina", *signed(provision)).code == 0
    assert cli("stats", *signed(provision, "tina"), password="new pass 123").code == 3


def test_a_tutor_cannot_list_staff_or_read_the_audit_log(provision: Path, cli: Run) -> None:
    cli(
        "staff",
        "add",
        "tina",
        "--full-name",
        "Tina Tutor",
        "--position",
        "Tutor",
        "--role",
        "tutor",
        *signed(provision),
        password=PASSWORD + "\nthe tutor's password",
    )
    for command in (("staff", "list"), ("audit",)):
        result = cli(*command, *signed(provision, "tina"), password="the tutor's password")
        assert result.code == 3 and "may not" in result.err


def test_staff_add_with_a_short_password_writes_nothing(provision: Path, cli: Run) -> None:
    before = digest(provision)
    result = cli(
        "staff",
        "add",
        "tina",
        "--full-name",
        "T",
        "--position",
        "Tutor",
        "--role",
        "tutor",
        *signed(provision),
        password=PASSWORD + "\nshort",
    )
    assert result.code == 2 and "at least 8" in result.err
    assert digest(provision) == before


def test_audit_json_lists_imports_by_learner(provision: Path, cli: Run) -> None:
    rows = json.loads(cli("audit", "--json", "--upn", "E820300000001", *signed(provision)).out)
    assert rows and all(r["upn"] == "E820300000001" for r in rows)
    assert {(r["staff"], r["action"], r["entity"]) for r in rows} == {
        ("boss", "create", "learners")
    }
    assert set(rows[0]) == {"at", "staff", "action", "entity", "entity_id", "upn", "detail"}
