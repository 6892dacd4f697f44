"""Time the statistics service against the bare SQL GROUP BY it is built on.

The database is a provision with 150 places over six academic years (2020/21 to 2025/26, the
last being the year containing 1 July 2026). Every place is filled on every school day: when a
learner leaves, the next starts the following school day, so 150 learners are on roll at any one
time and 622 pass through in total. Marks run from the first school day of 2020/21 to
30 June 2026, the day before the fixed date, so every run builds the same rows.

Run from the repository root:

    .venv/bin/python benchmarks/stats.py                 # temporary database, deleted after
    .venv/bin/python benchmarks/stats.py --keep benchmarks/.data/stats.sqlite   # build once, reuse
    .venv/bin/python benchmarks/stats.py --database postgresql+psycopg://USER@HOST/DB
        # PostgreSQL: an empty database is filled once (as its owner), then reused
"""

from __future__ import annotations

import argparse
import os
import random
import statistics as stats_lib
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import keyring
from keyring.backends.fail import Keyring as FailKeyring
from sqlalchemy import func, insert, select, text
from sqlalchemy.orm import Session

from desktop_app.demo.provision import PROFILES, Profile, generate_marks
from desktop_app.demo.register_data import COMMISSIONERS, GROUPS, academic_year_terms, name_for
from desktop_app.domain.calendar import SchoolCalendar, Term, academic_year_start
from desktop_app.domain.upn import make_upn
from desktop_app.models import Commissioner, Group, Learner, Mark
from desktop_app.models import Term as TermRow
from desktop_app.models.engine import Database
from desktop_app.services.auth import StaffUser
from desktop_app.services.database import open_database
from desktop_app.services.provision import init_provision, is_initialised, staff_by_username
from desktop_app.services.statistics import statistics

FIXED_DAY = date(2026, 7, 1)  # the "today" of the benchmark: marks stop the day before
YEARS = 6
PLACES = 150
MIN_STAY, MAX_STAY = 60, 570  # school days on roll: a third of a year to three years
SEED = 2026
CHUNK = 20_000
DIRECTOR = "director"
PASSWORD = "benchmark-director-password"
AIM_RATIO = 1.5
AIM_MS = 500.0
FLOOR_SQL = text(
    "SELECT learner_id, code, COUNT(*) FROM marks"
    " WHERE date BETWEEN :start AND :end GROUP BY learner_id, code"
)

RollEntry = tuple[int, date, date | None, Profile]


@dataclass(frozen=True, slots=True)
class Range:
    label: str
    start: date
    end: date


@dataclass(frozen=True, slots=True)
class Result:
    range: Range
    rows: int
    learners: int
    stats_ms: list[float]
    floor_ms: list[float]

    @property
    def ratio(self) -> float:
        return stats_lib.median(self.stats_ms) / stats_lib.median(self.floor_ms)


# --- the calendar and the roll ---------------------------------------------------------------


def first_year() -> int:
    return academic_year_start(FIXED_DAY).year - YEARS + 1


def all_terms() -> list[Term]:
    """Six half-terms for each of the six academic years."""
    return [t for y in range(first_year(), first_year() + YEARS) for t in academic_year_terms(y)]


def marked_days(calendar: SchoolCalendar) -> list[date]:
    """Every school day from the first term to the day before FIXED_DAY."""
    return calendar.school_days(calendar.terms[0].start, FIXED_DAY - timedelta(days=1))


def place_stints(days: list[date], rng: random.Random) -> list[tuple[date, date | None]]:
    """Learners filling one place back to back; the first joined before the marks begin."""
    stints: list[tuple[date, date | None]] = []
    pos, stay = 0, rng.randint(1, MAX_STAY)
    while pos < len(days):
        last = pos + stay - 1
        stints.append((days[pos], days[last] if last < len(days) - 1 else None))
        pos, stay = last + 1, rng.randint(MIN_STAY, MAX_STAY)
    return stints


def all_stints(days: list[date]) -> list[tuple[date, date | None]]:
    rng = random.Random(SEED)
    stints = [s for _ in range(PLACES) for s in place_stints(days, rng)]
    return sorted(stints, key=lambda s: s[0])


# --- building the database -------------------------------------------------------------------


def add_calendar(session: Session) -> SchoolCalendar:
    terms = all_terms()
    session.add_all(TermRow(name=t.name, start_date=t.start, end_date=t.end) for t in terms)
    return SchoolCalendar.build(terms)


