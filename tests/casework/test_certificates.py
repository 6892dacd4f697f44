"""Recognition certificates on the demo: exactly the learners the rule picks, one PDF each,
every one audited as printed."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader
from sqlalchemy import select

from desktop_app.domain import recognition as rules
from desktop_app.models import AuditEntry
from desktop_app.models.engine import Database
from desktop_app.services.calendar import load_calendar
from desktop_app.services.certificates import certificates_job
from desktop_app.services.report_data.common import find_term, previous_term
from desktop_app.services.statistics import summaries
from tests.reports.conftest import NOW, TERM, fresh, template, user  # noqa: F401


def test_certificates_go_to_the_learners_the_rule_picks(fresh: Database, tmp_path: Path) -> None:  # noqa: F811
    written = certificates_job(fresh, user(fresh, "officer"), TERM, tmp_path, now=NOW)
    with fresh.reading() as session:
        calendar = load_calendar(session)
        term = find_term(calendar, TERM)
        before = previous_term(calendar, term)
        assert before is not None
        this = summaries(session, term.start, min(term.end, NOW.date()))
        last = summaries(session, before.start, before.end)
        printed = session.scalars(
            select(AuditEntry.id).where(AuditEntry.entity == "certificate")
        ).all()
    expected = rules.awards(
        {i: (s.attended, s.possible) for i, s in this.items()},
        {i: (s.attended, s.possible) for i, s in last.items()},
        94,
    )
    assert len(written.files) == len(expected) == len(printed) >= 1
    text = PdfReader(written.files[0]).pages[0].extract_text()
    assert "Certificate of Achievement" in text and "OFFICIAL-SENSITIVE" in text
