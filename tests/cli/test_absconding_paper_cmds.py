"""`absconding show|sheet|report`: one incident in full and its two papers, through the window's
service call, writers and audit wording.

Exit codes: 0 done; 2 bad input or a file problem, nothing written (the register's digest is
unchanged, so no audit entry either); 3 refused; 4 busy. The command's clock is fixed (`_now`).
"""

from __future__ import annotations

import errno
import json
import stat
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from desktop_app.cli import absconding_cmds
from desktop_app.config import database_url
from desktop_app.reports import absconding_papers
from desktop_app.reports.absconding_common import Target
from desktop_app.services import audit
from desktop_app.services.audit import AuditRow, audit_log
from desktop_app.services.auth import authenticate
from desktop_app.services.database import open_database
from desktop_app.services.errors import Busy
from tests.cli.conftest import Run, digest
from tests.cli.test_absconding_cmds import AALIYAH, NOW, clock, london, signed, start, tutor
from tests.conftest import PASSWORD
from tests.reports.pdf_text import text as pdf_text

__all__ = ["clock", "london", "tutor"]  # the fixtures, used by name (clock: autouse)

#: Each paper: its command, the audit log's words, and its PDF's title.
PAPERS = [
    ("sheet", "missing-learner sheet (PDF)", b"/Title (Missing learner: Aaliyah Ahmed)"),
    ("report", "incident report (PDF)", b"/Title (Absconding incident report: Aaliyah Ahmed)"),
]


def views(provision: Path) -> list[AuditRow]:
    """The audit log's 'view' entries, newest first (read as the director)."""
    db = open_database(database_url(str(provision)))
    try:
        rows = audit_log(db, authenticate(db, "boss", PASSWORD))
    finally:
        db.dispose()
    return [row for row in rows if row.action == "view"]


def run(cli: Run, provision: Path, *args: str, user: str = "boss") -> tuple[int, str, str]:
    result = cli("absconding", *args, *signed(provision, user))
    assert "Traceback" not in result.err
    return result.code, result.out, result.err


def busy_incident(cli: Run, provision: Path) -> int:
    """An incident started by the director ('boss'), the police told (recorded 5 minutes
    late), and a note."""
    incident = start(cli, provision, "--where", "Front gate", "--clothing", "Red coat")
    for step in (
        ("step", str(incident), "--kind", "police_told", "--channel", "101",
         "--reference", "CAD 4411", "--at", "10:25"),
        ("note", str(incident), "Seen heading to the bus station"),
    ):  # fmt: skip
        assert run(cli, provision, *step)[0] == 0
    return incident


def test_show_gives_the_learner_last_seen_time_missing_and_each_timeline_entry(
    provision: Path, cli: Run
) -> None:
    incident = busy_incident(cli, provision)
    code, out, err = run(cli, provision, "show", str(incident))
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == f"Incident {incident}: Aaliyah Ahmed (UPN {AALIYAH}): missing"
    assert "Last seen 06/10/2025 10:18. Where: Front gate. Seen by: not recorded yet." in out
    assert "Missing for 12 min 00 s." in lines
    assert "Clothing: Red coat" in lines
    timeline = lines[lines.index("Timeline, oldest first (2):") + 1 :]
    assert timeline == [
        "  06/10/2025 10:25  Police told: 101, ref CAD 4411 (recorded by boss, 06/10/2025 10:30)",
        "  06/10/2025 10:30  Note: Seen heading to the bus station "
        "(recorded by boss, 06/10/2025 10:30)",
    ]


def test_show_is_audited_as_the_window_audits_opening_an_incident(
    provision: Path, cli: Run
) -> None:
    incident = start(cli, provision)
    before = views(provision)
    assert run(cli, provision, "show", str(incident))[0] == 0
    added = views(provision)[: len(views(provision)) - len(before)]
    assert [(r.entity, r.upn, r.detail) for r in added] == [
        ("absconding incident", AALIYAH, "opened absconding incident")
    ]


def test_show_json_has_the_list_fields_the_status_and_the_timeline(
    provision: Path, cli: Run
) -> None:
    incident = busy_incident(cli, provision)
    (listed,) = json.loads(run(cli, provision, "list", "--json")[1])
    code, out, err = run(cli, provision, "show", str(incident), "--json")
    assert code == 0, err
    shown = json.loads(out)
    assert {key: shown[key] for key in listed} == listed
    assert (shown["missing_for"], shown["missing_seconds"], shown["missing_minutes"]) == (
        "12 min 00 s",
        720,
        12,
    )
    assert (shown["upn"], shown["status"], shown["clothing"]) == (AALIYAH, "missing", "Red coat")
    assert [(e["kind"], e["detail"], e["recorded_by"]) for e in shown["entries"]] == [
        ("police_told", "101, ref CAD 4411", "boss"),
        ("note", "Seen heading to the bus station", "boss"),
    ]
    police = shown["entries"][0]
    assert datetime.fromisoformat(police["at"]) == NOW - timedelta(minutes=5)
    assert datetime.fromisoformat(police["recorded_at"]) == NOW


