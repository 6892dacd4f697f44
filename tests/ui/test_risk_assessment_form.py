"""The Risk assessment tab, filled in through its widgets: scores, saving, problems, signing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, time, timedelta

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QListWidget, QTextEdit
from pytestqt.qtbot import QtBot

from desktop_app.app import provision_name
from desktop_app.domain import risk
from desktop_app.domain.permissions import Role
from desktop_app.models import Learner
from desktop_app.models.engine import Database
from desktop_app.services import risk_assessments as ra
from desktop_app.services.audit import audit_log
from desktop_app.services.auth import StaffUser
from desktop_app.services.risk_assessments import AgencyEntry, RiskEntry, Status
from desktop_app.views.common.context import AppContext
from desktop_app.views.risk.rows import RiskCard
from desktop_app.views.risk.tab import NOT_ALLOWED, RiskAssessmentTab
from tests.ui.settings_helpers import click, shown

TODAY = date(2026, 3, 2)


@pytest.fixture
def learner(db: Database) -> int:
    with db.transaction() as session:
        person = Learner(
            upn="E820300000001",
            surname="Ahmed",
            forename="Ann",
            date_of_birth=date(2011, 1, 1),
            start_date=date(2025, 9, 3),
        )
        session.add(person)
        session.flush()
        return person.id


@pytest.fixture
def dsl(make_staff: Callable[[Role], StaffUser]) -> StaffUser:
    return make_staff(Role.DSL)


def context(db: Database, user: StaffUser, today: date = TODAY) -> AppContext:
    return AppContext(
        db, user, provision_name(db), "/here", lambda: datetime.combine(today, time(10))
    )


def open_tab(
    qtbot: QtBot, db: Database, user: StaffUser, learner: int, today: date = TODAY
) -> RiskAssessmentTab:
    tab = shown(qtbot, RiskAssessmentTab(context(db, user, today), learner))
    qtbot.waitUntil(lambda: not tab.loader.busy())  # read off the GUI thread on first show
    return tab


@pytest.fixture
def tab(qtbot: QtBot, db: Database, dsl: StaffUser, learner: int) -> RiskAssessmentTab:
    """The DSL's tab with version 1 just started through its button."""
    tab = open_tab(qtbot, db, dsl, learner)
    click(qtbot, tab.start_button)
    return tab


def type_text(qtbot: QtBot, box: QLineEdit | QTextEdit, text: str) -> None:
    """Type at the end of what the box already says."""
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(box, text)


def retype(qtbot: QtBot, box: QLineEdit, text: str) -> None:
    """Select everything in the box and type over it (nothing: delete it)."""
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(box, text) if text else qtbot.keyClick(box, Qt.Key.Key_Delete)


def choose(qtbot: QtBot, picker: QComboBox, value: int) -> None:
    """Pick a score with the keyboard: Home goes to 'Choose…', then down past 5, 4, ..."""
    picker.setFocus()
    qtbot.keyClick(picker, Qt.Key.Key_Home)
    for _ in range(6 - value):
        qtbot.keyClick(picker, Qt.Key.Key_Down)
    assert picker.currentData() == value


def fill_risk(qtbot: QtBot, card: RiskCard, entry: RiskEntry) -> None:
    for key in ("risk", "actions", "escalation"):
        if getattr(entry, key):
            type_text(qtbot, card.texts[key], getattr(entry, key))
    if entry.likelihood:
        choose(qtbot, card.likelihood, entry.likelihood)
    if entry.frequency:
        choose(qtbot, card.frequency, entry.frequency)
    if entry.staff_lead:
        type_text(qtbot, card.staff_lead, entry.staff_lead)


RUNS_OFF = RiskEntry("Runs off site", 4, 4, "Door buddy", "Mo Ahmed", "Call the DSL")
PEERS = RiskEntry("Older peers", 3, 2, "Liaise with police", "Di Cole", "Strategy meeting")


