"""Time the alerts service (everything the Today page lists) beside the statistics service for
the same academic year, on the statistics benchmark's provision.

The database is the one `benchmarks/stats.py --keep benchmarks/.data/stats-enc.sqlite` builds (150
places over six academic years, 333,600 marks, SQLCipher); it is built there first if missing.
The moment checked is 1 July 2026 at 16:00, after both of that day's registers closed (so every
learner on roll has two missing registers, as a busy day would).

Run from the repository root:

    .venv/bin/python benchmarks/today.py

The last line reads `alerts <ms> ms, statistics <ms> ms, ratio <r>` (medians).
"""

from __future__ import annotations

import argparse
import statistics as stats_lib
import sys
from collections import Counter
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks import stats as bench  # noqa: E402
from desktop_app.services.alerts import alerts  # noqa: E402
from desktop_app.services.provision import staff_by_username  # noqa: E402
from desktop_app.services.statistics import statistics  # noqa: E402

SOURCE = ROOT / "benchmarks" / ".data" / "stats-enc.sqlite"
MOMENT = datetime(2026, 7, 1, 16, 0)
YEAR = (date(2025, 9, 1), date(2026, 8, 31))
AIM_MS = 150.0


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument(
        "--repeat", type=int, default=9, metavar="N", help="timed runs of each (default 9)"
    )
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    with bench.database(SOURCE) as db:
        user = staff_by_username(db, bench.DIRECTOR)
        if user is None:
            print(f"no '{bench.DIRECTOR}' account in the database", file=sys.stderr)
            return 1
        found = alerts(db, user, now=MOMENT)
        kinds = Counter(a.kind for a in found)
        print(f"{len(found)} alerts at {MOMENT:%Y-%m-%d %H:%M}:")
        for kind, n in sorted(kinds.items()):
            print(f"  {kind:<32} {n:>4}")
        alert_ms = bench.time_ms(lambda: alerts(db, user, now=MOMENT), args.repeat)
        stats_ms = bench.time_ms(lambda: statistics(db, user, *YEAR), args.repeat)
    a, s = stats_lib.median(alert_ms), stats_lib.median(stats_ms)
    print(f"alerts      median {a:8.1f} ms   min {min(alert_ms):8.1f} ms")
    print(f"statistics  median {s:8.1f} ms   min {min(stats_ms):8.1f} ms  (year 2025/26)")
    print(f"aim: alerts under {AIM_MS:.0f} ms: {'met' if a < AIM_MS else 'NOT met'}")
    print(f"alerts {a:.0f} ms, statistics {s:.0f} ms, ratio {a / s:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