def new_learner(index: int, start: date, leaving: date | None, group: int, comm: int) -> Learner:
    forename, surname = name_for(index)
    age = 11 + index % 5
    return Learner(
        upn=make_upn(f"82030{index:07d}"),
        surname=surname,
        forename=forename,
        date_of_birth=date(start.year - age, 1 + (index * 5) % 12, 1 + (index * 11) % 28),
        start_date=start,
        leaving_date=leaving,
        group_id=group,
        commissioner_id=comm,
    )


def add_learners(session: Session, days: list[date]) -> list[RollEntry]:
    groups = [Group(name=name) for name in GROUPS]
    comms = [Commissioner(name=n, contact_name=c, email=e, phone=p) for n, c, e, p in COMMISSIONERS]
    session.add_all([*groups, *comms])
    session.flush()
    learners = [
        new_learner(i, s, e, groups[i % len(groups)].id, comms[i % len(comms)].id)
        for i, (s, e) in enumerate(all_stints(days))
    ]
    session.add_all(learners)
    session.flush()
    return [
        (ln.id, ln.start_date, ln.leaving_date, PROFILES[i % len(PROFILES)])
        for i, ln in enumerate(learners)
    ]


def insert_year(
    db: Database, calendar: SchoolCalendar, roll: list[RollEntry], days: list[date], staff_id: int
) -> int:
    """Marks for one academic year's days, inserted in chunks in one transaction."""
    first, last = days[0], days[-1]
    on_roll = [r for r in roll if r[1] <= last and (r[2] is None or r[2] >= first)]
    rows = generate_marks(on_roll, calendar, first, last, staff_id, seed=SEED + first.year)
    with db.transaction() as session:
        for i in range(0, len(rows), CHUNK):
            session.execute(insert(Mark), rows[i : i + CHUNK])
    return len(rows)


def by_academic_year(days: list[date]) -> list[list[date]]:
    years: dict[date, list[date]] = {}
    for day in days:
        years.setdefault(academic_year_start(day), []).append(day)
    return list(years.values())


# The benchmark keeps its key out of this machine's keyring: SQLCipher with a passphrase.
keyring.set_keyring(FailKeyring())
PASSPHRASE = "benchmark passphrase, not a secret"
ENCRYPT = True


def build(url: str) -> int:
    """Create the provision at url and fill it; returns the number of marks."""
    db = open_database(url, create=True, encrypt=ENCRYPT, ask=lambda _new: PASSPHRASE)
    try:
        director = init_provision(db, "Benchmark Provision", DIRECTOR, PASSWORD, "Bench Director")
        with db.transaction() as session:
            calendar = add_calendar(session)
            days = marked_days(calendar)
            roll = add_learners(session, days)
        years = by_academic_year(days)
        return sum(insert_year(db, calendar, roll, year, director.id) for year in years)
    finally:
        db.dispose()


