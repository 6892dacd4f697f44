"""Weeks already read, kept so that paging through weeks shows each one at once.

A kept week is shown again only while it is still true:
- the register's version (the newest audit entry, services/read_cache.py) has not moved, so no
  one, on this PC or another sharing the server, has written anything since it was read;
- the day is the same and no register of the week has closed since (what depends on the clock);
- nothing on the change bus has touched it (marks for its dates and learners, the calendar,
  settings or learners): those drop it at once, before the version is even asked.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from datetime import date, datetime, timedelta

from desktop_app.domain.sessions import register_closed
from desktop_app.services.auth import StaffUser
from desktop_app.services.database import Database
from desktop_app.services.register_week import WeekRegister, register_version, week_register
from desktop_app.views.common.changes import Change, ChangeBus, Kind

#: Which week: (group id or None for all learners, its Monday).
WeekKey = tuple[int | None, date]
#: A week read, with the register's version it was read at.
Read = tuple[int, WeekRegister]
#: Weeks kept: the one shown, its neighbours, and a few more while paging.
SIZE = 12


def read_week(db: Database, user: StaffUser, key: WeekKey, now: datetime) -> Callable[[], Read]:
    """The read of a week for the thread pool: the version first (a write meanwhile makes the
    week newer than its version says, so it is only read again the sooner)."""

    def read() -> Read:
        return register_version(db), week_register(db, user, key[0], key[1], now)

    return read


def still_true_at(week: WeekRegister, now: datetime) -> bool:
    """Whether the week read earlier shows the same at now (same day, same registers closed)."""
    if week.today != now.date():
        return False
    closed = [register_closed(week.day_times[d][s], d, now) for d, s in week.columns]
    return closed == week.closed_columns


class WeekCache:
    """Weeks read, each with the register version it was read at; bus changes drop them."""

    def __init__(self, bus: ChangeBus) -> None:
        self._kept: OrderedDict[WeekKey, tuple[int, WeekRegister]] = OrderedDict()
        #: Moves on every change on the bus: a read begun before a change is not kept.
        self.epoch = 0
        bus.sig_marks_changed.connect(self.forget)
        bus.sig_learners_changed.connect(self.forget)
        bus.sig_calendar_changed.connect(self.forget)
        bus.sig_settings_changed.connect(self.forget)
        bus.sig_groups_changed.connect(self.forget)

    def __contains__(self, key: WeekKey) -> bool:
        return key in self._kept

    def get(self, key: WeekKey, version: int, now: datetime) -> WeekRegister | None:
        """The week kept for key if it is still true at this version and moment."""
        found = self._kept.get(key)
        if found is None or found[0] != version or not still_true_at(found[1], now):
            return None
        self._kept.move_to_end(key)
        return found[1]

    def put(self, key: WeekKey, read: Read, epoch: int) -> None:
        """Keep a week read at its version, unless the bus has announced a change since `epoch`."""
        if epoch != self.epoch:
            return
        self._kept[key] = read
        self._kept.move_to_end(key)
        while len(self._kept) > SIZE:
            self._kept.popitem(last=False)

    def forget(self, change: Change | None = None) -> None:
        """Drop the weeks a change touches (all of them for anything but marks)."""
        self.epoch += 1
        if change is None or change.kind is not Kind.MARKS:
            self._kept.clear()
            return
        for key, (_, week) in list(self._kept.items()):
            if _touches(change, week):
                del self._kept[key]


def _touches(change: Change, week: WeekRegister) -> bool:
    if not change.touches_dates(week.monday, week.monday + timedelta(days=4)):
        return False
    if not change.learner_ids:
        return True
    return bool(change.learner_ids & {row.learner_id for row in week.rows})