def fill_complete(qtbot: QtBot, tab: RiskAssessmentTab) -> None:
    """Every section, a social worker's details, two risks and the DSL's approval."""
    form = tab.form
    type_text(qtbot, form.texts["task_analysis"], "Travels alone by bus.")
    type_text(qtbot, form.texts["concerns"], "Missing from home twice.")
    type_text(qtbot, form.texts["next_steps"], "Strategy meeting on Monday.")
    type_text(qtbot, form.agencies.rows[2]["name"], "Sam Patel")
    type_text(qtbot, form.agencies.rows[2]["contact"], "07700 900123")
    fill_risk(qtbot, form.risks.cards[0], RUNS_OFF)
    click(qtbot, form.risks.add_button)
    fill_risk(qtbot, form.risks.cards[1], PEERS)
    click(qtbot, form.checks["approved_by_dsl"])


def saved(db: Database, dsl: StaffUser, tab: RiskAssessmentTab) -> ra.Assessment:
    assert tab.current is not None
    return ra.get_assessment(db, dsl, tab.current.id, TODAY)


# --- who sees it, and starting -------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.TUTOR, Role.ATTENDANCE_OFFICER])
def test_staff_without_safeguarding_see_only_a_short_message(
    qtbot: QtBot,
    db: Database,
    make_staff: Callable[[Role], StaffUser],
    director: StaffUser,
    learner: int,
    role: Role,
) -> None:
    tab = open_tab(qtbot, db, make_staff(role), learner)
    assert tab.refused.isVisible() and tab.refused.text() == NOT_ALLOWED
    assert not hasattr(tab, "form")
    assert [e for e in audit_log(db, director) if e.action == "view"] == []


def test_nothing_is_read_or_audited_until_the_tab_is_shown(
    qtbot: QtBot, db: Database, dsl: StaffUser, director: StaffUser, learner: int
) -> None:
    """The learner panel builds the tab with the others; only looking at it is a view."""
    tab = RiskAssessmentTab(context(db, dsl), learner)
    qtbot.addWidget(tab)
    assert [e for e in audit_log(db, director) if e.action == "view"] == []
    tab.show()
    qtbot.waitExposed(tab)
    qtbot.waitUntil(lambda: not tab.loader.busy())  # read (and audited) off the GUI thread
    views = [e.detail for e in audit_log(db, director) if e.action == "view"]
    assert views == ["opened the risk assessments"]


def test_starting_makes_version_1_with_the_forms_agencies(
    qtbot: QtBot, db: Database, dsl: StaffUser, learner: int
) -> None:
    tab = open_tab(qtbot, db, dsl, learner)
    assert tab.empty.isVisible() and not tab.scroller.isVisible()
    assert not tab.save_button.isVisible()
    click(qtbot, tab.start_button)
    assert tab.versions.count() == 1
    assert tab.versions.item(0).text().startswith("Version 1 – draft")
    assert tab.title.text() == "Risk assessment – version 1, draft"
    assert tab.notice.text() == "Version 1 started. Fill in each part, then save."
    form = tab.form
    assert form.compiled_by.text() == "A dsl"
    assert form.date_written.date() == QDate(2026, 3, 2)
    assert form.review_date.date() == QDate(2026, 6, 2)
    assert [row["agency"].text() for row in form.agencies.rows] == list(risk.AGENCIES)
    assert [card.title.text() for card in form.risks.cards] == ["Risk 1"]
    assert not tab.start_button.isVisible() and tab.save_button.isVisible()


# --- scores --------------------------------------------------------------------------------


def test_the_score_and_band_follow_the_pickers(qtbot: QtBot, tab: RiskAssessmentTab) -> None:
    card = tab.form.risks.cards[0]
    assert (card.chip.text(), card.chip.band) == ("Not scored", "none")
    choose(qtbot, card.likelihood, 4)
    assert card.chip.text() == "Not scored"
    shown_as = []
    for likelihood, frequency in ((4, 5), (4, 2), (5, 2), (1, 1), (5, 5)):
        choose(qtbot, card.likelihood, likelihood)
        choose(qtbot, card.frequency, frequency)
        shown_as.append((card.chip.text(), card.chip.band))
    assert shown_as == [
        ("20  RED", "red"),
        ("8  GREEN", "green"),
        ("10  AMBER", "amber"),
        ("1  GREEN", "green"),
        ("25  RED", "red"),
    ]
    assert card.likelihood.currentText() == "5 – Certain"
    assert card.frequency.currentText() == "5 – Daily"