def remove_sqlite(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def build_at(path: Path) -> None:
    """Build into a side file and rename it, so an interrupted build is never reused."""
    partial = path.with_name(path.name + ".partial")
    remove_sqlite(partial)
    began = time.perf_counter()
    marks = build(f"sqlite:///{partial.resolve()}")
    os.replace(partial, path)
    print(f"built {path}: {marks:,} marks in {time.perf_counter() - began:.1f} s")


@contextmanager
def server_database(url: str) -> Iterator[Database]:
    """A PostgreSQL database: filled if it has no provision yet, else reused as it is."""
    global ENCRYPT
    ENCRYPT = False  # a server is protected by its own means (TLS, disk encryption)
    db = open_database(url, create=True)
    try:
        if is_initialised(db):
            print(f"reusing {db.url}")
        else:
            db.dispose()
            began = time.perf_counter()
            marks = build(url)
            print(f"built {url}: {marks:,} marks in {time.perf_counter() - began:.1f} s")
            db = open_database(url)
        with db.engine.connect() as connection:  # fresh planner statistics after the bulk load
            connection.execute(text("ANALYZE"))
            connection.commit()
        yield db
    finally:
        db.dispose()


@contextmanager
def database(keep: Path | None, url: str | None = None) -> Iterator[Database]:
    """The benchmark database: the server at url, reused or built at keep, or built in a
    temporary folder."""
    if url is not None:
        with server_database(url) as db:
            yield db
        return
    with tempfile.TemporaryDirectory(prefix="stats-bench-") as folder:
        path = keep or Path(folder) / "stats.sqlite"
        if path.exists():
            print(f"reusing {path}")
        else:
            build_at(path)
        db = open_database(f"sqlite:///{path.resolve()}", ask=lambda _new: PASSPHRASE)
        try:
            yield db
        finally:
            db.dispose()


# --- timing ----------------------------------------------------------------------------------


def time_ms(call: Callable[[], object], repeat: int) -> list[float]:
    """Milliseconds for each of repeat calls, after one untimed warm-up call."""
    call()
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        call()
        times.append((time.perf_counter() - began) * 1000)
    return times


def floor_query(db: Database, span: Range) -> Callable[[], object]:
    params: dict[str, object] = {"start": span.start.isoformat(), "end": span.end.isoformat()}
    if db.engine.dialect.name == "postgresql":
        params = {"start": span.start, "end": span.end}  # the date column wants dates

    def run() -> object:
        with db.engine.connect() as connection:
            return connection.execute(FLOOR_SQL, params).all()

    return run


def rows_in(db: Database, span: Range) -> int:
    query = select(func.count()).select_from(Mark).where(Mark.date.between(span.start, span.end))
    with db.reading() as session:
        return session.execute(query).scalar_one()


def measure(db: Database, user: StaffUser, span: Range, repeat: int) -> Result:
    report = statistics(db, user, span.start, span.end)
    stats_ms = time_ms(lambda: statistics(db, user, span.start, span.end), repeat)
    floor_ms = time_ms(floor_query(db, span), repeat)
    return Result(span, rows_in(db, span), len(report.learners), stats_ms, floor_ms)


def ranges() -> list[Range]:
    """The most recent autumn term, the last complete academic year, and all six years."""
    year = academic_year_start(FIXED_DAY).year
    autumn = academic_year_terms(year)[:2]
    return [
        Range(f"autumn {year} (A1+A2)", autumn[0].start, autumn[1].end),
        Range(f"year {year - 1}/{year % 100:02d}", date(year - 1, 9, 1), date(year, 8, 31)),
        Range("all six years", date(first_year(), 9, 1), FIXED_DAY - timedelta(days=1)),
    ]


# --- reporting -------------------------------------------------------------------------------


def print_timings(result: Result) -> None:
    for name, times in (("statistics()", result.stats_ms), ("floor SQL", result.floor_ms)):
        print(
            f"  {result.range.label:<22} {name:<13}"
            f" median {stats_lib.median(times):8.1f} ms   min {min(times):8.1f} ms"
        )


def print_table(results: Sequence[Result]) -> None:
    header = f"{'range':<22} {'dates':<23} {'rows':>9} {'learners':>8}"
    print(f"\n{header} {'stats ms':>9} {'floor ms':>9} {'ratio':>6}")
    for r in results:
        dates = f"{r.range.start}..{r.range.end}"
        print(
            f"{r.range.label:<22} {dates:<23} {r.rows:>9,} {r.learners:>8}"
            f" {stats_lib.median(r.stats_ms):>9.1f} {stats_lib.median(r.floor_ms):>9.1f}"
            f" {r.ratio:>6.2f}"
        )


def print_aims(year: Result) -> None:
    median = stats_lib.median(year.stats_ms)
    ratio_ok = "met" if year.ratio <= AIM_RATIO else "NOT met"
    time_ok = "met" if median < AIM_MS else "NOT met"
    print(
        f"\naim: a year's statistics within {AIM_RATIO}x the floor: {year.ratio:.2f}x, {ratio_ok}"
    )
    print(f"aim: a year's statistics under {AIM_MS:.0f} ms: {median:.1f} ms {time_ok}")
    print(f"(the time aim is for 2 cores; this machine has {os.cpu_count()} CPUs)")


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument(
        "--keep",
        type=Path,
        metavar="PATH",
        help="build the database at PATH, or reuse it if it exists"
        " (e.g. benchmarks/.data/stats.sqlite); default: a temporary folder, deleted after",
    )
    parser.add_argument(
        "--repeat", type=int, default=7, metavar="N", help="timed runs of each query (default 7)"
    )
    parser.add_argument(
        "--plain", action="store_true", help="build an unencrypted database (to compare)"
    )
    parser.add_argument(
        "--database",
        metavar="URL",
        help="time a PostgreSQL register instead (an empty database is filled once, as its owner)",
    )
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    global ENCRYPT
    args = parse_args(argv)
    ENCRYPT = not args.plain
    kind = "unencrypted SQLite" if args.plain else "SQLCipher (passphrase key)"
    print(f"database: {'PostgreSQL' if args.database else kind}")
    with database(args.keep, args.database) as db:
        user = staff_by_username(db, DIRECTOR)
        if user is None:
            print(f"no '{DIRECTOR}' account in the database", file=sys.stderr)
            return 1
        print(f"timing {args.repeat} runs each (after one warm-up), as {user.username}:")
        results = []
        for span in ranges():
            results.append(measure(db, user, span, args.repeat))
            print_timings(results[-1])
    print_table(results)
    print_aims(results[1])
    return 0


if __name__ == "__main__":
    sys.exit(main())
