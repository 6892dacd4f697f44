"""The floors of week data (benchmarks/register.py): bare SQL, as text, on a connection of the
app's engine, reading the week the register shows.

- `week_floor(db, group, shown=True)`: what the grid shows of the week. The roll that week with
  each learner's group history (a learner who moved group mid-week is in both groups' weeks),
  and those learners' marks with who recorded each and each of its amendments (the grid shows
  the recorder and marks a changed cell). Written by hand, not taken from the app's queries, so
  a slower query in the app shows as a higher ratio.
- `week_floor(db, group, shown=False)`: the roll (in the group now) and the marks alone, the
  floor the issue first named. It reads less than the grid shows, so its ratio also counts the
  database's work for the group history, the recorder and the amendments.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from sqlalchemy import text

from desktop_app.models.engine import Database

ROLL_SQL = (
    "SELECT id, upn, forename, surname, start_date, leaving_date, group_id FROM learners"
    " WHERE start_date <= :friday AND (leaving_date IS NULL OR leaving_date >= :monday)"
)
MARKS_SQL = (
    "SELECT learner_id, date, session, code, minutes_late, recorded_by_id, recorded_at"
    " FROM marks WHERE date BETWEEN :monday AND :friday AND learner_id IN ({ids})"
)
SHOWN_ROLL_SQL = (
    "SELECT l.id, l.upn, l.forename, l.surname, l.start_date, l.leaving_date, l.group_id,"
    " s.from_date, s.group_id FROM learners AS l"
    " LEFT OUTER JOIN group_memberships AS s ON s.learner_id = l.id"
    " WHERE l.start_date <= :friday AND (l.leaving_date IS NULL OR l.leaving_date >= :monday)"
)
SHOWN_IN_GROUP = (
    " AND (l.group_id = {group} OR l.id IN"
    " (SELECT learner_id FROM group_memberships WHERE group_id = {group}))"
)
SHOWN_MARKS_SQL = (
    "SELECT m.id, m.learner_id, m.date, m.session, m.code, m.minutes_late, st.full_name,"
    " m.recorded_at, a.after_close FROM marks AS m JOIN staff AS st ON st.id = m.recorded_by_id"
    " LEFT OUTER JOIN amendments AS a ON a.mark_id = m.id"
    " WHERE m.date BETWEEN :monday AND :friday AND m.learner_id IN ({ids})"
)


def week_floor(
    db: Database, group_id: int | None, monday: date, shown: bool = True
) -> Callable[[], tuple[Any, Any]]:
    """The bare SQL reading the week's roll (in the group) and those learners' marks: what the
    grid shows of them (`shown`), or the roll and the marks alone."""
    params = {"monday": monday.isoformat(), "friday": (monday + timedelta(days=4)).isoformat()}
    if shown:
        where = "" if group_id is None else SHOWN_IN_GROUP.format(group=int(group_id))
        roll_sql = SHOWN_ROLL_SQL + where + " ORDER BY l.surname, l.forename, l.id, s.from_date"
        marks_sql = SHOWN_MARKS_SQL
    else:
        where = "" if group_id is None else f" AND group_id = {int(group_id)}"
        roll_sql = ROLL_SQL + where + " ORDER BY surname, forename"
        marks_sql = MARKS_SQL

    def run() -> tuple[Any, Any]:
        with db.engine.connect() as connection:
            roll = connection.execute(text(roll_sql), params).all()
            ids = ",".join(dict.fromkeys(str(int(r[0])) for r in roll)) or "NULL"
            marks = connection.execute(text(marks_sql.format(ids=ids)), params).all()
        return roll, marks

    return run