# --- saving --------------------------------------------------------------------------------


def test_what_is_typed_is_saved(
    qtbot: QtBot, db: Database, dsl: StaffUser, tab: RiskAssessmentTab
) -> None:
    form = tab.form
    fill_complete(qtbot, tab)
    retype(qtbot, form.compiled_by, "Grace Okoro")
    form.review_date.setDate(QDate(2026, 4, 30))
    click(qtbot, form.agencies.add_button)
    type_text(qtbot, form.agencies.rows[7]["agency"], "Youth offending team")
    type_text(qtbot, form.agencies.rows[7]["name"], "Kim Lee")
    click(qtbot, form.agencies._removers[1])  # no local authority professional
    click(qtbot, form.checks["staff_aware"])
    assert tab.dirty
    click(qtbot, tab.save_button)
    assert tab.notice.text() == "Version 1 saved." and not tab.message.isVisible()
    assert not tab.dirty
    content = saved(db, dsl, tab).content
    assert (content.compiled_by, content.review_date) == ("Grace Okoro", date(2026, 4, 30))
    assert (content.task_analysis, content.concerns, content.next_steps) == (
        "Travels alone by bus.",
        "Missing from home twice.",
        "Strategy meeting on Monday.",
    )
    assert content.agencies[1] == AgencyEntry("Social worker", "Sam Patel", "07700 900123")
    assert content.agencies[-1] == AgencyEntry("Youth offending team", "Kim Lee", "")
    assert len(content.agencies) == 7
    assert content.risks == (RUNS_OFF, PEERS)
    assert content.checks == {
        "reviewed_by_directors": False,
        "shared_with_agencies": False,
        "approved_by_dsl": True,
        "staff_aware": True,
    }


def test_removing_a_risk_renumbers_the_rest(
    qtbot: QtBot, db: Database, dsl: StaffUser, tab: RiskAssessmentTab
) -> None:
    risks = tab.form.risks
    for entry in (RUNS_OFF, PEERS, RiskEntry("Self-harm", 2, 3)):
        if len(risks.cards) < 3 and risks.cards[-1].entry().risk:
            click(qtbot, risks.add_button)
        fill_risk(qtbot, risks.cards[-1], entry)
    click(qtbot, risks.cards[1].remove_button)
    assert [c.title.text() for c in risks.cards] == ["Risk 1", "Risk 2"]
    click(qtbot, tab.save_button)
    assert [r.risk for r in saved(db, dsl, tab).content.risks] == ["Runs off site", "Self-harm"]


def _future(qtbot: QtBot, tab: RiskAssessmentTab) -> None:
    tab.form.date_written.setDate(QDate(2026, 3, 3))


def _review_before(qtbot: QtBot, tab: RiskAssessmentTab) -> None:
    tab.form.review_date.setDate(QDate(2026, 3, 1))


def _nobody(qtbot: QtBot, tab: RiskAssessmentTab) -> None:
    retype(qtbot, tab.form.compiled_by, "")


def _second_risk(entry: RiskEntry) -> Callable[[QtBot, RiskAssessmentTab], None]:
    def fill(qtbot: QtBot, tab: RiskAssessmentTab) -> None:
        click(qtbot, tab.form.risks.add_button)
        fill_risk(qtbot, tab.form.risks.cards[1], entry)

    return fill


def _agency_without_name(qtbot: QtBot, tab: RiskAssessmentTab) -> None:
    click(qtbot, tab.form.agencies.add_button)
    type_text(qtbot, tab.form.agencies.rows[7]["name"], "Kim Lee")


def _where(key: str) -> Callable[[RiskAssessmentTab], str]:
    return lambda tab: tab.form.errors[key].text()


