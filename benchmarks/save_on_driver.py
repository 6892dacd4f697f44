"""An experiment for issue 20: how fast would a mark's save be with no SQLAlchemy at all?

benchmarks/register.py times key press to committed mark against a bare INSERT (the issue's
fsync floor, aim <= 1.5x) and against the save's own statements bare (aim <= 2x). This script
types the same marks twice, each time on a fresh copy of the benchmark's register: once through
the app's save (`record_mark`), once through a save written straight on the SQLCipher driver:
the app's own statements (compiled once from the same Core statements), the same mark rule, the
same chained audit entries, one transaction. The second is not the app's code, and it leaves
out what the app's save does besides (the role check, the stale-write check, PostgreSQL's
writers' lock and notifications, busy handling): it shows the least a save written in Python
could cost here, key press included.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/save_on_driver.py [--marks 300]

Measured on the 2-core benchmark machine (see the README): the driver-level save's p95 was
2.5-2.7x the bare INSERT's, against the app's 4.0-4.5x. So no save written in Python meets the
issue's 1.5x on this machine, whose disk flushes in under a tenth of a millisecond.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QApplication

from benchmarks import floors
from benchmarks import register as bench
from desktop_app.app import configure
from desktop_app.domain.codes import Session as RegisterSession
from desktop_app.domain.mark_rule import Existing, Proposal, Roll, judge_mark, session_day
from desktop_app.domain.permissions import Action, allowed
from desktop_app.models.audit import chain_hash
from desktop_app.models.auditing import _DETAIL, _INSERT_ONE, _NEWEST
from desktop_app.models.engine import Database
from desktop_app.services import read_cache
from desktop_app.services.auth import StaffUser
from desktop_app.services.mark_rows import (
    _INSERT_AMENDMENT,
    _INSERT_MARK,
    _LEARNER_AND_MARK,
    _UPDATE_MARK,
)
from desktop_app.services.marking import SavedMark
from desktop_app.services.read_cache import _TABLES_IN

MARK_KEYS = ("learner_id", "date", "session", "code", "minutes_late", "recorded_by_id",
             "recorded_at", "source")  # fmt: skip
AMENDMENT_KEYS = ("mark_id", "original_code", "amended_code", "original_minutes_late",
                  "amended_minutes_late", "reason", "made_at", "staff_id", "staff_name",
                  "staff_position", "after_close")  # fmt: skip
UPDATE_KEYS = ("code", "minutes_late", "source")
LOG_KEYS = ("at", "staff_id", "staff_name", "action", "entity", "entity_id", "learner_id",
            "detail", "hash")  # fmt: skip


def _moment(at: datetime) -> str:
    """A moment as the app stores it on SQLite: naive UTC text."""
    return at.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ")


class DriverSave:
    """record_mark's job on the bare driver: the same statements, rule and audit chain."""

    def __init__(self, db: Database) -> None:
        dialect = db.engine.dialect

        def sql(statement: Any, keys: tuple[str, ...] | None = None) -> str:
            return str(statement.compile(dialect=dialect, column_keys=keys))

        self.db = db
        self.read, self.newest, self.since = sql(_LEARNER_AND_MARK), sql(_NEWEST), sql(_TABLES_IN)
        self.insert_mark = sql(_INSERT_MARK, MARK_KEYS)
        self.update_mark = sql(_UPDATE_MARK, UPDATE_KEYS)
        self.insert_amendment = sql(_INSERT_AMENDMENT, AMENDMENT_KEYS)
        self.insert_log = sql(_INSERT_ONE, LOG_KEYS)
        with db.reading() as session:  # as the app's save finds them, kept between saves
            self.calendar = read_cache.calendar(session)
            self.schedule = read_cache.schedule(session)

    def __call__(
        self, _db: Database, user: StaffUser, learner_id: int, day: date, name: RegisterSession,
        code: str, now: datetime, minutes_late: int | None = None, reason: str | None = None,
        expected: str | None = None,
    ) -> SavedMark:  # fmt: skip
        connection = self.db.engine.raw_connection()
        try:
            cursor = connection.driver_connection.cursor()  # type: ignore[union-attr]
            cursor.execute("BEGIN IMMEDIATE")
            row = cursor.execute(self.read, (day.isoformat(), name.value, learner_id)).fetchone()
            newest, head = cursor.execute(self.newest, (1, 0)).fetchone()
            cursor.execute(self.since, (newest - 2, newest)).fetchall()  # the cache's check
            leaving = date.fromisoformat(row[2]) if row[2] else None
            verdict = judge_mark(
                Proposal(code, day, name, minutes_late),
                times=self.schedule.times_on(day)[name],
                now=now,
                roll=Roll(date.fromisoformat(row[1]), leaving, row[3]),
                place=session_day(self.calendar, day, name),
                existing=None if row[4] is None else Existing(row[9], row[10]),
                may_amend=allowed(user.role, Action.AMEND_MARKS),
                reason=reason,
            )
            at = datetime.now(UTC)

            def log(head: str, action: str, entity: str, entity_id: int, learner: Any,
                    detail: dict[str, Any]) -> str:  # fmt: skip
                text, moment = _DETAIL.encode(detail), datetime.now(UTC)
                fields = (moment, user.id, user.full_name, action, entity, entity_id, learner)
                chained = chain_hash(head, *fields, text)
                values = (_moment(moment), *fields[1:], text, chained)
                cursor.execute(self.insert_log, values)
                return chained

            if row[4] is None:
                values = (learner_id, day.isoformat(), name.value, verdict.code, minutes_late,
                          user.id, _moment(at), "register")  # fmt: skip
                cursor.execute(self.insert_mark, values)
                made = dict(zip(MARK_KEYS, values, strict=True))
                log(head, "create", "marks", cursor.lastrowid, learner_id, made)
            else:
                amendment = (row[4], row[8], verdict.code, row[9], minutes_late, "", _moment(at),
                             user.id, user.full_name, user.position, 0)  # fmt: skip
                cursor.execute(self.insert_amendment, amendment)
                detail = dict(zip(AMENDMENT_KEYS, amendment, strict=True))
                head = log(head, "create", "amendments", cursor.lastrowid, None, detail)
                cursor.execute(self.update_mark, (verdict.code, minutes_late, "register", row[4]))
                log(head, "change", "marks", row[4], learner_id, {"code": [row[8], verdict.code]})
            connection.commit()
        finally:
            connection.close()
        code = verdict.code
        return SavedMark(learner_id, day, name, code, minutes_late, user.full_name, at, False)


