"""Every item model in the views passes pytest-qt's model tester, built from hand-made rows.

The models are found, not listed: every module under desktop_app.views is imported and every
QAbstractItemModel subclass defined there must have a factory below. A new model without one
fails `test_every_model_has_a_factory`, so none escapes the tester. Factories build the model
with hand-made rows (no database, no widget), as Vorta's model tests do.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pytest
from PySide6.QtCore import QAbstractItemModel, Qt
from pytestqt.modeltest import ModelTester

import desktop_app.views

if TYPE_CHECKING:
    from desktop_app.views.common.rows_model import RowsModel

Factory = Callable[[], QAbstractItemModel]
AT = datetime(2025, 9, 8, 9, 5, tzinfo=UTC)
MONDAY = date(2025, 9, 8)


def view_modules() -> list[str]:
    """Every module under desktop_app.views, imported (so every model class is defined)."""
    prefix = desktop_app.views.__name__ + "."
    names = [m.name for m in pkgutil.walk_packages(desktop_app.views.__path__, prefix)]
    for name in names:
        importlib.import_module(name)
    return names


def subclasses(cls: type) -> Iterator[type]:
    sub: type
    for sub in cls.__subclasses__():
        yield sub
        yield from subclasses(sub)


def view_models() -> set[str]:
    """'module.Class' of every QAbstractItemModel subclass defined under desktop_app.views."""
    view_modules()
    return {
        f"{cls.__module__}.{cls.__qualname__}"
        for cls in subclasses(QAbstractItemModel)
        if cls.__module__.startswith(desktop_app.views.__name__ + ".")
    }


# --- factories: one per model, from hand-made rows -------------------------------------------


def rows_model() -> RowsModel[tuple[str, int]]:
    """The shared base, through the smallest subclass: a name and a number per row."""
    from desktop_app.views.common.rows_model import SORT_ROLE, RowsModel

    class Pairs(RowsModel[tuple[str, int]]):
        HEADERS = ("Name", "Count")

        def cell(self, item: tuple[str, int], column: int, role: int) -> Any:
            if role == Qt.ItemDataRole.DisplayRole:
                return str(item[column])
            return item[column] if role == SORT_ROLE else None

    model = Pairs()
    model.set_rows([("Ann", 3), ("Ben", 12), ("Cat", 0)])
    return model


def rows_proxy() -> QAbstractItemModel:
    """The list screens' proxy: filters, and hands sorting to the rows model (sorted here)."""
    from desktop_app.views.common.rows_model import RowsProxy

    proxy = RowsProxy()
    source = rows_model()
    source.setParent(proxy)
    proxy.setSourceModel(source)
    proxy.sort(1, Qt.SortOrder.DescendingOrder)
    proxy.setFilterFixedString("n")  # Ann and Ben
    return proxy


def staff_model() -> QAbstractItemModel:
    from desktop_app.domain.permissions import Role
    from desktop_app.services.staff import StaffSummary
    from desktop_app.views.settings.staff_model import StaffModel

    model = StaffModel()
    model.set_rows(
        [
            StaffSummary("jo", "Jo Adeyemi", "Director", Role.DIRECTOR, True, False),
            StaffSummary("sam", "Sam Okafor", "Tutor", Role.TUTOR, False, False),
            StaffSummary("kim", "Kim Lee", "DSL", Role.DSL, True, True),
        ]
    )
    return model


def audit_model() -> QAbstractItemModel:
    from desktop_app.services.audit import AuditRow
    from desktop_app.views.audit.model import AuditModel

    model = AuditModel()
    model.set_rows(
        [
            AuditRow(AT, "Jo Adeyemi", "create", "marks", 4, "E820300000001", '{"code": "/"}'),
            AuditRow(AT + timedelta(hours=1), "system", "purge", "marks", None, None, "x" * 300),
        ]
    )
    return model


def worklist_model() -> QAbstractItemModel:
    from desktop_app.views.today.worklist_model import WorklistModel
    from tests.ui.test_alerts_model import SECTIONS

    model = WorklistModel()
    model.set_sections(SECTIONS)
    return model


def texts_model() -> QAbstractItemModel:
    from desktop_app.services.worklist import TextToSend
    from desktop_app.views.today.texts import TextsModel

    model = TextsModel()
    model.set_rows([TextToSend(1, "Ann Ahmed", "Mary Ahmed", "07911 123456")])
    return model


def learners_model() -> QAbstractItemModel:
    from desktop_app.services.learner_list import LearnerListRow
    from desktop_app.views.learners.page import LearnersModel

    model = LearnersModel()
    model.set_rows(
        [
            LearnerListRow(
                1, "E820300000001", "Ann", "Ahmed", "Year 9", "red", True, Decimal("71.5"),
                True, False, True, 1,
            ),
            LearnerListRow(
                2, "E820300000002", "Ben", "Brown", "", "green", False, None,
                False, False, False, 4,
            ),
        ]
    )  # fmt: skip
    return model


