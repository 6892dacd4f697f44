"""Saving the missing-learner sheet and the incident report as PDFs, and opening them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QStandardPaths, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QMessageBox, QWidget

from desktop_app.reports.absconding_report import write_incident_report
from desktop_app.reports.missing_learner import write_missing_sheet
from desktop_app.services.audit import record_view
from desktop_app.services.errors import ServiceError
from desktop_app.services.absconding_data import IncidentDetail
from desktop_app.views.absconding.common import now_of
from desktop_app.views.common.context import AppContext
from desktop_app.views.common.widgets import button

#: (title for the save dialog, file name start, writer, what the audit log says was printed)
PAPERS = {
    "sheet": ("Missing-learner sheet", "missing-learner", write_missing_sheet),
    "report": ("Incident report", "incident-report", write_incident_report),
}


class PaperButtons(QWidget):
    """ "Missing-learner sheet" and "Incident report": save the PDF where asked, then open it."""

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
        self.report_button = button("Incident report (PDF)…")
        self.report_button.clicked.connect(lambda: self.ask("report"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.sheet_button)
        layout.addWidget(self.report_button)

    def suggested(self, kind: str) -> Path:
        detail = self._incident()
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        name = detail.learner.name.replace(" ", "-") if detail else "learner"
        day = f"{now_of(self._context):%Y-%m-%d-%H%M}"
        return Path(folder or Path.home()) / f"{PAPERS[kind][1]}-{name}-{day}.pdf"

    def ask(self, kind: str) -> None:
        title = PAPERS[kind][0]
        chosen, _ = QFileDialog.getSaveFileName(
            self, f"Save the {title.lower()}", str(self.suggested(kind)), "PDF (*.pdf)"
        )
        if chosen and self.save(kind, Path(chosen)):
            QDesktopServices.openUrl(QUrl.fromLocalFile(chosen))

    def save(self, kind: str, path: Path) -> bool:
        """Write the PDF (OFFICIAL-SENSITIVE) and note in the audit log that it was printed."""
        detail = self._incident()
        if detail is None:
            return False
        title, _stem, write = PAPERS[kind]
        context = self._context
        try:
            write(detail, path, now_of(context), context.user.full_name)
            record_view(context.db, context.user, detail.learner.id, f"{title.lower()} (PDF)")
        except (OSError, ServiceError) as error:
            QMessageBox.warning(self, title, f"The {title.lower()} was not saved: {error}")
            return False
        return True
