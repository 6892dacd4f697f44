"""The calendar's dialogs: a term, a closure, and a preview of terms to add all at once."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QListWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.calendar import MAX_REASON, Closure, Term
from desktop_app.domain.codes import Session
from desktop_app.domain.term_files import RowProblem, TermRow
from desktop_app.views.common.field_form import FieldForm
from desktop_app.views.common.fit import grow_to_fit
from desktop_app.views.common.widgets import text_label

#: Wide enough for a reason and a one-line problem under a field.
MIN_WIDTH = 460


def date_edit(day: date) -> QDateEdit:
    box = QDateEdit(QDate(day.year, day.month, day.day))
    box.setCalendarPopup(True)
    box.setDisplayFormat("ddd d MMM yyyy")
    return box


def chosen(box: QDateEdit) -> date:
    value = box.date()
    return date(value.year(), value.month(), value.day())


class _FormDialog(QDialog):
    """A field form with Save and Cancel; `on_save` runs the service and says if it worked."""

    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = FieldForm([], self)
        self.on_save: Callable[[], bool] = lambda: True
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(MIN_WIDTH)

    def _save(self) -> None:
        if self.on_save():
            self.accept()
        else:
            grow_to_fit(self)  # room for the problems shown under the fields


class TermDialog(_FormDialog):
    """A term's name, first and last day (a new term, or one being changed)."""

    def __init__(self, term: Term | None, today: date, parent: QWidget | None = None) -> None:
        super().__init__("Change term" if term else "Add a term", parent)
        self.name = QLineEdit(term.name if term else "")
        self.start = date_edit(term.start if term else today)
        self.end = date_edit(term.end if term else today)
        self.form.add_row("name", "Name", self.name)
        self.form.add_row("dates", "First day", self.start)
        self.form.add_row("end", "Last day", self.end)


SESSIONS: tuple[tuple[str, Session | None], ...] = (
    ("Whole day", None),
    ("Morning (AM) only", Session.AM),
    ("Afternoon (PM) only", Session.PM),
)


class ClosureDialog(_FormDialog):
    """A day, whole or one session, and the reason it is closed: a new closure, or `closure`
    (prefilled) being changed."""

    def __init__(
        self, day: date, parent: QWidget | None = None, closure: Closure | None = None
    ) -> None:
        super().__init__("Change closure" if closure else "Close a day", parent)
        self.day = date_edit(day)
        self.session = QComboBox()
        for label, value in SESSIONS:
            self.session.addItem(label, value.value if value else "")
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("e.g. INSET day, boiler failure")
        self.reason.setMaxLength(MAX_REASON)
        self.form.add_row("date", "&Day", self.day)
        self.form.add_row("session", "&Closed", self.session)
        self.form.add_row("reason", "&Reason", self.reason)
        self.form.add_row("marks", "", text_label("", "muted"))
        #: The closure as read (changing one): it names the closure and is the stale check.
        self.closure = closure
        if closure is not None:
            self.load(closure)
            self.reason.setFocus()  # the usual fix; Alt+D and Alt+C reach the others

    def load(self, closure: Closure) -> None:
        """Show a closure as stored (on opening, and after someone else changed it)."""
        self.closure = closure
        self.day.setDate(QDate(closure.day.year, closure.day.month, closure.day.day))
        self.session.setCurrentIndex(
            self.session.findData(closure.session.value if closure.session else "")
        )
        self.reason.setText(closure.reason)
        self.reason.selectAll()

    def closed_session(self) -> Session | None:
        value = self.session.currentData()
        return Session(value) if value else None

    def wanted(self) -> Closure:
        """The closure as the form has it now."""
        return Closure(chosen(self.day), self.closed_session(), self.reason.text())


NAME, START, END = range(3)


class TermsPreview(QDialog):
    """Terms to add, editable, with every problem by row; "Add all" saves all or none."""

    def __init__(
        self, title: str, rows: list[TermRow], problems: list[RowProblem], parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(640, 420)
        self.on_save: Callable[[list[TermRow]], bool] = lambda _rows: True
        self.table = QTableWidget(len(rows), 3)
        self.table.setHorizontalHeaderLabels(["Term", "First day (YYYY-MM-DD)", "Last day"])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(NAME, 220)
        self.table.setColumnWidth(START, 170)
        self._numbers = [r.row for r in rows]
        for index, row in enumerate(rows):
            for column, text in enumerate((row.name, row.start.isoformat(), row.end.isoformat())):
                self.table.setItem(index, column, QTableWidgetItem(text))
        self.problems = QListWidget()
        self.note = text_label("", "formError")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.addButton(
            "Add all terms", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.accepted.connect(self._save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 2)
        layout.addWidget(text_label("Problems (nothing is added while any remain)", "muted"))
        layout.addWidget(self.problems, 1)
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)
        self.show_problems(problems)

    def show_problems(self, problems: list[RowProblem] | list[str]) -> None:
        self.problems.clear()
        for problem in problems:
            self.problems.addItem(problem if isinstance(problem, str) else problem.sentence())
        self.problems.setVisible(bool(problems))
        self.save_button.setEnabled(not problems or all(isinstance(p, str) for p in problems))

    def rows(self) -> list[TermRow] | None:
        """The table as terms; None (with the problems shown) if a date cannot be read."""
        found: list[TermRow] = []
        bad: list[RowProblem] = []
        for index, number in enumerate(self._numbers):
            texts = [self._text(index, c) for c in (NAME, START, END)]
            try:
                start, end = date.fromisoformat(texts[START]), date.fromisoformat(texts[END])
            except ValueError:
                bad.append(RowProblem(number, "dates", "a date is not YYYY-MM-DD"))
                continue
            found.append(TermRow(number, texts[NAME], start, end))
        if bad:
            self.show_problems([p.sentence() for p in bad])
            return None
        return found

    def _text(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text().strip() if item is not None else ""

    def _save(self) -> None:
        rows = self.rows()
        if rows is not None and self.on_save(rows):
            self.accept()
