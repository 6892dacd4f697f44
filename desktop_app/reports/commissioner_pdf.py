"""The daily summary for commissioners as a PDF: one section (from a new page) per commissioner."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak

from desktop_app.reports.base import LANDSCAPE, gap, heading, para, table, title_block, write_pdf
from desktop_app.reports.fmt import long_day
from desktop_app.reports.grid import ABSENT_UNAUTHORISED, code_fill
from desktop_app.reports.progress import Progress
from desktop_app.services.report_data.commissioner import (
    CommissionerDay,
    CommissionerSummary,
    LearnerDay,
    SessionMark,
)

TITLE = "Daily attendance summary"
HEADERS = ["Learner", "UPN", "Group", "AM", "PM", "Absence or lateness", "Actions taken today"]
WIDTHS = [w * mm for w in (40, 28, 20, 12, 12, 64, 89)]


SHARED = (
    "Of the follow-up, this shows when, how, with whom and the outcome, and only the line "
    "written for you; the provision's own notes stay with the provision."
)


def reasons(row: LearnerDay) -> str:
    """What each session's mark means, for the sessions that were not a plain present mark."""
    found = []
    for name, mark in (("AM", row.am), ("PM", row.pm)):
        if mark.code not in ("/", "\\"):
            found.append(f"{name}: {mark.meaning}")
    return "\n".join(found)


def actions(row: LearnerDay) -> str:
    if not row.actions:
        return "None recorded"
    return "\n".join(f"{a.describe()} ({a.staff})" for a in row.actions)


def _code(mark: SessionMark) -> str:
    if mark.code is not None:
        return mark.code
    return "?" if mark.missing else "–"


def count_line(comm: CommissionerDay) -> str:
    """Who is missing first, then how many are marked absent (never a bare "0 absent" while
    some have no mark), then any session not yet due."""
    absent, missing = len(comm.absent), comm.missing
    line = f"{len(comm.learners)} learners on roll."
    if missing:
        names = ", ".join(row.name for row in missing)
        line += (
            f" MISSING – {len(missing)} not marked after the register closed, so not known to "
            f"be present: {names}. Marked absent so far: {absent}."
        )
    else:
        line += f" {absent} absent for at least one session."
    for name in comm.not_yet_due:
        line += f" {name}: not yet due when this was made."
    return line


def section(comm: CommissionerDay, day: str) -> list[Flowable]:
    who = ", ".join(part for part in (comm.contact, comm.email) if part)
    to = f"For the attention of {who}. " if who else ""
    rows: list[list[Any]] = [HEADERS]
    extra: list[tuple[Any, ...]] = [
        ("ALIGN", (3, 0), (4, -1), "CENTER"),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
    for r, row in enumerate(comm.learners, start=1):
        rows.append(
            [
                para(row.name, "cell"),
                row.upn,
                para(row.group, "cell"),
                _code(row.am),
                _code(row.pm),
                para(reasons(row), "cell"),
                para(actions(row), "cell"),
            ]
        )
        for c, mark in ((3, row.am), (4, row.pm)):
            if mark.code and (fill := code_fill(mark.code)) is not None:
                extra.append(("BACKGROUND", (c, r), (c, r), fill))
            elif mark.missing:
                extra.append(("BACKGROUND", (c, r), (c, r), ABSENT_UNAUTHORISED))
    return [
        heading(comm.name),
        para(f"{to}Marks and follow-up for {day}. {SHARED}", "small"),
        para(count_line(comm), "small"),
        gap(1),
        table(rows, WIDTHS, extra=extra),
    ]


def commissioner_pdf(summary: CommissionerSummary, path: Path, progress: Progress) -> Path:
    """Write the day's summary to path, each commissioner's learners starting a new page."""
    subtitle = long_day(summary.day)
    story: list[Flowable] = title_block(summary.header, TITLE, subtitle)
    if not summary.commissioners:
        story.append(para("No learners were on roll on this day."))
    for index, comm in enumerate(summary.commissioners):
        if index:
            story.append(PageBreak())
        story += section(comm, long_day(summary.day))
    label = f"{TITLE}, {long_day(summary.day)}"
    return write_pdf(path, story, summary.header, label, progress, pagesize=LANDSCAPE)
