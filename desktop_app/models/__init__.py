"""SQLAlchemy mapped classes, the engine and the session factory. No Qt."""

from desktop_app.models.audit import AuditEntry
from desktop_app.models.base import Base
from desktop_app.models.absconding import Incident, IncidentEntry
from desktop_app.models.letters import LetterTemplate
from desktop_app.models.people import Commissioner, Group, Learner, Staff
from desktop_app.models.provision import Closure, ProvisionSettings, Term
from desktop_app.models.register import Amendment, AttendancePattern, Mark
from desktop_app.models.risk import RiskAgency, RiskAssessment, RiskRow
from desktop_app.models.safeguarding import (
    ContactLogEntry,
    EmergencyContact,
    MissingPlace,
    Professional,
    RagFactor,
    RagOverride,
)

__all__ = [
    "Amendment",
    "AttendancePattern",
    "AuditEntry",
    "Base",
    "Closure",
    "Commissioner",
    "ContactLogEntry",
    "EmergencyContact",
    "Group",
    "Incident",
    "IncidentEntry",
    "Learner",
    "LetterTemplate",
    "Mark",
    "MissingPlace",
    "Professional",
    "ProvisionSettings",
    "RagFactor",
    "RagOverride",
    "RiskAgency",
    "RiskAssessment",
    "RiskRow",
    "Staff",
    "Term",
]
