"""The missing-learner sheet (one page for the police) and the incident report (full timeline)."""

from __future__ import annotations

import struct
import zlib
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from desktop_app.models import EmergencyContact, Learner, Professional
from desktop_app.models.engine import Database
from desktop_app.reports.absconding_report import write_incident_report
from desktop_app.reports.missing_learner import write_missing_sheet
from desktop_app.services.absconding import close_incident, record_step, start_incident
from desktop_app.services.absconding_data import Closing, IncidentDetail, NewIncident, StepInput
from desktop_app.services.absconding_queries import incident_detail
from desktop_app.services.auth import StaffUser
from tests.services.test_incidents import NOW, SEEN, add_learner


def png(width: int = 60, height: int = 80) -> bytes:
    """A plain blue PNG, made without any imaging library."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\x2d\x64\xa8" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def text_of(path: Path) -> tuple[int, str]:
    reader = PdfReader(str(path))
    text = " ".join(page.extract_text() for page in reader.pages)
    return len(reader.pages), " ".join(text.split())  # table cells wrap: compare words


@pytest.fixture
def detail(db: Database, director: StaffUser) -> IncidentDetail:
    learner = add_learner(db, "Alex", "Hughes", date(2011, 3, 1), details=True)
    with db.transaction() as session:
        session.get_one(Learner, learner).photo = png()
    details = NewIncident(
        learner, SEEN, "Back gate", "Ms Tutor", "Towards the park", "Tall", "Red hoodie, jeans"
    )
    incident = start_incident(db, director, details, NOW).id
    steps = [
        StepInput("dsl_informed", SEEN + timedelta(minutes=1)),
        StepInput("risk_assessment", NOW, level="high", detail="Busy road nearby"),
        StepInput("police_told", NOW, channel="101", reference="CAD 4411", officer="PC Patel"),
    ]
    for step in steps:
        record_step(db, director, incident, step, NOW + timedelta(minutes=5))
    later = NOW + timedelta(minutes=40)
    found = StepInput("found", later, place="Skate park", person="Mum", condition="Calm")
    record_step(db, director, incident, found, later)
    closing = Closing(later, False, "Home with mum", "Mum rang us first")
    close_incident(db, director, incident, closing, later)
    return incident_detail(db, director, incident)


def test_missing_learner_sheet_is_one_page_with_all_the_police_need(
    tmp_path: Path, detail: IncidentDetail
) -> None:
    target = tmp_path / "sheet.pdf"
    write_missing_sheet(detail, target, datetime(2025, 9, 8, 10, 5).astimezone(), "Dana Director")
    pages, text = text_of(target)
    assert pages == 1
    for expected in (
        "OFFICIAL-SENSITIVE",
        "MISSING LEARNER",
        "Alex Hughes",
        "14 (born 01/03/2011)",
        "Back gate",
        "Ms Tutor",
        "Towards the park",
        "Red hoodie, jeans",
        "Kim Hughes",
        "07700 900123",
        "Road safety",
        "Skate park",
        "Jay (cousin)",
        "under 16 (aged 14)",
    ):
        assert expected in text, expected
    assert text.count("OFFICIAL-SENSITIVE") == 2


def test_sheet_stays_on_one_page_with_many_contacts(
    tmp_path: Path, db: Database, director: StaffUser, detail: IncidentDetail
) -> None:
    with db.transaction() as session:
        session.add_all(
            EmergencyContact(
                learner_id=detail.learner.id,
                priority=10 + n,
                name=f"Extra contact {n}",
                relationship_to_learner="Aunt",
                mobile="+447700900999",
                notes="Lives nearby; call after 5pm. " * 3,
            )
            for n in range(25)
        )
    target = tmp_path / "sheet.pdf"
    write_missing_sheet(incident_detail(db, director, detail.id), target, NOW, director.full_name)
    assert text_of(target)[0] == 1


def test_incident_report_has_every_entry_with_who_and_when_recorded(
    tmp_path: Path, detail: IncidentDetail
) -> None:
    target = tmp_path / "report.pdf"
    write_incident_report(detail, target, NOW + timedelta(hours=1), "Dana Director")
    _pages, text = text_of(target)
    for expected in (
        "OFFICIAL-SENSITIVE",
        "Absconding incident report",
        "DSL informed",
        "Dynamic risk assessment",
        "High, Busy road nearby",
        "101, ref CAD 4411, PC Patel",
        "Learner found or returned",
        "Incident closed",
        "Home with mum",
        "Not recorded: Attempt to contact the learner",
        "return interview within 72 hours",
    ):
        assert expected in text, expected
    # The DSL step happened at 09:58 and was recorded at 10:05: the report says so.
    happened = (SEEN + timedelta(minutes=1)).astimezone()
    recorded = (NOW + timedelta(minutes=5)).astimezone()
    line = f"{happened:%d/%m/%Y %H:%M} DSL informed Dana Director (recorded {recorded:%H:%M})"
    assert line in text


def test_the_sheet_carries_home_care_social_worker_health_and_the_typed_description(
    tmp_path: Path, db: Database, director: StaffUser
) -> None:
    """Issue 11.4 and 11.5: what the police ask for, and 'missing for' as a duration."""
    learner = add_learner(db, "Alex", "Hughes", date(2011, 3, 1), details=True)
    with db.transaction() as session:
        row = session.get_one(Learner, learner)
        row.home_address, row.looked_after = "12 Mill Lane, Northtown", True
        row.placing_authority = "Northshire County Council"
        row.medical_needs, row.medication = "Asthma", "Salbutamol inhaler"
        session.add(Professional(learner_id=learner, kind="social_worker", name="Sam Patel"))
    details = NewIncident(learner, SEEN, description="Tall, red hoodie")
    incident = start_incident(db, director, details, NOW).id
    target = tmp_path / "sheet.pdf"
    printed = NOW + timedelta(minutes=7, seconds=39)
    write_missing_sheet(incident_detail(db, director, incident), target, printed, "Dana Director")
    _pages, text = text_of(target)
    for expected in (
        "Home address 12 Mill Lane, Northtown",
        "Looked after, placed by Northshire County Council",
        "Social worker Sam Patel",
        "Medical needs Asthma",
        "Medication Salbutamol inhaler",
        "Tall, red hoodie",
        "missing for 10 min 39 s",
        "Where not recorded yet",
        "Seen by not recorded yet",
        "Police ref Not yet told.",
    ):
        assert expected in text, expected
