"""The Today page: the worklist in sections, acted on from its rows, kept live by the change bus."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop_app.domain import worklist as rules
from desktop_app.domain.codes import Session
from desktop_app.domain.safeguarding_watches import MISSING_EMERGENCY_CONTACTS
from desktop_app.domain.watches import UNRESOLVED_N
from desktop_app.models import ContactLogEntry, Mark
from desktop_app.models.engine import Database
from desktop_app.services.auth import StaffUser
from desktop_app.services.contacts import ContactDetails, add_contact
from desktop_app.services.learner_records import LearnerDetails, add_learner
from desktop_app.services.marking import history
from desktop_app.services.worklist import WorkRow
from desktop_app.views.common.changes import Change, Kind
from desktop_app.views.common.context import AppContext
from desktop_app.views.learners.panel import LearnerPanelWindow
from desktop_app.views.today.dialogs import AcknowledgeDialog, ContactDialog, ResolveDialog
from desktop_app.views.today.page import TodayPage
from desktop_app.views.today.worklist_model import NAME, RAG
from tests.ui.conftest import context_for


@pytest.fixture(autouse=True)
def close_panels() -> Iterator[None]:
    yield
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, LearnerPanelWindow):
            widget.close()


def open_page(qtbot: QtBot, ctx: AppContext) -> TodayPage:
    page = TodayPage(ctx)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.current is not None and not page.loader.busy(), timeout=20000)
    return page


def rows(page: TodayPage, key: str) -> list[WorkRow]:
    parent = page.model.section_index(key)
    return [
        page.model.work_row(page.model.index(r, 0, parent))
        for r in range(page.model.rowCount(parent))
    ]  # type: ignore[misc]


def reloaded(qtbot: QtBot, page: TodayPage, act: object) -> None:
    """Run `act` and wait for the page to read the worklist again."""
    with qtbot.waitSignal(page.model.modelReset, timeout=20000):
        act()  # type: ignore[operator]
    qtbot.waitUntil(lambda: not page.loader.busy(), timeout=20000)


def test_sections_come_in_the_order_of_the_morning_with_counts(
    qtbot: QtBot, demo_context: AppContext
) -> None:
    page = open_page(qtbot, demo_context)
    titles = [page.model.index(i, NAME).data() for i in range(page.model.rowCount())]
    assert [t.rsplit(" (", 1)[0] for t in titles] == [s.title for s in rules.SECTIONS]
    n_rows = rows(page, "n_codes")
    assert n_rows and titles[3] == f"N codes to resolve ({len(n_rows)})"
    assert rows(page, "registers")
    assert f"{page.current.total} to act on" in page.summary.text()  # type: ignore[union-attr]


def test_each_learner_row_shows_name_group_and_a_rag_chip(
    qtbot: QtBot, demo_context: AppContext
) -> None:
    page = open_page(qtbot, demo_context)
    row = rows(page, "n_codes")[0]
    assert row.title and " " in row.title and row.group not in ("", "No group")
    parent = page.model.section_index("n_codes")
    assert page.model.index(0, RAG, parent).data() in {"RED", "AMBER", "GREEN"}
    ages = [r.age for r in rows(page, "n_codes")]
    assert all(a is not None and a > 5 for a in ages)
    assert [r.day for r in rows(page, "n_codes")] == sorted(r.day for r in rows(page, "n_codes"))  # type: ignore[type-var]


def select_first(qtbot: QtBot, page: TodayPage, key: str) -> WorkRow:
    row = rows(page, key)[0]
    assert page.select(row)
    return row


def test_enter_on_a_row_opens_the_learner_panel(qtbot: QtBot, demo_context: AppContext) -> None:
    page = open_page(qtbot, demo_context)
    row = select_first(qtbot, page, "n_codes")
    page.tree.setFocus()
    qtbot.keyClick(page.tree, Qt.Key.Key_Return)

    def panels() -> list[int]:
        found = QApplication.topLevelWidgets()
        return [w.learner_id for w in found if isinstance(w, LearnerPanelWindow)]

    qtbot.waitUntil(lambda: bool(panels()))  # read off the GUI thread, then shown
    assert panels() == [row.learner_id]


def test_acknowledging_a_row_with_a_note_takes_it_off_the_list(
    qtbot: QtBot, demo_context: AppContext
) -> None:
    page = open_page(qtbot, demo_context)
    row = next(r for r in rows(page, "records") if r.kind == MISSING_EMERGENCY_CONTACTS)
    page.select(row)
    qtbot.mouseClick(page.action_buttons["acknowledge"], Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, AcknowledgeDialog)
    qtbot.mouseClick(
        dialog.buttons.button(dialog.buttons.StandardButton.Save), Qt.MouseButton.LeftButton
    )
    assert dialog.form.errors["note"].isVisible()  # a note is needed: nothing written
    assert row in rows(page, "records")
    dialog.note.setText("Second contact being collected at Tuesday's review")
    reloaded(qtbot, page, lambda: dialog.buttons.accepted.emit())
    assert row not in rows(page, "records")


def test_resolving_an_n_from_its_row_amends_the_mark_with_the_reason(
    qtbot: QtBot, demo_context: AppContext
) -> None:
    page = open_page(qtbot, demo_context)
    row = select_first(qtbot, page, "n_codes")
    assert page.action_buttons["resolve"].isEnabled() and row.kind == UNRESOLVED_N
    qtbot.mouseClick(page.action_buttons["resolve"], Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, ResolveDialog)
    dialog.code.setCurrentIndex(dialog.code.findData("I"))
    dialog.reason.setText("Mum rang: ill with flu")
    reloaded(qtbot, page, lambda: dialog.buttons.accepted.emit())
    assert row not in rows(page, "n_codes")
    assert row.day is not None and row.session is not None and row.learner_id is not None
    entries = history(demo_context.db, demo_context.user, row.learner_id, row.day, row.session)
    assert (entries[-1].code, entries[-1].reason) == ("I", "Mum rang: ill with flu")


def test_logging_a_visit_from_a_row_clears_the_face_to_face_due(
    qtbot: QtBot, demo_context: AppContext
) -> None:
    page = open_page(qtbot, demo_context)
    visits = [r for r in rows(page, "visits") if r.kind == "face_to_face_due"]
    if not visits:
        pytest.fail("the demo has a face-to-face contact due")
    row = visits[-1]
    page.select(row)
    qtbot.mouseClick(page.action_buttons["contact"], Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, ContactDialog)
    dialog.method.setCurrentIndex(dialog.method.findData("home_visit"))
    dialog.with_whom.setText("Ellis and mum")
    dialog.outcome.setCurrentIndex(dialog.outcome.findData("seen_safe"))
    reloaded(qtbot, page, lambda: dialog.buttons.accepted.emit())
    assert row not in rows(page, "visits")


def test_a_change_announced_anywhere_reloads_the_page_and_the_counts(
    qtbot: QtBot, demo_context: AppContext
) -> None:
    page = open_page(qtbot, demo_context)
    with qtbot.waitSignal(page.sig_counts_changed, timeout=20000) as counted:
        demo_context.changes.announce(Change.of(Kind.MARKS))
    assert counted.args == [page.current.total]  # type: ignore[union-attr]
    assert page.count_text() == f"Today ({page.count()})"


def test_a_tutor_sees_registers_not_taken_only(qtbot: QtBot, demo: tuple) -> None:
    page = open_page(qtbot, context_for(demo[0], "tutor2"))  # linked to Falcon and Osprey
    assert [s.key for s in page.current.sections] == ["registers"]  # type: ignore[union-attr]
    assert "Registers not taken for your groups: Falcon, Osprey." in page.summary.text()
    select_first(qtbot, page, "registers")
    assert (
        page.action_buttons["remind"].isEnabled()
        and not page.action_buttons["acknowledge"].isEnabled()
    )


# --- The texts to send when a register closes ----------------------------------------------

MONDAY = date(2025, 9, 8)


def absent_learner(db: Database, director: StaffUser) -> int:
    details = LearnerDetails("E820300000001", "Ahmed", "Ann", date(2011, 3, 14), date(2025, 9, 3))
    learner_id = add_learner(db, director, details, today=date(2025, 9, 3))
    add_contact(
        db,
        director,
        learner_id,
        ContactDetails("Mary Ahmed", "Mother", True, mobile="07911 123456"),
    )
    with db.transaction() as session:
        session.add(
            Mark(
                learner_id=learner_id, date=MONDAY, session=Session.AM.value, code="N",
                recorded_by_id=director.id, recorded_at=datetime(2025, 9, 8, 9, 20).astimezone(UTC),
            )
        )  # fmt: skip
    return learner_id


def test_when_the_register_closes_the_families_to_text_are_listed_and_logged_in_one_step(
    qtbot: QtBot, context: AppContext, autumn: tuple[date, date], director: StaffUser
) -> None:
    learner_id = absent_learner(context.db, director)
    ctx = dataclasses.replace(context, clock=lambda: datetime(2025, 9, 8, 10, 0))
    page = open_page(qtbot, ctx)
    assert page.texts.isVisible()
    assert page.texts.model.rowCount() == 1
    assert page.texts.model.index(0, 2).data() == "07911 123456"
    assert "AM register has closed" in page.texts.title.text()
    absent = rows(page, "absent")
    assert [r.learner_id for r in absent] == [learner_id]
    assert "text the family" in absent[0].detail and "day 1" in absent[0].detail
    reloaded(qtbot, page, lambda: qtbot.mouseClick(page.texts.sent, Qt.MouseButton.LeftButton))
    with context.db.reading() as session:
        logged = session.execute(select(ContactLogEntry.method, ContactLogEntry.learner_id)).all()
    assert logged == [("text", learner_id)]
    assert not page.texts.isVisible()
    assert page.status.text() == "1 text logged in the contact log, one per family."
    assert "text the family" not in rows(page, "absent")[0].detail


def test_a_tutor_sees_only_their_own_groups_registers(qtbot: QtBot, demo: tuple) -> None:
    """Issue 14: the demo's only missing register is Falcon's; Tom Reilly tutors Kestrel."""
    everyone = open_page(qtbot, context_for(demo[0], "director"))
    assert [r.group for r in everyone.current.sections[0].rows] == ["Falcon"]  # type: ignore[union-attr]
    page = open_page(qtbot, context_for(demo[0], "tutor1"))
    assert page.current.sections[0].rows == ()  # type: ignore[union-attr]
