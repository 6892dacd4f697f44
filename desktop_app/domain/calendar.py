"""The school calendar: terms, closures, bank holidays, school days and school weeks."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property, lru_cache

import holidays

from desktop_app.domain.codes import Session

BOTH_SESSIONS: tuple[Session, ...] = (Session.AM, Session.PM)


@dataclass(frozen=True, slots=True)
class Term:
    """A named term, inclusive of both dates."""

    name: str
    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(
                f"term '{self.name}' ends ({self.end}) before it starts ({self.start})"
            )

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end


@dataclass(frozen=True, slots=True)
class Closure:
    """A planned closure of a whole day (session None) or of one session."""

    day: date
    session: Session | None
    reason: str

    @property
    def sessions(self) -> tuple[Session, ...]:
        """The sessions it closes."""
        return BOTH_SESSIONS if self.session is None else (self.session,)


#: A closure's reason is at most this long (the database column's width).
MAX_REASON = 300


def newly_closed(before: Closure, after: Closure) -> tuple[Session, ...]:
    """The sessions a changed closure closes that it did not close before: only their marks
    are settled (the sessions it still closes were settled when it was made, and those it
    no longer closes keep their marks, as when a closure is removed)."""
    kept = before.sessions if before.day == after.day else ()
    return tuple(s for s in after.sessions if s not in kept)


def week_start(day: date) -> date:
    """The Monday of the week containing day."""
    return day - timedelta(days=day.weekday())


def age_on(born: date, day: date) -> int:
    """Whole years on `day`: 16 on the sixteenth birthday, 15 the day before."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def academic_year_start(day: date) -> date:
    """1 September of the academic year (September to August) containing day."""
    year = day.year if day.month >= 9 else day.year - 1
    return date(year, 9, 1)


#: Dates are exactly YYYY-MM-DD ("20260902" and "2012W011" are refused).
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
#: Dates outside these years are typing errors (and 9999 breaks date arithmetic).
EARLIEST_YEAR, LATEST_YEAR = 1900, 2200
#: A term is at most about four months (the longest English term is about 15 weeks).
MAX_TERM_DAYS = 125
#: Terms may be set up this many academic years ahead of today, and kept this many back.
YEARS_AHEAD, YEARS_BACK = 2, 20


def parse_iso_date(text: str) -> date:
    """A date written exactly YYYY-MM-DD, in a believable year; ValueError with the reason."""
    raw = text.strip()
    if not ISO_DATE.fullmatch(raw):
        raise ValueError(f"'{raw}' is not a date in the form YYYY-MM-DD")
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        raise ValueError(f"'{raw}' is not a date: there is no such day") from None
    if not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
        raise ValueError(f"'{raw}' is outside {EARLIEST_YEAR} to {LATEST_YEAR}")
    return day


def term_problem(start: date, end: date, today: date) -> str | None:
    """Why a term's dates are not believable, or None: within one academic year (September to
    August), at most about four months, and no further from today than the register reaches."""
    if end < start:
        return f"ends {end}, before it starts {start}"
    if academic_year_start(start) != academic_year_start(end):
        return f"{start} to {end} crosses 31 August: a term falls within one academic year"
    if (end - start).days + 1 > MAX_TERM_DAYS:
        return (
            f"{start} to {end} is {(end - start).days + 1} days; a term is at most about 4 months"
        )
    year = academic_year_start(start).year
    now = academic_year_start(today).year
    if not now - YEARS_BACK <= year <= now + YEARS_AHEAD:
        return (
            f"{start} is in the academic year {year}/{str(year + 1)[2:]}: terms may be set up "
            f"from {now - YEARS_BACK}/{str(now - YEARS_BACK + 1)[2:]} to "
            f"{now + YEARS_AHEAD}/{str(now + YEARS_AHEAD + 1)[2:]}"
        )
    return None


def england_bank_holidays(years: Iterable[int]) -> dict[date, str]:
    """England's bank holidays for the given years, from the holidays package."""
    return dict(_bank_holidays(tuple(sorted(set(years)))))


@lru_cache(maxsize=16)
def _bank_holidays(years: tuple[int, ...]) -> dict[date, str]:
    found = holidays.country_holidays("GB", subdiv="ENG", years=list(years))
    return {day: str(name) for day, name in found.items()}


