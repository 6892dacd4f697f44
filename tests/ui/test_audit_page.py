"""The Audit page: only the director and the DSL have it; filters, their messages, the model."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QComboBox, QLineEdit
from pytestqt.qtbot import QtBot

from desktop_app.domain.permissions import Role
from desktop_app.models.engine import Database
from desktop_app.services.audit import AuditRow
from desktop_app.services.auth import StaffUser
from desktop_app.services.staff import add_staff
from desktop_app.views.audit.model import (
    ACTION,
    DETAIL,
    DETAIL_CHARS,
    HEADERS,
    LEARNER,
    SORT_ROLE,
    WHAT,
    WHEN,
    WHO,
    AuditModel,
)
from desktop_app.views.audit.page import AuditPage
from desktop_app.views.common.changes import Change, Kind
from desktop_app.views.common.confirm import Confirmation
from desktop_app.views.common.context import AppContext
from desktop_app.views.settings.staff_page import StaffPanel
from desktop_app.views.shell.main_window import MainWindow
from tests.ui.conftest import context_for
from tests.ui.settings_helpers import add_old_and_new_marks, click, context_as, shown

UPN = "E820300000001"
LONG = "y" * 400  # a detail longer than the table shows


@pytest.fixture
def filled(db: Database, director: StaffUser, make_staff: Callable[[Role], StaffUser]) -> Database:
    """Eight entries: set-up (3, by "system": settings, session times, the director), the DSL's
    account, a learner, two marks and an amendment."""
    make_staff(Role.DSL)
    add_old_and_new_marks(db, director)
    return db


def loaded(qtbot: QtBot, page: AuditPage) -> AuditPage:
    """Wait until the page's read of the log (on the thread pool) has been shown."""
    qtbot.waitUntil(lambda: not page.loader.busy())
    return page


def director_page(qtbot: QtBot, filled: Database, context: AppContext) -> AuditPage:
    """The director's page on the filled database (`filled` is asked for so it is filled first)."""
    return loaded(qtbot, shown(qtbot, AuditPage(context)))


def search(qtbot: QtBot, page: AuditPage) -> None:
    click(qtbot, page.search_button)
    loaded(qtbot, page)


def whos(page: AuditPage) -> set[str]:
    return {page.model.entry(r).staff for r in range(page.model.rowCount())}


def test_the_page_reads_the_log_when_first_shown(
    qtbot: QtBot, filled: Database, context: AppContext
) -> None:
    page = AuditPage(context)
    qtbot.addWidget(page)
    assert page.model.rowCount() == 0
    page.show()
    qtbot.waitExposed(page)
    loaded(qtbot, page)
    assert page.model.rowCount() == 8
    assert page.count.text() == "8 entries. Hover over a detail to read it in full."


def test_the_director_picks_a_person_from_every_account(
    qtbot: QtBot, filled: Database, context: AppContext
) -> None:
    page = director_page(qtbot, filled, context)
    assert isinstance(page.person, QComboBox)
    names = [page.person.itemText(i) for i in range(page.person.count())]
    assert names == ["Everyone", "A dsl (dsl1)", "Dana Director (director)"]
    page.person.setCurrentIndex(2)
    search(qtbot, page)
    assert page.model.rowCount() == 4 and whos(page) == {"Dana Director"}


def test_filter_by_learner(qtbot: QtBot, filled: Database, context: AppContext) -> None:
    page = director_page(qtbot, filled, context)
    qtbot.keyClicks(page.upn, UPN.lower())
    qtbot.keyClick(page.upn, Qt.Key.Key_Return)
    loaded(qtbot, page)
    assert not page.error.isVisible()
    upns = {page.model.entry(r).upn for r in range(page.model.rowCount())}
    assert page.model.rowCount() == 3 and upns == {UPN}


