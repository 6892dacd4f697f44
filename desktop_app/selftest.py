"""`--self-test`: check this installation end to end, in a temporary folder, and say what passed.

It makes a fresh encrypted register, takes a register for two learners, computes their
statistics, prints the register as a PDF, and checks SQLCipher, the keyring and Qt's platform
plugins: what an installed (frozen) app most often loses. Nothing outside the temporary folder is
touched except one keyring entry for the temporary register, removed at the end. Exit status 0
when every check passed, 1 otherwise.
"""

from __future__ import annotations

import os
import secrets
import shutil
import sqlite3
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

#: A fixed school week in the past, so the self-test gives the same figures on any day.
MONDAY = date(2025, 9, 8)
GROUP = "Self-test group"
LEARNERS_CSV = """upn,surname,forename,date_of_birth,start_date,group
{a},Able,Ada,2011-03-14,2025-09-01,{group}
{b},Baker,Ben,2012-07-01,2025-09-01,{group}
"""
#: Ada present both sessions, Ben ill both sessions: 2 of 4 possible sessions attended.
MARKS = (("A", "AM", "/", 9), ("A", "PM", "\\", 13), ("B", "AM", "I", 9), ("B", "PM", "I", 13))
EXPECTED = (4, 2, 2, "50.00")  # possible, attended, authorised, attendance %
NATIVE_PLATFORM = {"linux": "xcb", "win32": "windows", "darwin": "cocoa"}


@dataclass
class Run:
    """The temporary register and what the checks have found so far."""

    folder: Path
    lines: list[str] = field(default_factory=list)
    db: Any = None
    user: Any = None
    passphrase: str | None = None

    @property
    def path(self) -> Path:
        return self.folder / "self-test.sqlite"

    @property
    def url(self) -> str:
        return "sqlite:///" + str(self.path)

    def ok(self, text: str) -> None:
        self.lines.append(f"ok    {text}")
        print(f"ok    {text}", flush=True)


class CheckFailed(Exception):
    """One check did not pass; its message says what was found."""


def check(condition: bool, message: str) -> None:
    if not condition:
        raise CheckFailed(message)


def check_sqlcipher(run: Run) -> None:
    from desktop_app.services.cipher import require_sqlcipher

    version = require_sqlcipher()
    run.ok(f"SQLCipher {version} is present")


def check_keyring(run: Run) -> None:
    from desktop_app.services.keys import usable_keyring

    backend = usable_keyring()
    if backend is None:
        run.passphrase = secrets.token_urlsafe(24)
        run.ok(
            "no usable keyring here (plain-text keyrings are never used): new registers are "
            "protected by a passphrase instead; the self-test uses a random one"
        )
        return
    name = f"{type(backend).__module__}.{type(backend).__name__}"
    probe, value = f"self-test {run.folder}", secrets.token_hex(16)
    backend.set_password("Provision Register self-test", probe, value)
    try:
        check(
            backend.get_password("Provision Register self-test", probe) == value,
            f"the keyring {name} did not give back what was stored",
        )
    finally:
        backend.delete_password("Provision Register self-test", probe)
    run.ok(f"keyring {name} stores and returns a key")


def create_register(run: Run) -> None:
    from desktop_app.services.database import open_database
    from desktop_app.services.provision import staff_by_username
    from desktop_app.services.setup import create_register as create

    password = secrets.token_urlsafe(18)
    ask: Callable[[bool], str | None] = lambda _new: run.passphrase  # noqa: E731
    create(run.url, "Self-test Provision", "selftest", "Self Test", password, ask=ask).dispose()
    header = run.path.read_bytes()[:16]
    check(header != b"SQLite format 3\x00", "the new register was written unencrypted")
    check(not _plain_sqlite_reads(run.path), "the new register can be read without its key")
    run.db = open_database(run.url, ask=ask)
    run.user = staff_by_username(run.db, "selftest")
    check(run.user is not None, "the register's director was not found after reopening it")
    run.ok("a new register is encrypted on disk, unreadable without its key, and reopens")


def _plain_sqlite_reads(path: Path) -> bool:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError:
        return False
    finally:
        connection.close()
    return True


