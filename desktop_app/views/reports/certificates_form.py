"""The Reports screen's Certificates tab: recognition certificates for a half-term, one PDF per
learner, written into a folder."""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop_app.domain.thresholds import THRESHOLDS
from desktop_app.services.report_data.options import ReportOptions
from desktop_app.views.common.context import AppContext
from desktop_app.views.reports.forms import ReportForm, ReportRequest, chosen_term, term_box

if TYPE_CHECKING:
    from collections.abc import Callable

    from desktop_app.services.report_jobs import Written


class CertificatesForm(ReportForm):
    DESCRIPTION = (
        "A certificate (one PDF each) for every learner whose attendance over the half-term "
        f"reached the reward figure ({THRESHOLDS['reward_percent'].default} % unless changed in "
        "Settings), for 100 %, and for the most improved on the half-term before."
    )

    def __init__(self, context: AppContext, options: ReportOptions) -> None:
        super().__init__(context, options)
        self.term_box = term_box(options, self.today, "Half-term")
        self.form.addRow("Half-term:", self.term_box)

    def request(self) -> ReportRequest:
        term = chosen_term(self.term_box)
        db, user, now = self.context.db, self.context.user, self.context.clock
        slug = term.lower().replace(" ", "-")
        return ReportRequest(
            "Choose a folder for the certificates",
            f"certificates-{slug}",
            "",
            lambda out: lambda p: _certificates_job()(db, user, term, out, p, now()),
        )


def _certificates_job() -> Callable[..., Written]:
    """The certificates job and its PDF writer, imported when certificates are first made (on
    the worker thread)."""
    from desktop_app.services.certificates import certificates_job

    return certificates_job
