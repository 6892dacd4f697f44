"""The Audit page (director and DSL): every change and every safeguarding view, filtered."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.permissions import Action, allowed
from desktop_app.domain.upn import UpnError, validate_upn
from desktop_app.services.audit import MAX_ROWS, AuditRow, audit_log
from desktop_app.services.staff import list_staff
from desktop_app.views.audit.model import DETAIL, WHEN, AuditModel
from desktop_app.views.common import operations
from desktop_app.views.common.context import AppContext
from desktop_app.views.common.field_form import sentence
from desktop_app.views.common.rows_model import sorted_table
from desktop_app.views.common.widgets import button, error_label, set_error, text_label

ANY_DATE = QDate(2000, 1, 1)  # the earliest a date box goes; shown as "Any"
PURPOSE = (
    "Every change to the register and every opening of a learner's safeguarding detail, "
    "with who did it and when. Newest first."
)


def date_box() -> QDateEdit:
    """A date with a calendar that can also be left as "Any"."""
    box = QDateEdit()
    box.setCalendarPopup(True)
    box.setDisplayFormat("d MMM yyyy")
    box.setMinimumDate(ANY_DATE)
    box.setSpecialValueText("Any")
    box.setDate(ANY_DATE)
    box.setMinimumWidth(130)
    return box


def chosen_date(box: QDateEdit) -> date | None:
    value = box.date()
    return None if value == ANY_DATE else date(value.year(), value.month(), value.day())


class AuditPage(QWidget):
    """Filters (person, learner, dates), a Search button, and the entries in a sortable table.

    The log is read off the GUI thread when the page is first shown, on Search, and again
    whenever anything is changed anywhere (every change is audited): at once if the page is
    showing, otherwise when it is next shown.
    """

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.loader = operations.Loader(self)
        self.model = AuditModel(self)
        self.person = self._person_filter()
        self.upn = QLineEdit()
        self.upn.setPlaceholderText("Any learner")
        self.start, self.end = date_box(), date_box()
        self.search_button = button("Search", primary=True)
        self.search_button.clicked.connect(self.search)
        self.clear_button = button("Clear")
        self.clear_button.clicked.connect(self.clear)
        self.upn.returnPressed.connect(self.search)
        self.error = error_label("formError")
        self.count = text_label("", "muted")
        self.table = self._make_table()
        self._lay_out()
        self.refresher = operations.Refresher(self, self.refresh)
        self.refresher.stale = True  # read when first shown
        context.changes.sig_changed.connect(self.refresher.request)

    def _person_filter(self) -> QComboBox | QLineEdit:
        """The director picks from every account; a DSL, who cannot list staff, types a name."""
        context = self._context
        if not allowed(context.user.role, Action.MANAGE_STAFF):
            typed = QLineEdit()
            typed.setPlaceholderText("Any username")
            typed.returnPressed.connect(self.search)
            return typed
        combo = QComboBox()
        self._fill_people(combo)
        return combo

    def _fill_people(self, combo: QComboBox) -> None:
        """Everyone, then each account; the person chosen stays chosen."""
        chosen = combo.currentData()
        combo.clear()
        combo.addItem("Everyone", "")
        for staff in list_staff(self._context.db, self._context.user):
            combo.addItem(f"{staff.full_name} ({staff.username})", staff.username)
        combo.setCurrentIndex(max(0, combo.findData(chosen or "")))

    def _make_table(self) -> QTableView:
        return sorted_table(self, self.model, WHEN, DETAIL)

    def _lay_out(self) -> None:
        filters = QGridLayout()
        filters.setHorizontalSpacing(10)
        filters.setVerticalSpacing(6)
        fields: list[tuple[str, QWidget]] = [("Person", self.person), ("Learner UPN", self.upn)]
        fields += [("From", self.start), ("To", self.end)]
        for column, (label, field) in enumerate(fields):
            caption = QLabel(label)
            caption.setBuddy(field)
            filters.addWidget(caption, 0, column)
            filters.addWidget(field, 1, column)
        filters.setColumnStretch(0, 2)
        filters.setColumnStretch(1, 1)
        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        buttons.addWidget(self.search_button)
        buttons.addWidget(self.clear_button)
        filters.addLayout(buttons, 1, 4)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 20)
        layout.setSpacing(8)
        layout.addWidget(text_label("Audit trail", "heading"))
        layout.addWidget(text_label(PURPOSE, "muted"))
        layout.addSpacing(8)
        layout.addLayout(filters)
        layout.addWidget(self.error)
        layout.addWidget(self.count)
        layout.addWidget(self.table, 1)

    def refresh(self) -> None:
        """Something changed: list the accounts again and repeat the search."""
        if isinstance(self.person, QComboBox):
            self._fill_people(self.person)
        self.search()

    def username(self) -> str | None:
        if isinstance(self.person, QComboBox):
            return self.person.currentData() or None
        return self.person.text().strip() or None

    def problems(self) -> str:
        """What is wrong with the filters, as one sentence, or ''."""
        start, end = chosen_date(self.start), chosen_date(self.end)
        if start is not None and end is not None and start > end:
            return "The 'from' date is after the 'to' date."
        if self.upn.text().strip():
            try:
                validate_upn(self.upn.text())
            except UpnError as error:
                return f"Learner UPN: {sentence(error)}"
        return ""

    def search(self) -> None:
        """Read the entries that match the filters (off the GUI thread); or say what to fix."""
        self.refresher.stale = False
        problem = self.problems()
        set_error(self.error, problem)
        if problem:
            return
        context, username, upn = self._context, self.username(), self.upn.text().strip() or None
        start, end = chosen_date(self.start), chosen_date(self.end)
        self.loader.load(
            "log",
            lambda: audit_log(
                context.db, context.user, username=username, upn=upn, start=start, end=end
            ),
            self._show_rows,
            self._failed,
        )

    def _show_rows(self, rows: list[AuditRow]) -> None:
        self.model.set_rows(rows)
        self.count.setText(_count(len(rows)))

    def _failed(self, message: str) -> None:
        self.model.set_rows([])
        self.count.setText("")
        set_error(self.error, message)

    def clear(self) -> None:
        if isinstance(self.person, QComboBox):
            self.person.setCurrentIndex(0)
        else:
            self.person.clear()
        self.upn.clear()
        self.start.setDate(ANY_DATE)
        self.end.setDate(ANY_DATE)
        self.search()


def _count(found: int) -> str:
    if found == 0:
        return "No entries match."
    if found >= MAX_ROWS:
        return f"Showing the newest {MAX_ROWS} entries: narrow the search to see older ones."
    return f"{found} entr{'y' if found == 1 else 'ies'}. Hover over a detail to read it in full."