def take_register(run: Run) -> None:
    from desktop_app.domain.codes import Session
    from desktop_app.domain.upn import make_upn
    from desktop_app.services.calendar import add_term
    from desktop_app.services.learners import import_learners
    from desktop_app.services.marking import record_mark
    from desktop_app.services.statistics import statistics

    add_term(run.db, run.user, "Self-test term", MONDAY, date(2025, 10, 24))
    upns = {"A": make_upn("820300000001"), "B": make_upn("820300000002")}
    csv = run.folder / "learners.csv"
    csv.write_text(LEARNERS_CSV.format(a=upns["A"], b=upns["B"], group=GROUP), encoding="utf-8")
    import_learners(run.db, run.user, csv)
    ids = {s.upn: _learner_id(run, s.upn) for s in statistics(run.db, run.user).learners}
    for who, session, code, hour in MARKS:
        when = datetime.combine(MONDAY, datetime.min.time()).replace(hour=hour, minute=5)
        record_mark(run.db, run.user, ids[upns[who]], MONDAY, Session(session), code, when)
    run.ok(f"a register taken for {len(upns)} learners ({len(MARKS)} marks)")


def _learner_id(run: Run, upn: str) -> int:
    from sqlalchemy import select

    from desktop_app.models import Learner

    with run.db.reading() as session:
        return int(session.scalar(select(Learner.id).where(Learner.upn == upn)))


def compute_statistics(run: Run) -> None:
    from desktop_app.services.statistics import statistics

    totals = statistics(run.db, run.user, MONDAY, MONDAY).totals
    found = (totals.possible, totals.attended, totals.authorised, str(totals.attendance_percent))
    check(found == EXPECTED, f"statistics came out {found}, expected {EXPECTED}")
    run.ok(f"statistics: {found[1]} of {found[0]} possible sessions attended ({found[3]}%)")


def render_pdf(run: Run) -> None:
    from desktop_app.services.report_jobs import register_job

    out = run.folder / "register.pdf"
    register_job(run.db, run.user, GROUP, MONDAY, out, now=datetime(2025, 9, 12, 16, 0))
    data = out.read_bytes()
    check(data.startswith(b"%PDF-") and b"%%EOF" in data[-1024:], "the PDF is incomplete")
    run.ok(f"the register printed as a PDF ({len(data) // 1024} KB)")


def check_qt(run: Run) -> None:
    if sys.platform == "linux" and not (
        os.environ.get("QT_QPA_PLATFORM")
        or os.environ.get("DISPLAY")
        or os.environ.get("WAYLAND_DISPLAY")
    ):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # no screen: draw off screen
    from PySide6.QtCore import QLibraryInfo
    from PySide6.QtWidgets import QApplication, QLabel

    from desktop_app import resources

    plugins = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)) / "platforms"
    found = sorted(p.name for p in plugins.glob("*") if p.is_file())
    native = NATIVE_PLATFORM.get(sys.platform)
    check(
        native is None or any(native in name for name in found),
        f"Qt's {native} platform plugin is missing from {plugins} (found {found})",
    )
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "self-test"])
    icon = resources.icon("app")
    label = QLabel("Provision Register")
    label.setStyleSheet(resources.stylesheet())
    check(not icon.isNull() and not label.grab().isNull(), "Qt could not draw the icon or text")
    name = app.platformName()  # type: ignore[attr-defined]
    run.ok(f"Qt draws with the '{name}' platform; plugins bundled: {', '.join(found)}")


CHECKS: tuple[Callable[[Run], None], ...] = (
    check_sqlcipher,
    check_keyring,
    create_register,
    take_register,
    compute_statistics,
    render_pdf,
    check_qt,
)


def self_test(folder: Path) -> Run:
    """Every check, in order, in `folder`; raises CheckFailed (or the error) at the first one
    that fails."""
    run = Run(folder)
    try:
        for step in CHECKS:
            step(run)
    finally:
        _tidy(run)
    return run


def _tidy(run: Run) -> None:
    from desktop_app.services.keys import forget_key

    if run.db is not None:
        run.db.dispose()
    forget_key(run.path)


def run_self_test() -> int:
    """The `--self-test` command: 0 when everything passed, 1 (with the reason) otherwise."""
    from desktop_app import __version__

    python = sys.version.split()[0]
    print(f"Provision Register {__version__} self-test ({sys.platform}, Python {python})")
    folder = Path(tempfile.mkdtemp(prefix="provision-register-self-test-"))
    try:
        run = self_test(folder)
    except Exception as error:  # any failure is reported, never a traceback
        print(f"FAIL  {type(error).__name__}: {error}", flush=True)
        print("self-test FAILED: reinstall Provision Register, or send this output to support")
        return 1
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(f"self-test passed: {len(run.lines)} checks")
    return 0
