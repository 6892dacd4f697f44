"""The Reports page (not built yet): statistics, letters and returns."""

from __future__ import annotations

from desktop_app.views.placeholder import PlaceholderPage


class ReportsPage(PlaceholderPage):
    HEADING = "Reports"
    PURPOSE = "Produce attendance statistics, commissioner reports and letters to families as PDFs."
