"""`settings times|show`, `arrive` and `history --json`'s minutes late, end to end."""

from __future__ import annotations

import json
from pathlib import Path

from desktop_app.domain.upn import make_upn
from tests.cli.conftest import Run, digest

A = make_upn("820300000001")


def signed(db: Path, user: str = "boss") -> tuple[str, ...]:
    return ("--database", str(db), "--user", user, "--password-stdin")


def arrive(cli: Run, db: Path, day: str, at: str, session: str = "AM") -> tuple[int, str]:
    result = cli("arrive", "--upn", A, "--date", day, "--session", session, "--at", at, *signed(db))
    return result.code, result.out + result.err


def history(cli: Run, db: Path, day: str, session: str = "AM") -> list[dict]:
    result = cli("history", "--upn", A, "--date", day, "--session", session, "--json", *signed(db))
    assert result.code == 0, result.err
    return json.loads(result.out)


def quarter_past(cli: Run, db: Path, *extra: str) -> int:
    return cli(
        "settings", "times", "--am", "09:15-09:45", "--pm", "12:45-13:15", *extra, *signed(db)
    ).code


def test_an_arrival_follows_the_provisions_own_times_at_the_edges(
    provision: Path, cli: Run
) -> None:
    assert quarter_past(cli, provision, "--from", "2025-09-01") == 0
    assert arrive(cli, provision, "2025-09-08", "09:44") == (
        0,
        "Recorded L for 2025-09-08 AM, 29 min late\n",
    )
    assert arrive(cli, provision, "2025-09-09", "09:45")[1].startswith("Recorded U")
    assert [e["minutes_late"] for e in history(cli, provision, "2025-09-08")] == [29]
    assert [(e["code"], e["minutes_late"]) for e in history(cli, provision, "2025-09-09")] == [
        ("U", 30)
    ]


def test_an_arrival_before_the_start_is_refused_and_writes_nothing(
    provision: Path, cli: Run
) -> None:
    assert quarter_past(cli, provision, "--from", "2025-09-01") == 0
    before = digest(provision)
    code, text = arrive(cli, provision, "2025-09-08", "09:10")
    assert code == 2 and "09:15" in text
    assert digest(provision) == before


def test_an_arrival_converts_an_n_and_keeps_it_as_an_amendment(
    provision: Path, cli: Run, tmp_path: Path
) -> None:
    marks = tmp_path / "marks.csv"
    marks.write_text(f"upn,date,session,code\n{A},2025-09-08,AM,N\n")
    assert cli("import", "marks", str(marks), *signed(provision)).code == 0
    assert arrive(cli, provision, "2025-09-08", "09:20")[0] == 0
    entries = history(cli, provision, "2025-09-08")
    assert [(e["code"], e["minutes_late"]) for e in entries] == [("N", None), ("L", 20)]
    assert entries[1]["reason"] == "Arrived at 09:20"
    code, text = arrive(cli, provision, "2025-09-08", "09:25")
    assert code == 2 and "already marked 'L'" in text


def test_times_are_refused_with_a_sentence_and_a_back_dated_change_after_marks(
    provision: Path, cli: Run
) -> None:
    bad = cli("settings", "times", "--am", "09:00-09:31", "--pm", "12:45-13:15", *signed(provision))
    assert bad.code == 2 and "at most 30 minutes" in bad.err
    assert arrive(cli, provision, "2025-09-08", "09:05")[0] == 0
    before = digest(provision)
    assert quarter_past(cli, provision, "--from", "2025-09-01") == 2
    assert digest(provision) == before


def test_show_gives_each_weekday_and_the_changes_to_come(provision: Path, cli: Run) -> None:
    assert quarter_past(cli, provision, "--from", "2099-09-01", "--weekday", "fri") == 0
    shown = cli("settings", "show", "--json", *signed(provision))
    times = json.loads(shown.out)["session_times"]
    assert times["this_week"]["fri"]["AM"] == {"start": "09:00", "close": "09:30"}
    assert times["coming"] == [
        {
            "from": "2099-09-01",
            "weekday": "fri",
            "AM": {"start": "09:15", "close": "09:45"},
            "PM": {"start": "12:45", "close": "13:15"},
        }
    ]
    text = cli("settings", "show", *signed(provision)).out
    assert "Friday" in text and "From 2099-09-01 (Fridays): AM 09:15–09:45" in text


