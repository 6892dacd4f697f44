"""A child process that marks the register as fast as it can, printing each mark once saved."""

from __future__ import annotations

import sys
from datetime import date, datetime

from desktop_app.config import database_url
from desktop_app.domain.codes import Session
from desktop_app.services.auth import authenticate
from desktop_app.services.calendar import load_calendar
from desktop_app.services.database import open_database
from desktop_app.services.marking import record_mark


def main(path: str, password: str) -> None:
    db = open_database(database_url(path))
    user = authenticate(db, "boss", password)
    with db.reading() as session:
        days = load_calendar(session).school_days(date(2025, 9, 3), date(2025, 10, 24))
    for day in days:
        for session_name in Session:
            # Five minutes into the session (default times 09:00 and 12:45), while it is open.
            hour, minute = (9, 5) if session_name is Session.AM else (12, 50)
            now = datetime.combine(day, datetime.min.time()).replace(hour=hour, minute=minute)
            for learner_id in range(1, 31):
                code = "/" if session_name is Session.AM else "\\"
                record_mark(db, user, learner_id, day, session_name, code, now)
                print(f"saved {learner_id} {day.isoformat()} {session_name.value}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
