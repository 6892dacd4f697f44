"""Issue 13 point 1 (and 8): a writer reads under the write lock; two writers queue; a writer
kept waiting too long is told "the register is in use; try again" (exit 4), never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from desktop_app.config import database_url
from desktop_app.models import Mark
from desktop_app.services.database import open_database
from desktop_app.services.errors import Busy
from tests.durability.faults import (
    PASSPHRASE,
    cli,
    make_register,
    marks_csv,
    one_line_error,
    opened,
    passphrase_only,
    signed,
    start_cli,
)

__all__ = ["passphrase_only"]


def test_a_write_transaction_holds_the_lock_from_its_first_read(
    tmp_path: Path, passphrase_only: None
) -> None:
    """BEGIN IMMEDIATE: a second writer cannot even read inside its transaction until the first
    commits, so nothing it read can have changed under it; plain readers are not blocked."""
    path = tmp_path / "r.sqlite"
    make_register(path)
    first = opened(path)
    second = open_database(database_url(str(path)), ask=lambda new: PASSPHRASE, busy_ms=200)
    try:
        with first.transaction() as session:
            session.execute(text("SELECT count(*) FROM marks")).scalar()  # a read only
            busy = pytest.raises(Busy, match="the register is in use; try again")
            with busy, second.transaction() as other:
                other.execute(text("SELECT count(*) FROM marks")).scalar()
            with second.reading() as reader:  # readers still read (WAL)
                assert reader.execute(text("SELECT count(*) FROM learners")).scalar() == 30
    finally:
        first.dispose()
        second.dispose()


def test_the_command_line_waits_then_says_busy_with_exit_4(
    tmp_path: Path, passphrase_only: None
) -> None:
    path = tmp_path / "r.sqlite"
    make_register(path)
    csv = marks_csv(tmp_path / "m.csv", [("L000000000001", "2025-09-03", "AM", "/")])
    holder = opened(path)
    try:
        with holder.transaction() as session:
            session.execute(text("SELECT 1 FROM marks")).all()
            result = cli(
                path,
                *signed("import", "marks", str(csv)),
                env={"PROVISION_REGISTER_BUSY_MS": "300"},
            )
    finally:
        holder.dispose()
    assert result.returncode == 4, result.stderr
    assert "the register is in use; try again" in one_line_error(result)
    db = opened(path)
    with db.reading() as session:
        assert session.scalar(select(func.count()).select_from(Mark)) == 0  # nothing written
    db.dispose()


def test_two_imports_of_the_same_session_at_once_one_wins_the_other_is_refused(
    tmp_path: Path, passphrase_only: None
) -> None:
    path = tmp_path / "r.sqlite"
    make_register(path)
    rows = [(upn, "2025-09-03", "AM", "/") for upn in [f"L{i:012d}" for i in range(1, 31)]]
    one = marks_csv(tmp_path / "one.csv", rows)
    two = marks_csv(tmp_path / "two.csv", [(u, d, s, "N") for u, d, s, _c in rows])
    children = [start_cli(path, *signed("import", "marks", str(f))) for f in (one, two)]
    results = [(c.wait(timeout=120), c.stderr.read() if c.stderr else "") for c in children]
    codes = sorted(code for code, _err in results)
    assert codes == [0, 2], results
    assert all("Traceback" not in err for _code, err in results)
    assert any("already has the mark" in err for _code, err in results)
    db = opened(path)
    with db.reading() as session:
        codes_saved = set(session.scalars(select(Mark.code)))
        assert session.scalar(select(func.count()).select_from(Mark)) == 30
    db.dispose()
    assert len(codes_saved) == 1  # all of one file, none of the other
