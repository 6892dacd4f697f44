"""Reading a CSV file a person made: header checks and value parsing with row-level messages.

The file is read as a stream (a row at a time), so a large file costs little memory. Refused,
with row and field: a file that is not UTF-8 text, a duplicated column name, a row with more or
fewer values than the header, a value longer than any field holds, and dates not written
exactly YYYY-MM-DD.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from desktop_app.domain.calendar import parse_iso_date
from desktop_app.services.errors import Problem, ValidationFailed

MAX_PROBLEMS = 50
#: No field of any import holds more (the longest, a name, holds 100).
MAX_VALUE = 200
#: The first bytes looked at to tell text from anything else.
SNIFF_BYTES = 8192
KEPT_PROBLEMS = 1000


class _Problems(list[Problem]):
    """Problems found: the first KEPT_PROBLEMS kept, all counted (a bad 1 GB file stays small)."""

    def __init__(self) -> None:
        super().__init__()
        self.total = 0

    def append(self, problem: Problem) -> None:
        self.total += 1
        if super().__len__() < KEPT_PROBLEMS:
            super().append(problem)

    def __len__(self) -> int:
        return self.total


@dataclass
class CsvRows:
    """The rows of a CSV file (with their line numbers), read on demand, and the problems."""

    path: Path
    header: list[str]
    problems: list[Problem] = field(default_factory=_Problems)
    #: Dates already read (a file repeats each one for every learner).
    _dates: dict[str, date] = field(default_factory=dict, repr=False)

    def problem(self, row: int, field_name: str, message: str) -> None:
        self.problems.append(Problem(message, field=field_name, row=row, file=self.path.name))

    def date(self, row: int, values: dict[str, str], name: str) -> date | None:
        """A YYYY-MM-DD date from a column, or None (with a problem recorded unless blank)."""
        raw = values.get(name, "").strip()
        if not raw:
            return None
        if (known := self._dates.get(raw)) is not None:
            return known
        try:
            day = self._dates[raw] = parse_iso_date(raw)
        except ValueError as error:
            self.problem(row, name, str(error))
            return None
        return day

    def required(self, row: int, values: dict[str, str], name: str) -> str:
        value = values.get(name, "").strip()
        if not value:
            self.problem(row, name, "is required")
        return value

    def raise_if_problems(self) -> None:
        if self.problems:
            kept = list(self.problems)[:MAX_PROBLEMS]
            if len(self.problems) > MAX_PROBLEMS:
                more = len(self.problems) - MAX_PROBLEMS
                kept.append(Problem(f"and {more} more problems", file=self.path.name))
            raise ValidationFailed(kept)

    def __iter__(self) -> Iterator[tuple[int, dict[str, str]]]:
        header = self.header
        for line, values in self.lists():
            yield line, dict(zip(header, values, strict=True))

    def lists(self) -> Iterator[tuple[int, list[str]]]:
        """As iterating, but each row's values as a list in the header's order."""
        columns = len(self.header)
        with _open(self.path) as handle:
            reader = csv.reader(handle)
            next(reader, None)  # the header
            try:
                for values in reader:
                    if not values:
                        continue  # a blank line
                    fits = len(values) == columns and max(map(len, values)) <= MAX_VALUE
                    if fits or self._fits(reader.line_num, values):  # the slow check says why
                        yield reader.line_num, values
            except (UnicodeDecodeError, csv.Error) as error:
                self.problems.append(_unreadable(self.path, error, reader.line_num))

    def _fits(self, line: int, values: list[str]) -> bool:
        if len(values) != len(self.header):
            self.problem(
                line,
                "row",
                f"has {len(values)} values but the header has {len(self.header)} columns",
            )
            return False
        for name, value in zip(self.header, values, strict=True):
            if len(value) > MAX_VALUE:
                self.problem(line, name, f"is {len(value)} characters; at most {MAX_VALUE}")
                return False
        return True


def _open(path: Path) -> Any:
    return path.open(encoding="utf-8-sig", newline="")


def _unreadable(path: Path, error: Exception, line: int | None = None) -> Problem:
    kind = "not UTF-8 text" if isinstance(error, UnicodeDecodeError) else "not a valid CSV"
    return Problem(f"{kind}; save it as a UTF-8 CSV file", file=path.name, row=line)


def _check_text(path: Path) -> None:
    """Refuse a folder, a missing file, or one that is not text (a spreadsheet, an image)."""
    if not path.exists():
        raise ValidationFailed([Problem("no such file", file=str(path))])
    if not path.is_file():
        raise ValidationFailed([Problem("is a folder or device, not a CSV file", file=str(path))])
    with path.open("rb") as handle:
        start = handle.read(SNIFF_BYTES)
    if b"\x00" in start or start.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"%PDF")):
        raise ValidationFailed(
            [Problem("is not a text file; save it as a UTF-8 CSV file", file=path.name)]
        )


def _header(path: Path) -> list[str]:
    try:
        with _open(path) as handle:
            first = next(csv.reader(handle), [])
    except (UnicodeDecodeError, csv.Error) as error:
        raise ValidationFailed([_unreadable(path, error, 1)]) from None
    return [h.strip().lower() for h in first]


def read_csv(path: Path, required: set[str], optional: set[str]) -> CsvRows:
    """Open a UTF-8 CSV with a header row; refuse missing, unknown or repeated columns.

    Rows are read when iterated; their problems are added to `problems` as they are met.
    """
    _check_text(path)
    name = path.name
    header = _header(path)
    result = CsvRows(path, header)
    repeated = sorted({h for h in header if header.count(h) > 1})
    missing = sorted(required - set(header))
    unknown = sorted(set(header) - required - optional)
    if repeated:
        result.problems.append(
            Problem(f"column(s) named more than once: {', '.join(repeated)}", file=name)
        )
    if missing:
        result.problems.append(Problem(f"missing column(s): {', '.join(missing)}", file=name))
    if unknown:
        result.problems.append(
            Problem(
                f"unknown column(s): {', '.join(unknown)}; expected "
                f"{', '.join(sorted(required))} and optionally {', '.join(sorted(optional))}",
                file=name,
            )
        )
    result.raise_if_problems()
    if not _has_rows(path):
        result.problems.append(Problem("the file has no rows to import", file=name))
    result.raise_if_problems()
    return result


def _has_rows(path: Path) -> bool:
    try:
        with _open(path) as handle:
            reader = csv.reader(handle)
            next(reader, None)
            return any(values for values in reader)
    except (UnicodeDecodeError, csv.Error):
        return True  # the rows themselves will say what is wrong
