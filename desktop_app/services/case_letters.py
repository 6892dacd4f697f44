"""The invitation to an attendance meeting, produced from a recorded meeting and filed
against it (and the learner)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from desktop_app.domain.permissions import Action
from desktop_app.models import Learner, Meeting
from desktop_app.models.engine import Database
from desktop_app.services.auth import StaffUser, require
from desktop_app.services.errors import NotFound, Problem, ValidationFailed
from desktop_app.services.report_jobs import letters_job

STAGE = "attendance_meeting"


def meeting_words(held_on: date, time_and_place: str) -> str:
    """'Tuesday 9 December 2025, 10:00 at the provision' for the letter's {meeting}."""
    return f"{held_on:%A} {held_on.day} {held_on:%B %Y}, {time_and_place.strip()}"


def meeting_letter(
    db: Database, user: StaffUser, meeting_id: int, time_and_place: str, folder: Path,
    now: datetime,
) -> Path:  # fmt: skip
    """Write the attendance-meeting letter for the meeting's learner into folder, filed against
    the meeting; the PDF's path. Refused (nothing written) when the family has no addressee."""
    require(user, Action.SEND_LETTERS)
    if not time_and_place.strip():
        raise ValidationFailed([Problem("give the time and place of the meeting", "meeting")])
    with db.reading() as session:
        meeting = session.get(Meeting, meeting_id)
        if meeting is None:
            raise NotFound("no such meeting")
        upn = session.get_one(Learner, meeting.learner_id).upn
        words = meeting_words(meeting.held_on, time_and_place)
    folder.mkdir(parents=True, exist_ok=True)
    written = letters_job(
        db, user, STAGE, folder, now=now, upn=upn, meeting=words, all_or_none=True,
        meeting_id=meeting_id,
    )  # fmt: skip
    return written.files[0]
