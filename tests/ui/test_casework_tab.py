"""The learner panel's Case work and Chronology tabs, worked through their widgets: a plan and
its progress bar, an action ticked done, a stage moved only with a reason, referrals only for the
DSL and the director, tutors seeing plan targets only, and the chronology filtered and printed."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop_app.demo.provision import DemoResult
from desktop_app.models.engine import Database
from desktop_app.reports.progress import NO_PROGRESS
from desktop_app.services.casework import PlanDetails, start_plan
from desktop_app.services.provision import staff_by_username
from desktop_app.views.common import paper
from desktop_app.views.common.context import AppContext
from desktop_app.views.learners import casework_dialogs as dialogs
from desktop_app.views.learners.panel import LearnerPanelWindow
from desktop_app.views.reports.certificates_form import CertificatesForm
from desktop_app.views.reports.page import ReportsPage
from tests.ui.conftest import context_for

LEARNER = 1


#: Panels opened here, kept alive until the test ends (a top-level window Python owns would
#: otherwise be deleted the moment the test drops it).
OPEN: list[LearnerPanelWindow] = []


@pytest.fixture(autouse=True)
def close_panels() -> Iterator[None]:
    yield
    for window in OPEN:
        window.close()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    OPEN.clear()


def _panel(qtbot: QtBot, ctx: AppContext) -> LearnerPanelWindow:
    window = LearnerPanelWindow(ctx, LEARNER)
    OPEN.append(window)
    window.show()
    window.tabs.setCurrentWidget(window.casework)
    qtbot.waitUntil(lambda: not window.casework.loader.busy() and window.casework.file is not None)
    return window


def _plan(db: Database, ctx: AppContext) -> None:
    today = ctx.clock().date()
    dsl = staff_by_username(db, "dsl")
    assert dsl is not None
    details = PlanDetails(
        today - timedelta(days=28),
        60,
        95,
        today + timedelta(days=30),
        "Arrive by 09:00",
        today + timedelta(days=7),
        "Known to CCE team",
    )
    start_plan(db, dsl, LEARNER, details, today)


def test_the_dsl_starts_a_plan_and_sees_its_progress(
    qtbot: QtBot, demo: tuple[Database, DemoResult]
) -> None:
    ctx = context_for(demo[0], "dsl")
    window = _panel(qtbot, ctx)
    tab = window.casework
    assert tab.plan_text.text() == "No support plan is open."
    qtbot.mouseClick(tab.start_a_plan_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    assert isinstance(dialog, dialogs.PlanDialog)
    dialog.started.setDate(dialogs.to_qdate(ctx.clock().date() - timedelta(days=28)))
    dialog.start_pct.setValue(70)
    dialog.target_pct.setValue(65)  # below where it starts: refused under the target
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "above the attendance it starts from" in dialog.form.errors["target"].text()
    dialog.target_pct.setValue(95)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    qtbot.waitUntil(lambda: tab.file is not None and tab.file.plan is not None)
    plan = tab.file.plan  # type: ignore[union-attr]
    assert plan is not None and plan.progress is not None
    assert tab.plan_text.text().startswith("Attendance from 70 % to 95 %")
    assert tab.bar.value() == max(0, min(100, round(plan.progress * 100)))


def test_an_action_is_added_and_ticked_done(
    qtbot: QtBot, demo: tuple[Database, DemoResult]
) -> None:
    ctx = context_for(demo[0], "officer")
    _plan(demo[0], ctx)
    window = _panel(qtbot, ctx)
    tab = window.casework
    qtbot.mouseClick(tab.add_an_action_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    assert isinstance(dialog, dialogs.ActionDialog)
    dialog.action.setPlainText("Home visit to agree morning routine")
    dialog.owner.setText("Ms Khan")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.action_list.count() == 1)
    item = tab.action_list.item(0)
    item.setCheckState(Qt.CheckState.Checked)
    qtbot.waitUntil(lambda: "done" in tab.action_list.item(0).text())
    assert tab.file is not None and tab.file.plan is not None
    assert tab.file.plan.actions[0].done_on == ctx.clock().date()


def test_moving_stage_needs_a_reason(qtbot: QtBot, demo: tuple[Database, DemoResult]) -> None:
    ctx = context_for(demo[0], "officer")
    window = _panel(qtbot, ctx)
    tab = window.casework
    qtbot.mouseClick(tab.move_to_stage_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    assert isinstance(dialog, dialogs.StageDialog)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.form.errors["reason"].text()
    dialog.reason.setPlainText("Attendance 81 % after two letters")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.stage_text.text().startswith("Concern raised since"))
    assert "Attendance 81 %" in tab.stage_text.text()


def test_referrals_are_for_the_dsl_and_director_only(
    qtbot: QtBot, demo: tuple[Database, DemoResult]
) -> None:
    officer = _panel(qtbot, context_for(demo[0], "officer")).casework
    assert not hasattr(officer, "referrals")
    assert not hasattr(officer, "record_a_referral_button")
    dsl = _panel(qtbot, context_for(demo[0], "dsl")).casework
    before = dsl.referrals.count()
    qtbot.mouseClick(dsl.record_a_referral_button, Qt.MouseButton.LeftButton)
    dialog = dsl.dialog
    assert isinstance(dialog, dialogs.ReferralDialog)
    dialog.reason.setPlainText("Low attendance and family stress")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dsl.referrals.count() == before + 1)
    assert "Early Help: Low attendance" in dsl.referrals.item(0).text()


def test_a_tutor_sees_the_plan_targets_only(
    qtbot: QtBot, demo: tuple[Database, DemoResult]
) -> None:
    ctx = context_for(demo[0], "tutor1")
    _plan(demo[0], ctx)
    window = _panel(qtbot, ctx)
    tab = window.casework
    assert window.chronology is None
    assert tab.targets.text() == "Targets: Arrive by 09:00"
    assert tab.safeguarding.text() == "" and tab.agreement.text() == ""
    assert not hasattr(tab, "stage_text") and not hasattr(tab, "start_a_plan_button")


def test_the_chronology_filters_by_kind_and_prints(
    qtbot: QtBot, demo: tuple[Database, DemoResult], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    ctx = context_for(demo[0], "dsl")
    _plan(demo[0], ctx)
    window = _panel(qtbot, ctx)
    tab = window.chronology
    assert tab is not None and "Referral" in [b.text() for b in tab.boxes.values()]
    window.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.found is not None)
    shown = {tab.model.item(n).kind for n in range(tab.model.rowCount())}
    assert {"plan", "absence"} <= shown
    tab.boxes["absence"].setChecked(False)
    shown = {tab.model.item(n).kind for n in range(tab.model.rowCount())}
    assert "absence" not in shown and "plan" in shown
    printed: list[Path] = []
    monkeypatch.setattr(paper, "print_path", lambda name: tmp_path / name)
    monkeypatch.setattr(paper, "print_file", lambda _w, path: printed.append(path) or "Sent.")
    qtbot.mouseClick(tab.print_button, Qt.MouseButton.LeftButton)
    assert printed and printed[0].read_bytes().startswith(b"%PDF")
    assert tab.status.text() == "Sent."


def test_an_officer_chronology_has_no_safeguarding_kinds(
    qtbot: QtBot, demo: tuple[Database, DemoResult]
) -> None:
    window = _panel(qtbot, context_for(demo[0], "officer"))
    assert window.chronology is not None
    assert set(window.chronology.boxes) & {"referral", "rag", "risk_assessment"} == set()


def test_the_reports_page_writes_certificates(
    qtbot: QtBot, demo: tuple[Database, DemoResult], tmp_path: Path
) -> None:
    page = ReportsPage(context_for(demo[0], "officer"))
    qtbot.addWidget(page)
    page.show_tab("Certificates")
    form = page.current_form()
    assert isinstance(form, CertificatesForm)
    assert form.term_box.currentData()  # the half-term under way
    written = form.request().make_job(tmp_path)(NO_PROGRESS)
    assert written.files and all(p.read_bytes().startswith(b"%PDF") for p in written.files)
