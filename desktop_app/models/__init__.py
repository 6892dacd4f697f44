"""SQLAlchemy mapped classes, the engine and the session factory. No Qt."""

from desktop_app.models.absconding import Incident, IncidentEntry
from desktop_app.models.acknowledgements import AlertAcknowledgement, RegisterReminder
from desktop_app.models.audit import AuditEntry
from desktop_app.models.base import Base
from desktop_app.models.casework import (
    CaseRequest,
    Escalation,
    FiledLetter,
    Meeting,
    PlanAction,
    PlanReview,
    Referral,
    SupportPlan,
)
from desktop_app.models.letters import LetterTemplate
from desktop_app.models.mail import CommissionerPassword, MailSettings, Sending
from desktop_app.models.people import (
    Commissioner,
    Group,
    GroupMembership,
    GroupTutor,
    Learner,
    Staff,
)
from desktop_app.models.provision import (
    Closure,
    ProvisionSettings,
    ProvisionThreshold,
    SessionTimeSet,
    Term,
)
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
    "AlertAcknowledgement",
    "Amendment",
    "AttendancePattern",
    "AuditEntry",
    "Base",
    "CaseRequest",
    "Closure",
    "Commissioner",
    "CommissionerPassword",
    "ContactLogEntry",
    "EmergencyContact",
    "Escalation",
    "FiledLetter",
    "Group",
    "GroupMembership",
    "GroupTutor",
    "Incident",
    "IncidentEntry",
    "Learner",
    "LetterTemplate",
    "MailSettings",
    "Mark",
    "Meeting",
    "MissingPlace",
    "PlanAction",
    "PlanReview",
    "Professional",
    "ProvisionSettings",
    "ProvisionThreshold",
    "RagFactor",
    "RagOverride",
    "Referral",
    "RegisterReminder",
    "RiskAgency",
    "RiskAssessment",
    "RiskRow",
    "Sending",
    "SessionTimeSet",
    "Staff",
    "SupportPlan",
    "Term",
]
