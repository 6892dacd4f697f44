"""What every benchmark shares: timing a figure and its floor interleaved, the machine it ran on,
and one result line per figure for `benchmarks/run.py`.

A figure is only read beside its floor: the least the machine could do for the same work (the
bare SQL, a plain table, one bare insert), timed in the same run, alternating repetition by
repetition (figure then floor, then floor then figure) so that load from anything else on the
machine falls on both alike. Medians are reported; the ratio is what the aims are set on.
"""

from __future__ import annotations

import json
import os
import platform
import sqlite3
import statistics as stats_lib
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: The statistics benchmark's register (`benchmarks/stats.py --keep` builds it).
SOURCE = ROOT / "benchmarks" / ".data" / "stats-enc.sqlite"
PASSPHRASE = "benchmark passphrase, not a secret"  # as in benchmarks/stats.py
#: `--results FILE` appends one JSON line per figure to FILE (run.py reads them).
RESULTS_ENV = "SPEED_RESULTS"


def interleaved(
    figure: Callable[[], object], floor: Callable[[], object], repeat: int, warm: int = 1
) -> tuple[list[float], list[float]]:
    """Milliseconds of each of `repeat` runs of figure and floor, alternated (ABBA) after
    `warm` untimed runs of each."""
    figures, floors = alternated((figure, floor), repeat, warm)
    return figures, floors


def interleaved3(
    figure: Callable[[], object],
    floor: Callable[[], object],
    other: Callable[[], object],
    repeat: int,
    warm: int = 1,
) -> tuple[list[float], list[float], list[float]]:
    """As interleaved, with a second floor (ABC CBA)."""
    figures, floors, others = alternated((figure, floor, other), repeat, warm)
    return figures, floors, others


def alternated(
    calls: tuple[Callable[[], object], ...], repeat: int, warm: int
) -> list[list[float]]:
    """Milliseconds of each of `repeat` runs of each call, in turn forwards then backwards,
    after `warm` untimed runs of each."""
    for _ in range(warm):
        for call in calls:
            call()
    times: list[list[float]] = [[] for _ in calls]
    order = list(range(len(calls)))
    for i in range(repeat):
        for k in order if i % 2 == 0 else order[::-1]:
            began = time.perf_counter()
            calls[k]()
            times[k].append((time.perf_counter() - began) * 1000)
    return times


def compiled() -> None:
    """The app's modules compiled to bytecode first, as an installed app has them (pip and the
    bundle compile them): with PYTHONDONTWRITEBYTECODE set, every import would otherwise
    compile its source again, and start-up and page-opening figures would time the compiler."""
    import compileall

    compileall.compile_dir(ROOT / "desktop_app", quiet=2)


def median(values: list[float]) -> float:
    return stats_lib.median(values)


def p95(values: list[float]) -> float:
    if len(values) < 2:
        return values[0]
    return stats_lib.quantiles(values, n=100)[94]


@dataclass(frozen=True, slots=True)
class Result:
    """One line of the table: a figure, its floor and how far apart they are."""

    name: str
    figure: float
    floor: float
    unit: str
    floor_name: str
    aim: str  # e.g. "<= 2x"; "" when the figure has no aim of its own
    aim_ratio: float | None = None
    note: str = ""
    met: bool | None = None

    @property
    def ratio(self) -> float:
        return self.figure / self.floor if self.floor else float("inf")

    def judged(self) -> Result:
        """This result with `met` decided from the ratio aim (unless decided already)."""
        if self.met is not None or self.aim_ratio is None:
            return self
        return Result(
            self.name,
            self.figure,
            self.floor,
            self.unit,
            self.floor_name,
            self.aim,
            self.aim_ratio,
            self.note,
            self.ratio <= self.aim_ratio,
        )


def verdict(met: bool | None) -> str:
    return "-" if met is None else ("met" if met else "NOT met")


def line(result: Result) -> str:
    r = result.judged()
    return (
        f"{r.name:<44} {r.figure:9.1f} {r.unit:<3} floor {r.floor:8.1f} ({r.floor_name})"
        f"  ratio {r.ratio:5.2f}  aim {r.aim or '-'}: {verdict(r.met)}"
        + (f"  [{r.note}]" if r.note else "")
    )


def emit(result: Result) -> None:
    """Print the result, and append it to the run's results file when run.py asked for one."""
    print(line(result), flush=True)
    target = os.environ.get(RESULTS_ENV)
    if target:
        record = asdict(result.judged())
        record["ratio"] = result.ratio
        with open(target, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(record) + "\n")


def cpu_model() -> str:
    try:
        for text in Path("/proc/cpuinfo").read_text().splitlines():
            if text.lower().startswith("model name"):
                return text.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def sqlcipher_versions() -> tuple[str, str]:
    """(SQLite inside SQLCipher, SQLCipher) as the app's driver reports them."""
    try:
        import sqlcipher3.dbapi2 as sqlcipher
    except ImportError:
        return "-", "-"
    connection = sqlcipher.connect(":memory:")
    try:
        inner = connection.execute("SELECT sqlite_version()").fetchone()[0]
        found = connection.execute("PRAGMA cipher_version").fetchone()
        return str(inner), str(found[0]) if found else "-"
    finally:
        connection.close()


def machine() -> str:
    """One line naming the machine, for the table's heading."""
    inner, cipher = sqlcipher_versions()
    try:
        load = "load average " + " ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        load = "load unknown"
    return (
        f"{os.cpu_count()} cores, {cpu_model()}; Python {platform.python_version()}; "
        f"SQLite {sqlite3.sqlite_version}; SQLCipher {cipher} (SQLite {inner}); "
        f"{platform.system()} {platform.release()}; {load}"
    )


def ensure_source(source: Path = SOURCE) -> None:
    """Build the benchmark register with benchmarks/stats.py if it is missing."""
    if source.exists():
        return
    import subprocess

    print(f"{source} is missing: building it with benchmarks/stats.py (about 20 s)")
    command = [sys.executable, str(ROOT / "benchmarks" / "stats.py"), "--keep", str(source)]
    subprocess.run(command, check=True, cwd=ROOT)


#: What Qt's offscreen platform says each time a window sets a minimum or fixed size: true of
#: that platform only, and a benchmark's figures were lost among hundreds of these lines.
OFFSCREEN_NOISE = "This plugin does not support propagateSizeHints()"


def quiet_offscreen() -> None:
    """Drop the offscreen platform's one repeated warning; every other Qt message still goes to
    stderr."""
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    def handler(_kind: QtMsgType, _context: object, message: str) -> None:
        if message != OFFSCREEN_NOISE:
            print(message, file=sys.stderr)

    qInstallMessageHandler(handler)
