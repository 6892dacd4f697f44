"""Hearing what other PCs commit to a PostgreSQL register (LISTEN; models/notify.py sends).

`listen` holds its own psycopg connection, in autocommit, LISTENing on the register's channel,
and calls `heard(kind, learner_ids)` for every notification from another process until `stop`
is set (checked at least every `poll` seconds). A lost connection is retried every few seconds
without troubling anyone: the screens still refresh on their own actions.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sqlalchemy.engine import make_url

from desktop_app.config import server_password
from desktop_app.models import notify
from desktop_app.models.engine import Database

if TYPE_CHECKING:  # psycopg is imported only when listening (the window starts faster)
    import psycopg

log = logging.getLogger(__name__)
Heard = Callable[[str, frozenset[int]], None]
RETRY_SECONDS = 3.0


def is_server(db: Database) -> bool:
    """Whether the register is on a PostgreSQL server (where other PCs may change it)."""
    return db.engine.dialect.name == "postgresql"


def conninfo(db: Database) -> str:
    """The libpq connection string for the register (password included, never logged)."""
    url = make_url(db.engine.url.render_as_string(hide_password=False))
    password = url.password if url.password is not None else server_password(url)
    plain = url.set(drivername="postgresql", password=password)
    return plain.render_as_string(hide_password=False)


def listen(
    db: Database,
    heard: Heard,
    stop: threading.Event,
    poll: float = 0.5,
    ready: Callable[[], None] | None = None,
) -> None:
    """Call `heard` for each change another process commits, until `stop` is set."""
    import psycopg

    info = conninfo(db)
    while not stop.is_set():
        try:
            with psycopg.connect(info, autocommit=True, connect_timeout=10) as connection:
                connection.execute(f"LISTEN {notify.CHANNEL}")
                if ready is not None:
                    ready()
                _hear(connection, heard, stop, poll, db.origin)
        except psycopg.Error as error:
            log.warning("not hearing other PCs' changes for now: %s", error.__class__.__name__)
            stop.wait(RETRY_SECONDS)


def _hear(
    connection: psycopg.Connection[Any],
    heard: Heard,
    stop: threading.Event,
    poll: float,
    origin: str,
) -> None:
    while not stop.is_set():
        for message in connection.notifies(timeout=poll):
            found = notify.parse(message.payload)
            if found is not None and found[2] != origin:
                heard(found[0], found[1])
            if stop.is_set():
                return
