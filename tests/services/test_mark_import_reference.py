"""The marks importer writes exactly what it wrote before it was made faster.

A realistic fixture (the demo provision's codes and lateness for 14 learners over six weeks, late
starters with Z before their start, a leaver, a closed afternoon with '#', a mark already made by
hand, values written untidily) is imported, then amended, then refused in every way a file can
be. What the register holds afterwards (every mark, amendment and audit entry in order, with its
detail) and every refusal (row, field, message) is compared with a reference recorded from the
importer before its speed-up (tests/services/data/mark_import_reference.json). Ids, times and
hashes differ from run to run, so marks are named by UPN, date and session, times are left out,
and the hash chain is checked whole instead.

    REGENERATE_MARK_IMPORT_REFERENCE=1 pytest tests/services/test_mark_import_reference.py -k sqlite
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import re
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from desktop_app.demo.provision import PROFILES, generate_marks
from desktop_app.domain.codes import Session
from desktop_app.domain.permissions import Role
from desktop_app.models import Amendment, AuditEntry, Learner, Mark, Staff
from desktop_app.models.bulk import insert_many
from desktop_app.models.engine import Database
from desktop_app.services.auth import StaffUser
from desktop_app.services.calendar import add_closure, load_calendar
from desktop_app.services.errors import StaleWrite, ValidationFailed
from desktop_app.services.integrity import check_all
from desktop_app.services.marking import record_mark
from desktop_app.services.marks import import_marks

REFERENCE = Path(__file__).parent / "data" / "mark_import_reference.json"
NOW = datetime(2025, 10, 23, 12, 0)  # the afternoon has not started
FIRST, LAST = date(2025, 9, 3), date(2025, 10, 10)
CLOSED = date(2025, 9, 26)  # the afternoon is closed (staff training)
HAND = (0, date(2025, 9, 3), "AM")  # learner 0's first morning was marked by hand
LATE_START = {5: date(2025, 9, 15), 9: date(2025, 9, 22), 13: date(2025, 10, 20)}
LEAVING = {12: date(2025, 10, 3)}
HEADER = "upn,date,session,code,minutes_late"


def _upn(i: int) -> str:
    return f"K{820300000100 + i}"


@pytest.fixture
def roll(db: Database, autumn: tuple[date, date], director: StaffUser) -> dict[int, int]:
    """14 learners (index -> id) and the closed afternoon."""
    with db.transaction() as session:
        people = [
            Learner(
                upn=_upn(i),
                surname=f"Surname{i}",
                forename=f"Forename{i}",
                date_of_birth=date(2011, 1, 1),
                start_date=LATE_START.get(i, FIRST),
                leaving_date=LEAVING.get(i),
            )
            for i in range(14)
        ]
        session.add_all(people)
        session.flush()
        ids = {i: p.id for i, p in enumerate(people)}
    add_closure(db, director, CLOSED, Session.PM, "Staff training")
    return ids


def _marks_csv(db: Database, ids: dict[int, int]) -> list[str]:
    with db.reading() as session:
        calendar = load_calendar(session)
    learners = [
        (i, LATE_START.get(i, FIRST), LEAVING.get(i), PROFILES[i % len(PROFILES)]) for i in ids
    ]
    rows = generate_marks(learners, calendar, FIRST, LAST, staff_id=0, seed=20)
    lines = []
    for n, r in enumerate(rows):
        if (r["learner_id"], r["date"], r["session"]) == HAND:
            continue
        upn, day, name = _upn(r["learner_id"]), r["date"].isoformat(), r["session"]
        minutes = "" if r["minutes_late"] is None else str(r["minutes_late"])
        if n % 97 == 0:  # written untidily: case and spaces
            upn, name, minutes = f" {upn.lower()}", name.lower(), f" {minutes} "
        lines.append(f"{upn},{day},{name},{r['code']},{minutes}")
    for i, start in LATE_START.items():
        if start > LAST:
            continue  # no marks yet
        for day in calendar.school_days(FIRST, start)[:-1]:
            lines.extend(f"{_upn(i)},{day},{s.value},Z," for s in calendar.open_sessions(day))
    for i in ids:
        if LATE_START.get(i, FIRST) <= CLOSED <= (LEAVING.get(i) or CLOSED):
            lines.append(f"{_upn(i)},{CLOSED},PM,#,")
    return lines


def _write(path: Path, lines: list[str], header: str = HEADER) -> Path:
    path.write_text(header + "\n" + "".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def _amendments(lines: list[str]) -> list[str]:
    """Changes (codes, lateness) to what the file recorded, a row left as it is, the mark made
    by hand, and a session not yet marked; `replaces` is what each session has."""
    now = {}
    for line in lines:
        upn, day, name, code, _ = (v.strip().upper() for v in line.split(","))
        now[(upn, day, name)] = code
    changes = [(1, "2025-09-04", "AM", "L,12"), (2, "2025-09-05", "PM", "O,")]
    changes += [(4, "2025-09-09", "PM", "U,45"), (6, "2025-09-10", "AM", "/,")]
    rows = [f"{_upn(i)},{d},{s},{new},{now[(_upn(i), d, s)]}" for i, d, s, new in changes]
    unchanged = now[(_upn(3), "2025-09-08", "AM")]
    return [
        *rows,
        f"{_upn(3)},2025-09-08,AM,{unchanged},,{unchanged}",
        f"{_upn(0)},2025-09-03,AM,M,,/",
        f"{_upn(1)},2025-10-13,AM,/,,",
    ]


def _refused_rows() -> list[str]:
    return [
        "K820300099999,2025-09-04,AM,/,",  # unknown UPN
        f"{_upn(1)},2025-13-01,AM,/,",  # not a date
        f"{_upn(1)},2025-09-04,XM,/,",  # not a session
        f"{_upn(1)},2025-10-20,AM,H,",  # retired code
        f"{_upn(1)},2025-10-20,PM,/,",  # '/' in the afternoon
        f"{_upn(1)},2025-10-11,AM,/,",  # a Saturday
        f"{_upn(13)},2025-10-16,AM,/,",  # before the start date
        f"{_upn(12)},2025-10-14,AM,/,",  # after leaving
        f"{_upn(1)},2025-10-14,AM,L,300",  # minutes out of range
        f"{_upn(1)},2025-10-14,PM,\\,5",  # minutes with a present code
        f"{_upn(1)},2025-10-15,AM,/,",
        f"{_upn(1)},2025-10-15,AM,N,",  # a duplicate
        f"{_upn(2)},2025-09-04,AM,/,",  # already marked
        f"{_upn(3)},2025-10-27,AM,/,",  # outside every term
        f"{_upn(3)},2025-10-16,AM,#,",  # '#' on an open day
        f"{_upn(3)},,AM,/,",  # required
        f"{_upn(3)},2025-10-16,PM,{'x' * 201},",  # too long
        f"{_upn(3)},2025-10-17,AM",  # too few values
        f"{_upn(3)},2025-10-23,PM,\\,",  # the session has not started
        f"{_upn(4)},2025-10-15,AM,/,",
        "K820300099998,2025-10-15,AM,/,",  # values read before, with an unknown UPN
        f"{_upn(4)},2025-10-15,am,/,",  # the same session written differently
        f"{_upn(5)},2025-10-15,AM,/,",  # a UPN and values read before: a good row
        f"{_upn(4)},2025-10-16,AM,L,999",  # a UPN read before, refused for its own values
    ]


def _key(marks: dict[int, tuple[str, str, str]], mark_id: int | None) -> object:
    return list(marks[mark_id]) if mark_id in marks else mark_id


def _snapshot(db: Database) -> dict[str, Any]:
    """The register's marks, amendments and audit entries, without ids, times and hashes."""
    with db.reading() as session:
        upns = {i: upn for i, upn in session.execute(select(Learner.id, Learner.upn))}
        staff = {i: name for i, name in session.execute(select(Staff.id, Staff.username))}
        marks = session.scalars(select(Mark).order_by(Mark.id)).all()
        keys = {m.id: (upns[m.learner_id], m.date.isoformat(), m.session) for m in marks}
        stamps = {m.id: m.recorded_at.isoformat() for m in marks}
        amendments = session.scalars(select(Amendment).order_by(Amendment.id)).all()
        mark_of = {a.id: a.mark_id for a in amendments}
        entries = session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
        report = check_all(session.connection())
        recorded = {(m.recorded_at, m.source, staff[m.recorded_by_id]) for m in marks[1:]}
        found = {
            "marks": [[*keys[m.id], m.code, m.minutes_late] for m in marks],
            "recorded": sorted([source, who] for _, source, who in recorded),
            "amendments": [
                [
                    *keys[a.mark_id],
                    a.original_code,
                    a.amended_code,
                    a.original_minutes_late,
                    a.amended_minutes_late,
                    a.reason,
                    a.staff_name,
                    a.staff_position,
                    a.after_close,
                ]
                for a in amendments
            ],
            "audit": [
                _entry(e, upns, staff, keys, mark_of, stamps)
                for e in entries
                if e.entity != "terms"
            ],
        }
    # A flush audits the marks an amendment changed in no fixed order: compare them as a set
    # (sorted, after the rest).
    found["audit"].sort(key=lambda e: (e[0] == "change", json.dumps(e) if e[0] == "change" else ""))
    assert report.ok, report.problems  # the chain holds and every mark agrees with the log
    return found


