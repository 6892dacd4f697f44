"""Time rules that must not rest on the computer's clock alone.

- Age for retention is judged against the earlier of the clock and the register's newest
  record, so a clock set forward cannot make young entries look old.
- A clock behind the newest record is reported (someone set it back, or the record came from a
  machine whose clock ran ahead).
- Local times in the hour the clocks go back (01:00-01:59 on the last Sunday of October in
  England) happen twice; which one is meant must be asked, never guessed.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")
#: A clock this far behind the newest record is reported; less is ordinary drift.
TOLERANCE = timedelta(minutes=5)


def reference_moment(now: datetime, newest_record: datetime | None) -> datetime:
    """The moment ages are judged from: the earlier of the clock and the newest record."""
    if newest_record is None:
        return now
    return min(now, newest_record)


def clock_behind(now: datetime, newest_record: datetime | None) -> timedelta | None:
    """How far the clock runs behind the newest record, or None when it does not."""
    if newest_record is None or newest_record - now <= TOLERANCE:
        return None
    return newest_record - now


def describe_behind(gap: timedelta) -> str:
    """'3 days 2 h' style: how far behind, for the message at start and in `check`."""
    days, seconds = gap.days, gap.seconds
    hours, minutes = seconds // 3600, seconds % 3600 // 60
    if days:
        return f"{days} day{'s' if days != 1 else ''} {hours} h"
    return f"{hours} h {minutes:02d} min" if hours else f"{minutes} min"


def ambiguous_local_time(day: date, at: time, zone: ZoneInfo = LONDON) -> bool:
    """Whether `at` on `day` happens twice (the hour the clocks go back)."""
    first = datetime.combine(day, at, tzinfo=zone).replace(fold=0)
    second = first.replace(fold=1)
    return first.utcoffset() != second.utcoffset() and _exists(first) and _exists(second)


def _exists(moment: datetime) -> bool:
    """A local time that is real (not in the hour skipped when the clocks go forward)."""
    back = moment.astimezone(UTC).astimezone(moment.tzinfo)
    return back.replace(tzinfo=None, fold=0) == moment.replace(tzinfo=None, fold=0)


def nonexistent_local_time(day: date, at: time, zone: ZoneInfo = LONDON) -> bool:
    """Whether `at` on `day` never happens (the hour skipped when the clocks go forward)."""
    return not _exists(datetime.combine(day, at, tzinfo=zone))


def local_moment(day: date, at: time, earlier: bool, zone: ZoneInfo = LONDON) -> datetime:
    """The moment meant: in an ambiguous hour `earlier` picks the first (BST) one."""
    return datetime.combine(day, at, tzinfo=zone).replace(fold=0 if earlier else 1)
