"""The daily commissioner summary: each commissioner's learners with the day's marks, what each
absence was, and the follow-up logged that day (and no other); as PDF and as CSV."""

from __future__ import annotations

import csv
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import delete, select, update

from desktop_app.domain.codes import CODES
from desktop_app.models import ContactLogEntry, Learner, Mark
from desktop_app.models.engine import Database
from desktop_app.reports.commissioner_csv import COLUMNS, safe
from desktop_app.services.audit import audit_log
from desktop_app.services.contact_log import log_contact
from desktop_app.services.errors import ValidationFailed
from desktop_app.services.report_data.commissioner import NO_COMMISSIONER, commissioner_summary
from desktop_app.services.report_jobs import commissioner_job
from tests.reports.conftest import LAST_DAY, NOW, user
from tests.reports.pdf_text import pages, rendered_ink, text


def marks_on(db: Database) -> dict[tuple[str, str], str]:
    with db.reading() as session:
        rows = session.execute(
            select(Learner.upn, Mark.session, Mark.code)
            .join(Learner, Learner.id == Mark.learner_id)
            .where(Mark.date == LAST_DAY)
        ).all()
    return {(u, s): c for u, s, c in rows}


def test_each_learner_is_under_their_commissioner_with_the_days_marks(shared: Database) -> None:
    summary = commissioner_summary(shared, user(shared, "officer"), LAST_DAY, NOW)
    marks = marks_on(shared)
    with shared.reading() as session:
        placed = {
            ln.upn: ln.commissioner.name if ln.commissioner else NO_COMMISSIONER
            for ln in session.scalars(select(Learner))
        }
    seen = 0
    for comm in summary.commissioners:
        for row in comm.learners:
            seen += 1
            assert placed[row.upn] == comm.name
            assert row.am.code == marks.get((row.upn, "AM"))
            assert row.pm.code == marks.get((row.upn, "PM"))
            if row.am.code:
                assert row.am.meaning.startswith(CODES[row.am.code].meaning)
    assert seen == 24  # the demo's 25 learners less the one who has left
    unmarked = [r for c in summary.commissioners for r in c.learners if r.pm.code is None]
    assert len(unmarked) == 1 and unmarked[0].pm.missing  # made the next day: long overdue
    assert unmarked[0].pm.meaning == "MISSING: not marked, the register closed at 13:15"


def test_actions_are_that_days_contact_log_only(fresh: Database) -> None:
    officer = user(fresh, "officer")
    with fresh.transaction() as session:
        learner_id = session.scalars(select(Learner.id).order_by(Learner.id)).first()
        earlier = datetime(2025, 12, 17, 15, 0).astimezone(UTC)
        session.add(
            ContactLogEntry(
                learner_id=learner_id, at=earlier, staff_id=officer.id, method="text",
                with_whom="Mother", outcome="replied", notes="yesterday's text",
            )
        )  # fmt: skip
    summary = commissioner_summary(fresh, officer, LAST_DAY, NOW)
    rows = [r for c in summary.commissioners for r in c.learners]
    actions = [a for r in rows for a in r.actions]
    with fresh.reading() as session:
        logged = session.scalars(select(ContactLogEntry.at)).all()
    local = [at for at in logged if at.astimezone().date() == LAST_DAY]
    assert len(actions) == len(local) >= 3
    assert all(a.at.date() == LAST_DAY for a in actions)
    assert "yesterday's text" not in " ".join(a.describe() for a in actions)
    assert any(a.method == "Home visit" and a.outcome.startswith("Learner seen") for a in actions)
    prints = [e for e in audit_log(fresh, user(fresh, "director")) if e.action == "print"]
    assert {e.entity for e in prints} == {"commissioner_summary"}
    assert len(prints) == len({r.upn for r in rows if r.actions})


def test_the_pdf_has_a_section_for_each_commissioner(shared: Database, tmp_path: Path) -> None:
    out = tmp_path / "summary.pdf"
    commissioner_job(shared, user(shared, "officer"), LAST_DAY, out, now=NOW)
    summary = commissioner_summary(shared, user(shared, "officer"), LAST_DAY, NOW)
    found = pages(out)
    assert len(found) == len(summary.commissioners)
    for page, comm in zip(found, summary.commissioners, strict=True):
        assert comm.name in page and "Thursday 18 December 2025" in page
        for row in comm.learners:
            assert f"{row.name} {row.upn}" in page
    acted = next(r for c in summary.commissioners for r in c.learners if r.actions)
    assert acted.actions[0].describe().split(":")[0] in " ".join(found)
    assert rendered_ink(out, tmp_path) > 1000


def test_the_csv_has_a_row_per_learner(shared: Database, tmp_path: Path) -> None:
    out = tmp_path / "summary.csv"
    commissioner_job(shared, user(shared, "officer"), LAST_DAY, out, now=NOW)
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == COLUMNS
    marks = marks_on(shared)
    assert len(rows) == 24
    for row in rows:
        assert row["date"] == "2025-12-18"
        assert row["am_code"] == marks.get((row["upn"], "AM"), "")
        assert row["pm_code"] == marks.get((row["upn"], "PM"), "")
    assert any(row["actions_taken"] for row in rows)


