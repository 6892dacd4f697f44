"""The Learners page over the demo provision, and the panel it opens."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop_app.demo.provision import DemoResult
from desktop_app.models.engine import Database
from desktop_app.views.common.context import AppContext
from desktop_app.views.learners.page import LearnersPage
from desktop_app.views.learners.panel import LearnerPanelWindow
from desktop_app.views.register.page import RegisterPage
from tests.ui.conftest import context_for


@pytest.fixture(autouse=True)
def close_panels() -> Iterator[None]:
    yield
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, LearnerPanelWindow):
            widget.close()


def _page(qtbot: QtBot, ctx: AppContext) -> LearnersPage:
    page = LearnersPage(ctx)
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: not page.loader.busy())
    return page


def _names(page: LearnersPage) -> list[str]:
    proxy = page.proxy
    return [proxy.index(r, 1).data() for r in range(proxy.rowCount())]


def _panels() -> list[LearnerPanelWindow]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, LearnerPanelWindow)]


def _shown_panels(qtbot: QtBot) -> list[LearnerPanelWindow]:
    """The panels once the one just asked for is read (off the GUI thread) and shown."""
    qtbot.waitUntil(lambda: any(w.isVisible() for w in _panels()))
    return _panels()


def test_lists_everyone_on_roll_with_rating_and_attendance(
    qtbot: QtBot, demo_context: AppContext
) -> None:
    page = _page(qtbot, demo_context)
    assert page.proxy.rowCount() == 24  # 25 in the demo; one has left
    assert page.count.text().startswith("24 learners")
    ratings = {page.proxy.index(r, 0).data() for r in range(page.proxy.rowCount())}
    assert {"RED", "AMBER", "GREEN"} <= {r.rstrip(" !") for r in ratings}
    assert "RED !" in ratings
    assert "2 RED without a current risk assessment" in page.count.text()  # none; overdue
    percents = [page.proxy.index(r, 4).data() for r in range(page.proxy.rowCount())]
    assert all(p.endswith("%") for p in percents)


def test_search_filters_by_name_upn_or_group(qtbot: QtBot, demo_context: AppContext) -> None:
    page = _page(qtbot, demo_context)
    everyone = _names(page)
    qtbot.keyClicks(page.search, "ahmed")
    assert _names(page) == [n for n in everyone if "Ahmed" in n] and _names(page)
    page.search.clear()
    qtbot.keyClicks(page.search, "osprey")
    assert 0 < page.proxy.rowCount() < len(everyone)
    assert all(page.proxy.index(r, 3).data() == "Osprey" for r in range(page.proxy.rowCount()))


def test_sorting_by_rating_puts_red_first_and_flagged_first_among_red(
    qtbot: QtBot, demo_context: AppContext
) -> None:
    page = _page(qtbot, demo_context)
    page.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    ratings = [page.proxy.index(r, 0).data() for r in range(page.proxy.rowCount())]
    assert ratings[0] == "RED !"
    order = {"RED": 0, "AMBER": 1, "GREEN": 2}
    keys = [order[r.rstrip(" !")] for r in ratings]
    assert keys == sorted(keys)


def test_enter_in_search_opens_the_first_match_in_a_panel(
    qtbot: QtBot, demo_context: AppContext
) -> None:
    page = _page(qtbot, demo_context)
    qtbot.keyClicks(page.search, "ahmed")
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    qtbot.keyClick(page.search, Qt.Key.Key_Return)  # twice before it shows: still one window
    panels = _shown_panels(qtbot)
    assert len(panels) == 1
    panel = panels[0]
    assert panel.header.name.text() == "Aaliyah Ahmed"
    assert panel.header.chip.text() == "RED"
    assert "Northgate Academy" in panel.header.commissioner.text()
    assert panel.header.flag.isHidden()  # two contacts and a current risk assessment
    assert "Risk &assessment" in [panel.tabs.tabText(i) for i in range(panel.tabs.count())]
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    assert len(_panels()) == 1  # the same learner's window is brought forward, not doubled
    qtbot.waitUntil(lambda: not panel.loader.busy())  # read again (and audited) off the GUI thread


def test_a_red_learner_without_an_assessment_is_flagged_on_the_panel(
    qtbot: QtBot, demo: tuple[Database, DemoResult]
) -> None:
    page = _page(qtbot, context_for(demo[0], "officer"))
    page.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    page.open_index(page.proxy.index(0, 1))
    panel = _shown_panels(qtbot)[0]
    assert "RED without a current risk assessment" in panel.header.flag.text()
    assert not panel.header.flag.isHidden()
    # The officer may not see risk assessments, so there is no tab for them.
    assert all("Risk" not in panel.tabs.tabText(i) for i in range(panel.tabs.count()))


def test_a_tutor_cannot_add_learners(qtbot: QtBot, demo: tuple[Database, DemoResult]) -> None:
    page = _page(qtbot, context_for(demo[0], "tutor1"))
    assert not hasattr(page, "add_button")


def test_a_name_on_the_register_opens_the_panel(qtbot: QtBot, demo_context: AppContext) -> None:
    screen = RegisterPage(demo_context)
    qtbot.addWidget(screen)
    qtbot.waitUntil(lambda: not screen.loader.busy())  # the week is read off the GUI thread
    name = screen.model.learner(0).name
    index = screen.names.model().index(0, 0)
    screen.names.doubleClicked.emit(index)
    panels = _shown_panels(qtbot)
    assert len(panels) == 1 and panels[0].header.name.text() == name
    labels = [label for label, _hook in screen.learner_actions]
    assert labels[0].startswith("Open the panel")


def test_learner_left_site_on_the_panel_and_register_starts_an_incident_for_them(
    qtbot: QtBot, demo_context: AppContext
) -> None:
    started: list[tuple[object, int]] = []
    page = LearnersPage(demo_context, start_incident=lambda p, c, i: started.append((c, i)))
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: not page.loader.busy())
    page.open_index(page.proxy.index(0, 1))
    panel = _shown_panels(qtbot)[0]
    qtbot.mouseClick(panel.left_site, Qt.MouseButton.LeftButton)
    assert started == [(demo_context, panel.learner_id)]
    screen = RegisterPage(demo_context, start_incident=lambda p, c, i: started.append((c, i)))
    qtbot.addWidget(screen)
    qtbot.waitUntil(lambda: not screen.loader.busy())  # the week is read off the GUI thread
    label, hook = screen.learner_actions[1]
    assert label == "{name} has left site…"
    hook(screen.model.learner(0).learner_id)
    assert started[-1] == (demo_context, screen.model.learner(0).learner_id)
