"""Time `import marks` beside a bare executemany insert of the same rows into the same schema.

A fresh encrypted register (SQLCipher, WAL, synchronous=FULL, as a real one) is made once with
160 learners on roll for the academic year 2025/26, and a CSV of their marks for its first 193
school days (61,760 marks, every session, codes as the demo provision draws them). Each
repetition copies that register afresh and then, alternately:

- the figure: the import service (`import_marks`) reads, checks and stores the file, as the
  command line's `import marks` does, with every check and the audit log;
- the floor: one raw SQLCipher connection with the same key and pragmas inserts the same rows,
  already parsed, into `marks` with one `executemany` in one transaction.

    .venv/bin/python benchmarks/imports.py               # 3 repetitions each
    .venv/bin/python benchmarks/imports.py --profile     # one import under cProfile, top lines

Aims (issue 20): at least 10,000 marks a second, and at most 5x the floor.
"""

from __future__ import annotations

import argparse
import csv
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import keyring
from keyring.backends.fail import Keyring as FailKeyring

from benchmarks import floors
from benchmarks.stats import new_learner
from desktop_app.demo.provision import PROFILES, generate_marks
from desktop_app.demo.register_data import academic_year_terms
from desktop_app.domain.calendar import SchoolCalendar
from desktop_app.models import Commissioner, Group
from desktop_app.models import Term as TermRow
from desktop_app.models.engine import Database
from desktop_app.services.database import open_database
from desktop_app.services.marks import import_marks
from desktop_app.services.provision import init_provision, staff_by_username

keyring.set_keyring(FailKeyring())  # the benchmark's key never reaches this machine's keyring
YEAR = 2025
LEARNERS = 160
DAYS = 193
NOW = datetime(2026, 7, 21, 17, 0)  # after every imported session (the last is 21 July)
AIM_RATE = 10_000.0
AIM_RATIO = 5.0
COLUMNS = ("learner_id", "date", "session", "code", "minutes_late", "recorded_by_id")
FLOOR_SQL = (
    "INSERT INTO marks (learner_id, date, session, code, minutes_late, recorded_by_id,"
    " recorded_at, source) VALUES (?, ?, ?, ?, ?, ?, ?, 'register')"
)


def open_copy(path: Path) -> Database:
    return open_database(f"sqlite:///{path}", ask=lambda _new: floors.PASSPHRASE)


def build_register(path: Path) -> tuple[list[dict[str, Any]], dict[int, str]]:
    """The empty register (learners, terms) and the marks to import: (rows, upn by id)."""
    db = open_database(f"sqlite:///{path}", create=True, ask=lambda _new: floors.PASSPHRASE)
    try:
        director = init_provision(db, "Import Benchmark", "director", "benchmark-pass-1", "Dir")
        terms = academic_year_terms(YEAR)
        calendar = SchoolCalendar.build(terms)
        start = terms[0].start
        with db.transaction() as session:
            session.add_all(TermRow(name=t.name, start_date=t.start, end_date=t.end) for t in terms)
            group, comm = Group(name="Kestrel"), Commissioner(name="Northgate Academy")
            session.add_all([group, comm])
            session.flush()
            learners = [new_learner(i, start, None, group.id, comm.id) for i in range(LEARNERS)]
            session.add_all(learners)
            session.flush()
            roll = [
                (ln.id, start, ln.leaving_date, PROFILES[i % len(PROFILES)])
                for i, ln in enumerate(learners)
            ]
            upns = {ln.id: ln.upn for ln in learners}
        last = calendar.school_days(start, terms[-1].end)[DAYS - 1]
        rows = generate_marks(roll, calendar, start, last, director.id, seed=YEAR)
    finally:
        db.dispose()
    return rows, upns


def write_csv(path: Path, rows: list[dict[str, Any]], upns: dict[int, str]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["upn", "date", "session", "code", "minutes_late"])
        for r in rows:
            minutes = "" if r["minutes_late"] is None else r["minutes_late"]
            out.writerow(
                [upns[r["learner_id"]], r["date"].isoformat(), r["session"], r["code"], minutes]
            )


