"""Helpers for the settings, audit, lock and start-up tests: show a widget, click, sign in as."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import TypeVar

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialog, QLabel, QWidget
from pytestqt.qtbot import QtBot

from desktop_app import app as app_module
from desktop_app.domain.permissions import Role
from desktop_app.models import Amendment, Learner, Mark
from desktop_app.models.engine import Database
from desktop_app.services.auth import StaffUser
from desktop_app.views.common.context import AppContext
from desktop_app.views.shell.main_window import MainWindow
from desktop_app.views.shell.sign_in_dialog import SignInDialog
from tests.ui.conftest import context_for

W = TypeVar("W", bound=QWidget)
OLD = datetime(2019, 10, 1, 9, 0, tzinfo=UTC)


def shown(qtbot: QtBot, widget: W) -> W:
    """Add the widget to qtbot (closed and deleted after the test), show it and wait."""
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def click(qtbot: QtBot, button: QAbstractButton) -> None:
    assert button.isVisible() and button.isEnabled(), f"{button.text()!r} cannot be clicked"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def press(qtbot: QtBot, button: QAbstractButton) -> None:
    """Click a button of a dialog the test drives instead of showing (so it is not visible)."""
    assert button.isVisibleTo(button.window()) and button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def sign_in(qtbot: QtBot, dialog: QDialog, username: str, password: str) -> bool:
    assert isinstance(dialog, SignInDialog)
    qtbot.waitUntil(lambda: not dialog.opening, timeout=20_000)  # opened behind the window
    dialog.username.setText(username)
    qtbot.keyClicks(dialog.password, password)
    press(qtbot, dialog.sign_in_button)
    return dialog.result() == QDialog.DialogCode.Accepted


def dialog_text(dialog: QDialog) -> str:
    return " ".join(label.text() for label in dialog.findChildren(QLabel))


def drive_dialogs(
    monkeypatch: pytest.MonkeyPatch, driver: Callable[[QDialog], bool]
) -> list[QDialog]:
    """Replace app.ask: each dialog run_gui would show is handed to driver instead; all are kept."""
    asked: list[QDialog] = []

    def ask(dialog: QDialog) -> bool:
        asked.append(dialog)
        return driver(dialog)

    monkeypatch.setattr(app_module, "ask", ask)
    return asked


def replace_event_loop(
    monkeypatch: pytest.MonkeyPatch, use: Callable[[MainWindow], object] = MainWindow.close
) -> list[MainWindow]:
    """Replace app.run_event_loop: hand each main window shown to `use` (default: close it)."""
    seen: list[MainWindow] = []

    def loop(app: QApplication) -> int:
        for widget in app.topLevelWidgets():
            if isinstance(widget, MainWindow) and widget.isVisible() and widget not in seen:
                seen.append(widget)
                use(widget)
        return 0

    monkeypatch.setattr(app_module, "run_event_loop", loop)
    return seen


def context_as(db: Database, make_staff: Callable[[Role], StaffUser], role: Role) -> AppContext:
    """The test database with a member of staff of this role signed in."""
    return context_for(db, make_staff(role).username)


def add_old_and_new_marks(db: Database, director: StaffUser) -> None:
    """A learner with a mark from 2019 (amended two days later) and one from 2025."""
    with db.transaction((director.id, director.full_name)) as session:
        session.add(
            Learner(
                upn="E820300000001",
                surname="Zielinskaya",
                forename="Ann",
                date_of_birth=date(2011, 1, 1),
                start_date=date(2019, 9, 3),
            )
        )
        session.flush()
        session.add_all([_mark(date(2019, 10, 1), "N", director, OLD)])
        session.add(_mark(date(2025, 10, 1), "/", director, datetime(2025, 10, 1, 9, tzinfo=UTC)))
        session.flush()
        session.add(
            Amendment(
                mark_id=1,
                original_code="N",
                amended_code="I",
                reason="ill",
                made_at=OLD + timedelta(days=2),
                staff_id=director.id,
                staff_name=director.full_name,
                staff_position=director.position,
            )
        )


def _mark(day: date, code: str, director: StaffUser, at: datetime) -> Mark:
    return Mark(
        learner_id=1,
        date=day,
        session="AM",
        code=code,
        recorded_by_id=director.id,
        recorded_at=at,
    )
