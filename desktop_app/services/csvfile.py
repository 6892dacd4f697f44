"""Reading a CSV file a person made: header checks and value parsing with row-level messages."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from desktop_app.services.errors import Problem, ValidationFailed

MAX_PROBLEMS = 50


@dataclass
class CsvRows:
    """The rows of a CSV file (with their line numbers) and the problems found reading them."""

    path: Path
    rows: list[tuple[int, dict[str, str]]]
    problems: list[Problem] = field(default_factory=list)

    def problem(self, row: int, field_name: str, message: str) -> None:
        self.problems.append(Problem(message, field=field_name, row=row, file=self.path.name))

    def date(self, row: int, values: dict[str, str], name: str) -> date | None:
        """An ISO date from a column, or None (with a problem recorded unless blank)."""
        raw = values.get(name, "").strip()
        if not raw:
            return None
        try:
            return date.fromisoformat(raw)
        except ValueError:
            self.problem(row, name, f"'{raw}' is not a date in the form YYYY-MM-DD")
            return None

    def required(self, row: int, values: dict[str, str], name: str) -> str:
        value = values.get(name, "").strip()
        if not value:
            self.problem(row, name, "is required")
        return value

    def raise_if_problems(self) -> None:
        if self.problems:
            raise ValidationFailed(self.problems[:MAX_PROBLEMS])

    def __iter__(self) -> Iterator[tuple[int, dict[str, str]]]:
        return iter(self.rows)


def read_csv(path: Path, required: set[str], optional: set[str]) -> CsvRows:
    """Read a UTF-8 CSV with a header row; refuse missing or unknown columns."""
    name = path.name
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            header = [h.strip().lower() for h in (reader.fieldnames or [])]
            reader.fieldnames = header
            rows = [
                (reader.line_num, {k: (v or "") for k, v in raw.items() if k is not None})
                for raw in reader
            ]
    except FileNotFoundError:
        raise ValidationFailed([Problem("no such file", file=str(path))]) from None
    except (UnicodeDecodeError, csv.Error) as error:
        raise ValidationFailed(
            [Problem(f"not a readable UTF-8 CSV file ({error})", file=name)]
        ) from None
    result = CsvRows(path, rows)
    missing = sorted(required - set(header))
    unknown = sorted(set(header) - required - optional)
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
    if not rows and not result.problems:
        result.problems.append(Problem("the file has no rows to import", file=name))
    result.raise_if_problems()
    return result
