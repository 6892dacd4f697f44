"""Opening a learner's panel in a test as the window does: read off the GUI thread, then shown."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from desktop_app.views.common.context import AppContext
from desktop_app.views.learners.panel import LearnerPanelWindow, open_panel


def shown_panel(qtbot: QtBot, ctx: AppContext, learner_id: int) -> LearnerPanelWindow:
    """The learner's panel window once it has been read and shown."""
    qtbot.waitUntil(lambda: _visible(ctx, learner_id) is not None)
    window = _visible(ctx, learner_id)
    assert window is not None
    return window


def _visible(ctx: AppContext, learner_id: int) -> LearnerPanelWindow | None:
    window = open_panel(ctx, learner_id)
    return window if window is not None and window.isVisible() else None
