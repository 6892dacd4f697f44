"""The register opens on a worker thread behind the sign-in window: the window is up first,
Sign in comes on when the register is open, and a failure reaches the person."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QMessageBox
from pytestqt.qtbot import QtBot

from desktop_app import app as app_module
from desktop_app import background_open
from desktop_app.background_open import Opened, PromptOnGuiThread
from desktop_app.models.engine import Database
from desktop_app.services.errors import ServiceError
from desktop_app.views.shell.sign_in_dialog import OPENING_NOTE, SignInDialog
from tests.conftest import PASSWORD
from tests.ui.settings_helpers import drive_dialogs, replace_event_loop, sign_in

REAL_OPEN = background_open.open_and_read


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """Opening the register waits (on the worker) until the test sets this."""
    release = threading.Event()

    def slow_open(url: str, ask: Callable[[bool], str | None]) -> Opened:
        assert threading.current_thread() is not threading.main_thread()
        assert release.wait(20), "the test never let the register open"
        return REAL_OPEN(url, ask)

    monkeypatch.setattr(background_open, "open_and_read", slow_open)
    yield release
    release.set()  # never leave a worker waiting


def opening_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "open-register"]


def test_the_window_is_up_before_a_slow_open_finishes(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    db: Database,
    db_path: Path,
    gate: threading.Event,
) -> None:
    db.dispose()
    seen: dict[str, object] = {}

    def driver(dialog: QDialog) -> bool:
        assert isinstance(dialog, SignInDialog)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        qtbot.wait(100)  # the worker has had time: it is still opening
        seen["heading"] = dialog.heading.text()
        seen["note"] = dialog.opening_note.isVisible() and dialog.opening_note.text()
        seen["button"] = dialog.sign_in_button.isEnabled()
        seen["opening"] = bool(opening_threads())
        gate.set()
        return sign_in(qtbot, dialog, "director", PASSWORD)

    drive_dialogs(monkeypatch, driver)
    windows = replace_event_loop(monkeypatch)
    assert app_module.run_gui(["--database", str(db_path)]) == 0
    # Never opened on this computer before: the file's name stands in for the provision's.
    assert seen == {
        "heading": "register.sqlite",
        "note": OPENING_NOTE,
        "button": False,
        "opening": True,
    }
    assert [w.windowTitle() for w in windows] == ["Provision Register — Test Provision"]
    assert opening_threads() == []


def test_the_next_start_shows_the_provision_name_before_opening(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    db: Database,
    db_path: Path,
    gate: threading.Event,
) -> None:
    db.dispose()
    gate.set()
    drive_dialogs(monkeypatch, lambda dialog: sign_in(qtbot, dialog, "director", PASSWORD))
    replace_event_loop(monkeypatch)
    assert app_module.run_gui(["--database", str(db_path)]) == 0  # remembers the name
    gate.clear()
    headings: list[str] = []

    def driver(dialog: QDialog) -> bool:
        assert isinstance(dialog, SignInDialog) and dialog.opening
        headings.append(dialog.heading.text())
        gate.set()
        return sign_in(qtbot, dialog, "director", PASSWORD)

    drive_dialogs(monkeypatch, driver)
    assert app_module.run_gui(["--database", str(db_path)]) == 0
    assert headings == ["Test Provision"]


def test_an_open_that_fails_closes_the_window_and_says_why(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, db: Database, db_path: Path
) -> None:
    db.dispose()

    def failing_open(url: str, ask: Callable[[bool], str | None]) -> Opened:
        raise ServiceError("this register was made by a newer version of the app")

    monkeypatch.setattr(background_open, "open_and_read", failing_open)
    said: list[str] = []

    def driver(dialog: QDialog) -> bool:
        if isinstance(dialog, QMessageBox):
            said.append(dialog.text())
            return True
        assert isinstance(dialog, SignInDialog)
        qtbot.waitUntil(lambda: not dialog.opening, timeout=20_000)
        assert dialog.failed and not dialog.sign_in_button.isEnabled()
        return dialog.result() == QDialog.DialogCode.Accepted

    asked = drive_dialogs(monkeypatch, driver)
    windows = replace_event_loop(monkeypatch)
    assert app_module.run_gui(["--database", str(db_path)]) == 1
    assert [type(d) for d in asked] == [SignInDialog, QMessageBox] and windows == []
    assert len(said) == 1 and "Could not open the register at" in said[0]
    assert "made by a newer version of the app" in said[0]


def test_a_register_not_set_up_is_said_after_the_window_closes(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from desktop_app.config import database_url
    from desktop_app.services.database import open_database

    path = tmp_path / "empty.sqlite"
    open_database(database_url(str(path)), create=True, encrypt=False).dispose()
    said: list[str] = []

    def driver(dialog: QDialog) -> bool:
        if isinstance(dialog, QMessageBox):
            said.append(dialog.text())
            return True
        assert isinstance(dialog, SignInDialog)
        qtbot.waitUntil(lambda: not dialog.opening, timeout=20_000)
        return False

    drive_dialogs(monkeypatch, driver)
    assert app_module.run_gui(["--database", str(path)]) == 1
    assert said == [f"The database at {path} has not been set up."]


def test_quitting_while_it_opens_waits_for_the_worker_and_closes_the_register(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    db: Database,
    db_path: Path,
    gate: threading.Event,
) -> None:
    """The worker is never abandoned (an upgrade may be under way); what it opened is closed."""
    db.dispose()
    disposed: list[Database] = []
    real_open = background_open.open_and_read  # the gated one

    def spied_open(url: str, ask: Callable[[bool], str | None]) -> Opened:
        opened = real_open(url, ask)
        real_dispose = opened.db.dispose
        opened.db.dispose = lambda: (disposed.append(opened.db), real_dispose())  # type: ignore[method-assign]
        return opened

    monkeypatch.setattr(background_open, "open_and_read", spied_open)

    def driver(dialog: QDialog) -> bool:
        qtbot.waitUntil(lambda: bool(opening_threads()))  # it has started opening...
        threading.Timer(0.3, gate.set).start()  # ...and finishes after the person quit
        return False

    asked = drive_dialogs(monkeypatch, driver)
    windows = replace_event_loop(monkeypatch)
    assert app_module.run_gui(["--database", str(db_path)]) == 0
    assert [type(d) for d in asked] == [SignInDialog] and windows == []
    assert len(disposed) == 1 and opening_threads() == []


def test_a_question_withdrawn_while_the_worker_waits_gives_it_none(qtbot: QtBot) -> None:
    """The person quit while the worker needed a passphrase: it is not left waiting."""
    asked: list[bool] = []
    prompt = PromptOnGuiThread(lambda new: asked.append(new) or "never asked")
    answers: list[str | None] = []
    worker = threading.Thread(target=lambda: answers.append(prompt(False)))
    worker.start()
    time.sleep(0.2)  # no events processed: the question waits on the GUI thread...
    prompt.withdraw()  # ...and now nobody will answer it
    worker.join(5)
    qtbot.wait(20)  # the queued question arrives late: it is not asked
    assert not worker.is_alive() and answers == [None] and asked == []


def test_the_worker_asks_on_the_gui_thread_and_gets_the_answer(qtbot: QtBot) -> None:
    asked_on: list[threading.Thread] = []

    def ask(new: bool) -> str:
        asked_on.append(threading.current_thread())
        return "typed on the GUI thread"

    prompt = PromptOnGuiThread(ask)
    answers: list[str | None] = []
    worker = threading.Thread(target=lambda: answers.append(prompt(True)))
    worker.start()
    qtbot.waitUntil(lambda: bool(answers), timeout=5000)
    worker.join(5)
    assert asked_on == [threading.main_thread()] and answers == ["typed on the GUI thread"]


def test_qts_type_lookup_is_paid_while_the_password_is_typed(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, db: Database, db_path: Path
) -> None:
    """Once the register is open (Sign in on), before anyone signs in; not inside signing in."""
    from desktop_app.views.shell import warm_qt

    db.dispose()
    lookups: list[str] = []
    monkeypatch.setattr(warm_qt, "warm_type_lookup", lambda: lookups.append("before sign-in"))

    def driver(dialog: QDialog) -> bool:
        assert isinstance(dialog, SignInDialog)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitUntil(dialog.sign_in_button.isEnabled, timeout=20_000)
        assert lookups == ["before sign-in"]
        lookups.append("signed in")
        return sign_in(qtbot, dialog, "director", PASSWORD)

    drive_dialogs(monkeypatch, driver)
    replace_event_loop(monkeypatch)
    assert app_module.run_gui(["--database", str(db_path)]) == 0
    assert lookups == ["before sign-in", "signed in"]
