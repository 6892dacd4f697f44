"""The floors of key press to committed mark (benchmarks/register.py), on a raw SQLCipher
connection to a copy of the benchmark's register: one bare INSERT committed (the fsync floor),
and the statements the app's save makes, bare, on copies of the tables it writes."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from desktop_app.models.engine import Database

#: The tables a save writes: the floor writes the same rows to empty copies of them.
SHADOWED = ("marks", "amendments", "audit_log")
AMENDMENT_COLUMNS = (
    "mark_id, original_code, amended_code, original_minutes_late, amended_minutes_late, reason,"
    " made_at, staff_id, staff_name, staff_position, after_close"
)
LOG_COLUMNS = "at, staff_id, staff_name, action, entity, entity_id, learner_id, detail, hash"


class FsyncFloor:
    """Two floors on a raw SQLCipher connection to a copy of the file, with the app's key and
    pragmas (WAL, `synchronous=FULL`, foreign keys): one bare INSERT committed; and the
    statements a save must make, bare, on copies of the tables it writes (same columns, keys,
    constraints and indexes) holding the week's marks and the log's newest entries."""

    def __init__(self, db: Database, monday: date) -> None:
        import sqlcipher3.dbapi2 as sqlcipher

        path = db.engine.url.database
        assert path is not None
        # A copy of the register beside it, so the floors' writes and the app's never empty
        # each other's page cache (a write on one connection does that to every other).
        db.engine.dispose()  # every connection closed: the WAL is in the file
        copy = Path(path).with_name(f"floor-{Path(path).name}")
        shutil.copyfile(path, copy)
        self.connection = sqlcipher.connect(str(copy), isolation_level=None)
        if db.key is not None:
            self.connection.execute(db.key.pragma())
        for pragma in ("foreign_keys = ON", "busy_timeout = 5000", "journal_mode = WAL"):
            self.connection.execute(f"PRAGMA {pragma}")
        self.connection.execute("PRAGMA synchronous = FULL")
        self.connection.execute(
            "CREATE TABLE IF NOT EXISTS speed_floor (id INTEGER PRIMARY KEY, learner_id INTEGER,"
            " date TEXT, session TEXT, code TEXT, recorded_at TEXT)"
        )
        self._shadow_tables(monday)
        self.times: list[float] = []
        self.save_times: list[float] = []
        # The disk's own part of the floor: one 4 KB page written beside the copy and flushed.
        self._probe = copy.with_name("flush-probe.bin")
        self._probe_fd = os.open(self._probe, os.O_CREAT | os.O_WRONLY, 0o600)
        self.flush_times: list[float] = []

    def _shadow_tables(self, monday: date) -> None:
        """floor_marks, floor_amendments and floor_audit_log: the tables' own CREATE TABLE and
        CREATE INDEX statements under new names, filled with the week's marks and the newest
        thousand log entries."""
        run = self.connection.execute
        for table in reversed(SHADOWED):
            run(f"DROP TABLE IF EXISTS floor_{table}")  # (a second run on the same copy)
        found = run(
            "SELECT type, name, sql FROM sqlite_master WHERE tbl_name IN (?, ?, ?)"
            " AND type IN ('table', 'index') AND sql IS NOT NULL ORDER BY type = 'index'",
            SHADOWED,
        ).fetchall()
        for kind, name, sql in found:
            for table in SHADOWED:
                sql = re.sub(rf"\b{table}\b", f"floor_{table}", sql)
            if kind == "index":
                sql = sql.replace(f"INDEX {name}", f"INDEX floor_{name}", 1)
            run(sql)
        friday = monday + timedelta(days=4)
        run("BEGIN IMMEDIATE")
        run(
            "INSERT INTO floor_marks SELECT * FROM marks WHERE date BETWEEN ? AND ?",
            (monday.isoformat(), friday.isoformat()),
        )
        run(
            "INSERT INTO floor_audit_log SELECT * FROM"
            " (SELECT * FROM audit_log ORDER BY id DESC LIMIT 1000) ORDER BY id"
        )
        run("COMMIT")

    def save_like(self, learner_id: int, day: date, session: str, code: str, staff: int) -> None:
        """The statements a save makes, bare, in one write transaction: take the write lock;
        read the learner and their mark, the log's newest id and hash, and what it holds since
        the last save; then insert the mark, or insert its amendment and update it; each row
        with its chained log entry."""
        began = time.perf_counter()
        run = self.connection.execute
        run("BEGIN IMMEDIATE")
        found = run(
            "SELECT learners.id, learners.start_date, learners.leaving_date, learners.forename,"
            " m.id, m.code, m.minutes_late FROM learners LEFT OUTER JOIN floor_marks AS m"
            " ON m.learner_id = learners.id AND m.date = ? AND m.session = ?"
            " WHERE learners.id = ?",
            (day.isoformat(), session, learner_id),
        ).fetchone()
        newest, head = run(
            "SELECT id, hash FROM floor_audit_log ORDER BY id DESC LIMIT 1"
        ).fetchone()
        run(
            "SELECT DISTINCT entity FROM floor_audit_log WHERE id > ? AND id <= ?",
            (newest - 2, newest),
        ).fetchall()
        now = datetime.now().isoformat()
        if found[4] is None:
            made = run(
                "INSERT INTO floor_marks (learner_id, date, session, code, minutes_late,"
                " recorded_by_id, recorded_at, source) VALUES (?, ?, ?, ?, NULL, ?, ?, 'register')",
                (learner_id, day.isoformat(), session, code, staff, now),
            )
            head = self._log(head, "create", "marks", made.lastrowid, learner_id, now, staff)
        else:
            made = run(
                f"INSERT INTO floor_amendments ({AMENDMENT_COLUMNS})"
                " VALUES (?, ?, ?, ?, NULL, '', ?, ?, 'Director', 'Director', 0)",
                (found[4], found[5], code, found[6], now, staff),
            )
            head = self._log(head, "create", "amendments", made.lastrowid, None, now, staff)
            run(
                "UPDATE floor_marks SET code = ?, minutes_late = NULL, source = 'register'"
                " WHERE id = ?",
                (code, found[4]),
            )
            self._log(head, "change", "marks", found[4], learner_id, now, staff)
        run("COMMIT")
        self.save_times.append((time.perf_counter() - began) * 1000)

    def _log(
        self, head: str, action: str, entity: str, entity_id: int | None,
        learner_id: int | None, now: str, staff: int,
    ) -> str:  # fmt: skip
        detail = f'{{"entity_id": {entity_id}, "learner_id": {learner_id}, "at": "{now}"}}'
        chained = hashlib.sha256(f"{head}{action}{entity}{detail}".encode()).hexdigest()
        self.connection.execute(
            f"INSERT INTO floor_audit_log ({LOG_COLUMNS})"
            " VALUES (?, ?, 'Director', ?, ?, ?, ?, ?, ?)",
            (now, staff, action, entity, entity_id, learner_id, detail, chained),
        )
        return chained

    def insert(self) -> None:
        began = time.perf_counter()
        self.connection.execute("BEGIN IMMEDIATE")
        self.connection.execute(
            "INSERT INTO speed_floor (learner_id, date, session, code, recorded_at)"
            " VALUES (1, '2026-06-15', 'AM', '/', ?)",
            (datetime.now().isoformat(),),
        )
        self.connection.execute("COMMIT")
        self.times.append((time.perf_counter() - began) * 1000)

    def flush(self) -> None:
        """One page written and flushed (os.fsync), timed: what the disk adds to a commit. A
        virtual disk that answers flushes from its host's cache makes this a few hundredths of
        a millisecond, and the floors then measure SQLCipher's work more than the disk's."""
        os.pwrite(self._probe_fd, os.urandom(4096), 0)
        began = time.perf_counter()
        os.fsync(self._probe_fd)
        self.flush_times.append((time.perf_counter() - began) * 1000)

    def close(self) -> None:
        self.connection.close()
        os.close(self._probe_fd)
        self._probe.unlink(missing_ok=True)
