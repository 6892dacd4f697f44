"""The alerts table model on its own: labels, sort values and resetting."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QModelIndex, Qt
from pytestqt.qtbot import QtBot

from desktop_app.domain import watches
from desktop_app.domain.watches import Alert
from desktop_app.views.today.alerts_model import DATE, DETAIL, HEADERS, KIND, SORT_ROLE, UPN, AlertsModel

ROWS = [
    Alert(date(2025, 9, 8), watches.MISSING_REGISTER, "A123456789012", "PM register not taken"),
    Alert(date(2025, 10, 1), watches.UNRESOLVED_N, "B123456789012", "N for 2025-09-24 AM"),
]


@pytest.mark.parametrize(
    ("kind", "label"),
    [
        (watches.PENALTY_NOTICE, "Penalty notice threshold"),
        (watches.UNAUTHORISED_RUN, "10 days unauthorised absence"),
        (watches.ILLNESS, "15 days illness"),
        (watches.UNRESOLVED_N, "N not resolved"),
        (watches.MISSING_REGISTER, "Missing register"),
    ],
)
def test_kinds_are_shown_as_readable_labels(kind: str, label: str) -> None:
    model = AlertsModel()
    model.set_rows([Alert(date(2025, 9, 8), kind, "A123456789012", "detail")])
    assert model.index(0, KIND).data() == label


def test_cells_and_headers() -> None:
    model = AlertsModel()
    model.set_rows(ROWS)
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(4)] == list(HEADERS)
    assert model.index(0, DATE).data() == "Mon 8 Sep 2025"
    assert model.index(0, UPN).data() == "A123456789012"
    assert model.index(1, DETAIL).data() == "N for 2025-09-24 AM"
    assert model.index(1, KIND).data(Qt.ItemDataRole.ToolTipRole) == "N for 2025-09-24 AM"


def test_sort_role_gives_dates_that_sort_in_time_order() -> None:
    model = AlertsModel()
    model.set_rows(ROWS)
    assert model.index(0, DATE).data(SORT_ROLE) == "2025-09-08"
    assert model.index(0, DATE).data(SORT_ROLE) < model.index(1, DATE).data(SORT_ROLE)


def test_set_rows_resets(qtbot: QtBot) -> None:
    model = AlertsModel()
    model.set_rows(ROWS)
    with qtbot.waitSignal(model.modelReset):
        model.set_rows(ROWS[:1])
    assert model.rowCount() == 1
    assert model.rowCount(model.index(0, 0)) == 0
    assert model.data(QModelIndex()) is None


def test_model_tester_on_handmade_rows(qtmodeltester: object) -> None:
    model = AlertsModel()
    model.set_rows(ROWS)
    qtmodeltester.check(model)  # type: ignore[attr-defined]