INVALID = {
    "written in the future": (
        _future,
        _where("date_written"),
        "The date written cannot be in the future",
    ),
    "review before written": (
        _review_before,
        _where("review_date"),
        "The review date must be after the date written",
    ),
    "nobody compiled it": (_nobody, _where("compiled_by"), "Say who compiled the assessment"),
    "risk without words": (
        _second_risk(RiskEntry("", 3, 2, "Liaise")),
        lambda tab: tab.form.risks.cards[1].error.text(),
        "Risk 2: describe the risk",
    ),
    "risk without likelihood": (
        _second_risk(RiskEntry("Older peers", None, 2)),
        lambda tab: tab.form.risks.cards[1].error.text(),
        "Risk 2: choose how likely it is",
    ),
    "risk without frequency": (
        _second_risk(RiskEntry("Older peers", 3, None)),
        lambda tab: tab.form.risks.cards[1].error.text(),
        "Risk 2: choose how often it happens",
    ),
    "agency without its name": (
        _agency_without_name,
        lambda tab: tab.form.agencies.error.text(),
        "Agency 8: name the agency or professional",
    ),
}


@pytest.mark.parametrize("case", sorted(INVALID))
def test_each_invalid_input_shows_its_message_and_saves_nothing(
    qtbot: QtBot, db: Database, dsl: StaffUser, tab: RiskAssessmentTab, case: str
) -> None:
    spoil, shown_at, message = INVALID[case]
    before = saved(db, dsl, tab)
    fill_risk(qtbot, tab.form.risks.cards[0], RUNS_OFF)
    type_text(qtbot, tab.form.texts["concerns"], "Missing from home twice.")
    spoil(qtbot, tab)
    click(qtbot, tab.save_button)
    assert shown_at(tab) == message
    assert tab.message.isVisible()
    assert tab.message.text() == f"Nothing was saved. Fix these and try again:\n• {message}"
    assert not tab.notice.isVisible()
    assert saved(db, dsl, tab) == before
    assert tab.form.texts["concerns"].toPlainText() == "Missing from home twice."  # kept to fix


def test_fixing_the_problem_clears_its_message(
    qtbot: QtBot, db: Database, dsl: StaffUser, tab: RiskAssessmentTab
) -> None:
    _second_risk(RiskEntry("Older peers", None, 2))(qtbot, tab)
    click(qtbot, tab.save_button)
    card = tab.form.risks.cards[1]
    assert card.error.isVisible() and card.likelihood.property("invalid") is True
    choose(qtbot, card.likelihood, 3)
    click(qtbot, tab.save_button)
    assert not card.error.isVisible() and not tab.message.isVisible()
    assert saved(db, dsl, tab).content.risks == (RiskEntry("Older peers", 3, 2),)


# --- signing -------------------------------------------------------------------------------


def sign_as_dsl(qtbot: QtBot, tab: RiskAssessmentTab) -> None:
    click(qtbot, tab.form.sign_dsl_button)
    assert tab.confirmation is not None and tab.confirmation.isVisible()
    tab.confirmation.confirm_button.click()


def test_writer_then_dsl_sign_and_the_version_becomes_read_only(
    qtbot: QtBot, db: Database, dsl: StaffUser, tab: RiskAssessmentTab
) -> None:
    form = tab.form
    fill_complete(qtbot, tab)
    click(qtbot, form.sign_writer_button)
    assert form.writer_signed.text() == "Signed by A dsl on 2 Mar 2026"
    assert form.dsl_signed.text() == "Not signed yet"
    sign_as_dsl(qtbot, tab)
    assert tab.notice.text() == "Version 1 is signed and now in force."
    assert tab.signed_notice.text() == "Signed by A dsl on 2 Mar 2026 – read-only."
    assert tab.title.text() == "Risk assessment – version 1, in force"
    assert tab.versions.item(0).text().startswith("Version 1 – in force\nSigned 2 Mar 2026")
    assert not tab.save_button.isVisible() and tab.review_button.isVisible()
    assert not form.sign_writer_button.isVisible() and not form.sign_dsl_button.isVisible()
    assert form.compiled_by.isReadOnly() and form.date_written.isReadOnly()
    assert all(text.isReadOnly() for text in form.texts.values())
    assert not any(check.isEnabled() for check in form.checks.values())
    card = form.risks.cards[0]
    assert not card.likelihood.isEnabled() and card.texts["risk"].isReadOnly()
    assert not card.remove_button.isVisible() and not form.risks.add_button.isVisible()
    assert form.agencies.rows[0]["name"].isReadOnly() and not form.agencies.add_button.isVisible()
    result = saved(db, dsl, tab)
    assert result.dsl == ra.Signature("A dsl", TODAY) and result.content.risks == (RUNS_OFF, PEERS)