def _entry(
    e: AuditEntry,
    upns: dict[int, str],
    staff: dict[int, str],
    keys: dict[int, tuple[str, str, str]],
    mark_of: dict[int, int],
    recorded_at: dict[int, str],
) -> list[object]:
    detail = json.loads(e.detail) if e.detail.startswith("{") else e.detail
    if isinstance(detail, dict):
        if e.entity == "marks" and "recorded_at" in detail:  # as stored, to the microsecond
            detail["recorded_at"] = detail["recorded_at"] == recorded_at.get(e.entity_id)
        for name in ("made_at", "password_hash", "at", "created_at"):
            detail.pop(name, None)
        if detail.pop("id", None) is not None:
            detail["id"] = "*"
        if isinstance(detail.get("learner_id"), int):
            detail["learner_id"] = upns[detail["learner_id"]]
        if isinstance(detail.get("mark_id"), int):
            detail["mark_id"] = list(keys[detail["mark_id"]])
        for name in ("recorded_by_id", "staff_id"):
            if isinstance(detail.get(name), int):
                detail[name] = staff[detail[name]]
    if e.entity == "marks":
        entity: object = _key(keys, e.entity_id)
    elif e.entity == "amendments" and e.entity_id in mark_of:
        entity = ["amendment of", *keys[mark_of[e.entity_id]]]
    else:
        entity = "*"
    learner = upns.get(e.learner_id) if e.learner_id is not None else None
    who = staff.get(e.staff_id) if e.staff_id is not None else None
    return [e.action, e.entity, entity, learner, who, e.staff_name, detail]


