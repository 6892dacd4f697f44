"""The staff, audit and shared rows models, one test per role, from hand-made rows (no widget)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from desktop_app.domain.permissions import Role
from desktop_app.services.audit import AuditRow
from desktop_app.services.staff import StaffSummary
from desktop_app.views.audit import model as audit
from desktop_app.views.common.rows_model import SORT_ROLE, RowsModel, RowsProxy
from desktop_app.views.settings import staff_model as staff

DISPLAY = Qt.ItemDataRole.DisplayRole
TOOLTIP = Qt.ItemDataRole.ToolTipRole
FOREGROUND = Qt.ItemDataRole.ForegroundRole
UPN = "E820300000001"


def column(model: RowsModel[Any], col: int, role: int = DISPLAY) -> list[Any]:
    return [model.index(row, col).data(role) for row in range(model.rowCount())]


# --- the shared base --------------------------------------------------------------------------


class Pairs(RowsModel[tuple[str, int]]):
    HEADERS = ("Name", "Count")

    def cell(self, item: tuple[str, int], column: int, role: int) -> Any:
        if role == SORT_ROLE:
            return item[column] if item[column] != "?" else None
        return str(item[column]) if role == DISPLAY else None


def pairs() -> Pairs:
    model = Pairs()
    model.set_rows([("Ann", 3), ("Ben", 12)])
    return model


def test_rows_model_display_role_is_what_cell_says_in_the_order_given() -> None:
    model = pairs()
    assert (model.rowCount(), model.columnCount()) == (2, 2)
    assert column(model, 0) == ["Ann", "Ben"] and column(model, 1) == ["3", "12"]
    assert model.item(1) == ("Ben", 12)


def test_rows_model_headers_are_horizontal_display_only() -> None:
    model = pairs()
    horizontal, vertical = Qt.Orientation.Horizontal, Qt.Orientation.Vertical
    assert [model.headerData(c, horizontal) for c in range(2)] == ["Name", "Count"]
    assert model.headerData(2, horizontal) is None
    assert model.headerData(0, vertical) is None
    assert model.headerData(0, horizontal, TOOLTIP) is None


def test_rows_model_has_no_children_and_nothing_outside_its_rows() -> None:
    model = pairs()
    assert model.rowCount(model.index(0, 0)) == 0 and model.columnCount(model.index(0, 0)) == 0
    assert model.data(QModelIndex()) is None
    assert model.index(2, 0).data() is None


def test_rows_model_set_rows_resets_and_keeps_its_own_copy() -> None:
    model = pairs()
    resets: list[bool] = []
    model.modelReset.connect(lambda: resets.append(True))
    given = [("Cat", 1)]
    model.set_rows(given)
    given.append(("Dan", 2))
    assert resets == [True] and column(model, 0) == ["Cat"]


def test_rows_model_sorts_on_raw_values_keeps_the_order_for_new_rows_and_follows_a_row() -> None:
    model = pairs()
    held = QPersistentModelIndex(model.index(0, 0))  # Ann, as a selection would hold it
    model.sort(1, Qt.SortOrder.DescendingOrder)
    assert column(model, 0) == ["Ben", "Ann"]  # 12 before 3: numbers, not text ("3" > "12")
    assert held.row() == 1 and held.data() == "Ann"
    model.set_rows([("Cat", 1), ("?", 5), ("Dan", 40)])  # a new read keeps the chosen order
    assert column(model, 0) == ["Dan", "?", "Cat"]
    model.sort(0, Qt.SortOrder.DescendingOrder)
    assert column(model, 0) == ["Dan", "Cat", "?"]  # nothing to sort on: after the rest
    model.sort(0, Qt.SortOrder.AscendingOrder)
    assert column(model, 0) == ["Cat", "Dan", "?"]
    model.sort(-1)  # no sorting: as given from now on
    model.set_rows([("Ben", 2), ("Ann", 1)])
    assert column(model, 0) == ["Ben", "Ann"]


def test_the_rows_proxy_filters_and_hands_sorting_to_the_rows_model() -> None:
    model = pairs()
    proxy = RowsProxy()
    proxy.setSourceModel(model)
    proxy.setFilterKeyColumn(-1)
    proxy.sort(1, Qt.SortOrder.DescendingOrder)
    assert column(model, 0) == ["Ben", "Ann"]  # the rows model itself is sorted
    proxy.setFilterFixedString("12")
    assert [proxy.index(r, 0).data() for r in range(proxy.rowCount())] == ["Ben"]


# --- staff ------------------------------------------------------------------------------------

STAFF = [
    StaffSummary("jo", "Jo Adeyemi", "Director", Role.DIRECTOR, True, False),
    StaffSummary("sam", "Sam Okafor", "Maths tutor", Role.TUTOR, False, False),
    StaffSummary("kim", "Kim Lee", "DSL", Role.DSL, True, True),
]


def staff_rows() -> staff.StaffModel:
    model = staff.StaffModel()
    model.set_rows(STAFF)
    return model


def test_staff_display_role() -> None:
    model = staff_rows()
    assert column(model, staff.NAME) == ["Jo Adeyemi", "Sam Okafor", "Kim Lee"]
    assert column(model, staff.USERNAME) == ["jo", "sam", "kim"]
    assert column(model, staff.POSITION) == ["Director", "Maths tutor", "DSL"]
    assert column(model, staff.ROLE)[:2] == ["Director", "Tutor"]
    assert column(model, staff.STATUS) == [
        "Active",
        "Disabled",
        "Locked (too many failed sign-ins)",
    ]
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(5)] == list(staff.HEADERS)


def test_staff_foreground_role_greys_only_disabled_accounts() -> None:
    model = staff_rows()
    for col in range(5):
        assert column(model, col, FOREGROUND) == [None, staff.DISABLED_COLOUR, None]
    assert isinstance(staff.DISABLED_COLOUR, QColor)


def test_staff_has_no_tooltip_or_sort_role() -> None:
    model = staff_rows()
    assert all(column(model, col, TOOLTIP) == [None] * 3 for col in range(5))
    assert all(column(model, col, SORT_ROLE) == [None] * 3 for col in range(5))


def test_staff_rows_are_found_by_username() -> None:
    model = staff_rows()
    assert model.row_of("kim") == 2 and model.row_of("nobody") is None
    assert model.staff(1).username == "sam"


# --- audit ------------------------------------------------------------------------------------

CHANGE = '{"code": ["N", "I"]}'
AUDIT = [
    AuditRow(
        datetime(2025, 9, 10, 9, tzinfo=UTC), "Kim", "view", "safeguarding", 2, UPN, "y" * 200
    ),
    AuditRow(datetime(2025, 9, 8, 8, 5, 9, tzinfo=UTC), "Jo", "change", "marks", 4, UPN, CHANGE),
    AuditRow(
        datetime(2025, 9, 9, 16, tzinfo=UTC), "system", "purge", "some_thing", None, None, "x"
    ),
]


def audit_rows() -> audit.AuditModel:
    model = audit.AuditModel()
    model.set_rows(AUDIT)
    return model


def test_audit_display_role() -> None:
    model = audit_rows()
    times = [row.at.astimezone() for row in AUDIT]
    assert column(model, audit.WHEN)[1] == f"Mon 8 Sep 2025 {times[1]:%H:%M:%S}"
    assert column(model, audit.WHO) == ["Kim", "Jo", "system"]
    assert column(model, audit.ACTION) == ["View", "Change", "Purge"]
    assert column(model, audit.WHAT) == ["Safeguarding #2", "Mark #4", "Some thing"]
    assert column(model, audit.LEARNER) == [UPN, UPN, ""]
    details = column(model, audit.DETAIL)
    assert details[1:] == ["code: N → I", "x"]
    assert len(details[0]) == audit.DETAIL_CHARS and details[0].endswith("…")


def test_audit_sort_role_sorts_times_as_times_and_the_rest_as_shown() -> None:
    model = audit_rows()
    assert column(model, audit.WHEN, SORT_ROLE) == [row.at.isoformat() for row in AUDIT]
    assert sorted(column(model, audit.WHEN, SORT_ROLE))[0] == AUDIT[1].at.isoformat()
    for col in (audit.WHO, audit.ACTION, audit.WHAT, audit.LEARNER, audit.DETAIL):
        assert column(model, col, SORT_ROLE) == column(model, col)


def test_audit_tooltip_role_is_the_whole_detail_only() -> None:
    model = audit_rows()
    assert column(model, audit.DETAIL, TOOLTIP) == ["y" * 200, "code: N → I", "x"]
    for col in (audit.WHEN, audit.WHO, audit.ACTION, audit.WHAT, audit.LEARNER):
        assert column(model, col, TOOLTIP) == [None] * 3


def test_audit_sets_no_colours() -> None:
    model = audit_rows()
    assert all(column(model, col, FOREGROUND) == [None] * 3 for col in range(6))