class Bench:
    """The pristine register, its CSV, and a fresh copy for each run."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.pristine = folder / "pristine.sqlite"
        self.rows, upns = build_register(self.pristine)
        self.csv = folder / "marks.csv"
        write_csv(self.csv, self.rows, upns)
        self.runs = 0

    def fresh(self) -> Path:
        self.runs += 1
        copy = self.folder / f"run-{self.runs}.sqlite"
        shutil.copy2(self.pristine, copy)
        return copy

    def figure(self) -> Callable[[], object]:
        """Prepare a copy (untimed) and return the timed import."""
        db = open_copy(self.fresh())
        user = staff_by_username(db, "director")
        assert user is not None

        def run() -> object:
            try:
                result = import_marks(db, user, self.csv, now=NOW)
                if result.imported != len(self.rows):
                    raise RuntimeError(f"imported {result.imported} of {len(self.rows)} marks")
                return result
            finally:
                db.dispose()

        return run

    def floor(self) -> Callable[[], object]:
        copy = self.fresh()
        db = open_copy(copy)
        key = db.key
        db.dispose()
        stamp = datetime.now().isoformat(sep=" ")
        values = [
            (
                r["learner_id"],
                r["date"].isoformat(),
                r["session"],
                r["code"],
                r["minutes_late"],
                r["recorded_by_id"],
                stamp,
            )
            for r in self.rows
        ]

        def run() -> object:
            import sqlcipher3.dbapi2 as sqlcipher

            connection = sqlcipher.connect(str(copy), isolation_level=None)
            try:
                if key is not None:
                    connection.execute(key.pragma())
                connection.execute("PRAGMA foreign_keys = ON")
                connection.execute("PRAGMA journal_mode = WAL")
                connection.execute("PRAGMA synchronous = FULL")
                connection.execute("BEGIN IMMEDIATE")
                connection.executemany(FLOOR_SQL, values)
                connection.execute("COMMIT")
            finally:
                connection.close()
            return None

        return run


def timed(prepare: Callable[[], Callable[[], object]]) -> float:
    run = prepare()
    began = time.perf_counter()
    run()
    return (time.perf_counter() - began) * 1000


def measure(bench: Bench, repeat: int) -> tuple[list[float], list[float]]:
    """Import and floor, alternating (ABBA), each on its own fresh copy."""
    figures: list[float] = []
    floor_ms: list[float] = []
    for i in range(repeat):
        order = ((bench.figure, figures), (bench.floor, floor_ms))
        for prepare, times in order if i % 2 == 0 else order[::-1]:
            times.append(timed(prepare))
    return figures, floor_ms


def profile(bench: Bench) -> None:
    import cProfile
    import pstats

    run = bench.figure()
    profiler = cProfile.Profile()
    profiler.enable()
    run()
    profiler.disable()
    stats = pstats.Stats(profiler).sort_stats("cumulative")
    stats.print_stats(35)
    stats.sort_stats("tottime").print_stats(25)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs of each (default 3)")
    parser.add_argument("--profile", action="store_true", help="profile one import instead")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="import-bench-") as folder:
        bench = Bench(Path(folder))
        marks = len(bench.rows)
        print(
            f"{marks:,} marks for {LEARNERS} learners, {DAYS} school days from {date(YEAR, 9, 1)}"
        )
        if args.profile:
            profile(bench)
            return 0
        figures, floor_ms = measure(bench, args.repeat)
    figure, floor = floors.median(figures), floors.median(floor_ms)
    rate = marks / (figure / 1000)
    print(f"import      {[round(t) for t in figures]} ms")
    print(f"executemany {[round(t) for t in floor_ms]} ms")
    ratios = [f / b for f, b in zip(figures, floor_ms, strict=True)]
    rates = [marks / (f / 1000) for f in figures]
    print(
        f"range       ratio {min(ratios):.2f}-{max(ratios):.2f} (each import beside its floor),"
        f" {min(rates):,.0f}-{max(rates):,.0f} marks/s"
    )
    floors.emit(
        floors.Result(
            f"import marks ({marks:,} rows)",
            figure,
            floor,
            "ms",
            "bare executemany",
            f"<= {AIM_RATIO:.0f}x and >= {AIM_RATE:,.0f}/s",
            AIM_RATIO,
            f"{rate:,.0f} marks/s",
            figure / floor <= AIM_RATIO and rate >= AIM_RATE,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
