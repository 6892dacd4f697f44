"""Each report from start to finish: ask its service for the figures, then write the file.
The command line and the Reports screen (on a worker thread) both call these."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from desktop_app.reports.commissioner_csv import commissioner_csv
from desktop_app.reports.commissioner_pdf import commissioner_pdf
from desktop_app.reports.learner_pdf import learner_pdf
from desktop_app.reports.letters_pdf import letter_pdf
from desktop_app.reports.progress import NO_PROGRESS, Progress
from desktop_app.reports.register_pdf import register_pdf
from desktop_app.reports.termly_pdf import termly_pdf
from desktop_app.services.auth import StaffUser
from desktop_app.services.database import Database
from desktop_app.services.errors import Problem, ValidationFailed
from desktop_app.services.filed_letters import PRINTED, file_letters
from desktop_app.services.report_data.commissioner import commissioner_summary
from desktop_app.services.report_data.learner import learner_report
from desktop_app.services.report_data.letters import LetterBatch, letters
from desktop_app.services.report_data.register import register_printout
from desktop_app.services.report_data.termly import termly_report

READ = "Reading the register"


@dataclass(frozen=True, slots=True)
class Written:
    """What a job wrote, what to open when it is done, and anything it could not do."""

    files: list[Path]
    open_target: Path
    skipped: list[str] = field(default_factory=list)

    @property
    def summary(self) -> str:
        what = (
            f"Wrote {self.files[0]}"
            if len(self.files) == 1
            else (f"Wrote {len(self.files)} files in {self.open_target}")
        )
        if not self.files:
            what = "Nothing was written"
        if self.skipped:
            what += f"; {len(self.skipped)} skipped"
        return what


def need_suffix(path: Path, *suffixes: str) -> None:
    if path.suffix.lower() not in suffixes:
        wanted = " or ".join(suffixes)
        raise ValidationFailed([Problem(f"'{path.name}' must end in {wanted}", field="out")])


def _now(now: datetime | None) -> datetime:
    return now or datetime.now()


def termly_job(
    db: Database,
    user: StaffUser,
    term: str,
    out: Path,
    progress: Progress = NO_PROGRESS,
    now: datetime | None = None,
) -> Written:
    need_suffix(out, ".pdf")
    progress.update(5, READ)
    report = termly_report(db, user, term, _now(now))
    progress.update(40, "Drawing the report")
    return Written([termly_pdf(report, out, progress)], out)


def learner_job(
    db: Database,
    user: StaffUser,
    upn: str,
    span: tuple[date, date],
    out: Path,
    progress: Progress = NO_PROGRESS,
    now: datetime | None = None,
) -> Written:
    need_suffix(out, ".pdf")
    progress.update(5, READ)
    report = learner_report(db, user, upn, span[0], span[1], _now(now))
    progress.update(40, "Drawing the report")
    return Written([learner_pdf(report, out, progress)], out)


def register_job(
    db: Database,
    user: StaffUser,
    group: str,
    week: date,
    out: Path,
    progress: Progress = NO_PROGRESS,
    now: datetime | None = None,
) -> Written:
    need_suffix(out, ".pdf")
    progress.update(5, READ)
    printout = register_printout(db, user, group, week, _now(now))
    progress.update(40, "Drawing the register")
    return Written([register_pdf(printout, out, progress)], out)


def commissioner_job(
    db: Database,
    user: StaffUser,
    day: date,
    out: Path,
    progress: Progress = NO_PROGRESS,
    now: datetime | None = None,
) -> Written:
    need_suffix(out, ".pdf", ".csv")
    progress.update(5, READ)
    summary = commissioner_summary(db, user, day, _now(now))
    progress.update(40, "Writing the summary")
    if out.suffix.lower() == ".csv":
        return Written([commissioner_csv(summary, out)], out)
    return Written([commissioner_pdf(summary, out, progress)], out)


def letter_name(batch: LetterBatch, learner: str, upn: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9]+", "-", learner).strip("-").lower() or "learner"
    return f"{batch.stage.replace('_', '-')}-{slug}-{upn}.pdf"


def letters_job(
    db: Database,
    user: StaffUser,
    stage: str,
    folder: Path,
    progress: Progress = NO_PROGRESS,
    now: datetime | None = None,
    upn: str | None = None,
    meeting: str = "",
    all_or_none: bool = False,
    meeting_id: int | None = None,
) -> Written:
    """One PDF per family in folder: for one learner (upn), or everyone who meets the stage.
    With all_or_none, a family with no addressee refuses the batch (nothing written). Each
    letter written is filed against its learner (and the meeting it invites to, if any)."""

    if folder.suffix.lower() == ".pdf":
        raise ValidationFailed([Problem("give a folder for the letters, not a .pdf", field="out")])
    progress.update(5, READ)
    batch = letters(db, user, stage, _now(now), upn, meeting, all_or_none)
    files = []
    step = progress.part(30, 100, "Writing letters")
    for n, letter in enumerate(batch.letters):
        step(n, len(batch.letters))
        path = folder / letter_name(batch, letter.learner, letter.upn)
        files.append(letter_pdf(batch, letter, path, progress.quiet()))
    file_letters(db, user, batch, batch.letters, PRINTED, meeting_id)
    progress.update(100, "Done")
    target = files[0] if upn and files else folder
    return Written(files, target, batch.skipped)
