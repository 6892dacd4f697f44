"""The options for each report on the Reports screen. Each form turns what was chosen into a
request: a title, a suggested file name, and the job that writes the file."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from types import ModuleType

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QComboBox, QCompleter, QDateEdit, QFormLayout, QLabel, QWidget

from desktop_app.domain.calendar import Term
from desktop_app.reports.fmt import span
from desktop_app.services.report_data.options import ReportOptions
from desktop_app.views.common.context import AppContext
from desktop_app.views.common.widgets import text_label
from desktop_app.views.reports.runner import Job


@dataclass(frozen=True, slots=True)
class ReportRequest:
    title: str  # for the save dialog
    suggested: str  # a file name (or, for letters, a folder name)
    file_filter: str  # '' when the report is a folder of files
    make_job: Callable[[Path], Job]


def jobs() -> ModuleType:
    """The report jobs and the PDF writers behind them, imported when a report is first made
    (on the worker thread), so opening Reports does not load them."""
    from desktop_app.services import report_jobs

    return report_jobs


class FormProblem(ValueError):
    """Something must be chosen before the report can be made."""


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def date_edit(day: date, name: str) -> QDateEdit:
    edit = QDateEdit(qdate(day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("ddd d MMM yyyy")
    edit.setAccessibleName(name)
    return edit


def picked(edit: QDateEdit) -> date:
    """The date a date edit shows, as a Python date."""
    value = edit.date().toPython()
    assert isinstance(value, date)
    return value


def current_term(terms: list[Term], today: date) -> Term | None:
    """The term containing today, else the latest one begun (terms are newest first)."""
    return next((t for t in terms if t.start <= today), terms[-1] if terms else None)


def term_box(options: ReportOptions, today: date, name: str) -> QComboBox:
    """The terms, newest first, with the one going on today (or the latest begun) chosen."""
    box = QComboBox()
    box.setAccessibleName(name)
    for term in options.terms:
        box.addItem(f"{term.name} ({span(term.start, term.end)})", term.name)
    chosen = current_term(options.terms, today)
    if chosen is not None:
        box.setCurrentIndex(box.findData(chosen.name))
    return box


def chosen_term(box: QComboBox) -> str:
    """The term chosen in a term_box, or a FormProblem when the calendar has none."""
    term = box.currentData()
    if not term:
        raise FormProblem("Add the terms to the calendar first.")
    return str(term)


class ReportForm(QWidget):
    """A form of labelled choices above a sentence saying what the report holds."""

    DESCRIPTION = ""

    def __init__(self, context: AppContext, options: ReportOptions) -> None:
        super().__init__()
        self.context, self.options = context, options
        self.today = context.clock().date()
        self.form = QFormLayout(self)
        self.form.setContentsMargins(2, 12, 2, 2)
        self.form.addRow(text_label(self.DESCRIPTION, "muted"))

    def request(self) -> ReportRequest:
        raise NotImplementedError


class TermlyForm(ReportForm):
    DESCRIPTION = (
        "Provision totals beside last term, attendance by week, every learner lowest first, "
        "codes used, RAG ratings, absconding incidents, and RED learners whose risk "
        "assessment is overdue or missing."
    )

    def __init__(self, context: AppContext, options: ReportOptions) -> None:
        super().__init__(context, options)
        self.term_box = term_box(options, self.today, "Term")
        self.form.addRow("Term:", self.term_box)

    def request(self) -> ReportRequest:
        term = chosen_term(self.term_box)
        db, user, now = self.context.db, self.context.user, self.context.clock
        slug = term.lower().replace(" ", "-")
        return ReportRequest(
            "Save the termly report",
            f"termly-report-{slug}.pdf",
            "PDF files (*.pdf)",
            lambda out: lambda progress: jobs().termly_job(db, user, term, out, progress, now()),
        )


class LearnerForm(ReportForm):
    DESCRIPTION = (
        "Every mark by week for one learner, with the summary and attendance band: for the "
        "family or the home school."
    )

    def __init__(self, context: AppContext, options: ReportOptions) -> None:
        super().__init__(context, options)
        self.learner_box = learner_box(options)
        term = current_term(options.terms, self.today)
        start = term.start if term else self.today - timedelta(days=42)
        self.from_edit = date_edit(start, "From")
        self.to_edit = date_edit(self.today, "To")
        self.form.addRow("Learner:", self.learner_box)
        self.form.addRow("From:", self.from_edit)
        self.form.addRow("To:", self.to_edit)

    def request(self) -> ReportRequest:
        upn = chosen_upn(self.learner_box)
        start, end = picked(self.from_edit), picked(self.to_edit)
        db, user, now = self.context.db, self.context.user, self.context.clock
        return ReportRequest(
            "Save the attendance report",
            f"attendance-{upn}-{start}-to-{end}.pdf",
            "PDF files (*.pdf)",
            lambda out: lambda p: jobs().learner_job(db, user, upn, (start, end), out, p, now()),
        )


def learner_box(options: ReportOptions) -> QComboBox:
    """Learners by surname; type part of a name or UPN to find one."""
    box = QComboBox()
    box.setEditable(True)
    box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    box.setAccessibleName("Learner")
    for choice in options.learners:
        box.addItem(f"{choice.name} ({choice.upn})", choice.upn)
    completer = box.completer()
    assert completer is not None  # an editable combo box has one
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    return box


def chosen_upn(box: QComboBox) -> str:
    index = box.findText(box.currentText())
    if index < 0 or not box.itemData(index):
        raise FormProblem("Choose a learner from the list.")
    return str(box.itemData(index))


class RegisterForm(ReportForm):
    DESCRIPTION = "A group's week as the register screen shows it, to print and keep."

    def __init__(self, context: AppContext, options: ReportOptions) -> None:
        super().__init__(context, options)
        self.group_box = QComboBox()
        self.group_box.setAccessibleName("Group")
        self.group_box.addItems(options.groups)
        self.week_edit = date_edit(self.today, "Any day in the week")
        self.form.addRow("Group:", self.group_box)
        self.form.addRow("Week of:", self.week_edit)

    def request(self) -> ReportRequest:
        group, day = self.group_box.currentText(), picked(self.week_edit)
        db, user, now = self.context.db, self.context.user, self.context.clock
        monday = day - timedelta(days=day.weekday())
        slug = group.lower().replace(" ", "-")
        return ReportRequest(
            "Save the register",
            f"register-{slug}-{monday}.pdf",
            "PDF files (*.pdf)",
            lambda out: lambda p: jobs().register_job(db, user, group, day, out, p, now()),
        )


class CommissionerForm(ReportForm):
    DESCRIPTION = (
        "The day's AM and PM marks for each commissioner's learners, what each absence was, "
        "and the follow-up logged that day. A PDF (a page per commissioner) or a CSV file."
    )
    SHARED = (
        "What each commissioner is sent: their learners' marks; any session whose register has "
        'closed with no mark, as MISSING; a session not yet due, as "not yet due"; and for each '
        "contact logged that day its time, method, with whom, outcome and the line written "
        '"For the commissioner". The contact log\'s own notes are never included.'
    )

    def __init__(self, context: AppContext, options: ReportOptions) -> None:
        super().__init__(context, options)
        self.day_edit = date_edit(self.today, "Day")
        self.format_box = QComboBox()
        self.format_box.setAccessibleName("Format")
        self.format_box.addItem("PDF", ".pdf")
        self.format_box.addItem("CSV (for a spreadsheet)", ".csv")
        self.form.addRow("Day:", self.day_edit)
        self.form.addRow("Format:", self.format_box)
        self.shared = note(self.SHARED)
        self.shared.setAccessibleName("What will be shared")
        self.form.addRow("Shared:", self.shared)

    def request(self) -> ReportRequest:
        day, suffix = picked(self.day_edit), str(self.format_box.currentData())
        db, user, now = self.context.db, self.context.user, self.context.clock
        kind = "PDF files (*.pdf)" if suffix == ".pdf" else "CSV files (*.csv)"
        return ReportRequest(
            "Save the commissioner summary",
            f"commissioner-summary-{day}{suffix}",
            kind,
            lambda out: lambda p: jobs().commissioner_job(db, user, day, out, p, now()),
        )


def note(text: str) -> QLabel:
    return text_label(text, "muted")