def test_set_changes_a_threshold_and_show_lists_it_with_its_default(
    provision: Path, cli: Run
) -> None:
    assert cli("settings", "set", "lateness_marks", "3", *signed(provision)).code == 0
    shown = json.loads(cli("settings", "show", "--json", *signed(provision)).out)["thresholds"]
    assert shown["lateness_marks"]["value"] == 3 and shown["lateness_marks"]["default"] == 5
    assert shown["band_no_concern"]["source"].startswith("seed 003")
    text = cli("settings", "show", *signed(provision)).out
    assert "lateness_marks               3  [default 5]" in text
    before = digest(provision)
    refused = cli("settings", "set", "band_upper_amber", "97", *signed(provision))
    assert refused.code == 2 and "bands must go down" in refused.err
    assert cli("settings", "set", "lateness_marks", "x", *signed(provision)).code == 2
    assert digest(provision) == before


def test_the_ten_day_notice_rule_is_set_by_its_name(provision: Path, cli: Run) -> None:
    done = cli("settings", "set", "unauthorised_run_rule", "accumulated", *signed(provision))
    assert done.code == 0 and "unauthorised_run_rule = accumulated" in done.out
    shown = json.loads(cli("settings", "show", "--json", *signed(provision)).out)["thresholds"]
    assert shown["unauthorised_run_rule"]["value"] == 1
    assert shown["unauthorised_run_rule"]["choices"] == ["continuous", "accumulated"]
    assert "unauthorised_run_rule        accumulated  [default continuous]" in (
        cli("settings", "show", *signed(provision)).out
    )
    before = digest(provision)
    wrong = cli("settings", "set", "unauthorised_run_rule", "sometimes", *signed(provision))
    assert wrong.code == 2 and "continuous, accumulated" in wrong.err
    assert cli("settings", "set", "unauthorised_run_rule", "2", *signed(provision)).code == 2
    assert digest(provision) == before


def test_staff_edit_and_a_password_to_change_refuses_the_command_line(
    provision: Path, cli: Run
) -> None:
    added = cli(
        "staff",
        "add",
        "tom",
        "--full-name",
        "Tom",
        "--position",
        "Tutor",
        "--role",
        "tutor",
        *signed(provision),
        password="correct horse battery\nlong password one",
    )
    assert added.code == 0, added.err
    edited = cli(
        "staff",
        "edit",
        "tom",
        "--position",
        "Senior tutor",
        "--must-change-password",
        *signed(provision),
    )
    assert edited.code == 0 and "must choose a new password" in edited.out
    refused = cli("stats", *signed(provision, "tom"), password="long password one")
    assert refused.code == 3 and "choose a new password" in refused.err
    last = cli("staff", "edit", "boss", "--role", "tutor", *signed(provision))
    assert last.code == 2 and "last active director" in last.err


def test_provision_details_and_the_setup_checklist(provision: Path, cli: Run) -> None:
    done = cli(
        "settings",
        "provision",
        "--address",
        "1 Mill Lane\\nLeeds",
        "--phone",
        "0113 496 0000",
        *signed(provision),
    )
    assert done.code == 0, done.err
    assert "Address: 1 Mill Lane, Leeds" in done.out and "Phone: 0113 496 0000" in done.out
    checklist = cli("settings", "setup", *signed(provision))
    assert checklist.code == 0, checklist.err
    assert "[x] Provision details" in checklist.out
    assert len([line for line in checklist.out.splitlines() if line.startswith("[")]) == 6
    before = digest(provision)
    bad = cli("settings", "provision", "--email", "not an email", *signed(provision))
    assert bad.code == 2 and "email" in (bad.out + bad.err).lower()
    assert digest(provision) == before
