"""The termly report as a PDF for the director, governors and commissioners."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether

from desktop_app.domain.codes import CODES
from desktop_app.domain.stats import Summary, format_percent
from desktop_app.reports import fmt
from desktop_app.reports.base import (
    AMBER,
    GREEN,
    RED,
    fonts,
    gap,
    heading,
    para,
    table,
    title_block,
    write_pdf,
)
from desktop_app.reports.fmt import day, points, share, span
from desktop_app.reports.progress import Progress
from desktop_app.reports.termly_chart import weekly_chart
from desktop_app.services.report_data.termly import Cohort, TermlyReport

TITLE = "Termly attendance report"
LEARNER_HEADERS = [
    "Learner", "Group", "Possible", "Attended", "Att. %", "Auth.", "Unauth.", "L", "U",
    "PA/SA", "Change",
]  # fmt: skip
LEARNER_WIDTHS = [w * mm for w in (40, 17, 15, 16, 14, 12, 15, 9, 9, 13, 15)]


def flag(summary: Summary) -> str:
    if summary.severe_absence:
        return "SA"
    return "PA" if summary.persistent_absence else ""


def _cohort_rows(c: Cohort | None) -> list[str]:
    if c is None:
        return ["–"] * 9
    t = c.totals
    return [
        str(c.counted),
        f"{t.possible:,}",
        format_percent(t.attendance_percent),
        share(t.authorised, t.possible),
        share(t.unauthorised, t.possible),
        f"{c.persistent} ({share(c.persistent, c.counted)})",
        f"{c.severe} ({share(c.severe, c.counted)})",
        f"{t.late:,}",
        f"{t.late_after_close:,}",
    ]


TOTAL_LABELS = [
    "Learners with sessions",
    "Possible sessions",
    "Attendance",
    "Authorised absence",
    "Unauthorised absence",
    "Persistent absence (10%+ absent)",
    "Severe absence (50%+ absent)",
    "Late before the register closed (L)",
    "Late after the register closed (U)",
]


def totals_section(report: TermlyReport) -> list[Flowable]:
    before = report.previous_term.name if report.previous_term else "Previous term"
    rows: list[list[Any]] = [["", report.term.name, before]]
    now, then = _cohort_rows(report.this), _cohort_rows(report.before)
    rows += [[label, a, b] for label, a, b in zip(TOTAL_LABELS, now, then, strict=True)]
    return [
        heading("Provision totals"),
        table(rows, [70 * mm, 45 * mm, 45 * mm], numeric_from=1),
        para(
            "Attendance is total attended over total possible sessions for all learners, not an "
            "average of learners' percentages. Persistent and severe absence are counted among "
            "learners with at least one possible session.",
            "small",
        ),
    ]


def chart_section(report: TermlyReport) -> list[Flowable]:
    if not report.weeks:
        return [heading("Attendance by week"), para("No marks recorded in this term yet.")]
    return [KeepTogether([heading("Attendance by week"), weekly_chart(report.weeks)])]


def learner_section(report: TermlyReport) -> list[Flowable]:
    rows: list[list[Any]] = [LEARNER_HEADERS]
    extra: list[tuple[Any, ...]] = []
    bold = fonts().bold
    for index, r in enumerate(report.learners, start=1):
        s = r.summary
        badge = flag(s)
        rows.append(
            [
                para(r.name, "cell"),
                para(r.group, "cell"),
                s.possible,
                s.attended,
                format_percent(s.attendance_percent),
                s.authorised,
                s.unauthorised,
                s.late,
                s.late_after_close,
                badge,
                points(r.change),
            ]
        )
        if badge:
            colour = RED if badge == "SA" else AMBER
            extra += [("TEXTCOLOR", (9, index), (9, index), colour)]
            extra += [("FONT", (9, index), (9, index), bold, 8)]
    return [
        heading("Learners, lowest attendance first"),
        table(rows, LEARNER_WIDTHS, numeric_from=2, extra=extra),
        para(
            "PA: persistent absence (absent for 10% or more of possible sessions); SA: severe "
            "absence (50% or more). Change: percentage points since last term; – when the learner "
            "had no possible sessions in one of the terms.",
            "small",
        ),
    ]


def code_section(report: TermlyReport) -> list[Flowable]:
    marks = sum(c.sessions for c in report.codes)
    rows: list[list[Any]] = [["Code", "Meaning", "Sessions", "Share of marks"]]
    for use in report.codes:
        meaning = CODES[use.code].meaning if use.code in CODES else ""
        rows.append(
            [use.code, para(meaning, "cell"), f"{use.sessions:,}", share(use.sessions, marks)]
        )
    if len(rows) == 1:
        return [heading("Codes used"), para("No marks recorded in this term yet.")]
    return [
        heading("Codes used"),
        table(rows, [14 * mm, 110 * mm, 22 * mm, 26 * mm], numeric_from=2),
    ]


def rag_section(report: TermlyReport) -> list[Flowable]:
    counted = sum(report.rag.values())
    rows: list[list[Any]] = [["Rating", "Learners", "Share"]]
    colours = {"red": RED, "amber": AMBER, "green": GREEN}
    extra = []
    for index, (rating, n) in enumerate(report.rag.items(), start=1):
        rows.append([rating.upper(), n, share(n, counted)])
        extra.append(("TEXTCOLOR", (0, index), (0, index), colours.get(rating, RED)))
    note = f"Learners on roll on {day(report.end)}, as rated that day (with any DSL override)."
    return [
        heading("RAG ratings"),
        table(rows, [30 * mm, 24 * mm, 24 * mm], numeric_from=1, extra=extra),
        para(note, "small"),
    ]


def _minutes(value: float | None) -> str:
    return fmt.minutes(value)  # one way to write a duration (domain/absconding.format_duration)


def safeguarding_section(report: TermlyReport) -> list[Flowable]:
    a = report.absconding
    rows = [
        ["Absconding incidents (last seen in the term)", str(a.incidents)],
        ["Returned or found", str(a.returned)],
        ["Median time from last seen to return", _minutes(a.median_minutes)],
        ["Incidents where the police were told", str(a.police_told)],
    ]
    parts: list[Flowable] = [
        heading("Absconding"),
        table(rows, [100 * mm, 40 * mm], header_rows=0, numeric_from=1),
        heading("Risk assessments overdue or missing"),
    ]
    if not report.overdue:
        parts.append(para(f"None on {day(report.end)}: every RED learner has one in force."))
        return parts
    missing = sum(o.missing for o in report.overdue)
    if missing:
        parts.append(
            para(f"{missing} RED learner{'s' * (missing != 1)} with no risk assessment in force.")
        )
    overdue: list[list[Any]] = [["Learner", "UPN", "Version", "Review was due", "Days overdue"]]
    for o in report.overdue:
        if o.review_date is None:
            overdue.append([para(o.name, "cell"), o.upn, "–", "No assessment (RED)", "–"])
            continue
        late = (report.end - o.review_date).days
        overdue.append([para(o.name, "cell"), o.upn, o.version, day(o.review_date), late])
    widths = [55 * mm, 32 * mm, 18 * mm, 32 * mm, 25 * mm]
    parts.append(table(overdue, widths, numeric_from=4))
    return parts


def termly_pdf(report: TermlyReport, path: Path, progress: Progress) -> Path:
    """Write the termly report to path."""
    term = report.term
    cover = span(term.start, report.end)
    if report.end < term.end:
        cover += f" (to date; the term ends {day(term.end)})"
    story: list[Flowable] = [*title_block(report.header, TITLE, f"{term.name}: {cover}")]
    for section in (totals_section, chart_section, learner_section, code_section):
        story += section(report)
        story.append(gap(2))
    story += rag_section(report) + safeguarding_section(report)
    return write_pdf(path, story, report.header, f"{TITLE}, {term.name}", progress)