def test_the_clock_stops_when_found_and_a_closed_incident_says_how_it_closed(
    provision: Path, cli: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    incident = busy_incident(cli, provision)
    found = ("step", str(incident), "--kind", "found", "--place", "Bus station",
             "--person", "PC Patel", "--condition", "calm", "--at", "10:29")  # fmt: skip
    assert run(cli, provision, *found)[0] == 0
    monkeypatch.setattr(absconding_cmds, "_now", lambda: NOW + timedelta(hours=2))
    shown = json.loads(run(cli, provision, "show", str(incident), "--json")[1])
    assert (shown["status"], shown["missing_for"]) == ("found", "11 min 00 s")
    close = ("close", str(incident), "--returned-at", "12:00", "--outcome", "Home with mum",
             "--skipped-reason", "Mum came to collect her")  # fmt: skip
    assert run(cli, provision, *close)[0] == 0
    monkeypatch.setattr(absconding_cmds, "_now", lambda: NOW + timedelta(days=1))
    code, out, err = run(cli, provision, "show", str(incident))
    assert code == 0, err
    assert out.splitlines()[0].endswith(": closed")
    assert "Missing for 11 min 00 s (clock stopped)." in out
    assert "Closed 06/10/2025 12:30. Returned 06/10/2025 12:00." in out.splitlines()
    assert "Closed (returned) by boss. Outcome: Home with mum" in out.splitlines()
    assert "Return interview owed: to be offered by 09/10/2025 10:29." in out.splitlines()


def test_closed_with_a_return_time_the_clock_stops_when_they_came_back_not_at_closing(
    provision: Path, cli: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Never marked found: back at 12:00 (the closing's return time), closed at 12:30. Missing
    for last seen to 12:00, as the incident report says, not to the closing."""
    incident = busy_incident(cli, provision)
    monkeypatch.setattr(absconding_cmds, "_now", lambda: NOW + timedelta(hours=2))
    close = ("close", str(incident), "--returned-at", "12:00", "--outcome", "Walked back in",
             "--skipped-reason", "Back before the police were called")  # fmt: skip
    assert run(cli, provision, *close)[0] == 0
    monkeypatch.setattr(absconding_cmds, "_now", lambda: NOW + timedelta(days=1))
    shown = json.loads(run(cli, provision, "show", str(incident), "--json")[1])
    assert (shown["status"], shown["missing_for"]) == ("closed", "1 h 42 min")


def test_show_gives_the_true_time_missing_across_the_clocks_going_back(
    provision: Path, cli: Run, london: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Last seen 01:30 BST, now 01:40 GMT: 1 h 10 min have passed, not 10 min."""
    second_0140 = datetime(2025, 10, 26, 1, 40, fold=1).astimezone()
    monkeypatch.setattr(absconding_cmds, "_now", lambda: second_0140)
    started = cli("absconding", "start", "--upn", AALIYAH, "--last-seen",
                  "2025-10-26T01:30+01:00", *signed(provision))  # fmt: skip
    assert started.code == 0, started.err
    code, out, err = run(cli, provision, "show", "1")
    assert code == 0, err
    assert "Missing for 1 h 10 min." in out.splitlines()


@pytest.mark.parametrize("action", ["show", "sheet", "report"])
def test_an_unknown_incident_is_bad_input_and_nothing_is_written(
    provision: Path, cli: Run, tmp_path: Path, action: str
) -> None:
    out = tmp_path / "paper.pdf"
    extra = () if action == "show" else ("--out", str(out))
    before = digest(provision)
    code, printed, err = run(cli, provision, action, "999", *extra)
    assert code == 2
    assert err == "error: there is no incident 999\n" and printed == ""
    assert digest(provision) == before  # no audit entry
    assert not out.exists()


@pytest.mark.parametrize("action", ["show", "sheet", "report"])
def test_a_tutor_sees_an_open_incident_but_is_refused_a_closed_one(
    provision: Path, cli: Run, tutor: str, tmp_path: Path, action: str
) -> None:
    incident = start(cli, provision)
    out = tmp_path / "paper.pdf"
    extra = () if action == "show" else ("--out", str(out))
    assert run(cli, provision, action, str(incident), *extra, user=tutor)[0] == 0
    out.unlink(missing_ok=True)
    assert run(cli, provision, "error", str(incident), "--reason", "Wrong learner")[0] == 0
    before = digest(provision)
    code, printed, err = run(cli, provision, action, str(incident), *extra, user=tutor)
    assert code == 3 and printed == ""
    assert err.startswith("error: ") and "safeguarding" in err and err.count("\n") == 1
    assert digest(provision) == before
    assert not out.exists()
    assert run(cli, provision, action, str(incident), *extra)[0] == 0  # the director may


def test_an_incident_closed_in_error_keeps_the_time_it_was_closed_at(
    provision: Path, cli: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Never found: the clock stopped at closing, as in the window, not running on since."""
    incident = start(cli, provision)
    assert run(cli, provision, "error", str(incident), "--reason", "Wrong learner")[0] == 0
    monkeypatch.setattr(absconding_cmds, "_now", lambda: NOW + timedelta(days=1))
    shown = json.loads(run(cli, provision, "show", str(incident), "--json")[1])
    assert (shown["status"], shown["missing_for"]) == ("opened in error", "12 min 00 s")
    assert shown["prompt"] == "Closed as opened in error by boss: Wrong learner"


@pytest.mark.parametrize(("paper", "audited", "title"), PAPERS)
def test_a_paper_is_the_real_pdf_private_to_its_writer_and_audited_once(
    provision: Path, cli: Run, tmp_path: Path, paper: str, audited: str, title: bytes
) -> None:
    incident = busy_incident(cli, provision)
    out = tmp_path / "not yet made" / f"{paper}.pdf"
    before = views(provision)
    code, printed, err = run(cli, provision, paper, str(incident), "--out", str(out))
    assert code == 0, err
    assert printed == f"Wrote {out}\n"
    written = out.read_bytes()
    assert written.startswith(b"%PDF") and title in written
    assert "printed Mon 06/10/2025 10:30 by boss" in pdf_text(out)  # now, by whom signed in
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert list(out.parent.iterdir()) == [out]  # nothing half-written left beside it
    after = views(provision)
    added = after[: len(after) - len(before)]
    assert [(r.entity, r.upn, r.detail) for r in added] == [(audited, AALIYAH, f"opened {audited}")]


def test_a_paper_replaces_a_file_of_that_name(provision: Path, cli: Run, tmp_path: Path) -> None:
    incident = start(cli, provision)
    out = tmp_path / "sheet.pdf"
    out.write_bytes(b"an older sheet")
    assert run(cli, provision, "sheet", str(incident), "--out", str(out))[0] == 0
    assert out.read_bytes().startswith(b"%PDF")


def test_a_paper_not_ending_pdf_is_refused_before_anything_is_written(
    provision: Path, cli: Run, tmp_path: Path
) -> None:
    incident = start(cli, provision)
    before = digest(provision)
    code, _out, err = run(cli, provision, "report", str(incident), "--out", str(tmp_path / "r"))
    assert code == 2 and "'r' must end in .pdf" in err
    assert digest(provision) == before


def _folder_is_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, str]:
    (tmp_path / "papers").write_text("a file, not a folder")
    out = tmp_path / "papers" / "sheet.pdf"
    return out, f"could not read or write a file ({out}): Not a directory"


def _disk_fills(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, str]:
    def fills(_detail: object, target: Target, *_rest: object) -> None:
        assert isinstance(target, Path)
        target.write_bytes(b"%PDF-1.4 half a page")
        raise OSError(errno.ENOSPC, "No space left on device")

    paper = absconding_papers.PAPERS["sheet"]._replace(write=fills)
    monkeypatch.setitem(absconding_papers.PAPERS, "sheet", paper)
    (tmp_path / "papers").mkdir()
    out = tmp_path / "papers" / "sheet.pdf"
    return out, f"the disk is full ({out}): nothing was written"


Problem = Callable[[Path, pytest.MonkeyPatch], tuple[Path, str]]


@pytest.mark.parametrize("problem", [_folder_is_a_file, _disk_fills])
def test_a_paper_that_cannot_be_written_says_so_and_is_not_audited(
    provision: Path, cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, problem: Problem
) -> None:
    incident = start(cli, provision)
    out, message = problem(tmp_path, monkeypatch)
    before = digest(provision)
    code, printed, err = run(cli, provision, "sheet", str(incident), "--out", str(out))
    assert code == 2 and printed == ""
    assert err.startswith(f"error: {message}") and err.count("\n") == 1
    assert digest(provision) == before  # no audit entry says it was printed
    assert not out.exists()
    if out.parent.is_dir():
        assert list(out.parent.iterdir()) == []  # nor a half-written file


def test_a_paper_the_audit_log_cannot_note_is_not_kept(
    provision: Path, cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    incident = start(cli, provision)

    def busy(*_args: object) -> None:
        raise Busy()

    monkeypatch.setattr(audit, "record_view", busy)
    out = tmp_path / "report.pdf"
    code, printed, err = run(cli, provision, "report", str(incident), "--out", str(out))
    assert code == 4 and printed == "" and "in use" in err
    assert not out.exists() and list(tmp_path.glob("*.partial")) == []


def test_show_is_shown_even_if_the_audit_line_fails_as_in_the_window(
    provision: Path, cli: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    incident = start(cli, provision)

    def busy(*_args: object) -> None:
        raise Busy()

    monkeypatch.setattr(audit, "record_view", busy)
    code, out, err = run(cli, provision, "show", str(incident))
    assert code == 0 and out.startswith(f"Incident {incident}: Aaliyah Ahmed")
    assert err == "warning: the audit log could not note this view: the register is in use; " \
        "try again\n"  # fmt: skip
