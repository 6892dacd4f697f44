"""The Reports page: a tab for each report the person may print, made on a worker thread with
a progress bar and Cancel, and opened (or printed) when done; and the letter-template editor.

Reports are offered in Documents/Provision Register, then wherever the last was saved; Print
writes the PDF there and sends it to a printer (views/common/paper.py)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QHBoxLayout,
    QProgressBar,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.permissions import Action, allowed
from desktop_app.services.report_data.options import ReportOptions, report_options
from desktop_app.views.common import paper
from desktop_app.views.common.context import AppContext
from desktop_app.views.common.lazy_tabs import LazyTabs
from desktop_app.views.common.widgets import button, error_label, set_error, text_label
from desktop_app.views.reports.certificates_form import CertificatesForm
from desktop_app.views.reports.forms import (
    CommissionerForm,
    FormProblem,
    LearnerForm,
    RegisterForm,
    ReportForm,
    ReportRequest,
    TermlyForm,
)
from desktop_app.views.reports.letter_editor import LetterTemplateEditor
from desktop_app.views.reports.letter_form import LettersForm
from desktop_app.views.reports.runner import ReportRunner

if TYPE_CHECKING:
    from desktop_app.services.report_jobs import Written

OpenUrl = Callable[[QUrl], object]
#: (parent, caption, suggested path, filter) -> the chosen path, or None if cancelled.
ChooseFile = Callable[[QWidget, str, Path, str], Path | None]
ChooseFolder = Callable[[QWidget, str, Path], Path | None]
#: (parent, PDF) -> a sentence saying what happened ('' if the person cancelled).
PrintFile = Callable[[QWidget, Path], str]

FORMS: tuple[tuple[str, Action, type[ReportForm]], ...] = (
    ("Termly report", Action.TERMLY_REPORTS, TermlyForm),
    ("Learner attendance", Action.COMMISSIONER_REPORTS, LearnerForm),
    ("Register", Action.MARK_REGISTER, RegisterForm),
    ("Commissioners", Action.COMMISSIONER_REPORTS, CommissionerForm),
    ("Letters", Action.SEND_LETTERS, LettersForm),
    ("Certificates", Action.SEND_LETTERS, CertificatesForm),
)
TEMPLATES_TAB = "Letter templates"


def ask_file(parent: QWidget, caption: str, suggested: Path, file_filter: str) -> Path | None:
    return paper.ask_save_path(parent, caption, suggested.name, file_filter)


def ask_folder(parent: QWidget, caption: str, suggested: Path) -> Path | None:
    return paper.ask_folder(parent, caption)


class ReportsPage(QWidget):
    """sig_report_finished(Written) once a report is written (after it has been opened)."""

    sig_report_finished = Signal(object)

    def __init__(
        self,
        context: AppContext,
        parent: QWidget | None = None,
        *,
        open_url: OpenUrl = QDesktopServices.openUrl,
        choose_file: ChooseFile = ask_file,
        choose_folder: ChooseFolder = ask_folder,
        print_file: PrintFile = paper.print_file,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self._open_url, self._choose_file, self._choose_folder = (
            open_url,
            choose_file,
            choose_folder,
        )
        self._print_file = print_file
        self._printing = False
        self.runner = ReportRunner(self)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        #: The report forms (and the template editor) by tab title, each made when first shown.
        self.forms = LazyTabs(self.tabs)
        self._add_tabs(report_options(context.db, context.user))
        self.generate_button = button("Make the report", primary=True)
        self.print_button = button("Print…")
        self.print_button.setToolTip(
            "Make the PDF in the Provision Register folder and send it to a printer"
        )
        self.cancel_button = button("Cancel")
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Progress")
        self.status = text_label("", "muted")
        self.problem = error_label("formError")
        self._lay_out()
        self._connect()
        self._idle()

    def _add_tabs(self, options: ReportOptions) -> None:
        """A tab per report the person may make, each form made when its tab is first shown."""
        role, context = self.context.user.role, self.context
        for title, action, form in FORMS:
            if allowed(role, action):
                self.forms.add(title, partial(form, context, options))
        if allowed(role, Action.SEND_LETTERS):
            self.forms.add(TEMPLATES_TAB, lambda: LetterTemplateEditor(context))

    @property
    def template_editor(self) -> LetterTemplateEditor | None:
        """The letter-template editor (made now if its tab has not been shown yet)."""
        editor = self.forms.get(TEMPLATES_TAB)
        return editor if isinstance(editor, LetterTemplateEditor) else None

    def _offers_reports(self) -> bool:
        return any(title != TEMPLATES_TAB for title in self.forms)

    def _lay_out(self) -> None:
        self.bar = QWidget()
        row = QHBoxLayout(self.bar)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.generate_button)
        row.addWidget(self.print_button)
        row.addWidget(self.cancel_button)
        row.addWidget(self.progress, 3)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 20)
        layout.setSpacing(8)
        layout.addWidget(text_label("Reports", "heading"))
        layout.addWidget(
            text_label(
                "Printed reports are marked OFFICIAL-SENSITIVE: keep them locked away and "
                "shred them when done.",
                "muted",
            )
        )
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.bar)
        layout.addWidget(self.problem)
        layout.addWidget(self.status)

    def _connect(self) -> None:
        self.generate_button.clicked.connect(lambda: self.generate())
        self.print_button.clicked.connect(lambda: self.generate(printing=True))
        self.cancel_button.clicked.connect(self.cancel)
        self.tabs.currentChanged.connect(lambda _i: self._tab_changed())
        self.runner.sig_report_progress.connect(self._progress)
        self.runner.sig_report_done.connect(self._done)
        self.runner.sig_report_failed.connect(self._failed)
        self.runner.sig_report_cancelled.connect(self._cancelled)
        self._tab_changed()

    def _tab_changed(self) -> None:
        self.bar.setVisible(self.forms.current_title() != TEMPLATES_TAB)

    def show_tab(self, title: str) -> None:
        titles = [self.tabs.tabText(i) for i in range(self.tabs.count())]
        self.tabs.setCurrentIndex(titles.index(title))

    def current_form(self) -> ReportForm | None:
        widget = self.forms.current()
        return widget if isinstance(widget, ReportForm) else None

    def generate(self, printing: bool = False) -> None:
        """Ask where to save the current tab's report (or, to print, put it in the usual
        folder), then make it on the worker thread."""
        form = self.current_form()
        if form is None or self.runner.running:
            return
        set_error(self.problem, "")
        try:
            request = form.request()
        except FormProblem as problem:
            set_error(self.problem, str(problem))
            return
        if printing and not request.file_filter.startswith("PDF"):
            set_error(self.problem, "Only a PDF can be printed: choose PDF, or save the file.")
            return
        out = paper.print_path(request.suggested) if printing else self._where(request)
        if out is None:
            return
        self._printing = printing
        self._busy()
        self.status.setText("Reading the register…")
        self.runner.start(request.make_job(out))

    def _where(self, request: ReportRequest) -> Path | None:
        suggested = paper.start_folder() / request.suggested
        if not request.file_filter:
            folder = self._choose_folder(self, request.title, suggested)
            chosen = folder / request.suggested if folder is not None else None
        else:
            chosen = self._choose_file(self, request.title, suggested, request.file_filter)
        if chosen is not None:
            paper.remember(chosen)
        return chosen

    def cancel(self) -> None:
        self.status.setText("Cancelling…")
        self.runner.cancel()

    def _busy(self) -> None:
        self.progress.setValue(0)
        self.progress.setVisible(True)
        self.generate_button.setEnabled(False)
        self.print_button.setEnabled(False)
        self.cancel_button.setEnabled(True)

    def _idle(self) -> None:
        self.progress.setVisible(False)
        self.generate_button.setEnabled(self._offers_reports())
        self.print_button.setEnabled(self._offers_reports())
        self.cancel_button.setEnabled(False)

    def _progress(self, percent: int, text: str) -> None:
        self.progress.setValue(percent)
        if text:
            self.status.setText(f"{text}…")

    def _done(self, written: Written) -> None:
        self._idle()
        lines = [f"{written.summary}."]
        lines += [f"Not written: {problem}." for problem in written.skipped]
        if written.files and self._printing:
            lines.append(self._print_file(self, written.files[0]) or "Not printed.")
        elif written.files:
            lines.append(paper.open_file(written.open_target, self._open_url))
        self.status.setText("\n".join(line for line in lines if line))
        self.sig_report_finished.emit(written)

    def _failed(self, message: str) -> None:
        self._idle()
        self.status.setText("")
        set_error(self.problem, message)

    def _cancelled(self) -> None:
        self._idle()
        self.status.setText("Cancelled: nothing was written.")
