"""Case work on the command line, on a copy of the demo: `plan action|done|agree`,
`referral add|follow-up|list`, `meeting` and `invite`, `request leave|decide|home-education|
part-time|leaving`; 0 done, 2 bad input with nothing written, 3 refused, never a traceback."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop_app.config import database_url
from desktop_app.domain.upn import make_upn
from desktop_app.models import CaseRequest, FiledLetter, Learner, Mark
from desktop_app.services.database import open_database
from tests.cli.conftest import Run, digest
from tests.cli.test_report_cmds import as_user, demo_file, signed_template  # noqa: F401 (fixtures)
from tests.reports.conftest import template  # noqa: F401 (a fixture)

UPN = make_upn("820300000009")  # a learner the demo has no case work for
TODAY = date.today()
#: A term after today, so planned marks have sessions ahead to go into.
TERM_START = TODAY + timedelta(days=(7 - TODAY.weekday()) % 7 + 7)  # a Monday, 1-2 weeks on
TERM_END = TERM_START + timedelta(days=60)


def _ok(result: object) -> None:
    assert getattr(result, "code") == 0, getattr(result, "err")  # noqa: B009


def _start_plan(cli: Run, db: Path) -> None:
    args = (
        "--upn",
        UPN,
        "--from-pct",
        "78",
        "--target-pct",
        "90",
        "--by",
        str(TODAY + timedelta(days=40)),
        "--review",
        str(TODAY + timedelta(days=14)),
    )
    _ok(cli("plan", "start", *args, *as_user(db, "officer")))


def test_plan_actions_are_added_done_and_agreed(demo_file: Path, cli: Run) -> None:  # noqa: F811
    _start_plan(cli, demo_file)
    due = str(TODAY + timedelta(days=7))
    added = cli(
        "plan",
        "action",
        "--upn",
        UPN,
        "--action",
        "Home visit",
        "--owner",
        "Ms Khan",
        "--due",
        due,
        *as_user(demo_file, "officer"),
    )
    _ok(added)
    shown = cli("plan", "show", "--upn", UPN, "--json", *as_user(demo_file, "officer"))
    (action,) = json.loads(shown.out)["actions"]
    assert action["action"] == "Home visit" and action["done"] is None
    _ok(cli("plan", "done", "--id", str(action["id"]), *as_user(demo_file, "officer")))
    _ok(
        cli(
            "plan",
            "agree",
            "--upn",
            UPN,
            "--party",
            "parent",
            "--name",
            "Ms Barker",
            *as_user(demo_file, "officer"),
        )
    )
    shown = cli("plan", "show", "--upn", UPN, "--json", *as_user(demo_file, "officer"))
    assert json.loads(shown.out)["actions"][0]["done"] == TODAY.isoformat()


def test_plan_steps_refuse_bad_input_and_tutors(demo_file: Path, cli: Run) -> None:  # noqa: F811
    before = digest(demo_file)
    no_plan = cli(
        "plan",
        "action",
        "--upn",
        UPN,
        "--action",
        "x",
        "--owner",
        "y",
        "--due",
        str(TODAY),
        *as_user(demo_file, "officer"),
    )
    assert no_plan.code == 2 and "no live support plan" in no_plan.err
    assert "Traceback" not in no_plan.err
    bad_party = cli(
        "plan",
        "agree",
        "--upn",
        UPN,
        "--party",
        "uncle",
        "--name",
        "x",
        *as_user(demo_file, "officer"),
    )
    assert bad_party.code == 2
    assert digest(demo_file) == before
    _start_plan(cli, demo_file)
    tutor = cli(
        "plan",
        "agree",
        "--upn",
        UPN,
        "--party",
        "parent",
        "--name",
        "x",
        *as_user(demo_file, "tutor1"),
    )
    assert tutor.code == 3 and "Traceback" not in tutor.err


def test_a_referral_is_followed_up(demo_file: Path, cli: Run) -> None:  # noqa: F811
    added = cli(
        "referral",
        "add",
        "--upn",
        UPN,
        "--agency",
        "camhs",
        "--reason",
        "Anxiety",
        "--follow-up",
        str(TODAY + timedelta(days=14)),
        *as_user(demo_file),
    )
    _ok(added)
    listed = json.loads(cli("referral", "list", "--upn", UPN, "--json", *as_user(demo_file)).out)
    ref = listed[0]["id"]
    later = str(TODAY + timedelta(days=28))
    _ok(
        cli(
            "referral",
            "follow-up",
            "--id",
            str(ref),
            "--outcome",
            "Seen by CAMHS",
            "--next",
            later,
            *as_user(demo_file),
        )
    )
    listed = json.loads(cli("referral", "list", "--upn", UPN, "--json", *as_user(demo_file)).out)
    assert "Seen by CAMHS" in listed[0]["outcome"] and listed[0]["follow_up_on"] == later
    officer = cli(
        "referral", "follow-up", "--id", str(ref), "--outcome", "x", *as_user(demo_file, "officer")
    )
    assert officer.code == 3
    assert cli("referral", "list", "--upn", UPN, *as_user(demo_file, "officer")).code == 3
    before = digest(demo_file)
    backwards = cli(
        "referral",
        "follow-up",
        "--id",
        str(ref),
        "--outcome",
        "x",
        "--on",
        later,
        "--next",
        str(TODAY),
        *as_user(demo_file),
    )
    assert backwards.code == 2 and digest(demo_file) == before


def test_a_meeting_invitation_is_filed_against_it(
    demo_file: Path,  # noqa: F811
    cli: Run,
    tmp_path: Path,
) -> None:
    made = cli(
        "meeting",
        "--upn",
        UPN,
        "--kind",
        "attendance_support",
        "--on",
        str(TODAY + timedelta(days=5)),
        "--attendees",
        "Mother, key worker",
        *as_user(demo_file, "officer"),
    )
    _ok(made)
    meeting = made.out.split()[1]
    out = tmp_path / "letters"
    written = cli(
        "invite",
        "--meeting",
        meeting,
        "--when",
        "10:00 at the provision",
        "--out",
        str(out),
        *as_user(demo_file, "officer"),
    )
    _ok(written)
    assert len(list(out.glob("*.pdf"))) == 1
    db = open_database(database_url(str(demo_file)))
    with db.reading() as session:
        filed = session.execute(
            select(FiledLetter.stage, FiledLetter.meeting_id, FiledLetter.how).where(
                FiledLetter.meeting_id == int(meeting)
            )
        ).all()
    db.dispose()
    assert [tuple(f) for f in filed] == [("attendance_meeting", int(meeting), "printed")]


def _marks(path: Path, source: str) -> list[tuple[date, str, str]]:
    db = open_database(database_url(str(path)))
    with db.reading() as session:
        learner = session.scalars(select(Learner.id).where(Learner.upn == UPN)).one()
        query = select(Mark.date, Mark.session, Mark.code).where(
            Mark.learner_id == learner, Mark.source == source
        )
        rows = [(d, s, c) for d, s, c in session.execute(query)]
    db.dispose()
    return sorted(rows)


def _add_term(cli: Run, db: Path) -> None:
    _ok(cli("calendar", "add-term", "Case work term", str(TERM_START), str(TERM_END), *as_user(db)))


def test_granted_leave_is_entered_ahead(demo_file: Path, cli: Run) -> None:  # noqa: F811
    _add_term(cli, demo_file)
    first, last = TERM_START, TERM_START + timedelta(days=1)
    args = (
        "--upn",
        UPN,
        "--from",
        str(first),
        "--to",
        str(last),
        "--reason",
        "Funeral",
        "--code",
        "C",
        "--decision",
        "granted",
        "--decided-by",
        "Mr Hall",
    )
    _ok(cli("request", "leave", *args, *as_user(demo_file, "officer")))
    assert _marks(demo_file, "planned") == [
        (first, "AM", "C"),
        (first, "PM", "C"),
        (last, "AM", "C"),
        (last, "PM", "C"),
    ]


def test_leave_decided_later_is_entered_then(demo_file: Path, cli: Run) -> None:  # noqa: F811
    _add_term(cli, demo_file)
    args = (
        "--upn",
        UPN,
        "--from",
        str(TERM_START),
        "--to",
        str(TERM_START),
        "--reason",
        "Hospital appointment",
        "--code",
        "M",
    )
    made = cli("request", "leave", *args, *as_user(demo_file, "officer"))
    _ok(made)
    assert _marks(demo_file, "planned") == []
    row = made.out.split()[2]
    decided = cli(
        "request",
        "decide",
        "--id",
        row,
        "--decision",
        "granted",
        "--decided-by",
        "Mr Hall",
        *as_user(demo_file, "officer"),
    )
    _ok(decided)
    assert [c for _d, _s, c in _marks(demo_file, "planned")] == ["M", "M"]
    again = cli(
        "request",
        "decide",
        "--id",
        row,
        "--decision",
        "refused",
        "--decided-by",
        "x",
        *as_user(demo_file, "officer"),
    )
    assert again.code == 2


def test_part_time_enters_c2_outside_it_until_its_end(demo_file: Path, cli: Run) -> None:  # noqa: F811
    _add_term(cli, demo_file)
    end = TERM_START + timedelta(days=11)  # the Friday of the second week
    args = (
        "--upn",
        UPN,
        "--sessions",
        "Mon AM, Tue AM, Wed AM, Thu AM, Fri AM",
        "--from",
        str(TERM_START),
        "--to",
        str(end),
        "--review",
        str(TERM_START + timedelta(days=7)),
        "--reason",
        "Phased return",
        "--parent-agreed",
        str(TODAY),
        "--commissioner-agreed",
        str(TODAY),
    )
    _ok(cli("request", "part-time", *args, *as_user(demo_file, "officer")))
    planned = _marks(demo_file, "planned")
    assert {c for *_x, c in planned} == {"C2"} and {s for _d, s, _c in planned} == {"PM"}
    assert len(planned) == 10 and max(d for d, _s, _c in planned) == end


def test_requests_refuse_bad_input_with_nothing_written(demo_file: Path, cli: Run) -> None:  # noqa: F811
    before = digest(demo_file)
    backwards = cli(
        "request",
        "leave",
        "--upn",
        UPN,
        "--from",
        "2026-01-10",
        "--to",
        "2026-01-05",
        "--reason",
        "x",
        *as_user(demo_file, "officer"),
    )
    assert backwards.code == 2 and "Traceback" not in backwards.err
    unagreed = cli(
        "request",
        "part-time",
        "--upn",
        UPN,
        "--sessions",
        "Mon AM",
        "--from",
        "2026-01-05",
        "--to",
        "2026-02-05",
        "--review",
        "2026-01-19",
        "--reason",
        "x",
        *as_user(demo_file, "officer"),
    )
    assert unagreed.code == 2 and "agreement" in unagreed.err
    bad_session = cli(
        "request",
        "part-time",
        "--upn",
        UPN,
        "--sessions",
        "Sat AM",
        "--from",
        "2026-01-05",
        "--to",
        "2026-02-05",
        "--review",
        "2026-01-19",
        "--reason",
        "x",
        "--parent-agreed",
        "2026-01-01",
        "--commissioner-agreed",
        "2026-01-01",
        *as_user(demo_file, "officer"),
    )
    assert bad_session.code == 2 and "Sat AM" in bad_session.err
    tutor = cli("request", "home-education", "--upn", UPN, *as_user(demo_file, "tutor1"))
    assert tutor.code == 3
    assert digest(demo_file) == before


def test_leaving_the_roll_and_home_education(demo_file: Path, cli: Run) -> None:  # noqa: F811
    early = cli(
        "request",
        "leaving",
        "--upn",
        UPN,
        "--on",
        "2025-12-01",
        "--reason",
        "Moved",
        "--destination",
        "Leeds",
        *as_user(demo_file, "officer"),
    )
    assert early.code == 2 and "marks after" in early.err
    _ok(cli("request", "home-education", "--upn", UPN, *as_user(demo_file, "officer")))
    _ok(
        cli(
            "request",
            "leaving",
            "--upn",
            UPN,
            "--on",
            str(TODAY),
            "--reason",
            "Moved away",
            "--destination",
            "Northgate Academy",
            "--la-told",
            str(TODAY),
            *as_user(demo_file, "officer"),
        )
    )
    db = open_database(database_url(str(demo_file)))
    with db.reading() as session:
        learner = session.scalars(select(Learner).where(Learner.upn == UPN)).one()
        query = select(CaseRequest.kind).where(CaseRequest.learner_id == learner.id)
        kinds, left = sorted(session.scalars(query).all()), learner.leaving_date
    db.dispose()
    assert kinds == ["home_education", "leaving"] and left == TODAY


@pytest.mark.parametrize("command", ["request", "referral", "invite"])
def test_help_runs(cli: Run, command: str) -> None:
    assert cli(command, "--help").code == 0


def test_certificates_one_pdf_per_learner(demo_file: Path, cli: Run, tmp_path: Path) -> None:  # noqa: F811
    out = tmp_path / "certificates"
    result = cli("report", "certificates", "--term", "Autumn 2 2025", "--out", str(out),
                 *as_user(demo_file, "officer"))  # fmt: skip
    _ok(result)
    written = sorted(out.glob("certificate-autumn-2-2025-*.pdf"))
    assert written and len(written) == len(result.out.splitlines())
    assert cli("report", "certificates", "--term", "Autumn 2 2025", "--out", str(out),
               *as_user(demo_file, "tutor1")).code == 3  # fmt: skip
    assert cli("report", "certificates", "--term", "Nope", "--out", str(out),
               *as_user(demo_file, "officer")).code == 2  # fmt: skip