def test_the_dsl_signature_is_refused_until_every_part_is_there(
    qtbot: QtBot, db: Database, dsl: StaffUser, tab: RiskAssessmentTab
) -> None:
    before = saved(db, dsl, tab)
    form = tab.form
    fill_risk(qtbot, form.risks.cards[0], RiskEntry("Runs off site", 4, 4))
    sign_as_dsl(qtbot, tab)
    assert tab.message.text().startswith("Not signed, and nothing was saved.")
    assert {
        key: form.errors[key].text() for key in ("task_analysis", "concerns", "next_steps")
    } == {
        "task_analysis": "Write the task analysis summary",
        "concerns": "Summarise the historical and current concerns",
        "next_steps": "Write the next steps",
    }
    assert form.risks.cards[0].error.text() == (
        "Risk 1: say what the provision does to prevent it\n"
        "Risk 1: name the staff lead\n"
        "Risk 1: give the escalation pathway if the actions fail"
    )
    assert form.errors["signatures"].text() == "The writer signs before the DSL"
    assert form.errors["checks"].text() == "Tick 'Approved by the DSL' before signing"
    assert saved(db, dsl, tab) == before


def test_cancelling_the_dsl_question_signs_nothing(
    qtbot: QtBot, db: Database, dsl: StaffUser, tab: RiskAssessmentTab
) -> None:
    fill_complete(qtbot, tab)
    click(qtbot, tab.form.sign_writer_button)
    click(qtbot, tab.form.sign_dsl_button)
    assert tab.confirmation is not None
    tab.confirmation.cancel_button.click()
    assert saved(db, dsl, tab).dsl is None and tab.save_button.isVisible()


def test_a_director_cannot_sign_as_dsl(
    qtbot: QtBot, db: Database, director: StaffUser, learner: int
) -> None:
    tab = open_tab(qtbot, db, director, learner)
    click(qtbot, tab.start_button)
    assert tab.form.sign_writer_button.isEnabled()
    assert not tab.form.sign_dsl_button.isEnabled()
    assert "Only the designated safeguarding lead" in tab.form.sign_dsl_button.toolTip()


def test_changing_the_writing_after_the_writer_signed_asks_them_to_sign_again(
    qtbot: QtBot, db: Database, dsl: StaffUser, tab: RiskAssessmentTab
) -> None:
    fill_complete(qtbot, tab)
    click(qtbot, tab.form.sign_writer_button)
    assert tab.form.sign_writer_button.text() == "Sign again as writer"
    type_text(qtbot, tab.form.texts["next_steps"], " And a home visit.")
    click(qtbot, tab.save_button)
    assert "the writer signs again" in tab.notice.text()
    assert tab.form.writer_signed.text() == "Not signed yet"
    assert saved(db, dsl, tab).writer is None


# --- versions and reviews ------------------------------------------------------------------


def signed_version(db: Database, dsl: StaffUser, learner: int) -> ra.Assessment:
    draft = ra.start_assessment(db, dsl, learner, TODAY)
    content = replace(
        draft.content,
        task_analysis="Travels alone.",
        concerns="Missing twice.",
        next_steps="Strategy meeting.",
        risks=(RUNS_OFF,),
        approved_by_dsl=True,
    )
    ra.sign_as_writer(db, dsl, draft.id, TODAY, content)
    return ra.sign_as_dsl(db, dsl, draft.id, TODAY)