def _digest(part: list[Any]) -> dict[str, Any]:
    """A long part of the register as its length, its sha256, and its last entries in full."""
    text = json.dumps(part, sort_keys=True)
    return {
        "length": len(part),
        "sha256": hashlib.sha256(text.encode()).hexdigest(),
        "last": part[-12:],
    }


def _problems(error: ValidationFailed) -> list[list[object]]:
    return [[p.row, p.field, p.message, p.file] for p in error.problems]


def _run(db: Database, ids: dict[int, int], officer: StaffUser, folder: Path) -> dict[str, Any]:
    learner, day, name = HAND
    record_mark(db, officer, ids[learner], day, Session(name), "/", NOW)
    lines = _marks_csv(db, ids)
    imported = import_marks(db, officer, _write(folder / "marks.csv", lines), now=NOW)
    amend_file = _write(folder / "amend.csv", _amendments(lines), HEADER + ",replaces")
    amended = import_marks(db, officer, amend_file, "Corrected from the paper register", NOW)
    with pytest.raises(ValidationFailed) as refused:
        import_marks(db, officer, _write(folder / "bad.csv", _refused_rows()), now=NOW)
    stale_rows = [f"{_upn(7)},2025-09-11,PM,O,,\\", f"{_upn(8)},2025-10-14,AM,/,,/"]
    stale_file = _write(folder / "stale.csv", stale_rows, HEADER + ",replaces")
    with pytest.raises(StaleWrite) as stale:
        import_marks(db, officer, stale_file, "Late entries", NOW)
    return {
        "rows": len(lines),
        "results": [[r.file, r.imported, r.amended] for r in (imported, amended)],
        "register": {k: _digest(v) for k, v in _snapshot(db).items()},
        "refused": _problems(refused.value),
        "stale": re.sub(r"\d\d:\d\d", "HH:MM", str(stale.value)),
    }


def test_an_import_writes_what_the_importer_wrote_before(
    db: Database,
    roll: dict[int, int],
    make_staff: Callable[[Role], StaffUser],
    tmp_path: Path,
    backend: str,
) -> None:
    found = _run(db, roll, make_staff(Role.ATTENDANCE_OFFICER), tmp_path)
    assert gc.isenabled()  # the import paused the cycle collector, and no longer
    if os.environ.get("REGENERATE_MARK_IMPORT_REFERENCE") and backend == "sqlite":
        REFERENCE.parent.mkdir(exist_ok=True)
        REFERENCE.write_text(json.dumps(found, indent=1) + "\n", encoding="utf-8")
    reference = json.loads(REFERENCE.read_text(encoding="utf-8"))
    assert found["rows"] > 700 and len(found["refused"]) >= 15
    for part in ("rows", "results", "refused", "stale"):
        assert found[part] == reference[part], part
    for part in ("marks", "recorded", "amendments", "audit"):
        assert found["register"][part] == reference["register"][part], part


def test_bulk_inserts_store_times_as_the_driver_would_store_them(db: Database) -> None:
    """insert_many adapts each distinct moment once, with the driver's own adapter on SQLite:
    the stored text is exactly what the driver makes of the moment itself (no microseconds
    written when there are none), as before."""
    moments = [
        datetime(2025, 9, 3, 8, 0, tzinfo=UTC),
        datetime(2025, 9, 3, 8, 0, 0, 1234, tzinfo=UTC),
    ]
    rows = [
        {
            "at": at,
            "staff_id": None,
            "staff_name": "system",
            "action": "test",
            "entity": "bulk",
            "entity_id": None,
            "learner_id": None,
            "detail": "",
            "hash": None,
        }
        for at in moments * 2
    ]
    with db.transaction() as session:
        insert_many(session.connection(), AuditEntry, rows)
        stored = (
            session.connection()
            .exec_driver_sql("SELECT at FROM audit_log WHERE entity = 'bulk' ORDER BY id")
            .scalars()
            .all()
        )
        session.rollback()
    naive = [at.replace(tzinfo=None) for at in moments * 2]
    if db.engine.dialect.name == "sqlite":
        assert stored == [at.isoformat(" ") for at in naive]  # sqlite3's adapter
    else:
        assert stored == naive