def test_free_text_cannot_become_a_spreadsheet_formula() -> None:
    assert safe("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert safe("-1") == "'-1" and safe("Phone call") == "Phone call"


def test_only_pdf_or_csv(shared: Database, tmp_path: Path) -> None:
    with pytest.raises(ValidationFailed, match=r"\.pdf or \.csv"):
        commissioner_job(shared, user(shared, "officer"), LAST_DAY, tmp_path / "x.xlsx")


def test_a_day_before_anyone_started_is_empty(shared: Database) -> None:
    early = LAST_DAY - timedelta(days=400)
    summary = commissioner_summary(shared, user(shared, "officer"), early, NOW)
    assert summary.commissioners == []


# --- made during the day (issue 11, point 10) ---------------------------------------------

MORNING_AFTER_CLOSE = datetime(2025, 12, 18, 9, 36)  # the AM register closed at 09:30


def _morning_of_last_day(db: Database, unmarked: int) -> list[str]:
    """LAST_DAY as at 09:36: no PM marks yet, every AM mark present, `unmarked` AM marks gone.

    Returns the names of the learners left without an AM mark."""
    with db.transaction() as session:
        session.execute(delete(Mark).where(Mark.date == LAST_DAY, Mark.session == "PM"))
        session.execute(
            update(Mark).where(Mark.date == LAST_DAY, Mark.session == "AM").values(code="/")
        )
        ids = session.scalars(
            select(Mark.learner_id).where(Mark.date == LAST_DAY).order_by(Mark.learner_id)
        ).all()[:unmarked]
        session.execute(delete(Mark).where(Mark.date == LAST_DAY, Mark.learner_id.in_(ids)))
        learners = session.scalars(select(Learner).where(Learner.id.in_(ids))).all()
        return sorted(f"{ln.forename} {ln.surname}" for ln in learners)


def test_at_0936_the_pm_is_not_yet_due_and_the_unmarked_are_missing(
    fresh: Database, tmp_path: Path
) -> None:
    """Made at 09:36 it says "not yet due" for PM and lists who has no AM mark as missing."""
    missing = _morning_of_last_day(fresh, 4)
    officer = user(fresh, "officer")
    summary = commissioner_summary(fresh, officer, LAST_DAY, MORNING_AFTER_CLOSE)
    rows = [r for c in summary.commissioners for r in c.learners]
    assert all(r.pm.code is None and not r.pm.missing for r in rows)
    assert {r.pm.meaning for r in rows} == {"Not yet due: the register closes at 13:15"}
    assert sorted(r.name for r in rows if r.am.missing) == missing
    out = tmp_path / "summary.pdf"
    commissioner_job(fresh, officer, LAST_DAY, out, now=MORNING_AFTER_CLOSE)
    for page, comm in zip(pages(out), summary.commissioners, strict=True):
        assert " 0 absent" not in page and "PM: not marked" not in page
        assert "PM: not yet due when this was made" in page
        if comm.missing:
            assert f"MISSING – {len(comm.missing)} not marked after the register closed" in page
        for row in comm.missing:
            assert page.count(row.name) == 2  # in the count above the table, and in the table
    assert sum(len(c.missing) for c in summary.commissioners) == 4


def test_before_the_register_closes_nobody_is_missing(fresh: Database) -> None:
    _morning_of_last_day(fresh, 4)
    early = datetime(2025, 12, 18, 9, 10)
    summary = commissioner_summary(fresh, user(fresh, "officer"), LAST_DAY, early)
    rows = [r for c in summary.commissioners for r in c.learners]
    assert not any(r.am.missing or r.pm.missing for r in rows)
    assert any(r.am.meaning == "Not yet due: the register closes at 09:30" for r in rows)


def test_only_the_line_for_the_commissioner_is_shared(fresh: Database, tmp_path: Path) -> None:
    """Internal contact-log notes never reach the commissioner; the line written for them does."""
    officer = user(fresh, "officer")
    with fresh.reading() as session:
        learner_id = session.scalars(select(Learner.id).order_by(Learner.id)).first()
    assert learner_id is not None
    at = datetime(2025, 12, 18, 10, 5).astimezone()
    secret = "Mum disclosed that dad is back at the house; DSL told"
    shared = "Spoke to mum: unwell, back tomorrow."
    log_contact(
        fresh, officer, learner_id, at, "phone_call", "Mother", "spoke", secret,
        now=NOW.astimezone(), commissioner_note=shared,
    )  # fmt: skip
    summary = commissioner_summary(fresh, officer, LAST_DAY, NOW)
    said = [a.describe() for c in summary.commissioners for r in c.learners for a in r.actions]
    assert any(line.endswith(shared) for line in said)
    pdf, csv_out = tmp_path / "summary.pdf", tmp_path / "summary.csv"
    commissioner_job(fresh, officer, LAST_DAY, pdf, now=NOW)
    commissioner_job(fresh, officer, LAST_DAY, csv_out, now=NOW)
    written = text(pdf) + csv_out.read_text(encoding="utf-8-sig")
    assert shared in written and "dad is back" not in written
    for internal in ("Text sent; will try again at lunch.", "Unwell; expects to be back tomorrow."):
        assert internal not in written  # the demo's own notes, with no line for the commissioner
