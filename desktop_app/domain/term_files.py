"""Term dates as local authorities publish them: a CSV (name,start,end) or an iCalendar file."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from desktop_app.domain.calendar import parse_iso_date


@dataclass(frozen=True, slots=True)
class TermRow:
    """One term read from a file, with the row (CSV line or VEVENT number) it came from."""

    row: int
    name: str
    start: date
    end: date


@dataclass(frozen=True, slots=True)
class RowProblem:
    row: int
    field: str
    message: str

    def sentence(self) -> str:
        return f"Row {self.row}, {self.field}: {self.message}"


def parse_term_file(filename: str, text: str) -> tuple[list[TermRow], list[RowProblem]]:
    """The terms in a .ics file (by its name or BEGIN:VCALENDAR), otherwise a CSV."""
    if filename.lower().endswith((".ics", ".ical")) or text.lstrip().startswith("BEGIN:VCALENDAR"):
        return parse_ical(text)
    return parse_csv(text)


def _csv_date(text: str) -> date:
    """YYYY-MM-DD, or DD/MM/YYYY as spreadsheets in England write it."""
    raw = text.strip()
    if match := re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", raw):
        day, month, year = (int(g) for g in match.groups())
        return parse_iso_date(f"{year:04d}-{month:02d}-{day:02d}")
    return parse_iso_date(raw)


def parse_csv(text: str) -> tuple[list[TermRow], list[RowProblem]]:
    """Rows under a header naming the columns name, start and end (in any order)."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    header = [h.strip().lower() for h in next(reader, [])]
    missing = [c for c in ("name", "start", "end") if c not in header]
    if missing:
        return [], [
            RowProblem(
                1, "header", f"needs the columns name, start and end (missing {', '.join(missing)})"
            )
        ]
    rows: list[TermRow] = []
    problems: list[RowProblem] = []
    for number, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        found = dict(zip(header, cells, strict=False))
        _add_row(rows, problems, number, found)
    if not rows and not problems:
        problems.append(RowProblem(1, "file", "has no terms in it"))
    return rows, problems


def _add_row(
    rows: list[TermRow], problems: list[RowProblem], number: int, cells: dict[str, str]
) -> None:
    name = cells.get("name", "").strip()
    if not name:
        problems.append(RowProblem(number, "name", "is required"))
    dates: list[date] = []
    for key in ("start", "end"):
        try:
            dates.append(_csv_date(cells.get(key, "")))
        except ValueError as error:
            problems.append(RowProblem(number, key, str(error)))
    if name and len(dates) == 2:
        if dates[1] < dates[0]:
            problems.append(RowProblem(number, "end", f"{dates[1]} is before {dates[0]}"))
        else:
            rows.append(TermRow(number, name, dates[0], dates[1]))


def _unfolded(text: str) -> list[str]:
    lines: list[str] = []
    for line in text.replace("\r\n", "\n").split("\n"):
        if line[:1] in (" ", "\t") and lines:
            lines[-1] += line[1:]
        else:
            lines.append(line)
    return lines


def _ical_date(value: str) -> date:
    """A DATE (20260902) or DATE-TIME (20260902T000000Z) value's day."""
    raw = value.strip()
    try:
        return datetime.strptime(raw[:8], "%Y%m%d").date()
    except ValueError:
        raise ValueError(f"'{raw}' is not an iCalendar date") from None


def parse_ical(text: str) -> tuple[list[TermRow], list[RowProblem]]:
    """Each VEVENT is a term: SUMMARY its name, DTSTART its first day; an all-day DTEND is
    the day after the last (as iCalendar writes it), a timed DTEND is the last day."""
    rows: list[TermRow] = []
    problems: list[RowProblem] = []
    event: dict[str, str] | None = None
    number = 0
    for line in _unfolded(text):
        if line.strip() == "BEGIN:VEVENT":
            event, number = {}, number + 1
        elif line.strip() == "END:VEVENT" and event is not None:
            _add_event(rows, problems, number, event)
            event = None
        elif event is not None and ":" in line:
            key, value = line.split(":", 1)
            event[key.split(";")[0].upper()] = value
            if key.upper().startswith("DTEND") and "T" not in value:
                event["ALLDAYEND"] = "1"
    if not rows and not problems:
        problems.append(RowProblem(1, "file", "has no events (VEVENT) in it"))
    return rows, problems


def _add_event(
    rows: list[TermRow], problems: list[RowProblem], number: int, event: dict[str, str]
) -> None:
    try:
        start = _ical_date(event.get("DTSTART", ""))
        end = _ical_date(event.get("DTEND", event.get("DTSTART", "")))
    except ValueError as error:
        problems.append(RowProblem(number, "dates", str(error)))
        return
    if event.get("ALLDAYEND") and end > start:
        end -= timedelta(days=1)
    summary = event.get("SUMMARY", "").replace("\\,", ",").strip()
    cells = {"name": summary, "start": start.isoformat(), "end": end.isoformat()}
    _add_row(rows, problems, number, cells)
