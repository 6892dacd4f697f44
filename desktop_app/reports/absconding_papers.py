"""The two papers of an absconding incident, and the words the audit log uses for them: one table
for the window (views/absconding/paper.py) and the command line (`absconding sheet|report`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

from desktop_app.reports.absconding_common import Target
from desktop_app.reports.absconding_report import write_incident_report
from desktop_app.reports.missing_learner import write_missing_sheet
from desktop_app.reports.whole import whole_file
from desktop_app.services.absconding_data import IncidentDetail

#: A paper's writer: (the incident, where to, printed at, printed by whom: their full name).
Writer = Callable[[IncidentDetail, Target, datetime, str], None]

#: What the audit log says was opened when someone opens an incident in full (the window's
#: timer dialog, `absconding show`).
VIEWED = "absconding incident"


class Paper(NamedTuple):
    title: str  # "Missing-learner sheet"
    stem: str  # the start of the file name the window offers
    write: Writer

    def save(self, detail: IncidentDetail, path: Path, now: datetime, by: str) -> None:
        """Write the paper to `path` whole or not at all, readable by this user only (as every
        report): OFFICIAL-SENSITIVE, printed `now` by `by`."""
        with whole_file(path, ".pdf") as partial:
            self.write(detail, partial, now, by)

    @property
    def audited_as(self) -> str:
        """What the audit log says was opened once it is written: 'missing-learner sheet (PDF)'."""
        return f"{self.title.lower()} (PDF)"


PAPERS: dict[str, Paper] = {
    "sheet": Paper("Missing-learner sheet", "missing-learner", write_missing_sheet),
    "report": Paper("Incident report", "incident-report", write_incident_report),
}