def test_a_malformed_upn_is_explained(qtbot: QtBot, filled: Database, context: AppContext) -> None:
    page = director_page(qtbot, filled, context)
    qtbot.keyClicks(page.upn, "E82")
    click(qtbot, page.search_button)
    assert page.error.isVisible()
    assert page.error.text() == "Learner UPN: A UPN has 13 characters; 'E82' has 3."


def test_dates_the_wrong_way_round_are_explained(
    qtbot: QtBot, filled: Database, context: AppContext
) -> None:
    page = director_page(qtbot, filled, context)
    page.start.setDate(QDate(2025, 3, 2))
    page.end.setDate(QDate(2025, 3, 1))
    click(qtbot, page.search_button)
    assert page.error.text() == "The 'from' date is after the 'to' date."
    assert page.model.rowCount() == 8  # what was shown stays until the search can run


def test_dates_filter_and_clear_shows_everything_again(
    qtbot: QtBot, filled: Database, context: AppContext
) -> None:
    page = director_page(qtbot, filled, context)
    tomorrow = date.today() + timedelta(days=1)
    page.start.setDate(QDate(tomorrow.year, tomorrow.month, tomorrow.day))
    search(qtbot, page)
    assert page.model.rowCount() == 0 and page.count.text() == "No entries match."
    assert page.start.text() != "Any"
    click(qtbot, page.clear_button)
    loaded(qtbot, page)
    assert page.start.text() == "Any" and page.model.rowCount() == 8


def test_the_dsl_types_a_username(
    qtbot: QtBot, filled: Database, make_staff: Callable[[Role], StaffUser]
) -> None:
    page = loaded(qtbot, shown(qtbot, AuditPage(context_as(filled, make_staff, Role.DSL))))
    assert isinstance(page.person, QLineEdit)
    qtbot.keyClicks(page.person, "nobody")
    qtbot.keyClick(page.person, Qt.Key.Key_Return)
    loaded(qtbot, page)
    assert page.error.text() == "No member of staff with username 'nobody'."
    assert page.model.rowCount() == 0
    page.person.setText("director")
    search(qtbot, page)
    assert not page.error.isVisible() and whos(page) == {"Dana Director"}


def test_a_change_announced_while_showing_is_read_at_once(
    qtbot: QtBot, filled: Database, context: AppContext
) -> None:
    page = director_page(qtbot, filled, context)
    assert isinstance(page.person, QComboBox)
    page.person.setCurrentIndex(2)  # Dana Director: 4 entries
    search(qtbot, page)
    assert page.model.rowCount() == 4
    add_staff(filled, context.user, "sam", "Sam Okafor", "Tutor", Role.TUTOR, "sams password")
    context.changes.announce(Change.of(Kind.STAFF))
    qtbot.waitUntil(lambda: page.model.rowCount() == 5)
    names = [page.person.itemText(i) for i in range(page.person.count())]
    assert "Sam Okafor (sam)" in names and page.person.currentData() == "director"


def test_a_change_made_on_another_page_is_read_when_next_shown(
    qtbot: QtBot, filled: Database, context: AppContext
) -> None:
    page = director_page(qtbot, filled, context)
    page.hide()
    staff = shown(qtbot, StaffPanel(context))
    staff.table.selectRow(staff.model.row_of("dsl1") or 0)
    click(qtbot, staff.disable_button)
    assert isinstance(staff.dialog, Confirmation)
    click(qtbot, staff.dialog.confirm_button)
    assert staff.message.text() == "A dsl (dsl1) can no longer sign in."
    assert page.refresher.stale and not page.loader.busy()  # nothing read while hidden
    assert page.model.rowCount() == 8
    page.show()
    qtbot.waitUntil(lambda: page.model.rowCount() == 9)
    newest = max((page.model.entry(r) for r in range(9)), key=lambda row: row.at)
    assert (newest.action, newest.entity, newest.detail) == (
        "change",
        "staff",
        '{"active": [true, false]}',
    )


