"""Time the termly report for 150 learners: reading the figures, and drawing the PDF.

The database is the one `benchmarks/stats.py --keep benchmarks/.data/stats-enc.sqlite` builds
(150 learners on roll over six years; encrypted with SQLCipher under the benchmark's
passphrase, as a real register is). It is copied to a temporary folder first, because printing
writes an audit entry. The term is Summer 1 2026, compared with Spring 2 2026.

Run from the repository root:

    .venv/bin/python benchmarks/reports.py              # builds the database first if missing
    .venv/bin/python benchmarks/reports.py --repeat 9
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics as stats_lib
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from pypdf import PdfReader

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.stats import DIRECTOR, PASSPHRASE, build_at, time_ms  # noqa: E402
from desktop_app.reports.progress import Progress  # noqa: E402
from desktop_app.reports.termly_pdf import termly_pdf  # noqa: E402
from desktop_app.services.database import Database, open_database  # noqa: E402
from desktop_app.services.provision import staff_by_username  # noqa: E402
from desktop_app.services.report_data.termly import termly_report  # noqa: E402

SOURCE = ROOT / "benchmarks" / ".data" / "stats-enc.sqlite"

TERM = "Summer 1 2026"
NOW = datetime(2026, 7, 1, 9, 0)
AIM_MS = 3000.0


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument(
        "--source", type=Path, default=SOURCE, metavar="PATH", help=f"default {SOURCE}"
    )
    parser.add_argument("--repeat", type=int, default=7, metavar="N", help="timed runs (7)")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    return args


@contextmanager
def copied_database(source: Path) -> Iterator[Database]:
    """The benchmark database (built first if missing), copied to a temporary folder."""
    if not source.exists():
        print(f"{source} is missing: building it as benchmarks/stats.py does (about 20 s)")
        build_at(source)
    with tempfile.TemporaryDirectory(prefix="reports-bench-") as folder:
        copy = Path(folder) / source.name
        shutil.copy2(source, copy)
        db = open_database(f"sqlite:///{copy}", ask=lambda _new: PASSPHRASE)
        try:
            yield db
        finally:
            db.dispose()


def line(label: str, times: list[float]) -> str:
    return f"  {label:<28} median {stats_lib.median(times):8.1f} ms   min {min(times):8.1f} ms"


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    with copied_database(args.source) as db, tempfile.TemporaryDirectory() as folder:
        user = staff_by_username(db, DIRECTOR)
        if user is None:
            print(f"no '{DIRECTOR}' account in the database", file=sys.stderr)
            return 1
        report = termly_report(db, user, TERM, NOW)
        out = Path(folder) / "termly.pdf"
        quiet = Progress()
        data = time_ms(lambda: termly_report(db, user, TERM, NOW), args.repeat)
        render = time_ms(lambda: termly_pdf(report, out, quiet), args.repeat)

        def both() -> object:
            return termly_pdf(termly_report(db, user, TERM, NOW), out, quiet)

        whole = time_ms(both, args.repeat)
        pages = len(PdfReader(out).pages)
    print(f"termly report for {TERM}: {len(report.learners)} learners, {len(report.weeks)} weeks,")
    print(f"{report.this.totals.possible:,} possible sessions, {pages} pages")
    print(f"timing {args.repeat} runs each (after one warm-up):")
    print(line("figures (termly_report)", data))
    print(line("drawing the PDF", render))
    print(line("both, end to end", whole))
    median = stats_lib.median(whole)
    verdict = "met" if median < AIM_MS else "NOT met"
    print(f"\naim: the termly report under {AIM_MS / 1000:.0f} s: {median / 1000:.2f} s, {verdict}")
    print(f"(the aim is for 2 cores; this machine has {os.cpu_count()} CPUs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
