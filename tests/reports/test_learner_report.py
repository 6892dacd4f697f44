"""A learner's attendance report: the summary agrees with `statistics`, every mark is in its
week's grid, and the PDF shows both."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop_app.domain.stats import Bands, format_percent
from desktop_app.domain.upn import make_upn
from desktop_app.models import Learner, Mark
from desktop_app.models.engine import Database
from desktop_app.services.errors import NotFound, ValidationFailed
from desktop_app.services.report_data.learner import CLOSED, learner_report
from desktop_app.services.report_jobs import learner_job
from desktop_app.services.statistics import statistics
from tests.reports.conftest import LAST_DAY, NOW, user
from tests.reports.pdf_text import pages, rendered_ink

UPN = make_upn("820300000004")  # the demo's learner who attends least
START = date(2025, 9, 3)


def test_summary_and_band_match_statistics(shared: Database) -> None:
    officer = user(shared, "officer")
    report = learner_report(shared, officer, UPN, START, LAST_DAY, NOW)
    [stats] = statistics(shared, user(shared, "director"), START, LAST_DAY, UPN).learners
    assert report.summary == stats.summary
    assert report.band == Bands().band(stats.summary) == "significant concern"


def test_every_mark_is_in_its_weeks_grid(shared: Database) -> None:
    report = learner_report(shared, user(shared, "officer"), UPN, START, LAST_DAY, NOW)
    with shared.reading() as session:
        learner_id = session.scalar(select(Learner.id).where(Learner.upn == UPN))
        marks = session.execute(
            select(Mark.date, Mark.session, Mark.code).where(
                Mark.learner_id == learner_id, Mark.date.between(START, LAST_DAY)
            )
        ).all()
    grid = {week.monday: week.cells for week in report.weeks}
    for day, session_name, code in marks:
        monday = day - timedelta(days=day.weekday())
        column = 2 * day.weekday() + (session_name == "PM")
        assert grid[monday][column] == code
    assert any(CLOSED in cells for cells in grid.values())  # the INSET day


def test_the_pdf_shows_the_summary_and_the_grid(shared: Database, tmp_path: Path) -> None:
    out = tmp_path / "learner.pdf"
    learner_job(shared, user(shared, "officer"), UPN, (START, LAST_DAY), out, now=NOW)
    report = learner_report(shared, user(shared, "officer"), UPN, START, LAST_DAY, NOW)
    whole = " ".join(pages(out))
    s = report.summary
    assert f"Attendance report {report.name}: 3 Sep – 18 Dec 2025" in whole
    values = (
        f"{s.possible} {s.attended} {format_percent(s.attendance_percent)} {s.authorised} "
        f"{s.unauthorised} {s.late} {s.late_after_close} SA"
    )
    assert values in whole
    assert "Attendance band: below 90%: significant concern." in whole
    last = report.weeks[-1]
    assert f"15 Dec 2025 {' '.join(c for c in last.cells if c)}" in whole
    assert rendered_ink(out, tmp_path) > 2000


def test_dates_are_checked(shared: Database) -> None:
    officer = user(shared, "officer")
    with pytest.raises(ValidationFailed, match="before"):
        learner_report(shared, officer, UPN, LAST_DAY, START, NOW)
    with pytest.raises(ValidationFailed, match="a year or less"):
        learner_report(shared, officer, UPN, date(2024, 9, 1), LAST_DAY, NOW)
    with pytest.raises(NotFound):
        learner_report(shared, officer, make_upn("999999999999"), START, LAST_DAY, NOW)
