"""Numbers and dates as the printed reports show them."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from desktop_app.domain.absconding import format_duration
from desktop_app.domain.stats import format_percent


def percent_of(part: int, whole: int) -> Decimal | None:
    """100 x part / whole rounded half-up to 2 places (as Summary does); None when whole is 0."""
    if whole == 0:
        return None
    exact = Decimal(100 * part) / Decimal(whole)
    return exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def share(part: int, whole: int) -> str:
    return format_percent(percent_of(part, whole))


def points(change: Decimal | None) -> str:
    """A change in percentage points: '+2.5', '–4.0' (en dash for minus), '–' when unknown."""
    if change is None:
        return "–"
    rounded = change.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    if rounded == 0:
        return "0.0"
    return f"+{rounded}" if rounded > 0 else f"–{-rounded}"


def day(value: date) -> str:
    """'3 Sep 2025'."""
    return f"{value.day} {value:%b %Y}"


def long_day(value: date) -> str:
    """'Wednesday 3 September 2025'."""
    return f"{value:%A} {value.day} {value:%B %Y}"


def stamp(value: datetime) -> str:
    """'3 Sep 2025 at 14:05'."""
    return f"{day(value.date())} at {value:%H:%M}"


def span(start: date, end: date) -> str:
    """'3 Sep – 24 Oct 2025' or '1 Dec 2025 – 9 Jan 2026'."""
    if start.year == end.year:
        return f"{start.day} {start:%b} – {day(end)}"
    return f"{day(start)} – {day(end)}"


def minutes(value: float | None) -> str:
    """A length of time given in minutes, as every duration is written: '12 min 30 s',
    '1 h 05 min'; '–' when unknown."""
    return "–" if value is None else format_duration(timedelta(minutes=value))
