"""SQLAlchemy mapped classes, the engine and the session factory. No Qt."""

from desktop_app.models.audit import AuditEntry
from desktop_app.models.base import Base
from desktop_app.models.people import Commissioner, Group, Learner, Staff
from desktop_app.models.provision import Closure, ProvisionSettings, Term
from desktop_app.models.register import Amendment, AttendancePattern, Mark

__all__ = [
    "Amendment",
    "AttendancePattern",
    "AuditEntry",
    "Base",
    "Closure",
    "Commissioner",
    "Group",
    "Learner",
    "Mark",
    "ProvisionSettings",
    "Staff",
    "Term",
]
