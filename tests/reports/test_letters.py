"""Letters at the concern stages: who gets one, to whom it is addressed, the provision's own
wording, and refusing rather than guessing when a family has no addressee."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import delete, select

from desktop_app.domain import letters as rules
from desktop_app.domain.calendar import Term
from desktop_app.domain.stats import format_percent
from desktop_app.models import EmergencyContact, Learner
from desktop_app.models.engine import Database
from desktop_app.services.audit import audit_log
from desktop_app.services.calendar import list_calendar
from desktop_app.services.errors import ValidationFailed
from desktop_app.services.report_data.letter_templates import letter_templates, save_letter_template
from desktop_app.services.report_data.letters import address_lines, letters
from desktop_app.services.report_jobs import letters_job
from desktop_app.services.statistics import statistics
from tests.reports.conftest import NOW, PREVIOUS, TERM, user
from tests.reports.pdf_text import pages, rendered_ink

MEETING = "Tuesday 6 January 2026 at 10:00"


def expected(db: Database, stage: str) -> set[str]:
    """UPNs that meet the stage, from `statistics` for this term and the one before."""
    director = user(db, "director")
    terms = {t.name: t for t in _terms(db)}
    this, last = terms[TERM], terms[PREVIOUS]
    now = {r.upn: r.summary for r in statistics(db, director, this.start, this.end).learners}
    before = {r.upn: r.summary for r in statistics(db, director, last.start, last.end).learners}
    return {u for u, s in now.items() if rules.qualifies(stage, s, before.get(u))}


def _terms(db: Database) -> list[Term]:
    return list_calendar(db, user(db, "director")).terms


@pytest.mark.parametrize("stage", list(rules.STAGES))
def test_the_batch_is_everyone_who_meets_the_stage(shared: Database, stage: str) -> None:
    batch = letters(shared, user(shared, "officer"), stage, NOW, meeting=MEETING)
    made = {letter.upn for letter in batch.letters}
    skipped = {text.split("(")[1].split(")")[0] for text in batch.skipped}
    assert made | skipped == expected(shared, stage)
    assert made and not made & skipped
    assert all(letter.meets_criterion for letter in batch.letters)


def test_the_stages_do_not_overlap_initial_and_persistent(shared: Database) -> None:
    assert not expected(shared, rules.INITIAL_CONCERN) & expected(shared, rules.PERSISTENT_ABSENCE)
    assert expected(shared, rules.ATTENDANCE_MEETING) <= expected(shared, rules.PERSISTENT_ABSENCE)


def test_a_family_with_no_addressee_is_named_not_guessed(fresh: Database) -> None:
    officer = user(fresh, "officer")
    target = sorted(expected(fresh, rules.PERSISTENT_ABSENCE))[0]
    with fresh.transaction() as session:
        learner = session.scalars(select(Learner).where(Learner.upn == target)).one()
        name = f"{learner.forename} {learner.surname}"
        session.execute(delete(EmergencyContact).where(EmergencyContact.learner_id == learner.id))
    batch = letters(fresh, officer, rules.PERSISTENT_ABSENCE, NOW)
    assert target not in {letter.upn for letter in batch.letters}
    [problem] = [p for p in batch.skipped if target in p]
    assert name in problem and "parental responsibility" in problem
    before = len(audit_log(fresh, user(fresh, "director")))
    with pytest.raises(ValidationFailed, match=name):
        letters(fresh, officer, rules.PERSISTENT_ABSENCE, NOW, all_or_none=True)
    assert len(audit_log(fresh, user(fresh, "director"))) == before


def test_the_addressee_is_the_first_contact_with_parental_responsibility(fresh: Database) -> None:
    target = sorted(expected(fresh, rules.PERSISTENT_ABSENCE))[0]
    with fresh.transaction() as session:
        learner_id = session.scalars(select(Learner.id).where(Learner.upn == target)).one()
        for contact in session.scalars(
            select(EmergencyContact).where(EmergencyContact.learner_id == learner_id)
        ):
            contact.parental_responsibility = False
        session.add(
            EmergencyContact(
                learner_id=learner_id, priority=9, name="Pat Guardian",
                relationship_to_learner="Special guardian", parental_responsibility=True,
                address="3 Oak Road\nBradford\nBD1 1AA",
            )
        )  # fmt: skip
    batch = letters(fresh, user(fresh, "officer"), rules.PERSISTENT_ABSENCE, NOW, upn=target)
    [letter] = batch.letters
    assert letter.addressee == "Pat Guardian"
    assert letter.address == ["3 Oak Road", "Bradford", "BD1 1AA"]
    assert letter.body.startswith("Dear Pat Guardian,")


def test_the_letter_pdf_has_the_merged_details(shared: Database, tmp_path: Path) -> None:
    officer = user(shared, "officer")
    written = letters_job(
        shared, officer, rules.ATTENDANCE_MEETING, tmp_path, now=NOW, meeting=MEETING
    )
    batch = letters(shared, officer, rules.ATTENDANCE_MEETING, NOW, meeting=MEETING)
    assert len(written.files) == len(batch.letters) and written.open_target == tmp_path
    for path, letter in zip(written.files, batch.letters, strict=True):
        [page] = pages(path)
        assert letter.addressee in page and MEETING in page
        assert format_percent(letter.summary.attendance_percent) in page
        assert f"{letter.summary.absent} of {letter.summary.possible} sessions" in page
        assert "Riverside Learning Centre (demo)" in page and "Sam Patel" in page
        assert page.count("OFFICIAL-SENSITIVE") == 2 and "Page 1 of 1" in page
    assert rendered_ink(written.files[0], tmp_path) > 1000


def test_one_learner_gets_the_letter_whether_or_not_they_meet_it(shared: Database) -> None:
    outside = sorted(expected(shared, rules.INITIAL_CONCERN))[0]
    batch = letters(shared, user(shared, "officer"), rules.PERSISTENT_ABSENCE, NOW, upn=outside)
    [letter] = batch.letters
    assert letter.upn == outside and not letter.meets_criterion


def test_the_meeting_letter_needs_the_meeting(shared: Database) -> None:
    with pytest.raises(ValidationFailed, match="meeting"):
        letters(shared, user(shared, "officer"), rules.ATTENDANCE_MEETING, NOW)


def test_a_saved_template_replaces_the_default(fresh: Database) -> None:
    officer = user(fresh, "officer")
    default = {t.stage: t for t in letter_templates(fresh, officer)}[rules.INITIAL_CONCERN]
    assert not default.edited and default.body == rules.STAGES[rules.INITIAL_CONCERN].body
    for wording in ("Dear {parent_name}, first.", "Dear {parent_name}, {learner_forename} again."):
        save_letter_template(
            fresh, officer, rules.INITIAL_CONCERN, "About {learner_name}", wording, "Kim Head",
            "Head of Centre",
        )  # fmt: skip
    saved = {t.stage: t for t in letter_templates(fresh, officer)}[rules.INITIAL_CONCERN]
    assert saved.edited and saved.body.endswith("again.") and saved.signatory_name == "Kim Head"
    batch = letters(fresh, officer, rules.INITIAL_CONCERN, NOW)
    first = batch.letters[0]
    assert first.subject == f"About {first.learner}"
    assert first.body.endswith(f"{first.learner.split()[0]} again.")
    assert (first.signatory_name, first.signatory_position) == ("Kim Head", "Head of Centre")


def test_a_template_with_an_unknown_field_is_refused(fresh: Database) -> None:
    officer = user(fresh, "officer")
    with pytest.raises(ValidationFailed) as refused:
        save_letter_template(
            fresh, officer, rules.INITIAL_CONCERN, "Hi", "Dear {parent}", "", "Officer"
        )
    fields = {p.field for p in refused.value.problems}
    assert fields == {"body", "signatory"}
    assert "{parent} is not a merge field" in str(refused.value)
    assert not [t for t in letter_templates(fresh, officer) if t.edited]


def test_an_address_on_one_line_is_split_at_commas() -> None:
    assert address_lines("14 Mill Lane, Leeds LS5 4AB") == ["14 Mill Lane", "Leeds LS5 4AB"]
    assert address_lines("1 A St\nTown, County\n") == ["1 A St", "Town, County"]
