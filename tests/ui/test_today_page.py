"""The Today page lists current alerts from the alerts service."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop_app.views.common import labels
from desktop_app.views.today.alerts_model import KIND, UPN, AlertsModel
from desktop_app.views.common.context import AppContext
from desktop_app.views.today.page import TodayPage


def shown_kinds(page: TodayPage) -> set[str]:
    table = page.table.model()
    return {table.index(row, KIND).data() for row in range(table.rowCount())}


def test_demo_alerts_include_the_missing_register_and_the_n(
    qtbot: QtBot, demo_context: AppContext
) -> None:
    page = TodayPage(demo_context)
    qtbot.addWidget(page)
    assert {"Missing register", "N not resolved"} <= shown_kinds(page)
    assert page.heading.text() == demo_context.provision_name
    assert page.date_label.text() == labels.long_date(date.today())
    assert f"{page.model.rowCount()} alerts need" in page.summary.text()


def test_rows_carry_upn_and_detail(qtbot: QtBot, demo_context: AppContext) -> None:
    page = TodayPage(demo_context)
    qtbot.addWidget(page)
    missing = [
        page.model.alert(row)
        for row in range(page.model.rowCount())
        if page.model.alert(row).kind == "missing_register"
    ]
    assert missing and missing[0].detail.endswith("register not taken")
    row = next(r for r in range(page.model.rowCount()) if page.model.alert(r) == missing[0])
    assert page.model.index(row, UPN).data() == missing[0].upn


def test_refresh_reads_the_alerts_again(qtbot: QtBot, demo_context: AppContext) -> None:
    page = TodayPage(demo_context)
    qtbot.addWidget(page)
    before = page.model.rowCount()
    with qtbot.waitSignal(page.model.modelReset):
        qtbot.mouseClick(page.refresh_button, Qt.MouseButton.LeftButton)
    assert page.model.rowCount() == before > 0


def test_no_alerts_says_so(qtbot: QtBot, context: AppContext) -> None:
    page = TodayPage(context)
    qtbot.addWidget(page)
    assert page.model.rowCount() == 0
    assert page.summary.text().startswith("No alerts")


def test_alerts_model_passes_the_model_tester(
    qtbot: QtBot, qtmodeltester: object, demo_context: AppContext
) -> None:
    page = TodayPage(demo_context)
    qtbot.addWidget(page)
    model: AlertsModel = page.model
    assert model.rowCount() > 0
    qtmodeltester.check(model)  # type: ignore[attr-defined]