def contact_log_model() -> QAbstractItemModel:
    from desktop_app.services.contact_log import LoggedContact
    from desktop_app.views.learners.log_tab import LogModel

    model = LogModel()
    model.set_rows(
        [
            LoggedContact(
                1, AT, "Jo", "phone", "Phone call", "Mother", "parent", "spoke", "Spoke to them",
                "Ill in bed\nback tomorrow", "Parent says ill",
            ),
            LoggedContact(
                2, AT - timedelta(days=1), "Kim", "visit", "Home visit", "Father", "parent",
                "no_answer", "No answer", "",
            ),
        ]
    )  # fmt: skip
    return model


def register_model() -> QAbstractItemModel:
    from desktop_app.domain.codes import Session
    from desktop_app.services.register_week import Cell, CellState, RegisterRow, WeekRegister
    from desktop_app.views.register.model import RegisterModel

    days = [MONDAY + timedelta(days=d) for d in range(5)]
    columns = [(day, session) for day in days for session in (Session.AM, Session.PM)]
    marked = Cell(CellState.MARKED, "/", None, "Jo", AT)
    late = Cell(CellState.MARKED, "L", 10, "Jo", AT, changes=1, amendments=1, note="Bus")
    cells = [marked, late, Cell(CellState.MISSING), *[Cell(CellState.UNMARKED)] * 7]
    rows = [
        RegisterRow(1, "E820300000001", "Ahmed, Ann", "Year 9", "red", Decimal("80"), cells),
        RegisterRow(
            2, "E820300000002", "Brown, Ben", None, "green", None,
            [Cell(CellState.NO_SCHOOL)] * 10, True,
        ),
    ]  # fmt: skip
    week = WeekRegister(MONDAY, columns, [True] * 3 + [False] * 7, rows, days[1], "Autumn")
    model = RegisterModel()
    model.set_week(week)
    return model


def outbox_model() -> QAbstractItemModel:
    from desktop_app.services.sending import SendingRecord
    from desktop_app.views.sending.outbox_dialog import OutboxModel

    model = OutboxModel()
    model.set_rows(
        [
            SendingRecord(
                1, "summary", "sent", "lea@example.org", "Placing LEA", "Daily summary", AT,
                "Jo", AT, 1, "",
            ),
            SendingRecord(
                2, "letter", "failed", "home@example.org", "Mrs Ahmed", "Letter", AT, "Kim",
                None, 3, "550 mailbox unavailable",
            ),
        ]
    )  # fmt: skip
    return model


def chronology_model() -> QAbstractItemModel:
    from desktop_app.domain.chronology import Entry
    from desktop_app.views.learners.chronology_tab import EntriesModel

    model = EntriesModel()
    model.set_rows(
        [
            Entry(MONDAY, "absence", "Absent Mon AM to Tue PM (4 sessions, N)", "Jo"),
            Entry(MONDAY, "contact", "Phoned mother: ill", order=1),
        ]
    )
    return model


FACTORIES: dict[str, Factory] = {
    "desktop_app.views.common.rows_model.RowsModel": rows_model,
    "desktop_app.views.common.rows_model.RowsProxy": rows_proxy,
    "desktop_app.views.settings.staff_model.StaffModel": staff_model,
    "desktop_app.views.audit.model.AuditModel": audit_model,
    "desktop_app.views.today.worklist_model.WorklistModel": worklist_model,
    "desktop_app.views.today.texts.TextsModel": texts_model,
    "desktop_app.views.learners.page.LearnersModel": learners_model,
    "desktop_app.views.learners.log_tab.LogModel": contact_log_model,
    "desktop_app.views.learners.chronology_tab.EntriesModel": chronology_model,
    "desktop_app.views.register.model.RegisterModel": register_model,
    "desktop_app.views.sending.outbox_dialog.OutboxModel": outbox_model,
}


def test_every_model_has_a_factory() -> None:
    found = view_models()
    assert found, "no item models found: the search itself is broken"
    missing = sorted(found - FACTORIES.keys())
    assert not missing, f"add a factory with hand-made rows for: {', '.join(missing)}"
    gone = sorted(FACTORIES.keys() - found)
    assert not gone, f"these models no longer exist; remove their factories: {', '.join(gone)}"


def test_the_search_finds_models_at_every_depth() -> None:
    """StaffModel subclasses RowsModel, which subclasses QAbstractTableModel: both are found."""
    found = view_models()
    assert {
        "desktop_app.views.common.rows_model.RowsModel",
        "desktop_app.views.settings.staff_model.StaffModel",
    } <= found


@pytest.mark.parametrize("python", [False, True], ids=["qt-tester", "py-tester"])
@pytest.mark.parametrize("name", sorted(FACTORIES))
def test_model_passes_the_model_tester(qtmodeltester: ModelTester, name: str, python: bool) -> None:
    """Qt's own QAbstractItemModelTester, and pytest-qt's Python one (it also checks that each
    role's value has the right type, e.g. a colour for ForegroundRole)."""
    model = FACTORIES[name]()
    assert model.rowCount() > 0, "a factory must give rows, or the tester checks nothing"
    qtmodeltester.check(model, force_py=python)
