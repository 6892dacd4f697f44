"""Learners from a CSV file in the window: the file's own column names, each matched to a
learner field (guessed, changeable), checked without writing, then imported all or nothing.

`check_learners` and `import_learner_rows` run the very checks of the command line's import
(services/learners.py `checked_rows`): every problem comes back with its row and field.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from desktop_app.domain.permissions import Action
from desktop_app.models.engine import Database
from desktop_app.services.auth import StaffUser, actor, require
from desktop_app.services.csvfile import CsvRows, _check_text, _open, _unreadable
from desktop_app.services.errors import Problem, ValidationFailed
from desktop_app.services.learners import (
    LEARNER_COLUMNS,
    LEARNER_OPTIONAL,
    ImportResult,
    add_rows,
    checked_rows,
)

#: Every field a column may be matched to, in the order the window offers them.
FIELDS: tuple[str, ...] = (
    "upn",
    "surname",
    "forename",
    "date_of_birth",
    "start_date",
    *sorted(LEARNER_OPTIONAL),
)
#: Other names files use for a field (after lower-casing and joining words with "_").
ALIASES = {
    "legal_surname": "surname",
    "last_name": "surname",
    "family_name": "surname",
    "first_name": "forename",
    "given_name": "forename",
    "legal_forename": "forename",
    "dob": "date_of_birth",
    "birth_date": "date_of_birth",
    "date_of_entry": "start_date",
    "entry_date": "start_date",
    "start": "start_date",
    "leaving": "leaving_date",
    "end_date": "leaving_date",
    "unique_pupil_number": "upn",
    "address": "home_address",
    "la": "placing_authority",
    "cla": "looked_after",
}
#: At most this many rows in one file (far more than a provision has learners).
MAX_ROWS = 5000

assert set(FIELDS) == LEARNER_COLUMNS | LEARNER_OPTIONAL


@dataclass(frozen=True, slots=True)
class LearnerFile:
    name: str
    header: tuple[str, ...]  # as written in the file
    rows: tuple[tuple[int, tuple[str, ...]], ...]  # (line, values)
    guessed: tuple[str | None, ...]  # a field for each column, or None (ignored)


def field_of(column: str) -> str | None:
    """The learner field a column's name most likely means, or None."""
    key = re.sub(r"[^a-z0-9]+", "_", column.strip().lower()).strip("_")
    key = ALIASES.get(key, key)
    return key if key in FIELDS else None


def _guesses(header: list[str]) -> tuple[str | None, ...]:
    taken: set[str] = set()
    found: list[str | None] = []
    for column in header:
        field = field_of(column)
        found.append(field if field not in taken else None)
        if field:
            taken.add(field)
    return tuple(found)


def read_learner_file(path: Path) -> LearnerFile:
    """The file's header and rows, with a guessed field for each column."""
    _check_text(path)
    try:
        with _open(path) as handle:
            reader = csv.reader(handle)
            header = [h.strip() for h in next(reader, [])]
            rows = []
            for values in reader:
                if any(v.strip() for v in values):
                    rows.append((reader.line_num, tuple(values)))
                if len(rows) > MAX_ROWS:
                    problem = Problem(f"has more than {MAX_ROWS} rows", file=path.name)
                    raise ValidationFailed([problem])
    except (UnicodeDecodeError, csv.Error) as error:
        raise ValidationFailed([_unreadable(path, error)]) from None
    if not header or not rows:
        raise ValidationFailed([Problem("has no header row and rows to import", file=path.name)])
    return LearnerFile(path.name, tuple(header), tuple(rows), _guesses(header))


@dataclass(frozen=True, slots=True)
class LearnerCheck:
    """What `check_learners` found: rows that would be added, and the problems (kept, counted)."""

    learners: int
    problems: tuple[Problem, ...]
    total_problems: int

    @property
    def ok(self) -> bool:
        return self.total_problems == 0 and self.learners > 0


Matching = list[str | None]  # a field for each column of the file, None to ignore it


def _matched(file: LearnerFile, fields: Matching) -> tuple[CsvRows, list[tuple[int, dict]]]:
    """A problem sink and the rows as {field: value}. Problems already: a required field no
    column is matched to, a field matched twice, a row with a different number of values."""
    rows = CsvRows(Path(file.name), [f or "" for f in fields])
    chosen = [f for f in fields if f]
    if len(fields) != len(file.header):
        rows.problems.append(Problem("a field must be chosen (or none) for every column"))
    for name in sorted(LEARNER_COLUMNS - set(chosen)):
        rows.problems.append(Problem("no column of the file is matched to it", field=name))
    for name in sorted({f for f in chosen if chosen.count(f) > 1}):
        rows.problems.append(Problem("more than one column is matched to it", field=name))
    for name in sorted(set(chosen) - set(FIELDS)):
        rows.problems.append(Problem("is not a learner field", field=name))
    lines = []
    for line, values in file.rows:
        if len(values) != len(file.header):
            message = f"has {len(values)} values but the header has {len(file.header)} columns"
            rows.problem(line, "row", message)
            continue
        lines.append((line, {f: v for f, v in zip(fields, values, strict=False) if f}))
    return rows, lines


def check_learners(
    db: Database, user: StaffUser, file: LearnerFile, fields: Matching
) -> LearnerCheck:
    """The import's checks on the file as matched, writing nothing: how many learners would be
    added and every problem with its row and field."""
    require(user, Action.MANAGE_LEARNERS)
    rows, lines = _matched(file, fields)
    with db.reading() as session:
        parsed = checked_rows(session, rows, lines)
    in_order = sorted(rows.problems, key=lambda p: p.row or 0)  # the file's, then by row
    return LearnerCheck(len(parsed), tuple(in_order), len(rows.problems))


def import_learner_rows(
    db: Database, user: StaffUser, file: LearnerFile, fields: Matching
) -> ImportResult:
    """Add every learner of the file as matched, or none (ValidationFailed) if any row fails."""
    require(user, Action.MANAGE_LEARNERS)
    rows, lines = _matched(file, fields)
    with db.transaction(actor(user)) as session:
        parsed = checked_rows(session, rows, lines)
        rows.raise_if_problems()
        add_rows(session, parsed)
    return ImportResult(file.name, len(parsed))
