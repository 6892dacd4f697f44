"""`absconding`: the window's incident actions from a shell, through the same services.

Exit codes: 0 done; 2 bad input, nothing written (the file's digest is unchanged); 3 refused.
The command's clock is fixed (`_now`); times typed as HH:MM are today in local time.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from desktop_app.cli import absconding_cmds
from desktop_app.config import database_url
from desktop_app.domain.permissions import Role
from desktop_app.domain.upn import make_upn
from desktop_app.services.absconding_data import IncidentDetail
from desktop_app.services.absconding_queries import incident_detail
from desktop_app.services.auth import authenticate
from desktop_app.services.database import open_database
from desktop_app.services.provision import add_staff_unchecked
from tests.cli.conftest import Run, digest
from tests.conftest import PASSWORD

AALIYAH = make_upn("820300000001")  # born 14/03/2011: 14, so the police are required
NOW = datetime(2025, 10, 6, 10, 30).astimezone()  # a Monday, local time


def signed(db: Path, user: str = "boss") -> tuple[str, ...]:
    return ("--database", str(db), "--user", user, "--password-stdin")


@pytest.fixture(autouse=True)
def clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(absconding_cmds, "_now", lambda: NOW)


@pytest.fixture
def tutor(provision: Path) -> str:
    db = open_database(database_url(str(provision)))
    with db.transaction() as session:
        add_staff_unchecked(session, "tina", "Tina Tutor", "Tutor", Role.TUTOR, PASSWORD)
    db.dispose()
    return "tina"


def detail(provision: Path, incident_id: int) -> IncidentDetail:
    db = open_database(database_url(str(provision)))
    try:
        return incident_detail(db, authenticate(db, "boss", PASSWORD), incident_id)
    finally:
        db.dispose()


def open_list(cli: Run, provision: Path) -> list[dict]:
    result = cli("absconding", "list", "--json", *signed(provision))
    assert result.code == 0, result.err
    return json.loads(result.out)


def start(cli: Run, provision: Path, *extra: str, user: str = "boss") -> int:
    result = cli(
        "absconding", "start", "--upn", AALIYAH, "--last-seen", "10:18", *extra,
        *signed(provision, user),
    )  # fmt: skip
    assert result.code == 0, result.err
    return int(result.out.split("Incident ")[1].split(":")[0])


def test_start_reads_hh_mm_as_today_and_list_gives_the_time_missing_as_a_duration(
    provision: Path, cli: Run
) -> None:
    result = cli(
        "absconding", "start", "--upn", AALIYAH.lower(), "--last-seen", "10:18",
        "--where", "Front gate", "--description", "Tall, red coat", *signed(provision),
    )  # fmt: skip
    assert result.code == 0, result.err
    assert "Aaliyah Ahmed" in result.out and "missing 12 min 00 s" in result.out
    (listed,) = open_list(cli, provision)
    assert listed["learner"] == "Aaliyah Ahmed"
    assert datetime.fromisoformat(listed["last_seen_at"]) == NOW - timedelta(minutes=12)
    assert (listed["missing_for"], listed["missing_seconds"]) == ("12 min 00 s", 720)
    assert listed["police_required"] is True and listed["police_told_at"] is None
    assert listed["tone"] == "warning" and "call the police on 101 now" in listed["prompt"]
    text = cli("absconding", "list", *signed(provision)).out
    assert "missing 12 min 00 s" in text and "10:18" in text
    kept = detail(provision, listed["id"])
    assert (kept.last_seen_where, kept.seen_by, kept.description) == (
        "Front gate",
        "",
        "Tall, red coat",
    )


def test_an_hour_later_the_list_says_hours_and_minutes(
    provision: Path, cli: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    start(cli, provision)
    monkeypatch.setattr(absconding_cmds, "_now", lambda: NOW + timedelta(hours=1, minutes=5))
    (listed,) = open_list(cli, provision)
    assert listed["missing_for"] == "1 h 17 min"
    assert listed["tone"] == "urgent"


def test_list_with_nothing_open(provision: Path, cli: Run) -> None:
    assert open_list(cli, provision) == []
    assert cli("absconding", "list", *signed(provision)).out == "No open incidents.\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--upn", AALIYAH, "--last-seen", "10:45"), "10:45 is in the future"),
        (("--upn", AALIYAH, "--last-seen", "9.30"), "'9.30' is not HH:MM or an ISO date"),
        (("--upn", AALIYAH, "--last-seen", "24:10"), "'24:10' is not a time of day"),
        (("--upn", AALIYAH, "--last-seen", "2025-10-04T10:00"), "more than 24 hours ago"),
        (("--upn", make_upn("820300000009"), "--last-seen", "10:18"), "no learner on roll"),
    ],
)
def test_a_refused_start_writes_nothing(
    provision: Path, cli: Run, args: tuple[str, ...], message: str
) -> None:
    before = digest(provision)
    result = cli("absconding", "start", *args, *signed(provision))
    assert result.code == 2
    assert message in result.err and "Traceback" not in result.err
    assert digest(provision) == before


def test_a_second_start_for_the_same_learner_is_refused(provision: Path, cli: Run) -> None:
    start(cli, provision)
    before = digest(provision)
    result = cli(
        "absconding", "start", "--upn", AALIYAH, "--last-seen", "10:20", *signed(provision)
    )
    assert result.code == 2 and "already open for this learner" in result.err
    assert digest(provision) == before


def test_steps_note_correction_close_then_debrief_and_return_interview(
    provision: Path, cli: Run
) -> None:
    incident = start(cli, provision)
    ran = [
        ("step", str(incident), "--kind", "police_told", "--channel", "101",
         "--reference", "CAD 4411", "--at", "10:25"),
        ("step", str(incident), "--kind", "parent_told", "--person", "Mary Ahmed (mother)"),
        ("step", str(incident), "--kind", "commissioner_told", "--person", "Carol, Northgate"),
        ("note", str(incident), "Seen heading to the bus station"),
        ("correct", str(incident), "--last-seen", "10:15", "--seen-by", "Mr Khan",
         "--reason", "typed the wrong time"),
        ("step", str(incident), "--kind", "found", "--place", "Bus station",
         "--person", "PC Patel", "--condition", "calm, unhurt"),
        ("close", str(incident), "--returned-at", "10:29", "--outcome", "Home with mum"),
        ("debrief", str(incident), "--detail", "Upset about a fallout at lunch"),
        ("return-interview", str(incident), "--detail", "Booked for Thursday by the LA"),
    ]  # fmt: skip
    said = []
    for args in ran:
        result = cli("absconding", *args, *signed(provision))
        assert result.code == 0, (args, result.err)
        said.append(result.out)
    assert said[0] == f"Incident {incident}: Police told at 10:25, 101, ref CAD 4411\n"
    assert "corrected Seen by: Mr Khan (was not recorded yet); typed the wrong time" in said[4]
    assert said[6] == f"Closed incident {incident} (Aaliyah Ahmed, returned).\n"
    kept = detail(provision, incident)
    kinds = [e.kind for e in kept.entries]
    assert kinds == [
        "police_told", "parent_told", "commissioner_told", "note", "correction", "correction",
        "found", "debrief", "return_interview",
    ]  # fmt: skip
    police = kept.entries_of("police_told")[0]
    assert (police.channel, police.reference) == ("101", "CAD 4411")
    assert police.at == NOW - timedelta(minutes=5)
    seen = next(e for e in kept.entries if e.field == "last_seen_at")
    assert datetime.fromisoformat(seen.old_value) == NOW - timedelta(minutes=12)
    assert kept.summary.last_seen_at == NOW - timedelta(minutes=15)
    assert kept.seen_by == "Mr Khan" and seen.detail == "typed the wrong time"
    assert kept.returned_at == NOW - timedelta(minutes=1) and kept.outcome == "Home with mum"
    assert not kept.summary.is_open and not kept.return_interview_owed
    assert open_list(cli, provision) == []


def test_closing_with_the_family_and_commissioner_not_told_needs_why(
    provision: Path, cli: Run
) -> None:
    incident = start(cli, provision)
    cli("absconding", "step", str(incident), "--kind", "police_told", "--channel", "999",
        *signed(provision))  # fmt: skip
    before = digest(provision)
    close = ("absconding", "close", str(incident), "--returned-at", "10:28", "--outcome", "Back")
    refused = cli(*close, *signed(provision))
    assert refused.code == 2
    assert "Not done: Parent or carer told; Commissioner told. Say why" in refused.err
    assert digest(provision) == before
    done = cli(*close, "--skipped-reason", "Mum was with her at the gate", *signed(provision))
    assert done.code == 0, done.err
    kept = detail(provision, incident)
    assert kept.skipped_steps == ("parent_told", "commissioner_told")
    assert kept.skipped_reason == "Mum was with her at the gate"


def test_handed_to_the_police_needs_the_call_on_record(provision: Path, cli: Run) -> None:
    incident = start(cli, provision)
    before = digest(provision)
    close = ("absconding", "close", str(incident), "--handed-to-police", "--outcome", "Missing")
    refused = cli(*close, "--skipped-reason", "x", *signed(provision))
    assert refused.code == 2 and "Record the call to the police" in refused.err
    assert digest(provision) == before
    both = cli(*close, "--returned-at", "10:20", *signed(provision))
    assert both.code == 2 and "not allowed with argument" in both.err
    assert digest(provision) == before


def test_opened_in_error_closes_it_with_the_reason(provision: Path, cli: Run) -> None:
    incident = start(cli, provision)
    before = digest(provision)
    blank = cli("absconding", "error", str(incident), "--reason", " ", *signed(provision))
    assert blank.code == 2 and "Say why it was opened in error" in blank.err
    assert digest(provision) == before
    done = cli("absconding", "error", str(incident), "--reason", "Wrong learner picked",
               *signed(provision))  # fmt: skip
    assert done.code == 0, done.err
    kept = detail(provision, incident)
    assert kept.opened_in_error and kept.error_reason == "Wrong learner picked"
    assert open_list(cli, provision) == []


def test_a_tutor_starts_and_records_but_may_not_correct_or_close(
    provision: Path, cli: Run, tutor: str
) -> None:
    incident = start(cli, provision, user=tutor)
    step = cli("absconding", "step", str(incident), "--kind", "contact_attempt",
               "--detail", "Rang her mobile, no answer", *signed(provision, tutor))  # fmt: skip
    assert step.code == 0, step.err
    before = digest(provision)
    for action in (
        ("correct", str(incident), "--where", "Car park", "--reason", "r"),
        ("close", str(incident), "--returned-at", "10:29", "--outcome", "Back",
         "--skipped-reason", "r"),
        ("error", str(incident), "--reason", "r"),
    ):  # fmt: skip
        result = cli("absconding", *action, *signed(provision, tutor))
        assert result.code == 3, (action, result.err)
        assert "may not safeguarding" in result.err
    assert digest(provision) == before
    assert open_list(cli, provision)[0]["id"] == incident


def test_a_step_out_of_order_or_on_no_incident_is_refused(provision: Path, cli: Run) -> None:
    incident = start(cli, provision)
    before = digest(provision)
    early = cli("absconding", "debrief", str(incident), "--detail", "x", *signed(provision))
    assert early.code == 2 and "Record that the learner is back" in early.err
    blank = cli("absconding", "step", str(incident), "--kind", "parent_told", *signed(provision))
    assert blank.code == 2 and "Say which parent or carer was told" in blank.err
    before_seen = cli("absconding", "note", str(incident), "x", "--at", "10:00",
                      *signed(provision))  # fmt: skip
    assert before_seen.code == 2 and "before the learner was last seen" in before_seen.err
    missing = cli("absconding", "note", "999", "x", *signed(provision))
    assert missing.code == 2 and "there is no incident 999" in missing.err
    assert digest(provision) == before


@pytest.fixture
def london() -> Iterator[None]:
    """The computer's clock on UK time (the autumn change on Sunday 26 October 2025)."""
    old = os.environ.get("TZ")
    os.environ["TZ"] = "Europe/London"
    time.tzset()
    yield
    if old is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = old
    time.tzset()


def test_an_autumn_time_that_happens_twice_is_asked_about_not_guessed(
    provision: Path, cli: Run, london: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    second_0140 = datetime(2025, 10, 26, 1, 40, fold=1)  # 01:40 GMT, after the change
    monkeypatch.setattr(absconding_cmds, "_now", lambda: second_0140.astimezone())
    before = digest(provision)
    base = ("absconding", "start", "--upn", AALIYAH, "--last-seen")
    asked = cli(*base, "01:30", *signed(provision))
    assert asked.code == 2
    assert "01:30 on 26/10/2025 happens twice (the clocks went back): which one?" in asked.err
    assert "2025-10-26T01:30+01:00 (the first) or 2025-10-26T01:30+00:00" in asked.err
    assert digest(provision) == before
    answered = cli(*base, "2025-10-26T01:30+00:00", *signed(provision))
    assert answered.code == 0, answered.err
    (listed,) = open_list(cli, provision)
    assert listed["missing_for"] == "10 min 00 s"
