"""A learner's attendance report for the family and the home school."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether

from desktop_app.domain.stats import format_percent
from desktop_app.reports.base import gap, heading, para, table, title_block, write_pdf
from desktop_app.reports.fmt import day, span
from desktop_app.reports.grid import NOT_COUNTED, code_fill, grid_headers, grid_spans
from desktop_app.reports.progress import Progress
from desktop_app.reports.termly_pdf import flag
from desktop_app.services.report_data.learner import (
    CLOSED,
    NO_SCHOOL,
    NOT_ON_ROLL,
    UNMARKED,
    LearnerReport,
)

TITLE = "Attendance report"
MARKERS = [
    (CLOSED, "the provision was closed"),
    (UNMARKED, "not marked yet"),
    (NOT_ON_ROLL, "not on roll that day"),
]
BAND_WORDS = {
    "no concern": "95% or more: no concern",
    "upper amber": "94% to 95%: upper amber",
    "lower amber": "90% to 94%: lower amber",
    "significant concern": "below 90%: significant concern",
    "": "no possible sessions in the period",
}


def details(report: LearnerReport) -> list[Flowable]:
    rows = [
        ["Learner", report.name, "UPN", report.upn],
        ["Date of birth", day(report.date_of_birth), "Group", report.group or "–"],
        [
            "Commissioner",
            para(report.commissioner or "–", "cell"),
            "Period",
            span(report.start, report.end),
        ],
    ]
    return [table(rows, [28 * mm, 62 * mm, 22 * mm, 66 * mm], header_rows=0)]


def summary(report: LearnerReport) -> list[Flowable]:
    s = report.summary
    headers = [
        "Possible",
        "Attended",
        "Attendance",
        "Authorised",
        "Unauthorised",
        "L",
        "U",
        "PA/SA",
    ]
    values = [
        s.possible, s.attended, format_percent(s.attendance_percent), s.authorised,
        s.unauthorised, s.late, s.late_after_close, flag(s) or "–",
    ]  # fmt: skip
    band = BAND_WORDS.get(report.band, report.band)
    return [
        heading("Summary"),
        table(
            [headers, values], [w * mm for w in (22, 22, 26, 26, 28, 14, 14, 18)], numeric_from=0
        ),
        para(f"Attendance band: {band}.", "body"),
    ]


def weeks(report: LearnerReport) -> list[Flowable]:
    rows: list[list[Any]] = grid_headers(["Week beginning"])
    extra: list[tuple[Any, ...]] = grid_spans(1)
    for r, week in enumerate(report.weeks, start=2):
        rows.append([day(week.monday), *week.cells])
        for c, cell in enumerate(week.cells, start=1):
            fill = NOT_COUNTED if cell == NO_SCHOOL else code_fill(cell)
            if fill is not None:
                extra.append(("BACKGROUND", (c, r), (c, r), fill))
    if len(rows) == 2:
        return [heading("Marks by week"), para("No school sessions in this period.")]
    return [
        heading("Marks by week"),
        table(rows, [28 * mm] + [15 * mm] * 10, header_rows=2, extra=extra),
    ]


def key(report: LearnerReport) -> list[Flowable]:
    entries: list[tuple[str, Any]] = [(c, para(m, "cell")) for c, m in report.codes_used]
    entries += [(mark, para(meaning, "cell")) for mark, meaning in MARKERS]
    entries.append(("", para("grey: not a school day, or a session not counted", "cell")))
    half = (len(entries) + 1) // 2
    rows: list[list[Any]] = [["Mark", "Meaning", "Mark", "Meaning"]]
    for i in range(half):
        right = entries[half + i] if half + i < len(entries) else ("", "")
        rows.append([*entries[i], *right])
    return [
        KeepTogether(
            [
                heading("Key"),
                table(rows, [12 * mm, 77 * mm, 12 * mm, 77 * mm]),
                para(
                    "Red cells are unauthorised absence and amber cells authorised absence. "
                    "Attendance is sessions attended over possible sessions; sessions marked D, X, "
                    "Q, Y1–Y7, Z or # are not counted.",
                    "small",
                ),
            ]
        )
    ]


def learner_pdf(report: LearnerReport, path: Path, progress: Progress) -> Path:
    """Write one learner's attendance report to path."""
    subtitle = f"{report.name}: {span(report.start, report.end)}"
    story: list[Flowable] = title_block(report.header, TITLE, subtitle)
    story += details(report) + summary(report) + [gap(2)] + weeks(report) + key(report)
    return write_pdf(path, story, report.header, f"{TITLE}, {report.name}", progress)
