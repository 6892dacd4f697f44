"""Nothing lost: every mark reported as saved survives the process being killed mid-burst."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from desktop_app.config import database_url
from desktop_app.models import Learner, Mark
from desktop_app.services.auth import authenticate
from desktop_app.services.calendar import add_term
from desktop_app.services.database import open_database
from desktop_app.services.setup import create_register
from tests.conftest import PASSWORD

PASSPHRASE = "a passphrase for the durability test"


def _prepare(path: Path) -> None:
    db = create_register(
        database_url(str(path)), "AP", "boss", "Boss", PASSWORD, ask=lambda new: PASSPHRASE
    )
    user = authenticate(db, "boss", PASSWORD)
    add_term(db, user, "Autumn 1 2025", date(2025, 9, 3), date(2025, 10, 24))
    with db.transaction() as session:
        session.add_all(
            Learner(
                upn=f"L{i:012d}",
                surname=f"S{i}",
                forename="F",
                date_of_birth=date(2011, 1, 1),
                start_date=date(2025, 9, 3),
            )
            for i in range(1, 31)
        )
    db.dispose()


def test_every_mark_reported_saved_is_there_after_a_kill(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import keyring
    from keyring.backends.fail import Keyring as NoKeyring

    monkeypatch.setattr(keyring, "get_keyring", lambda: NoKeyring())  # passphrase, as in the child
    path = tmp_path / "burst.sqlite"
    _prepare(path)
    env = {
        **os.environ,
        "PROVISION_REGISTER_PASSPHRASE": PASSPHRASE,
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    }
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.durability.burst", str(path), PASSWORD],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert child.stdout is not None
    reported = []
    for line in child.stdout:
        reported.append(tuple(line.split()[1:]))
        if len(reported) == 120:
            child.send_signal(signal.SIGKILL)  # no clean shutdown: like a crash or power cut
            break
    child.wait(timeout=30)
    reported += [tuple(line.split()[1:]) for line in child.stdout.read().splitlines()]
    assert child.returncode == -signal.SIGKILL
    monkeypatch.setenv("PROVISION_REGISTER_PASSPHRASE", PASSPHRASE)
    db = open_database(database_url(str(path)))
    with db.reading() as session:
        stored = {(str(m.learner_id), m.date.isoformat(), m.session) for m in session.query(Mark)}
    db.dispose()
    assert len(reported) >= 120
    assert set(reported) <= stored
