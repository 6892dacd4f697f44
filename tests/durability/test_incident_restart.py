"""Crash-safe absconding timer: the app (run_gui, signed in, main window) starts an incident in a
child process and is killed with SIGKILL; started again, it reopens the incident's timer dialog
showing the true time since the learner was last seen, not the time since the restart.

Run as `python -m tests.durability.test_incident_restart start|check PATH` for the children.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from desktop_app.config import database_url
from desktop_app.models import Learner
from desktop_app.services.setup import create_register

PASSPHRASE = "a passphrase for the incident restart test"
PASSWORD = "correct horse battery"
MINUTES_AGO = 7
ROOT = Path(__file__).resolve().parents[2]


# ---- the children: the real start-up path, with the dialogs filled in instead of waited on ----


def _sign_in(dialog: object) -> bool:
    from desktop_app.views.shell.sign_in_dialog import SignInDialog

    assert isinstance(dialog, SignInDialog), f"unexpected dialog {dialog!r}"
    _process_until(lambda: not dialog.opening)  # the register opens behind the window
    dialog.username.setText("boss")
    dialog.password.setText(PASSWORD)
    dialog.sign_in()
    return dialog.user is not None


def _window() -> object:
    from PySide6.QtWidgets import QApplication

    from desktop_app.views.shell.main_window import MainWindow

    windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
    assert len(windows) == 1
    return windows[0]


def _process_until(done: object, seconds: float = 20) -> None:
    from PySide6.QtWidgets import QApplication

    end = time.monotonic() + seconds
    while not done() and time.monotonic() < end:  # type: ignore[operator]
        QApplication.processEvents()
        time.sleep(0.02)


def _start_then_run(app: object) -> int:
    """Start an incident through the form, say so, and keep running until killed."""
    from desktop_app.views.shell.main_window import MainWindow

    window = _window()
    assert isinstance(window, MainWindow)
    form = window.incidents.start(1)
    seen = form.last_seen.value() - timedelta(minutes=MINUTES_AGO)
    form.last_seen.set_value(seen)
    form.where.setText("Back gate")
    form.seen_by.setText("Ms Tutor")
    form.start_button.click()
    assert form.summary is not None, form.form.form_error.text()
    _process_until(lambda: any(d.isVisible() for d in window.incidents.dialogs.values()))
    print(f"started {form.summary.id} {form.summary.last_seen_at.isoformat()}", flush=True)
    return app.exec()  # type: ignore[attr-defined, no-any-return]


def _report_reopened(app: object) -> int:
    """After sign-in: what the reopened dialogs and the red bar show, then quit."""
    from desktop_app.views.shell.main_window import MainWindow

    window = _window()
    assert isinstance(window, MainWindow)
    _process_until(lambda: any(d.isVisible() for d in window.incidents.dialogs.values()))
    for incident_id, dialog in window.incidents.dialogs.items():
        dialog.tick()
        window.incident_bar.tick()
        shown = (dialog.isVisible(), dialog.clock.text(), *window.incident_bar.texts())
        at = datetime.now().astimezone().isoformat()
        print(f"reopened {incident_id}", at, *shown, sep="|")
    window.close()
    return 0


def child(mode: str, path: str) -> int:
    from desktop_app import app as app_module

    app_module.ask = _sign_in  # type: ignore[assignment]
    loop = _start_then_run if mode == "start" else _report_reopened
    app_module.run_event_loop = loop  # type: ignore[assignment]
    return app_module.run_gui(["--database", path, "-platform", "offscreen"])


# ---- the test ----


def _prepare(path: Path) -> None:
    db = create_register(
        database_url(str(path)), "AP", "boss", "Boss", PASSWORD, ask=lambda new: PASSPHRASE
    )
    with db.transaction() as session:
        session.add(
            Learner(
                upn="A123456789012",
                surname="Hughes",
                forename="Alex",
                date_of_birth=date(2012, 1, 1),
                start_date=date(2025, 9, 1),
            )
        )
    db.dispose()


def _run(mode: str, path: Path, home: Path) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "PROVISION_REGISTER_PASSPHRASE": PASSPHRASE,
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
        "QT_QPA_PLATFORM": "offscreen",
        "HOME": str(home),  # preferences and automatic backups stay in the test's folder
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
    }
    return subprocess.Popen(
        [sys.executable, "-m", "tests.durability.test_incident_restart", mode, str(path)],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )


@pytest.mark.slow
def test_killed_app_reopens_the_incident_with_the_true_elapsed_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import keyring
    from keyring.backends.fail import Keyring as NoKeyring

    monkeypatch.setattr(keyring, "get_keyring", lambda: NoKeyring())
    path = tmp_path / "register.sqlite"
    _prepare(path)
    first = _run("start", path, tmp_path)
    assert first.stdout is not None
    line = first.stdout.readline().split()
    first.send_signal(signal.SIGKILL)  # no clean shutdown: like a crash or a power cut
    first.wait(timeout=30)
    assert first.returncode == -signal.SIGKILL
    assert line[:1] == ["started"], line
    incident_id, last_seen = line[1], datetime.fromisoformat(line[2])
    time.sleep(1.5)  # the restart is later: a clock started at reopening would show less

    second = _run("check", path, tmp_path)
    output, _ = second.communicate(timeout=60)
    assert second.returncode == 0, output
    [report] = [r.split("|") for r in output.splitlines() if r.startswith("reopened")]
    heading, at, visible, clock, banner = report
    shown_at = datetime.fromisoformat(at)
    expected = shown_at - last_seen
    assert heading == f"reopened {incident_id}" and visible == "True"
    assert expected >= timedelta(minutes=MINUTES_AGO, seconds=1)
    assert abs(_span(clock) - expected) <= timedelta(seconds=1), (clock, expected)
    name, in_bar = banner.split(" · ")
    assert name == "⚠ Alex Hughes" and abs(_span(in_bar) - expected) <= timedelta(seconds=1)


def _span(shown: str) -> timedelta:
    """'7 min 10 s' (as every duration is written) back to a timedelta."""
    minutes, _min, seconds, _s = shown.split()
    return timedelta(minutes=int(minutes), seconds=int(seconds))


if __name__ == "__main__":
    sys.exit(child(sys.argv[1], sys.argv[2]))