def typed(driver: bool, marks: int) -> tuple[list[float], list[float], list[float]]:
    """Key press to committed mark on a fresh copy, through the app's save or the driver's;
    and the floors timed beside it (the bare INSERT, the save's statements bare)."""
    with bench.copied_database(bench.SOURCE) as db:
        user = bench.staff_by_username(db, "director")
        assert user is not None
        group_id, _name, _size = bench.choose_group(db, user, False)
        original = bench.register_saving.record_mark
        if driver:
            setattr(bench.register_saving, "record_mark", DriverSave(db))  # noqa: B010
        try:
            latencies, floor = bench.commit_latencies(db, user, group_id, marks)
        finally:
            setattr(bench.register_saving, "record_mark", original)  # noqa: B010
            QThreadPool.globalInstance().waitForDone()  # the screen's reads, before the copy goes
    return latencies, floor.times, floor.save_times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--marks", type=int, default=300, help="marks to type (default 300)")
    marks = parser.parse_args(argv).marks
    bench.ensure_source(bench.SOURCE)
    floors.quiet_offscreen()
    app = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(app, QApplication)
    configure(app)
    print(floors.machine())
    for driver in (False, True):
        latencies, inserts, statements = typed(driver, marks)
        how = "on the bare driver (experiment)" if driver else "through the app's save"
        beside = (
            (inserts, "bare insert p95", bench.AIM_COMMIT),
            (statements, "the save's statements p95", bench.AIM_OWN),
        )
        for floor, named, aim in beside:
            floors.emit(
                floors.Result(
                    f"key to commit p95, {how}",
                    floors.p95(latencies),
                    floors.p95(floor),
                    "ms",
                    named,
                    f"<= {aim:g}x",
                    aim,
                    f"median {floors.median(latencies):.1f} ms",
                )
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
