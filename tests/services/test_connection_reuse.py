"""SQLite keeps a page cache per connection and a write empties every other connection's: the
connection a writer used last must be the one the next action gets, not the next in turn."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import event, text

from desktop_app.models.engine import Database


@pytest.mark.sqlite_only
def test_the_connection_used_last_is_the_one_used_next(db: Database) -> None:
    first, second = db.engine.connect(), db.engine.connect()  # a read on another thread, say
    older, newer = first.connection.dbapi_connection, second.connection.dbapi_connection
    first.close()
    second.close()  # handed back last
    used: list[Any] = []
    event.listen(db.engine, "checkout", lambda dbapi, _record, _proxy: used.append(dbapi))
    for _ in range(3):
        with db.transaction() as session:
            session.execute(text("SELECT 1"))
    assert used == [newer, newer, newer] and older is not newer
