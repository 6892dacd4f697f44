"""`request review ID --on DATE [--next DATE]`: a part-time timetable's review from the command
line, by the service the Case work tab calls. 0 done (Today's "review due" goes), 2 bad input or
no such timetable with nothing written, 3 a tutor; never a traceback."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from desktop_app.config import database_url
from desktop_app.models import CaseRequest
from desktop_app.services.case_requests import case_owed
from desktop_app.services.database import open_database
from tests.cli.conftest import Result, Run, digest
from tests.cli.test_casework_cmds import UPN
from tests.cli.test_report_cmds import as_user, demo_file, signed_template  # noqa: F401 (fixtures)
from tests.reports.conftest import template  # noqa: F401 (a fixture)

TODAY = date.today()
#: Began a week ago, its review due today, ends in two weeks.
START, END = TODAY - timedelta(days=7), TODAY + timedelta(days=14)


def _part_time(cli: Run, db: Path) -> str:
    """A part-time timetable due its review today; its id, as `request part-time` prints it."""
    args = ("--upn", UPN, "--sessions", "Mon AM, Tue AM", "--from", str(START), "--to", str(END),
            "--review", str(TODAY), "--reason", "Phased return", "--parent-agreed", str(START),
            "--commissioner-agreed", str(START))  # fmt: skip
    made = cli("request", "part-time", *args, *as_user(db, "officer"))
    assert made.code == 0, made.err
    return made.out.split()[2]


def _stored(db: Path, request_id: str) -> tuple[date | None, date | None, bool]:
    """(reviewed on, next review, whether Today owes a part-time review today)."""
    opened = open_database(database_url(str(db)))
    with opened.reading() as session:
        row = session.get(CaseRequest, int(request_id))
        assert row is not None
        owed = any(o.kind == "part_time_review_due" for o in case_owed(session, TODAY))
        found = (row.reviewed_on, row.review_on, owed)
    opened.dispose()
    return found


def _review(cli: Run, db: Path, *args: str, user: str = "officer") -> Result:
    return cli("request", "review", *args, *as_user(db, user))


def test_a_review_sets_the_next_and_clears_review_due(demo_file: Path, cli: Run) -> None:  # noqa: F811
    row = _part_time(cli, demo_file)
    assert _stored(demo_file, row) == (None, TODAY, True)
    nxt = TODAY + timedelta(days=7)
    done = _review(cli, demo_file, row, "--on", str(TODAY), "--next", str(nxt))
    assert done.code == 0, done.err
    said = f"Part-time timetable {row} reviewed on {TODAY}; next review {nxt}.\n"
    assert done.out == said
    assert _stored(demo_file, row) == (TODAY, nxt, False)


def test_a_review_with_no_next_sets_none(demo_file: Path, cli: Run) -> None:  # noqa: F811
    row = _part_time(cli, demo_file)
    done = _review(cli, demo_file, row, "--on", str(TODAY))
    assert "no further review set" in done.out
    assert _stored(demo_file, row) == (TODAY, None, False)


def test_bad_dates_are_refused_with_nothing_written(demo_file: Path, cli: Run) -> None:  # noqa: F811
    row = _part_time(cli, demo_file)
    before = digest(demo_file)
    refused = {
        "no such day": _review(cli, demo_file, row, "--on", "2026-02-30"),
        "not a date": _review(cli, demo_file, row, "--on", str(TODAY), "--next", "next week"),
        "after the timetable ends": _review(
            cli, demo_file, row, "--on", str(TODAY), "--next", str(END + timedelta(days=1))
        ),
        "after this one": _review(cli, demo_file, row, "--on", str(TODAY), "--next", str(TODAY)),
        "within 4 weeks": _review(
            cli, demo_file, row, "--on", str(START), "--next", str(START + timedelta(days=29))
        ),
        "no --on": cli("request", "review", row, *as_user(demo_file, "officer")),
        "not held yet": _review(cli, demo_file, row, "--on", str(TODAY + timedelta(days=1))),
        "before it starts": _review(cli, demo_file, row, "--on", str(START - timedelta(days=1))),
    }
    for why, result in refused.items():
        assert result.code == 2, why
        assert "Traceback" not in result.err, why
    assert "not after today" in refused["not held yet"].err
    assert f"starts ({START.day} {START:%b %Y})" in refused["before it starts"].err
    err = refused["after the timetable ends"].err
    assert f"ends ({END.day} {END:%b %Y})" in err
    assert digest(demo_file) == before
    assert _stored(demo_file, row) == (None, TODAY, True)


def test_no_such_timetable(demo_file: Path, cli: Run) -> None:  # noqa: F811
    leave = cli("request", "leave", "--upn", UPN, "--from", str(END), "--to", str(END),
                "--reason", "Wedding", *as_user(demo_file, "officer"))  # fmt: skip
    assert leave.code == 0, leave.err
    before = digest(demo_file)
    for wrong in ("99999", leave.out.split()[2]):  # none, and a leave request's id
        result = _review(cli, demo_file, wrong, "--on", str(TODAY))
        assert result.code == 2, wrong
        assert "no such part-time timetable" in result.err
    assert _review(cli, demo_file, "first", "--on", str(TODAY)).code == 2
    assert digest(demo_file) == before


def test_a_tutor_is_refused(demo_file: Path, cli: Run) -> None:  # noqa: F811
    row = _part_time(cli, demo_file)
    before = digest(demo_file)
    tutor = _review(cli, demo_file, row, "--on", str(TODAY), user="tutor1")
    assert tutor.code == 3 and "Traceback" not in tutor.err
    assert digest(demo_file) == before
    assert _stored(demo_file, row) == (None, TODAY, True)


def test_request_list_gives_the_ids_review_and_decide_take(demo_file: Path, cli: Run) -> None:  # noqa: F811
    row = _part_time(cli, demo_file)
    listed = cli("request", "list", "--upn", UPN, *as_user(demo_file, "officer"))
    assert listed.code == 0, listed.err
    first = listed.out.splitlines()[0].split()
    assert first[0] == row and first[2:4] == ["Part-time", "timetable:"]  # newest first
    as_json = cli("request", "list", "--upn", UPN, "--json", *as_user(demo_file, "officer"))
    assert as_json.code == 0 and f'"id": {row},' in as_json.out
    tutor = cli("request", "list", "--upn", UPN, *as_user(demo_file, "tutor1"))
    assert tutor.code == 3 and "requests are for" in tutor.err and "Traceback" not in tutor.err
