"""On PostgreSQL, what one PC commits is heard by the others within 2 seconds (issue 16 point 4).

Two Database objects on the throwaway cluster stand for two PCs. PC B listens (services.remote,
as the window's RemoteChanges thread does); PC A writes through Database.transaction. B hears
each commit once, as the change bus's kind with the learners it touched; it hears nothing of a
rolled-back transaction, and a Database never hears its own writes (its window announced them).
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Iterator
from datetime import date, datetime, timedelta

import pytest

from desktop_app.models import EmergencyContact, Learner, notify
from desktop_app.models.engine import Database
from desktop_app.services import remote
from desktop_app.services.absconding import start_incident
from desktop_app.services.absconding_data import NewIncident
from desktop_app.services.database import open_database
from desktop_app.services.provision import init_provision, staff_by_username
from tests.conftest import PASSWORD

WITHIN = 2.0
NOW = datetime(2025, 9, 10, 10, 0)
Heard = tuple[str, frozenset[int]]


class Listening:
    def __init__(self, db: Database) -> None:
        self.heard: queue.Queue[Heard] = queue.Queue()
        self.stop = threading.Event()
        ready = threading.Event()
        self.thread = threading.Thread(
            target=remote.listen,
            args=(db, lambda kind, ids: self.heard.put((kind, ids)), self.stop, 0.1),
            kwargs={"ready": ready.set},
            daemon=True,
        )
        self.thread.start()
        assert ready.wait(10), "the listener did not connect"

    def next(self) -> tuple[Heard, float]:
        started = time.monotonic()
        item = self.heard.get(timeout=WITHIN)
        return item, time.monotonic() - started

    def nothing(self, wait: float = 0.5) -> None:
        with pytest.raises(queue.Empty):
            self.heard.get(timeout=wait)


@pytest.fixture
def pcs(pg_url: str) -> Iterator[tuple[Database, Database]]:
    a, b = open_database(pg_url), open_database(pg_url)
    yield a, b
    a.dispose()
    b.dispose()


@pytest.fixture
def b_listens(pcs: tuple[Database, Database]) -> Iterator[Listening]:
    listening = Listening(pcs[1])
    yield listening
    listening.stop.set()
    listening.thread.join(timeout=2)
    assert not listening.thread.is_alive(), "the listener did not stop"


def _learner(db: Database, upn: str) -> int:
    with db.transaction() as session:
        person = Learner(
            upn=upn,
            surname="Ahmed",
            forename="Ann",
            date_of_birth=date(2011, 1, 1),
            start_date=date(2025, 9, 3),
        )
        session.add(person)
        session.flush()
        return person.id


def test_a_write_on_one_pc_is_heard_on_the_other_within_2_seconds_as_its_kind(
    pcs: tuple[Database, Database], b_listens: Listening
) -> None:
    a, _b = pcs
    learner_id = _learner(a, "E820300000001")
    (kind, ids), took = b_listens.next()
    assert (kind, ids) == ("learners", frozenset({learner_id})) and took < WITHIN
    with a.transaction() as session:
        session.add(
            EmergencyContact(
                learner_id=learner_id,
                priority=1,
                name="Mary Ahmed",
                relationship_to_learner="Mother",
                mobile="+447911123456",
            )
        )
    assert b_listens.next()[0] == ("contacts", frozenset({learner_id}))
    b_listens.nothing()  # one notification per kind per commit


def test_an_incident_started_on_one_pc_is_heard_as_incidents(
    pcs: tuple[Database, Database], b_listens: Listening
) -> None:
    """What the red bar on every PC listens for (sig_incidents_changed)."""
    a, _b = pcs
    init_provision(a, "Test Provision", "director", PASSWORD, "Dana Director")
    director = staff_by_username(a, "director")
    assert director is not None
    learner_id = _learner(a, "E820300000001")
    while b_listens.heard.qsize() < 2:  # the provision's setup and the learner
        time.sleep(0.05)
    b_listens.heard.queue.clear()
    start_incident(a, director, NewIncident(learner_id, NOW - timedelta(minutes=3)), NOW)
    heard = set()
    while True:
        try:
            heard.add(b_listens.next()[0])
        except queue.Empty:
            break
    assert ("incidents", frozenset({learner_id})) in heard, heard


def test_a_rollback_and_a_pcs_own_writes_are_not_heard(
    pcs: tuple[Database, Database], b_listens: Listening
) -> None:
    a, b = pcs
    with pytest.raises(RuntimeError), a.transaction() as session:
        session.add(
            Learner(
                upn="E820300000001",
                surname="A",
                forename="B",
                date_of_birth=date(2011, 1, 1),
                start_date=date(2025, 9, 3),
            )
        )
        session.flush()
        raise RuntimeError("changed my mind")
    _learner(b, "E820300000002")  # B's own write: its window announced it already
    b_listens.nothing(1.0)


def test_payloads_name_the_kind_and_learners_and_parse_back() -> None:
    written: dict[str, set[int] | None] = {"marks": {3, 1}, "settings": None}
    sent = notify.payloads(written, "o-1")
    assert sent == ["marks:1,3:o-1", "settings::o-1"]
    assert [notify.parse(p) for p in sent] == [
        ("marks", frozenset({1, 3}), "o-1"),
        ("settings", frozenset(), "o-1"),
    ]
    assert notify.parse("nonsense") is None and notify.parse("marks:x:o") is None
