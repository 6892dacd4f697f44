"""The Today page: the provision, the date, and every alert that needs someone to act."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QHBoxLayout,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.services.alerts import alerts
from desktop_app.services.errors import ServiceError
from desktop_app.views.common import labels
from desktop_app.views.today.alerts_model import DATE, DETAIL, AlertsModel
from desktop_app.views.common.context import AppContext
from desktop_app.views.common.rows_model import sorted_table
from desktop_app.views.common.widgets import button, text_label


class TodayPage(QWidget):
    """Heading, today's date, and a sortable table of current alerts with a Refresh button."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.model = AlertsModel(self)
        self.heading = text_label(context.provision_name, "heading")
        self.date_label = text_label("", "muted")
        self.summary = text_label("")
        self.refresh_button = button("Refresh")
        self.refresh_button.setToolTip("Check the register again for new alerts (F5)")
        self.refresh_button.setShortcut("F5")
        self.refresh_button.clicked.connect(self.refresh)
        self.table = self._make_table()
        self._lay_out()
        self.refresh()

    def _make_table(self) -> QTableView:
        return sorted_table(self, self.model, DATE, DETAIL)

    def _lay_out(self) -> None:
        bar = QHBoxLayout()
        bar.addWidget(text_label("Alerts", "subheading"))
        bar.addStretch(1)
        bar.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 20)
        layout.setSpacing(8)
        layout.addWidget(self.heading)
        layout.addWidget(self.date_label)
        layout.addSpacing(14)
        layout.addLayout(bar)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)

    def refresh(self) -> None:
        """Read the alerts again as at now."""
        self.date_label.setText(labels.long_date(date.today()))
        try:
            found = alerts(self._context.db, self._context.user)
        except ServiceError as error:
            self.model.set_rows([])
            self.summary.setObjectName("formError")
            self.summary.setText(f"Could not check for alerts: {error}")
        else:
            self.model.set_rows(found)
            self.summary.setObjectName("muted")
            self.summary.setText(_summary(len(found)))
        self.summary.style().polish(self.summary)


def _summary(count: int) -> str:
    if count == 0:
        return "No alerts: nothing on the register needs action today."
    noun = "alert needs" if count == 1 else "alerts need"
    return f"{count} {noun} someone to act. Hover over a row to read it in full."