def click_version(qtbot: QtBot, versions: QListWidget, row: int) -> None:
    rect = versions.visualItemRect(versions.item(row))
    qtbot.mouseClick(versions.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_a_review_makes_version_2_and_version_1_stays_read_only(
    qtbot: QtBot, db: Database, dsl: StaffUser, learner: int
) -> None:
    first = signed_version(db, dsl, learner)
    tab = open_tab(qtbot, db, dsl, learner, TODAY + timedelta(days=30))
    assert tab.signed_notice.isVisible() and not tab.save_button.isVisible()
    click(qtbot, tab.review_button)
    assert [tab.versions.item(i).text().split("\n")[0] for i in range(2)] == [
        "Version 2 – draft",
        "Version 1 – in force",
    ]
    assert tab.title.text() == "Risk assessment – version 2, draft"
    assert tab.form.risks.cards[0].texts["risk"].toPlainText() == "Runs off site"
    assert not tab.form.checks["approved_by_dsl"].isChecked()
    assert tab.form.writer_signed.text() == "Not signed yet"
    assert not tab.review_button.isVisible() and tab.save_button.isVisible()
    click_version(qtbot, tab.versions, 1)
    assert tab.title.text() == "Risk assessment – version 1, in force"
    assert tab.form.texts["concerns"].isReadOnly()
    assert not tab.review_button.isVisible()  # version 2 is already under way
    assert ra.get_assessment(db, dsl, first.id, TODAY) == first


def test_leaving_a_version_with_unsaved_changes_asks_first(
    qtbot: QtBot, db: Database, dsl: StaffUser, learner: int
) -> None:
    first = signed_version(db, dsl, learner)
    ra.start_review(db, dsl, first.id, TODAY)
    tab = open_tab(qtbot, db, dsl, learner)
    type_text(qtbot, tab.form.texts["concerns"], " Seen with older peers.")
    click_version(qtbot, tab.versions, 1)
    assert tab.confirmation is not None and tab.confirmation.isVisible()
    tab.confirmation.cancel_button.click()
    assert tab.current is not None and tab.current.version == 2
    assert tab.versions.currentRow() == 0
    assert tab.form.texts["concerns"].toPlainText().endswith("Seen with older peers.")
    click_version(qtbot, tab.versions, 1)
    tab.confirmation.confirm_button.click()
    assert tab.current.version == 1 and tab.versions.currentRow() == 1
    assert tab.form.texts["concerns"].toPlainText() == "Missing twice."


def test_an_overdue_review_is_a_banner(
    qtbot: QtBot, db: Database, dsl: StaffUser, learner: int
) -> None:
    first = signed_version(db, dsl, learner)
    on_time = open_tab(qtbot, db, dsl, learner, first.content.review_date)
    assert not on_time.banner.isVisible()
    late = open_tab(qtbot, db, dsl, learner, first.content.review_date + timedelta(days=1))
    assert late.banner.isVisible()
    assert late.banner.text() == "Review overdue: version 1 was due on 2 Jun 2026; start a review."
    assert late.versions.item(0).text().endswith("Review overdue")
    click(qtbot, late.review_button)
    assert late.banner.text() == (
        "Review overdue: version 1 was due on 2 Jun 2026; finish and sign the review (version 2)."
    )
    assert saved(db, dsl, late).status is Status.DRAFT


def test_until_the_first_read_is_here_the_tab_offers_nothing_to_press(
    qtbot: QtBot, db: Database, dsl: StaffUser, learner: int
) -> None:
    """The versions are read off the GUI thread: meanwhile the tab says so, and neither Start
    nor Save can be pressed on what is not known yet."""
    tab = RiskAssessmentTab(context(db, dsl), learner)
    qtbot.addWidget(tab)
    assert tab.empty.text() == "Reading the risk assessments…"
    assert tab.start_button.isHidden() and tab.save_button.isHidden()
    assert tab.scroller.isHidden()
    tab.show()
    qtbot.waitUntil(lambda: not tab.loader.busy() and tab.start_button.isVisible())
    assert tab.empty.text().startswith("There is no risk assessment for this learner yet")
