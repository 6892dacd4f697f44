"""The week's register as a table model: one row per learner, name and term %, then ten sessions."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, NamedTuple

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from desktop_app.domain.codes import CODES, Group
from desktop_app.domain.codes import Session as RegisterSession
from desktop_app.domain.stats import format_percent
from desktop_app.services.marking import SavedMark
from desktop_app.services.register_week import Cell, CellState, RegisterRow, WeekRegister

NAME = 0
TERM = 1
FIRST_SESSION = 2
SESSION_COUNT = 10
COLUMN_COUNT = FIRST_SESSION + SESSION_COUNT

_USER = Qt.ItemDataRole.UserRole.value
RAW_ROLE = _USER + 1  # name, term percent (Decimal or None), or the code ("" when none)
CELL_ROLE = _USER + 2  # the Cell of a session column
ROW_ROLE = _USER + 3  # the RegisterRow, any column
KIND_ROLE = _USER + 4  # the colour group a cell is drawn in (see cell_kind)
FLASH_ROLE = _USER + 5  # True while a refused key flashes the cell
SAVED_ROLE = _USER + 6  # True once the cell was saved from this screen
PENDING_ROLE = _USER + 7  # the first character of a two-character code being typed
TODAY_ROLE = _USER + 8  # True for today's columns (headers too)
ROW_MISSING_ROLE = _USER + 9  # the number of missing marks in the row (name column)

# The colour groups a cell can be drawn in; the legend names them.
PRESENT, ACTIVITY, AUTHORISED, UNAUTHORISED, NOT_COUNTED = (
    "present",
    "activity",
    "authorised",
    "unauthorised",
    "not_counted",
)
MISSING, UNMARKED, LOCKED = "missing", "unmarked", "locked"

_KIND_OF_GROUP = {
    Group.PRESENT: PRESENT,
    Group.APPROVED_ACTIVITY: ACTIVITY,
    Group.LEAVE_OF_ABSENCE: AUTHORISED,
    Group.OTHER_AUTHORISED: AUTHORISED,
    Group.UNAUTHORISED: UNAUTHORISED,
    Group.UNAVOIDABLE_CAUSE: NOT_COUNTED,
    Group.NOT_COUNTED: NOT_COUNTED,
    Group.ADMINISTRATIVE: NOT_COUNTED,
}

_STATE_WORDS = {
    CellState.UNMARKED: "Not marked yet: the register for this session is not due",
    CellState.MISSING: "MISSING: the register has closed and there is no mark",
    CellState.NO_SCHOOL: "Not a school day",
    CellState.AFTER_LEAVING: "No longer on roll",
}

Index = QModelIndex | QPersistentModelIndex
_DISPLAY, _TOOLTIP = Qt.ItemDataRole.DisplayRole.value, Qt.ItemDataRole.ToolTipRole.value
_ALIGN = Qt.ItemDataRole.TextAlignmentRole.value
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class PaintFacts(NamedTuple):
    """What a session cell shows (see RegisterModel.paint_facts)."""

    cell: Cell
    kind: str
    text: str
    pending: str
    today: bool
    saved: bool
    flash: bool
    #: Everything of the cell that shows but the flash (painted over it): the picture's key.
    look: tuple[object, ...] = ()


def cell_kind(cell: Cell) -> str:
    """The colour group of a cell: a code's group, or missing, unmarked or locked."""
    if cell.state in (CellState.NO_SCHOOL, CellState.AFTER_LEAVING):
        return LOCKED
    if cell.state is CellState.MISSING:
        return MISSING
    if cell.code is None or cell.code not in CODES:
        return UNMARKED
    return _KIND_OF_GROUP[CODES[cell.code].group]


def cell_text(cell: Cell) -> str:
    """What the cell says: always the code; '?' for a missing mark; blank when not yet due."""
    if cell.state is CellState.MISSING:
        return "?"
    return cell.code or ""


def _local(moment: datetime) -> str:
    return f"{moment.astimezone():%a %d %b %Y %H:%M}"


def cell_tooltip(cell: Cell, heading: str) -> str:
    """The code's meaning, who marked it and when, lateness, changes and notes."""
    lines = [heading]
    if cell.code and cell.code in CODES:
        lines.append(f"{cell.code}: {CODES[cell.code].meaning}")
    if cell.state in _STATE_WORDS:
        lines.append(_STATE_WORDS[cell.state])
    if cell.state is CellState.PLANNED:
        lines.append("Planned ahead of the day")
    if cell.minutes_late is not None:
        lines.append(f"{cell.minutes_late} minutes late")
    if cell.recorded_by and cell.recorded_at:
        lines.append(f"Marked by {cell.recorded_by}, {_local(cell.recorded_at)}")
    if cell.changes:
        lines.append(f"Changed {cell.changes} time(s); {cell.amendments} amendment(s) after close")
    if cell.n_overdue:
        lines.append("! N not replaced within 5 school days: find the reason")
    if cell.note:
        lines.append(cell.note)
    return "\n".join(lines)


