"""`alerts --json` ids, `alerts acknowledge` (a note or a notification made), `alerts --all`, and
`contact log`, end to end on a real database."""

from __future__ import annotations

import json
from pathlib import Path

from desktop_app.domain.upn import make_upn
from tests.cli.conftest import Run, digest

A = make_upn("820300000001")


def signed(db: Path, user: str = "boss") -> tuple[str, ...]:
    return ("--database", str(db), "--user", user, "--password-stdin")


def current(cli: Run, db: Path, *extra: str) -> list[dict]:
    result = cli("alerts", "--json", *extra, *signed(db))
    assert result.code == 0, result.err
    return json.loads(result.out)


def test_every_alert_has_a_stable_id(provision: Path, cli: Run) -> None:
    first = current(cli, provision)
    assert first and all(len(a["id"]) == 12 for a in first)
    assert len({a["id"] for a in first}) == len(first)
    assert [a["id"] for a in current(cli, provision)] == [a["id"] for a in first]


def test_an_acknowledged_alert_leaves_the_list_and_all_shows_who_and_when(
    provision: Path, cli: Run
) -> None:
    target = current(cli, provision)[0]
    result = cli(
        "alerts", "acknowledge", target["id"], "--note", "Tutor was off sick", *signed(provision)
    )
    assert result.code == 0, result.err
    assert "acknowledged by" in result.out
    assert target["id"] not in {a["id"] for a in current(cli, provision)}
    everything = {a["id"]: a for a in current(cli, provision, "--all")}
    done = everything[target["id"]]["acknowledged"]
    assert done["note"] == "Tutor was off sick" and done["by"] and done["at"]
    again = cli("alerts", "acknowledge", target["id"], "--note", "again", *signed(provision))
    assert again.code == 2 and "already" in again.err


def test_a_notification_made_is_kept_with_its_date_and_reference(provision: Path, cli: Run) -> None:
    target = current(cli, provision)[1]
    result = cli(
        "alerts",
        "acknowledge",
        target["id"],
        "--notified",
        "la",
        "--on",
        "2025-12-03",
        "--reference",
        "1234",
        *signed(provision),
    )
    assert result.code == 0, result.err
    assert "Local authority told on 03 Dec 2025, ref 1234" in result.out
    done = {a["id"]: a for a in current(cli, provision, "--all")}[target["id"]]["acknowledged"]
    assert (done["notified"], done["on"], done["reference"]) == ("la", "2025-12-03", "1234")


def test_bad_acknowledgements_are_refused_and_write_nothing(provision: Path, cli: Run) -> None:
    target = current(cli, provision)[0]["id"]
    before = digest(provision)
    assert cli("alerts", "acknowledge", "nosuchid0000", "--note", "x", *signed(provision)).code == 2
    assert cli("alerts", "acknowledge", target, *signed(provision)).code == 2  # no note
    no_date = cli("alerts", "acknowledge", target, "--notified", "police", *signed(provision))
    assert no_date.code == 2 and "--on" in no_date.err
    later = cli(
        "alerts", "acknowledge", target, "--notified", "yot", "--on", "2999-01-01",
        *signed(provision),
    )  # fmt: skip
    assert later.code == 2
    assert digest(provision) == before


def test_contact_log_records_a_call(provision: Path, cli: Run) -> None:
    result = cli(
        "contact", "log", "--upn", A, "--method", "phone", "--with", "Mary Ahmed (mum)",
        "--outcome", "spoke", *signed(provision),
    )  # fmt: skip
    assert result.code == 0, result.err
    assert "Logged a phone contact" in result.out


def test_contact_log_refuses_a_sighting_by_phone_and_an_unknown_learner(
    provision: Path, cli: Run
) -> None:
    before = digest(provision)
    seen = cli(
        "contact", "log", "--upn", A, "--method", "phone", "--with", "Mum",
        "--outcome", "seen_safe", *signed(provision),
    )  # fmt: skip
    assert seen.code == 2 and "home visit or a video call" in seen.err
    unknown = cli(
        "contact", "log", "--upn", make_upn("820300000099"), "--method", "text", "--with", "Mum",
        "--outcome", "replied", *signed(provision),
    )  # fmt: skip
    assert unknown.code == 2
    assert digest(provision) == before
