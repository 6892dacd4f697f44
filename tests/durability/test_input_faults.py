"""Issue 13 points 4, 7, 8 and 9 through the real command line: impossible dates, ambiguous
files, one-line failures with their documented codes, and the smaller holes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app.domain.calendar import parse_iso_date, term_problem
from desktop_app.domain.names import text_problem
from tests.durability.faults import (
    ENV,
    cli,
    make_register,
    one_line_error,
    passphrase_only,
    signed,
)

__all__ = ["passphrase_only"]


@pytest.fixture
def register(tmp_path: Path, passphrase_only: None) -> Path:
    path = tmp_path / "r.sqlite"
    make_register(path)
    return path


# point 4: impossible dates -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "says"),
    [
        ("2026-09-02", "9999-12-31", "outside 1900 to 2200"),
        ("20260902", "2026-12-18", "not a date in the form YYYY-MM-DD"),
        ("2012W011", "2026-12-18", "not a date in the form YYYY-MM-DD"),
        ("2107-09-02", "2107-12-18", "terms may be set up from"),
        ("2026-09-02", "2027-03-31", "at most about 4 months"),
        ("2026-06-01", "2026-09-30", "crosses 31 August"),
    ],
)
def test_impossible_terms_are_refused(register: Path, start: str, end: str, says: str) -> None:
    result = cli(register, *signed("calendar", "add-term", "X", start, end))
    assert result.returncode == 2 and says in result.stderr
    assert "Traceback" not in result.stderr


def test_terms_can_be_edited_and_removed(register: Path) -> None:
    added = cli(
        register, *signed("calendar", "add-term", "Spring 1 2026", "2026-01-05", "2026-02-13")
    )
    assert added.returncode == 0, added.stderr
    edited = cli(
        register,
        *signed("calendar", "edit-term", "Spring 1 2026", "2026-01-06", "2026-02-12"),
    )
    assert edited.returncode == 0, edited.stderr
    removed = cli(register, *signed("calendar", "remove-term", "Spring 1 2026"))
    assert removed.returncode == 0, removed.stderr
    listing = cli(register, *signed("calendar", "list"))
    assert "Spring 1 2026" not in listing.stdout and "Autumn 1 2025" in listing.stdout
    marks = register.parent / "m.csv"
    marks.write_text("upn,date,session,code\nL000000000001,2025-09-03,AM,/\n")
    assert cli(register, *signed("import", "marks", str(marks))).returncode == 0
    kept = cli(register, *signed("calendar", "remove-term", "Autumn 1 2025"))
    assert kept.returncode == 2 and "only an empty term" in kept.stderr


def test_date_rules() -> None:
    with pytest.raises(ValueError, match="form YYYY-MM-DD"):
        parse_iso_date("2026-9-2")
    with pytest.raises(ValueError, match="no such day"):
        parse_iso_date("2026-02-30")
    from datetime import date

    assert term_problem(date(2026, 9, 2), date(2026, 12, 18), date(2026, 11, 30)) is None


# point 7: ambiguous files --------------------------------------------------------------------


def _learners(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


HEADER = "upn,surname,forename,date_of_birth,start_date\n"
GOOD = "A123456789012,Khan,Sam,2012-01-01,2025-09-03\n"


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ("upn,surname,surname,forename,date_of_birth,start_date\n", "named more than once"),
        (HEADER + "A123456789012,Khan,Sam,2012-01-01,2025-09-03,extra\n", "has 6 values"),
        (HEADER + "A123456789012,Khan,Sam,2012-01-01\n", "has 4 values"),
        (HEADER + "A123456789012," + "K" * 120_000 + ",Sam,2012-01-01,2025-09-03\n", "field"),
        (HEADER + "A123456789012,Kh\u202ean,Sam,2012-01-01,2025-09-03\n", "text-direction"),
        (HEADER + "A123456789012,Kh\x1ban,Sam,2012-01-01,2025-09-03\n", "control"),
        (HEADER + "A123456789012,Khan,Sam,20120101,2025-09-03\n", "form YYYY-MM-DD"),
    ],
)
def test_ambiguous_learner_files_are_refused_with_row_and_field(
    register: Path, content: str, says: str
) -> None:
    result = cli(
        register, *signed("import", "learners", str(_learners(register.parent / "l.csv", content)))
    )
    assert result.returncode == 2, result.stderr
    assert says in result.stderr and "nothing was written" in result.stderr
    one_line_error(result)


def test_a_file_that_is_not_text_or_is_a_folder_is_refused(register: Path) -> None:
    png = register.parent / "photo.csv"
    png.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 100)
    result = cli(register, *signed("import", "learners", str(png)))
    assert result.returncode == 2 and "not a text file" in result.stderr
    folder = cli(register, *signed("import", "marks", str(register.parent)))
    assert folder.returncode == 2 and "folder" in one_line_error(folder)


def test_names_are_checked_the_same_everywhere() -> None:
    assert text_problem("O'Brien-Smith") is None
    assert text_problem("Zoë") is None
    assert "at most 100" in (text_problem("x" * 101) or "")
    assert "text-direction" in (text_problem("ab\u2066c") or "")


def test_a_50_mb_marks_file_is_read_in_under_200_mb(register: Path) -> None:
    """Streamed: every row is checked (all refused, unknown learner) without holding the file."""
    big = register.parent / "big.csv"
    row = "X99999999999{n:01d},2025-09-03,AM,/\n"
    with big.open("w", encoding="utf-8") as handle:
        handle.write("upn,date,session,code\n")
        line = row.format(n=0)
        handle.write(line * (50 * 1024 * 1024 // len(line)))
    assert big.stat().st_size >= 50 * 1024 * 1024 - 100
    code = (  # VmHWM: this process's peak resident size (ru_maxrss would count the parent's)
        "import re, sys\n"
        "from desktop_app.cli import main\n"
        "rc = main(sys.argv[1:])\n"
        "status = open('/proc/self/status').read()\n"
        "print(re.search(r'VmHWM:\\s+(\\d+)', status).group(1), file=sys.stderr)\n"
        "sys.exit(rc)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, "--database", str(register),
         *signed("import", "marks", str(big))],
        input="correct horse battery\n", capture_output=True, text=True, env=ENV, timeout=600,
    )  # fmt: skip
    assert result.returncode == 2
    peak_kb = int(result.stderr.strip().splitlines()[-1])
    assert peak_kb < 200 * 1024, f"peak {peak_kb // 1024} MB"


# point 8: one line and a documented code -----------------------------------------------------


def test_failures_are_one_line_with_their_codes(register: Path) -> None:
    late = register.parent / "late.csv"
    late.write_text("upn,date,session,code,minutes_late\nL000000000001,2025-09-03,AM,L,\u00b2\n")
    result = cli(register, *signed("import", "marks", str(late)))
    assert result.returncode == 2 and "minutes_late" in one_line_error(result)
    missing = cli(register, *signed("restore", str(register.parent / "nothing.sqlite")))
    assert missing.returncode == 2 and "no backup file" in one_line_error(missing)
    early = cli(register, *signed("alerts", "--as-of", "0001-01-01"))
    assert early.returncode == 2 and "Traceback" not in early.stderr


def test_audit_into_a_closed_pipe_ends_quietly(register: Path) -> None:
    shell = (
        f"{sys.executable} -m desktop_app --database {register} audit --user boss "
        "--password-stdin | head -1"
    )
    result = subprocess.run(
        ["bash", "-o", "pipefail", "-c", shell], input="correct horse battery\n",
        capture_output=True, text=True, env=ENV, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and "BrokenPipe" not in result.stderr


# point 9: smaller ----------------------------------------------------------------------------


def test_an_empty_file_is_not_made_into_a_register(tmp_path: Path, passphrase_only: None) -> None:
    empty = tmp_path / "empty.sqlite"
    empty.touch()
    result = cli(empty, "check")
    assert result.returncode == 2
    stats = cli(empty, *signed("stats"))
    assert stats.returncode == 2 and "empty file" in one_line_error(stats)
    assert empty.stat().st_size == 0


def test_the_register_and_its_backups_are_readable_by_their_owner_only(register: Path) -> None:
    assert oct(register.stat().st_mode & 0o777) == "0o600"
    out = register.parent / "b.sqlite"
    old = os.umask(0o022)
    try:
        assert cli(register, *signed("backup", "--out", str(out))).returncode == 0
    finally:
        os.umask(old)
    assert oct(out.stat().st_mode & 0o777) == "0o600"
