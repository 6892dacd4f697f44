"""Saving and printing the missing-learner sheet and the incident report (OFFICIAL-SENSITIVE).

Save asks where (Documents/Provision Register first, then the last folder used) and opens the
PDF; Print writes it straight into that folder, with no question to slow anyone down, and sends
it to the printer chosen in the print dialog. Either way the audit log says it was printed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QGridLayout, QVBoxLayout, QWidget

from desktop_app.reports.absconding_papers import PAPERS
from desktop_app.services.absconding_data import IncidentDetail
from desktop_app.services.audit import record_view
from desktop_app.views.absconding.common import now_of
from desktop_app.views.common import operations, paper
from desktop_app.views.common.context import AppContext
from desktop_app.views.common.widgets import button, text_label


class PaperButtons(QWidget):
    """Save or print the missing-learner sheet and the incident report; a line says what
    happened (where it is, which printer, or why it could not be printed or opened)."""

    def __init__(
        self,
        context: AppContext,
        incident: Callable[[], IncidentDetail | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._context, self._incident = context, incident
        self.sheet_button = button("Missing-learner sheet (PDF)…")
        self.sheet_button.setToolTip("One page for the police: photo, description, contacts")
        self.sheet_button.clicked.connect(lambda: self.ask("sheet"))
        self.print_sheet_button = button("Print sheet…", primary=True)
        self.print_sheet_button.setToolTip("Print the missing-learner sheet now")
        self.print_sheet_button.clicked.connect(lambda: self.print_paper("sheet"))
        self.report_button = button("Incident report (PDF)…")
        self.report_button.clicked.connect(lambda: self.ask("report"))
        self.print_report_button = button("Print report…")
        self.print_report_button.clicked.connect(lambda: self.print_paper("report"))
        self.status = text_label("", "muted")
        self.status.hide()
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.sheet_button, 0, 0)
        grid.addWidget(self.print_sheet_button, 0, 1)
        grid.addWidget(self.report_button, 1, 0)
        grid.addWidget(self.print_report_button, 1, 1)
        grid.setColumnStretch(2, 1)  # the buttons keep their size when it is wide
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(grid)
        layout.addWidget(self.status)

    def file_name(self, kind: str) -> str:
        detail = self._incident()
        name = detail.learner.name.replace(" ", "-") if detail else "learner"
        return f"{PAPERS[kind][1]}-{name}-{now_of(self._context):%Y-%m-%d-%H%M}.pdf"

    def say(self, text: str) -> None:
        self.status.setText(text)
        self.status.setVisible(bool(text))

    def ask(self, kind: str) -> None:
        title = PAPERS[kind][0]
        chosen = paper.ask_save_path(
            self, f"Save the {title.lower()}", self.file_name(kind), paper.PDF_FILTER
        )
        if chosen is not None and self.save(kind, chosen):
            paper.remember(chosen)
            self.say(paper.open_file(chosen) or f"Saved at {chosen}.")

    def print_paper(self, kind: str) -> None:
        """Write it into the usual folder, then ask for a printer and print it."""
        path = paper.print_path(self.file_name(kind))
        if self.save(kind, path):
            self.say(paper.print_file(self, path) or f"Not printed. Saved at {path}.")

    def save(self, kind: str, path: Path) -> bool:
        """Write the PDF (OFFICIAL-SENSITIVE) and note in the audit log that it was printed."""
        detail = self._incident()
        if detail is None:
            return False
        chosen, context = PAPERS[kind], self._context
        title = chosen.title
        try:
            chosen.save(detail, path, now_of(context), context.user.full_name)
        except OSError as error:  # a full disk or a folder that cannot be written to
            self.say(f"The {title.lower()} was not saved: {error}")
            return False
        outcome = operations.run(
            context,
            lambda: record_view(context.db, context.user, detail.learner.id, chosen.audited_as),
            show=operations.to_status(self.say, f"The {title.lower()} was saved at {path}, but "),
        )
        return bool(outcome)
