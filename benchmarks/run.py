"""Run every benchmark and print one table: figure, floor, ratio, aim, met.

Each benchmark runs in its own process (offscreen), times its figure beside its floor in the
same run (alternating repetitions; medians) and appends its lines to a results file this script
reads. `benchmarks/stats.py` and `benchmarks/today.py` are run as they are and their own output
is read: statistics beside its SQL GROUP BY floor, alerts beside statistics for the same year.

    .venv/bin/python benchmarks/run.py            # everything (several minutes)
    .venv/bin/python benchmarks/run.py --quick    # fewer repetitions

The machine (cores, CPU, Python, SQLite and SQLCipher versions, load) heads the table: ratios
are comparable between machines, absolute times are not, and on a loaded machine neither is
trustworthy to better than about +-30 %.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import floors

ROOT = floors.ROOT
PY = sys.executable


def runs(quick: bool) -> list[tuple[str, list[str]]]:
    reps = ["--repeat", "5"] if quick else ["--repeat", "15"]
    marks = ["--marks", "60"] if quick else ["--marks", "300"]
    return [
        ("register", ["benchmarks/register.py", *reps, *marks]),
        ("register, all learners", ["benchmarks/register.py", "--all", *reps, *marks]),
        ("import", ["benchmarks/imports.py", "--repeat", "1" if quick else "3"]),
        ("scroll", ["benchmarks/scroll.py"]),
        ("memory", ["benchmarks/memory.py", "--mornings", "3" if quick else "5"]),
    ]


def run(label: str, argv: list[str], results: Path) -> str:
    print(f"--- {label}: {' '.join(argv)}", flush=True)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", **{floors.RESULTS_ENV: str(results)})
    done = subprocess.run(
        [PY, *argv], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    out = "\n".join(line for line in done.stdout.splitlines() if "does not support" not in line)
    print(out, flush=True)
    if done.returncode != 0:
        print(f"{label} FAILED (exit {done.returncode}):\n{done.stderr[-2000:]}", flush=True)
    return out


def stats_result(out: str, results: Path) -> None:
    """The year row of benchmarks/stats.py's table: stats ms, floor ms, ratio (aim 1.5x)."""
    for line in out.splitlines():
        if line.startswith("year "):
            stats, floor = (float(x) for x in line.split()[-3:-1])
            record(results, "statistics, a year (stats.py)", stats, floor, "SQL GROUP BY", 1.5)


def today_result(out: str, results: Path) -> None:
    """benchmarks/today.py's last line: alerts ms beside statistics ms for the same year."""
    found = re.search(r"alerts ([\d.]+) ms, statistics ([\d.]+) ms", out)
    if found:
        alerts, stats = float(found.group(1)), float(found.group(2))
        record(results, "alerts, Today (today.py)", alerts, stats, "statistics, same year", None)


def record(
    results: Path, name: str, figure: float, floor: float, floor_name: str, aim: float | None
) -> None:
    result = floors.Result(
        name, figure, floor, "ms", floor_name, f"<= {aim:g}x" if aim else "", aim
    ).judged()
    with results.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps({**asdict(result), "ratio": result.ratio}) + "\n")


def table(results: Path) -> list[str]:
    lines = [
        f"| {'figure':<52} | {'value':>10} | {'floor':>10} | {'floor is':<28} | "
        f"{'ratio':>6} | {'aim':<30} | met |",
        f"|{'-' * 54}|{'-' * 12}|{'-' * 12}|{'-' * 30}|{'-' * 8}|{'-' * 32}|-----|",
    ]
    for text in results.read_text(encoding="utf-8").splitlines():
        r = json.loads(text)
        met = floors.verdict(r["met"])
        note = f" ({r['note']})" if r.get("note") else ""
        lines.append(
            f"| {r['name'] + note:<52} | {r['figure']:>7.1f} {r['unit']:<2} |"
            f" {r['floor']:>7.1f} {r['unit']:<2} | {r['floor_name']:<28} | {r['ratio']:>6.2f} |"
            f" {r['aim'] or '-':<30} | {met} |"
        )
    return lines


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    parser.add_argument("--skip", action="append", default=[], help="a benchmark to leave out")
    parser.add_argument(
        "--results", type=Path, help="keep the results in FILE (appended to if it exists)"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    floors.ensure_source()
    machine = floors.machine()
    with tempfile.TemporaryDirectory(prefix="speed-") as folder:
        results = args.results or Path(folder) / "results.jsonl"
        results.touch()
        for label, argv_ in runs(args.quick):
            if label.split(",")[0] not in args.skip:
                run(label, argv_, results)
        if "stats" not in args.skip:
            stats_result(
                run("statistics", ["benchmarks/stats.py", "--keep", str(floors.SOURCE)], results),
                results,
            )
        if "today" not in args.skip:
            today_result(run("alerts", ["benchmarks/today.py"], results), results)
        print(f"\nMachine: {machine}")
        print(f"After:   load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}\n")
        print("\n".join(table(results)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
