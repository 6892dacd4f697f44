"""The line above the grid that says which register is open now and when it closes."""

from __future__ import annotations

from datetime import date, datetime

from desktop_app.domain.codes import Session
from desktop_app.domain.mark_rule import SessionDay
from desktop_app.domain.sessions import SessionTimes

#: How the line is drawn: a register open now, one about to open or closed, or no school.
OPEN, WAITING, CLOSED, NONE = "open", "waiting", "closed", "none"


def _minutes_left(now: datetime, until: datetime) -> int:
    return max(0, int((until - now).total_seconds() + 59) // 60)  # 09:06:10 to 09:30: 24 min


def session_banner(
    times: dict[Session, SessionTimes], places: dict[Session, SessionDay], now: datetime
) -> tuple[str, str]:
    """('AM register open · closes 09:30 · 24 min left', OPEN) and the like, for today."""
    today: date = now.date()
    shut = SessionDay(False)
    sessions = [
        s
        for s in Session
        if s in times and places.get(s, shut).school_day and places.get(s, shut).closure is None
    ]
    if not sessions:
        return "No school sessions today", NONE
    for session in sessions:
        start = datetime.combine(today, times[session].start)
        close = datetime.combine(today, times[session].close)
        if now < start:
            return f"{session.value} register opens at {start:%H:%M}", WAITING
        if now < close:
            left = _minutes_left(now, close)
            text = f"{session.value} register open · closes {close:%H:%M} · {left} min left"
            return text, OPEN
    last = sessions[-1]
    return f"{last.value} register closed at {times[last].close:%H:%M}", CLOSED
