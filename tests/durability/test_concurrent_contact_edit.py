"""Two people edit the same emergency contact at once, in two processes (issue 16 point 3).

Each process reads the contact and its row_version (what the dialog shows), waits at a barrier,
then saves a different name based on that read. Exactly one save is stored; the other is refused
with "changed by NAME at HH:MM" naming the winner; the stored name is the winner's, and the audit
log has exactly one change of the name: nothing was overwritten unseen.

Run as a child: python -m tests.durability.test_concurrent_contact_edit URL USERNAME NAME GO_FILE
"""

from __future__ import annotations

import json
import subprocess
import sys
import time as clock
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop_app.domain.permissions import Role
from desktop_app.models import AuditEntry, EmergencyContact, Learner
from desktop_app.models.engine import Database
from desktop_app.services.auth import StaffUser
from desktop_app.services.contacts import ContactDetails, add_contact
from tests.conftest import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
NAMES = ("Mary Ahmed", "Maryam Ahmed")  # what each of the two changes the name to
ROUNDS = 3


def _child(url: str, username: str, name: str, go: str) -> None:
    """Sign in, read the contact as the dialog does, say ready, wait for go, then save."""
    from desktop_app.services.auth import authenticate
    from desktop_app.services.contacts import stored_contact, update_contact
    from desktop_app.services.database import open_database
    from desktop_app.services.errors import StaleWrite

    db = open_database(url)
    user = authenticate(db, username, PASSWORD)
    with db.reading() as session:
        contact_id = session.scalars(select(EmergencyContact.id)).one()
    details, version = stored_contact(db, user, contact_id)
    print("ready", flush=True)
    while not Path(go).exists():
        clock.sleep(0.001)
    try:
        update_contact(db, user, contact_id, replace(details, name=name), version)
    except StaleWrite as error:
        print(f"stale {error}", flush=True)
    else:
        print("saved", flush=True)
    db.dispose()


def _race(children: list[subprocess.Popen[str]], go: Path) -> list[tuple[int, str, str]]:
    for child in children:
        assert child.stdout is not None
        line = child.stdout.readline()
        assert line.strip() == "ready", child.stderr.read() if child.stderr else line
    go.touch()
    results = []
    for child in children:
        out, err = child.communicate(timeout=120)
        results.append((child.returncode, out, err))
    return results


@pytest.fixture
def editors(make_staff: Callable[[Role], StaffUser]) -> list[StaffUser]:
    return [make_staff(Role.ATTENDANCE_OFFICER), make_staff(Role.DSL)]


@pytest.fixture
def contact(db: Database, director: StaffUser) -> int:
    with db.transaction() as session:
        person = Learner(
            upn="E820300000002",
            surname="Ahmed",
            forename="Ann",
            date_of_birth=date(2011, 1, 1),
            start_date=date(2025, 9, 3),
        )
        session.add(person)
        session.flush()
        learner_id = person.id
    details = ContactDetails("Mary Ahmed-Khan", "Mother", mobile="07911 123456")
    return add_contact(db, director, learner_id, details)


def _name_changes(db: Database, contact_id: int) -> list[tuple[str, str]]:
    """(who, new name) for each audited change of the contact's name, oldest first."""
    with db.reading() as session:
        entries = session.scalars(
            select(AuditEntry)
            .where(AuditEntry.entity == "emergency_contacts", AuditEntry.entity_id == contact_id)
            .where(AuditEntry.action == "change")
            .order_by(AuditEntry.id)
        )
        found = []
        for entry in entries:
            detail = json.loads(entry.detail or "{}")
            if "name" in detail:
                found.append((entry.staff_name, str(detail["name"][1])))
        return found


def test_two_processes_editing_one_contact_never_overwrite_silently(
    db: Database, db_url: str, contact: int, editors: list[StaffUser], tmp_path: Path
) -> None:
    for round_ in range(ROUNDS):
        go = tmp_path / f"go-{round_}"
        names = [f"{name} {round_}" for name in NAMES]
        children = [
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "tests.durability.test_concurrent_contact_edit",
                    db_url,
                    editor.username,
                    name,
                    str(go),
                ],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                cwd=ROOT,
            )
            for editor, name in zip(editors, names, strict=True)
        ]
        results = _race(children, go)
        assert all(rc == 0 for rc, _, _ in results), results
        outs = [out.strip() for _, out, _ in results]
        saved = [i for i, out in enumerate(outs) if out == "saved"]
        stale = [out for out in outs if out.startswith("stale")]
        assert len(saved) == 1 and len(stale) == 1, outs
        winner = editors[saved[0]]
        assert f"changed by {winner.full_name} at " in stale[0], outs
        with db.reading() as session:
            assert session.get_one(EmergencyContact, contact).name == names[saved[0]]
        changes = _name_changes(db, contact)
        assert len(changes) == round_ + 1, changes  # one stored change per round, none unseen
        assert changes[-1][0] == winner.full_name


if __name__ == "__main__":
    _child(*sys.argv[1:5])
