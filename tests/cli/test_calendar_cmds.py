"""`calendar import`, `copy-year`, `remove-closure` and `add-closure --marks`, end to end."""

from __future__ import annotations

import json
from pathlib import Path

from desktop_app.domain.upn import make_upn
from tests.cli.conftest import Run, digest

A = make_upn("820300000001")


def signed(db: Path) -> tuple[str, ...]:
    return ("--database", str(db), "--user", "boss", "--password-stdin")


def test_import_adds_every_term_or_none(provision: Path, cli: Run, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("name,start,end\nSpring 1 2026,2026-01-05,2026-02-13\nX,2025-10-01,2025-10-02\n")
    before = digest(provision)
    result = cli("calendar", "import", str(bad), *signed(provision))
    assert result.code == 2 and "Row 3, dates: overlaps Autumn 1 2025" in result.err
    assert digest(provision) == before
    ics = tmp_path / "la.ics"
    ics.write_text(
        "BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:Spring 1 2026\nDTSTART;VALUE=DATE:20260105\n"
        "DTEND;VALUE=DATE:20260214\nEND:VEVENT\nEND:VCALENDAR\n"
    )
    result = cli("calendar", "import", str(ics), *signed(provision))
    assert result.code == 0, result.err
    listing = cli("calendar", "list", *signed(provision)).out
    assert "Spring 1 2026" in listing and "2026-01-05 to 2026-02-13" in listing


def test_copy_year_prints_a_draft_and_saves_it_only_when_asked(provision: Path, cli: Run) -> None:
    before = digest(provision)
    draft = cli("calendar", "copy-year", "--from", "2025", *signed(provision))
    assert draft.code == 0 and "Autumn 1 2026" in draft.out and "2026-09-02 (Wed)" in draft.out
    assert digest(provision) == before
    assert cli("calendar", "copy-year", "--from", "2025", "--save", *signed(provision)).code == 0
    assert "Autumn 1 2026" in cli("calendar", "list", *signed(provision)).out
    assert cli("calendar", "copy-year", "--from", "2030", *signed(provision)).code == 2


def test_a_closure_over_marks_needs_marks_keep_or_replace(provision: Path, cli: Run) -> None:
    mark = ("arrive", "--upn", A, "--date", "2025-09-08", "--session", "AM", "--at", "09:10")
    assert cli(*mark, *signed(provision)).code == 0
    close = ("calendar", "add-closure", "2025-09-08", "--reason", "Boiler failure")
    before = digest(provision)
    refused = cli(*close, *signed(provision))
    assert refused.code == 2 and "1 mark is already recorded" in refused.err
    assert digest(provision) == before
    assert cli(*close, "--marks", "replace", *signed(provision)).code == 0
    when = ("--upn", A, "--date", "2025-09-08", "--session", "AM", "--json")
    entries = json.loads(cli("history", *when, *signed(provision)).out)
    assert [e["code"] for e in entries][-1] == "#"
    removed = cli("calendar", "remove-closure", "2025-09-08", *signed(provision))
    assert removed.code == 0 and "Boiler failure" in removed.out
    assert cli("calendar", "remove-closure", "2025-09-08", *signed(provision)).code != 0
