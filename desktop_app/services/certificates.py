"""The certificates job: one PDF per learner who earned a recognition certificate in a
half-term, for the Reports screen and `report certificates`."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from desktop_app.models.engine import Database
from desktop_app.reports.certificates_pdf import certificate_pdf, file_name
from desktop_app.reports.progress import NO_PROGRESS, Progress
from desktop_app.services.auth import StaffUser
from desktop_app.services.recognition import certificates
from desktop_app.services.report_jobs import Written


def certificates_job(
    db: Database, user: StaffUser, term_name: str, folder: Path,
    progress: Progress = NO_PROGRESS, now: datetime | None = None,
) -> Written:  # fmt: skip
    """One PDF per learner who earned a certificate, in folder."""
    progress.update(5, "Reading the register")
    batch = certificates(db, user, term_name, now or datetime.now())
    step = progress.part(30, 100, "Writing certificates")
    files = []
    for n, one in enumerate(batch.certificates):
        step(n, len(batch.certificates))
        files.append(certificate_pdf(batch, one, folder / file_name(batch, one), progress.quiet()))
    progress.update(100, "Done")
    skipped = [] if files else [f"nobody earned a certificate in {batch.term}"]
    return Written(files, folder, skipped)