def column_label(day: date, session: RegisterSession) -> str:
    """'Mon 8\\nAM'."""
    return f"{day:%a} {day.day}\n{session.value}"


class RegisterModel(QAbstractTableModel):
    """Learners down, sessions across; set_week() replaces everything."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._week: WeekRegister | None = None
        self._rows: list[RegisterRow] = []
        self._cells: list[list[Cell]] = []
        self._saved: set[tuple[int, int]] = set()  # (learner id, column)
        self._flash: tuple[int, int] | None = None
        self._pending: tuple[int, int, str] | None = None
        #: paint_facts kept per (row, column) until the cell changes: a paint asks for every cell.
        self._facts: dict[tuple[int, int], PaintFacts] = {}
        #: The column headers' data by (section, role), kept until another week is set.
        self._headers: dict[tuple[int, int], Any] = {}

    # --- loading ------------------------------------------------------------------------------

    def set_week(self, week: WeekRegister | None) -> None:
        """Show this week (or nothing); saved ticks survive a reload of the same week."""
        self.beginResetModel()
        if week is None or self._week is None or week.monday != self._week.monday:
            self._saved.clear()
        self._week = week
        self._rows = list(week.rows) if week else []
        self._cells = [list(r.cells) for r in self._rows]
        self._flash = self._pending = None
        self._facts.clear()
        self._headers.clear()
        self.endResetModel()

    @property
    def week(self) -> WeekRegister | None:
        return self._week

    @property
    def missing(self) -> int:
        return sum(c.state is CellState.MISSING for row in self._cells for c in row)

    # --- looking things up --------------------------------------------------------------------

    def learner(self, row: int) -> RegisterRow:
        return self._rows[row]

    def cell(self, row: int, column: int) -> Cell:
        return self._cells[row][column - FIRST_SESSION]

    def session_of(self, column: int) -> tuple[date, RegisterSession]:
        assert self._week is not None
        return self._week.columns[column - FIRST_SESSION]

    def is_session(self, column: int) -> bool:
        return self._week is not None and FIRST_SESSION <= column < COLUMN_COUNT

    def is_today(self, column: int) -> bool:
        return self.is_session(column) and self.session_of(column)[0] == self._today()

    def is_closed(self, column: int) -> bool:
        assert self._week is not None
        return self._week.closed_columns[column - FIRST_SESSION]

    def row_of(self, learner_id: int) -> int | None:
        return next((i for i, r in enumerate(self._rows) if r.learner_id == learner_id), None)

    def missing_in_row(self, row: int) -> int:
        return sum(c.state is CellState.MISSING for c in self._cells[row])

    def _today(self) -> date | None:
        return self._week.today if self._week else None

    # --- changes from the screen --------------------------------------------------------------

    def apply_saved(self, row: int, column: int, saved: SavedMark) -> None:
        """Show a mark the service has just stored, without reloading the week."""
        old = self.cell(row, column)
        changed = old.code is not None and (old.code, old.minutes_late) != (
            saved.code,
            saved.minutes_late,
        )
        future = self._week is not None and saved.day > self._week.today
        self._cells[row][column - FIRST_SESSION] = old._replace(
            state=CellState.PLANNED if future else CellState.MARKED,
            code=saved.code,
            minutes_late=saved.minutes_late,
            recorded_by=old.recorded_by or saved.recorded_by,
            recorded_at=old.recorded_at or saved.recorded_at,
            changes=old.changes + changed,
            amendments=old.amendments + saved.amendment,
            n_overdue=old.n_overdue and saved.code == "N",
        )
        self._saved.add((self._rows[row].learner_id, column))
        self._changed(row, column)

    def set_flash(self, row: int, column: int) -> None:
        """Flash one cell red (a refused key) until clear_flash()."""
        self.clear_flash()
        self._flash = (row, column)
        self._changed(row, column)

    def clear_flash(self) -> None:
        before, self._flash = self._flash, None
        if before is not None:
            self._changed(*before)

    def set_pending(self, row: int, column: int, text: str) -> None:
        """Show (or with text '' clear) the first character of a two-character code."""
        before = self._pending
        self._pending = (row, column, text) if text else None
        if before is not None:
            self._changed(before[0], before[1])
        self._changed(row, column)

    def _changed(self, row: int, column: int) -> None:
        self._facts.pop((row, column), None)
        if 0 <= row < len(self._rows):
            index = self.index(row, column)
            self.dataChanged.emit(index, index)
            names = self.index(row, NAME)
            self.dataChanged.emit(names, names)

    # --- the model interface ------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self._week is None else COLUMN_COUNT

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = index.row(), index.column()
        if role == ROW_ROLE:
            return self._rows[row]
        if column == NAME:
            return self._name_data(row, role)
        if column == TERM:
            return self._term_data(row, role)
        return self._cell_data(row, column, role)

    def _name_data(self, row: int, role: int) -> Any:
        learner = self._rows[row]
        if role in (Qt.ItemDataRole.DisplayRole, RAW_ROLE):
            return learner.name
        if role == ROW_MISSING_ROLE:
            return self.missing_in_row(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            group = f", {learner.group}" if learner.group else ""
            missing = self.missing_in_row(row)
            gaps = f"\n{missing} missing mark(s) this week" if missing else ""
            flag = "\nRED without a current risk assessment" if learner.needs_assessment else ""
            return (
                f"{learner.name} (UPN {learner.upn}{group})\nRAG: {learner.rag.upper()}{flag}{gaps}"
            )
        return None

    def _term_data(self, row: int, role: int) -> Any:
        percent = self._rows[row].term_percent  # (a default delegate asks seven roles a paint)
        if role == _DISPLAY:
            return format_percent(percent)
        if role == RAW_ROLE:
            return percent
        if role == _ALIGN:
            return _RIGHT
        if role == _TOOLTIP:
            term = self._week.term_name if self._week and self._week.term_name else "this term"
            return f"Attendance in {term} so far: {format_percent(percent)}"
        return None

    def _cell_data(self, row: int, column: int, role: int) -> Any:
        cell = self.cell(row, column)
        if role == Qt.ItemDataRole.DisplayRole:
            return cell_text(cell)
        if role == RAW_ROLE:
            return cell.code or ""
        if role == CELL_ROLE:
            return cell
        if role == KIND_ROLE:
            return cell_kind(cell)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignCenter
        if role == Qt.ItemDataRole.ToolTipRole:
            day, session = self.session_of(column)
            heading = f"{self._rows[row].name}, {day:%A} {day.day} {day:%B} {session.value}"
            return cell_tooltip(cell, heading)
        return self._marker_data(row, column, role)

    def paint_facts(self, row: int, column: int) -> PaintFacts | None:
        """Everything the cell delegate draws, in one call (not one data() call per role)."""
        found = self._facts.get((row, column))
        if found is not None:
            return found
        if not 0 <= row < len(self._rows) or not self.is_session(column):
            return None
        cell = self._cells[row][column - FIRST_SESSION]
        pending = self._pending
        typed = pending[2] if pending and pending[:2] == (row, column) else ""
        kind, text, today = cell_kind(cell), cell_text(cell), self.is_today(column)
        saved = (self._rows[row].learner_id, column) in self._saved
        look = (kind, text, typed, today, saved, cell.state, cell.minutes_late, cell.n_overdue)
        facts = PaintFacts(
            cell,
            kind,
            text,
            typed,
            today,
            saved,
            self._flash == (row, column),
            (*look, bool(cell.changes), bool(cell.amendments)),
        )
        self._facts[(row, column)] = facts
        return facts

    def _marker_data(self, row: int, column: int, role: int) -> Any:
        if role == FLASH_ROLE:
            return self._flash == (row, column)
        if role == SAVED_ROLE:
            return (self._rows[row].learner_id, column) in self._saved
        if role == PENDING_ROLE:
            pending = self._pending
            return pending[2] if pending and pending[:2] == (row, column) else ""
        if role == TODAY_ROLE:
            return self.is_today(column)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation is Qt.Orientation.Vertical:
            return str(section + 1) if role == Qt.ItemDataRole.DisplayRole else None
        key = (section, role)  # a header asks each section for seven roles on every paint
        if key not in self._headers:
            self._headers[key] = self._header(section, role)
        return self._headers[key]

    def _header(self, section: int, role: int) -> Any:
        """What a column's header shows: the same until set_week (all from the week)."""
        if role == Qt.ItemDataRole.DisplayRole:
            if section == NAME:
                return "Learner"
            if section == TERM:
                return "Term\nso far"
            return column_label(*self.session_of(section)) if self.is_session(section) else None
        if role == TODAY_ROLE:
            return self.is_today(section)
        if role == Qt.ItemDataRole.ToolTipRole and self.is_session(section):
            day, session = self.session_of(section)
            state = "closed: changes are amendments" if self.is_closed(section) else "open"
            today = " (today)" if self.is_today(section) else ""
            return f"{day:%A} {day.day} {day:%B} {session.value}{today}; register {state}"
        return None
