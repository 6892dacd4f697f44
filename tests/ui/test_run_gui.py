"""run_gui from start to the main window, with dialogs driven instead of waited on."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from desktop_app import app as app_module
from desktop_app.__main__ import main
from desktop_app.models.engine import Database
from desktop_app.views.shell.main_window import MainWindow
from desktop_app.views.shell.sign_in_dialog import SignInDialog
from desktop_app.views.shell.welcome_dialog import WelcomeDialog
from tests.conftest import PASSWORD

Driver = Callable[[QDialog], bool]


@pytest.fixture
def shown_windows(monkeypatch: pytest.MonkeyPatch) -> list[MainWindow]:
    """Instead of running the event loop, note the main windows showing and close them."""
    seen: list[MainWindow] = []

    def fake_loop(app: QApplication) -> int:
        for widget in app.topLevelWidgets():
            if isinstance(widget, MainWindow) and widget.isVisible():
                seen.append(widget)
                widget.close()
        return 0

    monkeypatch.setattr(app_module, "run_event_loop", fake_loop)
    return seen


def drive_with(monkeypatch: pytest.MonkeyPatch, driver: Driver) -> list[QDialog]:
    asked: list[QDialog] = []

    def ask(dialog: QDialog) -> bool:
        asked.append(dialog)
        return driver(dialog)

    monkeypatch.setattr(app_module, "ask", ask)
    return asked


def sign_in_with(qtbot: QtBot, dialog: SignInDialog, username: str, password: str) -> bool:
    qtbot.waitUntil(lambda: not dialog.opening, timeout=20_000)  # opened behind the window
    dialog.username.setText(username)
    qtbot.keyClicks(dialog.password, password)
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    return dialog.result() == QDialog.DialogCode.Accepted


def test_existing_database_goes_to_sign_in_then_the_window(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    db: Database,
    db_path: Path,
    shown_windows: list[MainWindow],
) -> None:
    def driver(dialog: QDialog) -> bool:
        assert isinstance(dialog, SignInDialog)
        return sign_in_with(qtbot, dialog, "director", PASSWORD)

    asked = drive_with(monkeypatch, driver)
    # `python -m desktop_app --database=PATH`; the two-word form reaches the CLI (see report).
    assert main([f"--database={db_path}"]) == 0
    assert [type(d) for d in asked] == [SignInDialog]
    assert [w.windowTitle() for w in shown_windows] == ["Provision Register — Test Provision"]
    assert str(db_path) in shown_windows[0].location_label.text()
    assert QApplication.applicationName() == "Provision Register"


def test_first_run_demo_then_sign_in_as_its_director(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    shown_windows: list[MainWindow],
) -> None:
    passwords: dict[str, str] = {}

    def driver(dialog: QDialog) -> bool:
        if isinstance(dialog, WelcomeDialog):
            qtbot.mouseClick(dialog.demo_button, Qt.MouseButton.LeftButton)
            assert dialog.demo is not None
            passwords.update((u, p) for u, _r, p in dialog.demo.staff)
            qtbot.mouseClick(dialog.accounts.continue_button, Qt.MouseButton.LeftButton)
            return dialog.result() == QDialog.DialogCode.Accepted
        assert isinstance(dialog, SignInDialog)
        assert dialog.username.text() == "director"
        return sign_in_with(qtbot, dialog, "director", passwords["director"])

    drive_with(monkeypatch, driver)
    assert app_module.run_gui(["--database", str(tmp_path / "register.sqlite")]) == 0
    assert (tmp_path / "demo.sqlite").exists()
    assert not (tmp_path / "register.sqlite").exists()
    assert "Riverside" in shown_windows[0].windowTitle()


def test_quitting_the_welcome_creates_nothing(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, shown_windows: list[MainWindow]
) -> None:
    def driver(dialog: QDialog) -> bool:
        assert isinstance(dialog, WelcomeDialog)
        qtbot.mouseClick(dialog.quit_button, Qt.MouseButton.LeftButton)
        return dialog.result() == QDialog.DialogCode.Accepted

    drive_with(monkeypatch, driver)
    assert app_module.run_gui(["--database", str(tmp_path / "register.sqlite")]) == 0
    assert list(tmp_path.iterdir()) == [] and shown_windows == []


def test_cancelled_sign_in_ends_without_a_window(
    monkeypatch: pytest.MonkeyPatch, db_path: Path, db: Database, shown_windows: list[MainWindow]
) -> None:
    drive_with(monkeypatch, lambda dialog: False)
    assert app_module.run_gui(["--database", str(db_path)]) == 0
    assert shown_windows == []


def test_demo_sits_next_to_the_register() -> None:
    url = app_module.demo_url_for("sqlite:////data/ap/register.sqlite")
    assert url == "sqlite:////data/ap/demo.sqlite"


def test_qt_arguments_are_left_for_qt() -> None:
    assert app_module.parse_args(["--database", "x.sqlite", "-platform", "offscreen"]) == (
        "x.sqlite",
        ["-platform", "offscreen"],
    )


def test_the_sign_in_path_loads_no_page_and_no_alembic() -> None:
    """Start-up imports only what the sign-in window needs; the rest loads after signing in,
    or on the worker that opens the register behind that window (SQLAlchemy, models, keys)."""
    import subprocess
    import sys

    code = (
        "import sys; import desktop_app.app; "
        "print(sorted(m for m in sys.modules if m.startswith(("
        "'alembic', 'desktop_app.views.shell.main_window', 'desktop_app.views.register', "
        "'desktop_app.views.learners', 'desktop_app.views.reports', 'reportlab', "
        "'sqlalchemy', 'desktop_app.models', 'desktop_app.services.database', 'keyring', "
        "'argon2'))))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_a_clock_behind_the_register_is_said_when_the_window_opens(
    qtbot: QtBot, db: Database
) -> None:
    """The newest record is a year ahead of this computer's clock: the window says so."""
    from datetime import UTC, datetime, timedelta

    from PySide6.QtWidgets import QMessageBox, QWidget

    from desktop_app.models.auditing import audit_entry

    with db.transaction() as session:
        entry = audit_entry(session, "note", "clock", None, None, "made on a computer ahead")
        entry.at = datetime.now(UTC) + timedelta(days=365)
    window = QWidget()
    qtbot.addWidget(window)
    app_module.warn_about_clock(window, db)
    boxes = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    assert len(boxes) == 1 and "clock" in boxes[0].text().lower()


def test_a_right_clock_says_nothing(qtbot: QtBot, db: Database) -> None:
    from PySide6.QtWidgets import QMessageBox, QWidget

    window = QWidget()
    qtbot.addWidget(window)
    app_module.warn_about_clock(window, db)
    assert window.findChildren(QMessageBox) == []
