"""The register printout: the same rows and cells as the register screen's week."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from desktop_app.models.engine import Database
from desktop_app.reports.register_pdf import cell_text
from desktop_app.services.errors import NotFound
from desktop_app.services.register_week import list_groups, week_register
from desktop_app.services.report_data.register import register_printout
from desktop_app.services.report_jobs import register_job
from tests.reports.conftest import NOW, user
from tests.reports.pdf_text import pages, rendered_ink

MONDAY = date(2025, 12, 15)


def test_the_printout_is_the_screens_week(shared: Database) -> None:
    tutor = user(shared, "tutor1")
    printout = register_printout(shared, tutor, "kestrel", MONDAY, NOW)
    kestrel = next(g.id for g in list_groups(shared, tutor) if g.name == "Kestrel")
    assert printout.group == "Kestrel"
    assert printout.week == week_register(shared, tutor, kestrel, MONDAY, NOW)


def test_the_pdf_has_every_learner_and_mark(shared: Database, tmp_path: Path) -> None:
    tutor = user(shared, "tutor1")
    out = tmp_path / "register.pdf"
    register_job(shared, tutor, "Kestrel", MONDAY, out, now=NOW)
    whole = " ".join(pages(out))
    printout = register_printout(shared, tutor, "Kestrel", MONDAY, NOW)
    assert "Register Kestrel: week beginning 15 Dec 2025 (Autumn 2 2025)" in whole
    assert "Page 1 of 1" in whole and "OFFICIAL-SENSITIVE" in whole
    for row in printout.week.rows:
        cells = " ".join(t for t in (cell_text(c) for c in row.cells) if t)
        assert f"{row.name} Kestrel" in whole
        assert cells in whole, cells
    assert rendered_ink(out, tmp_path) > 1000


def test_all_learners_and_a_missing_mark(shared: Database, tmp_path: Path) -> None:
    """The demo leaves one afternoon unmarked on the last day: it prints as '?'."""
    tutor = user(shared, "tutor1")
    printout = register_printout(shared, tutor, "All learners", MONDAY, NOW)
    assert printout.week.missing == 1
    out = tmp_path / "all.pdf"
    register_job(shared, tutor, "All learners", MONDAY, out, now=NOW)
    assert " ? " in " ".join(pages(out))


def test_an_unknown_group_lists_the_groups(shared: Database) -> None:
    with pytest.raises(NotFound, match="'Falcon'"):
        register_printout(shared, user(shared, "tutor1"), "Eagles", MONDAY, NOW)
