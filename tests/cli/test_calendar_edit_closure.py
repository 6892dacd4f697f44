"""`calendar edit-closure`: a closure changed in place, or refused with nothing written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop_app.domain.upn import make_upn
from tests.cli.conftest import Run, digest
from tests.conftest import PASSWORD

A = make_upn("820300000001")
STAFF_PASSWORD = "a staff password"


def signed(db: Path, user: str = "boss", *more: str) -> tuple[str, ...]:
    return ("--database", str(db), "--user", user, "--password-stdin", *more)


def test_a_closure_is_changed_in_place(provision: Path, cli: Run) -> None:
    assert (
        cli("calendar", "add-closure", "2025-09-09", "--reason", "INSET", *signed(provision)).code
        == 0
    )
    edit = ("calendar", "edit-closure", "2025-09-09", "--to-session", "PM", "--reason", "Training")
    done = cli(*edit, *signed(provision))
    assert done.code == 0, done.err
    assert done.out.strip() == "The closure is now the PM session on 2025-09-09: Training"
    listing = cli("calendar", "list", *signed(provision)).out
    assert "2025-09-09 PM       Training" in listing and "INSET" not in listing
    moved = cli("calendar", "edit-closure", "2025-09-09", "--session", "PM",
                "--to-date", "2025-09-10", *signed(provision))  # fmt: skip
    assert moved.code == 0 and "on 2025-09-10: Training" in moved.out  # the reason stays


def test_a_newly_closed_session_with_marks_needs_marks_keep_or_replace(
    provision: Path, cli: Run
) -> None:
    mark = ("arrive", "--upn", A, "--date", "2025-09-08", "--session", "AM", "--at", "09:10")
    assert cli(*mark, *signed(provision)).code == 0
    add = ("calendar", "add-closure", "2025-09-08", "--session", "PM", "--reason", "Training")
    assert cli(*add, *signed(provision)).code == 0
    edit = ("calendar", "edit-closure", "2025-09-08", "--session", "PM", "--to-session", "day")
    before = digest(provision)
    refused = cli(*edit, *signed(provision))
    assert refused.code == 2 and "1 mark is already recorded for the AM session" in refused.err
    assert digest(provision) == before
    assert cli(*edit, "--marks", "replace", *signed(provision)).code == 0
    when = ("--upn", A, "--date", "2025-09-08", "--session", "AM", "--json")
    entries = json.loads(cli("history", *when, *signed(provision)).out)
    assert [e["code"] for e in entries][-1] == "#"


@pytest.mark.parametrize(
    ("more", "code", "words"),
    [
        (("--to-date", "2025-09-13"), 2, "not a weekday inside a term"),
        (("--to-date", "2025-09-10"), 2, "already closed"),
        (("--reason", " "), 2, "is required"),
        (("--to-date", "2025-13-01"), 2, "2025-13-01"),
        (("--session", "AM", "--reason", "x"), 2, "no AM closure on 2025-09-09"),
        (("--reason", "Training", "--expect-reason", "Old reason"), 3, "after you opened it"),
    ],
    ids=["weekend", "clash", "no-reason", "bad-date", "no-such-closure", "stale"],
)
def test_a_refused_change_writes_nothing(
    provision: Path, cli: Run, more: tuple[str, ...], code: int, words: str
) -> None:
    for day in ("2025-09-09", "2025-09-10"):
        assert (
            cli("calendar", "add-closure", day, "--reason", "INSET", *signed(provision)).code == 0
        )
    before = digest(provision)
    refused = cli("calendar", "edit-closure", "2025-09-09", *more, *signed(provision))
    assert (refused.code, "Traceback" in refused.err) == (code, False)
    assert words in refused.err
    assert digest(provision) == before


@pytest.mark.parametrize("role", ["tutor", "attendance_officer"])
def test_a_tutor_or_officer_is_refused_with_exit_3(provision: Path, cli: Run, role: str) -> None:
    assert (
        cli("calendar", "add-closure", "2025-09-09", "--reason", "INSET", *signed(provision)).code
        == 0
    )
    add = ("staff", "add", "sam", "--full-name", "Sam", "--position", role, "--role", role)
    assert cli(*add, *signed(provision), password=f"{PASSWORD}\n{STAFF_PASSWORD}").code == 0
    before = digest(provision)
    edit = ("calendar", "edit-closure", "2025-09-09", "--reason", "Mine now")
    refused = cli(*edit, *signed(provision, "sam"), password=STAFF_PASSWORD)
    assert refused.code == 3 and "Traceback" not in refused.err
    assert digest(provision) == before
