"""The command line end to end on a real database file: set-up, imports, stats, alerts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop_app.cli.parser import build_parser
from tests.cli.conftest import Run, digest

A, B = "E820300000001", "U820300000002"


def signed(db: Path, user: str = "boss") -> tuple[str, ...]:
    return ("--database", str(db), "--user", user, "--password-stdin")


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def marks_csv(*rows: str) -> str:
    return "upn,date,session,code,minutes_late\n" + "\n".join(rows) + "\n"


def amend_csv(*rows: str) -> str:
    """Marks to amend: the last column is the code each session has now (see import marks)."""
    return "upn,date,session,code,minutes_late,replaces\n" + "\n".join(rows) + "\n"


def test_every_command_has_help(cli: Run) -> None:
    """--help works, exits 0 and describes each command and sub-command."""
    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    for name, sub in commands.items():
        result = cli(name, "--help")
        assert result.code == 0 and "usage:" in result.out, name
        nested = [a for a in sub._actions if a.__class__.__name__ == "_SubParsersAction"]
        for child in nested[0].choices if nested else []:
            result = cli(name, child, "--help")
            assert result.code == 0 and "usage:" in result.out, (name, child)


def test_init_refuses_short_password_and_creates_nothing(tmp_path: Path, cli: Run) -> None:
    db = tmp_path / "new.sqlite"
    args = ("init", "--database", str(db), "--name", "AP", "--admin", "boss", "--password-stdin")
    result = cli(*args, password="short")
    assert result.code == 2
    assert "password" in result.err and "at least 8" in result.err
    assert not db.exists()


def test_init_refuses_an_existing_database(provision: Path, cli: Run) -> None:
    before = digest(provision)
    args = (
        "init",
        "--database",
        str(provision),
        "--name",
        "AP",
        "--admin",
        "x",
        "--password-stdin",
    )
    result = cli(*args)
    # a file: "already exists"; a server database: "already set up"
    assert result.code == 2 and ("already exists" in result.err or "already set up" in result.err)
    assert digest(provision) == before


def test_wrong_password_is_refused_with_exit_3(provision: Path, cli: Run) -> None:
    result = cli("stats", *signed(provision), password="not the password")
    assert result.code == 3 and "unknown username or password" in result.err


def test_tutor_cannot_add_a_term(provision: Path, cli: Run) -> None:
    """Roles are enforced in the service the command calls."""
    from desktop_app.config import database_url
    from desktop_app.domain.permissions import Role
    from desktop_app.services.database import open_database
    from desktop_app.services.provision import add_staff_unchecked
    from tests.conftest import PASSWORD

    db = open_database(database_url(str(provision)))
    with db.transaction() as session:
        add_staff_unchecked(session, "tina", "Tina Tutor", "Tutor", Role.TUTOR, PASSWORD)
    db.dispose()
    result = cli(
        "calendar", "add-term", "Spring", "2026-01-05", "2026-02-13", *signed(provision, "tina")
    )
    assert result.code == 3 and "may not manage calendar" in result.err


def test_calendar_lists_terms_closures_and_bank_holidays(provision: Path, cli: Run) -> None:
    assert (
        cli(
            "calendar", "add-closure", "2025-09-19", "--reason", "INSET day", *signed(provision)
        ).code
        == 0
    )
    pm = cli(
        "calendar",
        "add-closure",
        "2025-09-26",
        "--session",
        "PM",
        "--reason",
        "Staff training",
        *signed(provision),
    )
    assert pm.code == 0 and "PM session" in pm.out
    listing = cli("calendar", "list", *signed(provision))
    assert "Autumn 1 2025" in listing.out and "INSET day" in listing.out
    # 38 weekdays from 3 Sep to 24 Oct 2025, less the INSET day.
    assert "School days in all terms: 37" in listing.out


def test_closure_on_a_weekend_is_refused(provision: Path, cli: Run) -> None:
    before = digest(provision)
    result = cli("calendar", "add-closure", "2025-09-20", "--reason", "x", *signed(provision))
    assert result.code == 2 and "not a weekday inside a term" in result.err
    assert digest(provision) == before


def test_learner_import_refuses_bad_check_letter_naming_row_and_field(
    provision: Path, cli: Run, tmp_path: Path
) -> None:
    before = digest(provision)
    bad = write(
        tmp_path,
        "more.csv",
        "upn,surname,forename,date_of_birth,start_date\n"
        "A820300000003,Cole,Cara,2011-01-01,2025-09-03\n",
    )
    result = cli("import", "learners", str(bad), *signed(provision))
    assert result.code == 2
    assert "more.csv, row 2, field 'upn'" in result.err and "check letter" in result.err
    assert digest(provision) == before


def test_marks_import_and_stats_json(provision: Path, cli: Run, tmp_path: Path) -> None:
    rows = [
        f"{A},2025-09-08,AM,/,",
        f"{A},2025-09-08,PM,L,12",
        f"{A},2025-09-09,AM,N,",
        f"{A},2025-09-09,PM,I,",
        f"{A},2025-09-10,AM,D,",
        f"{A},2025-09-10,PM,\\,",
        f"{B},2025-09-15,AM,O,",
        f"{B},2025-09-15,PM,O,",
    ]
    path = write(tmp_path, "marks.csv", marks_csv(*rows))
    assert cli("import", "marks", str(path), *signed(provision)).code == 0
    result = cli("stats", "--json", *signed(provision))
    data = json.loads(result.out)
    by_upn = {row["upn"]: row for row in data["learners"]}
    assert by_upn[A] == {
        "upn": A,
        "possible": 5,
        "attended": 3,
        "authorised": 1,
        "unauthorised": 1,
        "late": 1,
        "attendance_percent": 60.0,
        "persistent_absence": True,
        "severe_absence": False,
    }
    assert by_upn[B]["attendance_percent"] == 0.0 and by_upn[B]["severe_absence"] is True
    assert data["totals"]["possible"] == 7 and data["totals"]["attended"] == 3
    assert data["totals"]["attendance_percent"] == 42.86


def test_stats_percent_is_null_when_nothing_was_possible(
    provision: Path, cli: Run, tmp_path: Path
) -> None:
    path = write(tmp_path, "marks.csv", marks_csv(f"{A},2025-09-08,AM,D,"))
    assert cli("import", "marks", str(path), *signed(provision)).code == 0
    data = json.loads(cli("stats", "--json", "--upn", A, *signed(provision)).out)
    assert data["learners"][0]["attendance_percent"] is None
    assert data["learners"][0]["possible"] == 0


def test_stats_date_range_and_readable_table(provision: Path, cli: Run, tmp_path: Path) -> None:
    path = write(tmp_path, "marks.csv", marks_csv(f"{A},2025-09-08,AM,/,", f"{A},2025-09-15,AM,O,"))
    assert cli("import", "marks", str(path), *signed(provision)).code == 0
    data = json.loads(cli("stats", "--json", "--from", "2025-09-14", *signed(provision)).out)
    row = next(r for r in data["learners"] if r["upn"] == A)
    assert (row["possible"], row["unauthorised"]) == (1, 1)
    table = cli("stats", "--to", "2025-09-12", *signed(provision)).out
    assert "Aaliyah Ahmed" in table and "100.0%" in table


BAD_MARKS = {
    "unknown code": (f"{A},2025-09-08,AM,Q9,", "code", "not an attendance code"),
    "retired code": (f"{A},2025-09-08,AM,H,", "code", "retired code"),
    "bad date": (f"{A},2025-13-08,AM,/,", "date", "not a date"),
    "unknown UPN": ("K820300000009,2025-09-08,AM,/,", "upn", "no learner"),
    "slash on PM": (f"{A},2025-09-08,PM,/,", "code", "morning present mark"),
    "backslash on AM": (f"{A},2025-09-08,AM,\\,", "code", "afternoon present mark"),
    "before start": (f"{B},2025-09-08,AM,/,", "date", "before the learner's start date"),
    "after leaving": (f"{B},2025-10-13,AM,/,", "date", "after the learner's leaving date"),
    "weekend": (f"{A},2025-09-13,AM,/,", "date", "weekend"),
    "late minutes on a present mark": (
        f"{A},2025-09-08,AM,/,5",
        "minutes_late",
        "only go with L or U",
    ),
    "bad session": (f"{A},2025-09-08,EVE,/,", "session", "not AM or PM"),
}


@pytest.mark.parametrize("case", sorted(BAD_MARKS))
def test_bad_marks_file_is_refused_and_database_is_unchanged(
    case: str, provision: Path, cli: Run, tmp_path: Path
) -> None:
    """One bad row: exit 2, the file, row and field named, and not one byte written."""
    row, field, message = BAD_MARKS[case]
    path = write(tmp_path, "marks.csv", marks_csv(f"{A},2025-09-09,AM,/,", row))
    before = digest(provision)
    result = cli("import", "marks", str(path), *signed(provision))
    assert result.code == 2
    assert f"marks.csv, row 3, field '{field}'" in result.err and message in result.err
    assert "nothing was written" in result.err
    assert digest(provision) == before


def test_z_before_start_date_is_accepted(provision: Path, cli: Run, tmp_path: Path) -> None:
    path = write(tmp_path, "marks.csv", marks_csv(f"{B},2025-09-08,AM,Z,"))
    assert cli("import", "marks", str(path), *signed(provision)).code == 0


def test_duplicate_rows_in_one_file_are_refused(provision: Path, cli: Run, tmp_path: Path) -> None:
    path = write(
        tmp_path, "marks.csv", marks_csv(f"{A},2025-09-08,AM,/,", f"{A},2025-09-08,AM,L,5")
    )
    before = digest(provision)
    result = cli("import", "marks", str(path), *signed(provision))
    assert result.code == 2 and "also on row 2" in result.err
    assert digest(provision) == before


def test_existing_mark_is_refused_without_amend(provision: Path, cli: Run, tmp_path: Path) -> None:
    first = write(tmp_path, "first.csv", marks_csv(f"{A},2025-09-08,AM,N,"))
    assert cli("import", "marks", str(first), *signed(provision)).code == 0
    before = digest(provision)
    again = write(tmp_path, "marks.csv", marks_csv(f"{A},2025-09-08,AM,I,"))
    result = cli("import", "marks", str(again), *signed(provision))
    assert result.code == 2 and "already has the mark 'N'" in result.err and "--amend" in result.err
    assert digest(provision) == before


def test_amend_records_each_change_as_an_amendment(
    provision: Path, cli: Run, tmp_path: Path
) -> None:
    first = write(
        tmp_path, "first.csv", marks_csv(f"{A},2025-09-08,AM,N,", f"{A},2025-09-08,PM,\\,")
    )
    assert cli("import", "marks", str(first), *signed(provision)).code == 0
    again = write(
        tmp_path,
        "fix.csv",
        amend_csv(f"{A},2025-09-08,AM,I,,N", f"{A},2025-09-08,PM,\\,,\\"),
    )
    result = cli(
        "import", "marks", str(again), "--amend", "--reason", "Mum rang: ill", *signed(provision)
    )
    assert result.code == 0 and "0 new marks and 1 amendments" in result.out
    history = [("AM", ["N", "I"]), ("PM", ["\\"])]
    for session, codes in history:
        shown = cli(
            "history",
            "--upn",
            A,
            "--date",
            "2025-09-08",
            "--session",
            session,
            "--json",
            *signed(provision),
        )
        assert [e["code"] for e in json.loads(shown.out)] == codes
    amended = json.loads(
        cli(
            "history",
            "--upn",
            A,
            "--date",
            "2025-09-08",
            "--session",
            "AM",
            "--json",
            *signed(provision),
        ).out
    )[-1]
    assert (amended["reason"], amended["recorded_by"], amended["position"]) == (
        "Mum rang: ill",
        "boss",
        "Director",
    )


def test_one_bad_row_means_nothing_is_imported(provision: Path, cli: Run, tmp_path: Path) -> None:
    rows = [f"{A},2025-09-{d:02d},AM,/," for d in (8, 9, 10, 11)] + [f"{A},2025-09-12,AM,X1,"]
    path = write(tmp_path, "marks.csv", marks_csv(*rows))
    assert cli("import", "marks", str(path), *signed(provision)).code == 2
    data = json.loads(cli("stats", "--json", "--upn", A, *signed(provision)).out)
    assert data["learners"][0]["possible"] == 0


def test_alerts_json_reports_unresolved_n_and_missing_registers(
    provision: Path, cli: Run, tmp_path: Path
) -> None:
    rows = [f"{A},2025-09-08,AM,N,", f"{A},2025-09-08,PM,\\,"]
    assert (
        cli(
            "import", "marks", str(write(tmp_path, "m.csv", marks_csv(*rows))), *signed(provision)
        ).code
        == 0
    )
    result = cli("alerts", "--as-of", "2025-09-16", "--json", *signed(provision))
    alerts = json.loads(result.out)
    unresolved = [a for a in alerts if a["kind"] == "unresolved_n_code"]
    assert all(len(a.pop("id")) == 12 for a in alerts)  # each alert has its stable id
    # Monday 8th: five school days later is Monday 15th; it is older than five on Tuesday 16th.
    assert unresolved == [
        {
            "kind": "unresolved_n_code",
            "upn": A,
            "date": "2025-09-16",
            "detail": "N for 2025-09-08 AM not replaced within 5 school days",
        }
    ]
    missing = {(a["upn"], a["date"]) for a in alerts if a["kind"] == "missing_register"}
    assert (A, "2025-09-03") in missing and (B, "2025-09-15") in missing
    assert (A, "2025-09-08") not in missing and (B, "2025-09-12") not in missing
    earlier = json.loads(cli("alerts", "--as-of", "2025-09-15", "--json", *signed(provision)).out)
    assert not [a for a in earlier if a["kind"] == "unresolved_n_code"]


def test_alerts_in_the_future_are_refused(provision: Path, cli: Run) -> None:
    result = cli("alerts", "--as-of", "2199-01-01", *signed(provision))
    assert result.code == 2 and "in the future" in result.err


def test_history_json_lists_the_mark_and_its_amendments_oldest_first(
    provision: Path, cli: Run, tmp_path: Path
) -> None:
    first = write(tmp_path, "first.csv", marks_csv(f"{A},2025-09-08,AM,N,"))
    assert cli("import", "marks", str(first), *signed(provision)).code == 0
    fix = write(tmp_path, "fix.csv", amend_csv(f"{A},2025-09-08,AM,I,,N"))
    assert (
        cli(
            "import", "marks", str(fix), "--amend", "--reason", "GP letter", *signed(provision)
        ).code
        == 0
    )
    result = cli(
        "history",
        "--upn",
        A,
        "--date",
        "2025-09-08",
        "--session",
        "AM",
        "--json",
        *signed(provision),
    )
    entries = json.loads(result.out)
    assert [(e["code"], e["recorded_by"], e["position"], e["reason"]) for e in entries] == [
        ("N", "boss", "Director", None),
        ("I", "boss", "Director", "GP letter"),
    ]
    assert entries[0]["recorded_at"] <= entries[1]["recorded_at"]
    table = cli(
        "history", "--upn", A, "--date", "2025-09-08", "--session", "AM", *signed(provision)
    )
    assert "amended" in table.out and "GP letter" in table.out


def test_amend_without_a_reason_is_bad_input(provision: Path, cli: Run, tmp_path: Path) -> None:
    path = write(tmp_path, "marks.csv", marks_csv(f"{A},2025-09-08,AM,/,"))
    before = digest(provision)
    result = cli("import", "marks", str(path), "--amend", *signed(provision))
    assert result.code == 2 and "--amend and --reason go together" in result.err
    assert digest(provision) == before
