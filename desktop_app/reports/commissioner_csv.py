"""The daily summary for commissioners as CSV: one row per learner."""

from __future__ import annotations

import csv
from pathlib import Path

from desktop_app.reports.commissioner_pdf import actions
from desktop_app.reports.whole import whole_file
from desktop_app.services.report_data.commissioner import CommissionerSummary

COLUMNS = [
    "commissioner",
    "date",
    "upn",
    "learner",
    "group",
    "am_code",
    "am_meaning",
    "pm_code",
    "pm_meaning",
    "actions_taken",
]
#: A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe(value: str) -> str:
    """Free text made inert for spreadsheets (a leading ' stops a formula)."""
    return "'" + value if value.startswith(FORMULA_START) else value


def commissioner_rows(summary: CommissionerSummary) -> list[list[str]]:
    rows = [COLUMNS]
    for comm in summary.commissioners:
        for ln in comm.learners:
            rows.append(
                [
                    safe(comm.name),
                    summary.day.isoformat(),
                    ln.upn,
                    safe(ln.name),
                    safe(ln.group),
                    ln.am.code or "",
                    ln.am.meaning,
                    ln.pm.code or "",
                    ln.pm.meaning,
                    safe(actions(ln).replace("\n", "; ")) if ln.actions else "",
                ]
            )
    return rows


def commissioner_csv(summary: CommissionerSummary, path: Path) -> Path:
    """Write the day's summary to path as UTF-8 CSV (with a BOM, so Excel reads £ and accents)."""
    with (
        whole_file(path, ".csv") as partial,
        partial.open("w", encoding="utf-8-sig", newline="") as out,
    ):
        csv.writer(out).writerows(commissioner_rows(summary))
    return path