@dataclass(frozen=True)
class SchoolCalendar:
    """Which sessions are school sessions. Bank holidays are closures automatically."""

    terms: tuple[Term, ...] = ()
    closures: tuple[Closure, ...] = ()
    bank_holidays: dict[date, str] = field(default_factory=dict)

    @classmethod
    def build(cls, terms: Iterable[Term], closures: Iterable[Closure] = ()) -> SchoolCalendar:
        """A calendar with England's bank holidays for every year the terms touch."""
        term_list = tuple(sorted(terms, key=lambda t: t.start))
        years: set[int] = set()
        for term in term_list:
            years.update(range(term.start.year, term.end.year + 1))
        return cls(term_list, tuple(closures), england_bank_holidays(years))

    @cached_property
    def _closed(self) -> dict[date, frozenset[Session]]:
        closed: dict[date, set[Session]] = {d: set(BOTH_SESSIONS) for d in self.bank_holidays}
        for closure in self.closures:
            sessions = BOTH_SESSIONS if closure.session is None else (closure.session,)
            closed.setdefault(closure.day, set()).update(sessions)
        return {d: frozenset(s) for d, s in closed.items()}

    def term_of(self, day: date) -> Term | None:
        """The term containing day, if any."""
        return next((t for t in self.terms if day in t), None)

    def closure_reason(self, day: date, session: Session) -> str | None:
        """Why a session inside a term is closed, or None if it is not closed."""
        if day in self.bank_holidays:
            return self.bank_holidays[day]
        for closure in self.closures:
            if closure.day == day and closure.session in (None, session):
                return closure.reason
        return None

    def in_term_weekday(self, day: date) -> bool:
        """A weekday inside a term (whether or not it is closed)."""
        return day.weekday() < 5 and self.term_of(day) is not None

    def open_sessions(self, day: date) -> tuple[Session, ...]:
        """The sessions held on day: none outside terms, at weekends and on closures.

        Worked out day by day as asked (saving one mark asks about one day; building every
        day of six years took longer than the rest of the save), each day once."""
        built = self.__dict__.get("_open_by_day")
        if built is not None:
            return built.get(day, ())
        memo: dict[date, tuple[Session, ...]] = self.__dict__.setdefault("_open_memo", {})
        found = memo.get(day)
        if found is None:
            found = ()
            if day.weekday() < 5 and self.term_of(day) is not None:
                closed = self._closed.get(day, frozenset())
                found = tuple(s for s in BOTH_SESSIONS if s not in closed)
            memo[day] = found
        return found

    @cached_property
    def _open_by_day(self) -> dict[date, tuple[Session, ...]]:
        """Every school day's open sessions, worked out once; the watches ask thousands of times."""
        found: dict[date, tuple[Session, ...]] = {}
        for term in self.terms:
            day = term.start
            while day <= term.end:
                closed = self._closed.get(day, frozenset())
                sessions = tuple(s for s in BOTH_SESSIONS if s not in closed)
                if day.weekday() < 5 and sessions:
                    found[day] = sessions
                day += timedelta(days=1)
        return found

    def closing_problems(self, closure: Closure) -> list[tuple[str, str]]:
        """Why this calendar cannot take the closure, as (field, message): a reason is needed
        (and fits), the day is a weekday inside a term, and at least one of its sessions is
        still open (not a bank holiday, not already closed)."""
        found: list[tuple[str, str]] = []
        reason = closure.reason.strip()
        if not reason:
            found.append(("reason", "is required"))
        elif len(reason) > MAX_REASON:
            found.append(("reason", f"is {len(reason)} characters; at most {MAX_REASON}"))
        day = closure.day
        if not self.in_term_weekday(day):
            found.append(("date", f"{day} is not a weekday inside a term"))
        elif not any(s in self.open_sessions(day) for s in closure.sessions):
            found.append(("date", f"{day} is already closed"))
        return found

    def without(self, closure: Closure) -> SchoolCalendar:
        """The same calendar without one closure (to check a change to it against the rest)."""
        kept = tuple(c for c in self.closures if c != closure)
        return SchoolCalendar(self.terms, kept, self.bank_holidays)

    def is_school_day(self, day: date) -> bool:
        """A weekday inside a term with at least one session not closed."""
        return bool(self.open_sessions(day))

    @cached_property
    def _school_days(self) -> list[date]:
        return sorted(self._open_by_day)

    def school_days(self, start: date, end: date) -> list[date]:
        """School days from start to end inclusive, in order."""
        days = self._school_days
        return days[bisect_left(days, start) : bisect_right(days, end)]

    def school_days_after(self, day: date, n: int) -> date | None:
        """The n-th school day after day (n >= 1); None if the calendar ends first."""
        days = self._school_days
        index = bisect_right(days, day) + n - 1
        return days[index] if 0 <= index < len(days) else None

    def school_days_before(self, day: date, n: int) -> date | None:
        """The n-th school day before day (n >= 1); None if the calendar starts later."""
        days = self._school_days
        index = bisect_left(days, day) - n
        return days[index] if 0 <= index < len(days) else None

    def school_days_between(self, earlier: date, later: date) -> int:
        """How many school days fall after earlier and on or before later."""
        days = self._school_days
        return max(0, bisect_right(days, later) - bisect_right(days, earlier))

    @cached_property
    def _school_weeks(self) -> list[date]:
        return sorted({week_start(d) for d in self._school_days})

    def is_school_week(self, monday: date) -> bool:
        """A Monday-to-Sunday week with at least one school session."""
        weeks = self._school_weeks
        i = bisect_left(weeks, week_start(monday))
        return i < len(weeks) and weeks[i] == week_start(monday)

    def school_weeks_back(self, day: date, n: int) -> list[date]:
        """Mondays of the n most recent school weeks up to and including day's week, oldest first.

        Weeks with no school session are skipped, so the window can cross holidays and years.
        """
        weeks = self._school_weeks
        end = bisect_right(weeks, week_start(day))
        return weeks[max(0, end - n) : end]
