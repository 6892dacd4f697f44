"""Every PDF and CSV the app writes is written whole or not at all, readable by its writer only
(reports/whole.py)."""

from __future__ import annotations

import stat
import sys
from pathlib import Path

import pytest

from desktop_app.reports.whole import whole_file


def test_a_file_is_put_in_place_whole_replacing_one_of_that_name(tmp_path: Path) -> None:
    target = tmp_path / "new folder" / "report.pdf"
    with whole_file(target, ".pdf") as partial:
        assert partial.parent == target.parent and partial != target
        assert not target.exists()  # nothing there until it is whole
        partial.write_bytes(b"first")
    assert target.read_bytes() == b"first"
    with whole_file(target, ".pdf") as partial:
        partial.write_bytes(b"second")
        assert target.read_bytes() == b"first"
    assert target.read_bytes() == b"second"
    assert list(target.parent.iterdir()) == [target]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_the_file_is_readable_by_its_writer_only(tmp_path: Path) -> None:
    target = tmp_path / "sheet.pdf"
    with whole_file(target, ".pdf") as partial:
        partial.write_bytes(b"%PDF")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_a_failure_leaves_the_old_file_and_nothing_half_written(tmp_path: Path) -> None:
    target = tmp_path / "summary.csv"
    target.write_text("yesterday's")
    with pytest.raises(OSError, match="disk full"), whole_file(target, ".csv") as partial:
        partial.write_text("half")
        raise OSError("disk full")
    assert target.read_text() == "yesterday's"
    assert list(tmp_path.iterdir()) == [target]