def nav_labels(window: MainWindow) -> list[str]:
    return [window.navigation.item(r).text() for r in range(window.navigation.count())]


@pytest.mark.parametrize("role", [Role.TUTOR, Role.ATTENDANCE_OFFICER])
def test_roles_without_the_audit_do_not_see_it(
    qtbot: QtBot, db: Database, make_staff: Callable[[Role], StaffUser], role: Role
) -> None:
    window = shown(qtbot, MainWindow(context_as(db, make_staff, role)))
    assert nav_labels(window) == ["Today", "Register", "Learners", "Reports", "Settings"]
    assert "Audit" not in window.pages


@pytest.mark.parametrize("role", [Role.DSL, Role.DIRECTOR])
def test_the_director_and_dsl_open_the_audit_with_ctrl_6(
    qtbot: QtBot, db: Database, make_staff: Callable[[Role], StaffUser], role: Role
) -> None:
    context = context_as(db, make_staff, role) if role is Role.DSL else context_for(db)
    window = shown(qtbot, MainWindow(context))
    calendar = ["Calendar"] if role is Role.DIRECTOR else []  # the director's own page, Ctrl+7
    assert nav_labels(window)[5:] == ["Audit", *calendar]
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
    assert isinstance(window.current_page(), AuditPage)
    assert window.navigation.item(5).toolTip() == "Audit (Ctrl+6)"
    assert not window.navigation.item(5).icon().isNull()


ROWS = [
    AuditRow(
        datetime(2025, 9, 8, 8, 5, 9, tzinfo=UTC), "Jo Adeyemi", "create", "marks", 4, UPN, "{}"
    ),
    AuditRow(datetime(2025, 9, 9, 16, 0, tzinfo=UTC), "system", "purge", "marks", None, None, "x"),
    AuditRow(datetime(2025, 9, 10, 9, tzinfo=UTC), "Kim", "view", "safeguarding", 2, UPN, LONG),
]


def test_model_cells_and_headers() -> None:
    model = AuditModel()
    model.set_rows(ROWS)
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(6)] == list(HEADERS)
    local = ROWS[0].at.astimezone()
    assert model.index(0, WHEN).data() == f"Mon 8 Sep 2025 {local:%H:%M:%S}"
    assert model.index(0, WHO).data() == "Jo Adeyemi"
    assert model.index(0, ACTION).data() == "Create"
    assert model.index(0, WHAT).data() == "Mark #4"
    assert model.index(1, WHAT).data() == "Mark"
    assert model.index(2, WHAT).data() == "Safeguarding #2"
    assert model.index(0, LEARNER).data() == UPN and model.index(1, LEARNER).data() == ""
    shown_detail = model.index(2, DETAIL).data()
    assert len(shown_detail) == DETAIL_CHARS and shown_detail.endswith("…")
    assert model.index(2, DETAIL).data(Qt.ItemDataRole.ToolTipRole) == LONG


def test_model_shows_a_change_in_words() -> None:
    row = AuditRow(
        datetime(2025, 9, 8, tzinfo=UTC),
        "Jo",
        "change",
        "marks",
        4,
        UPN,
        '{"code": ["N", "I"], "minutes_late": [null, 5], "password_hash": "(changed)"}',
    )
    model = AuditModel()
    model.set_rows([row])
    expected = "code: N → I; minutes late: — → 5; password hash: (changed)"
    assert model.index(0, DETAIL).data() == expected
    assert model.index(0, DETAIL).data(Qt.ItemDataRole.ToolTipRole) == expected


def test_model_sorts_times_as_times() -> None:
    model = AuditModel()
    model.set_rows(ROWS)
    assert model.index(0, WHEN).data(SORT_ROLE) < model.index(1, WHEN).data(SORT_ROLE)


def test_model_tester_on_audit_rows(qtmodeltester: object) -> None:
    model = AuditModel()
    model.set_rows(ROWS)
    qtmodeltester.check(model)  # type: ignore[attr-defined]
