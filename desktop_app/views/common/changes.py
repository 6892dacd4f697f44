"""The change bus: one signal per kind of data, so every page hears what a user action changed.

An operation announces a `Change` after its service call succeeds; pages connect to the signals
for the data they show and refresh only what the change touches (or remember to refresh when next
shown, if hidden). On PostgreSQL the same changes can arrive from other PCs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from PySide6.QtCore import QObject, Signal


class Kind(StrEnum):
    """The kinds of data a page may show."""

    MARKS = "marks"
    LEARNERS = "learners"
    CONTACTS = "contacts"  # emergency contacts, professionals, places and the contact log
    INCIDENTS = "incidents"  # absconding incidents
    RISK = "risk"  # risk assessments and RAG overrides
    SETTINGS = "settings"  # provision settings, thresholds, session times, letter templates
    CALENDAR = "calendar"
    STAFF = "staff"
    GROUPS = "groups"
    ALERTS = "alerts"  # acknowledgements and notifications recorded against alerts
    CASEWORK = "casework"  # plans, meetings, referrals, requests


@dataclass(frozen=True, slots=True)
class Change:
    """What one action changed: the kind, and (when known) which learners, days and records.

    Empty sets mean "any": a page that cannot tell refreshes all it shows.
    """

    kind: Kind
    learner_ids: frozenset[int] = field(default_factory=frozenset)
    dates: frozenset[date] = field(default_factory=frozenset)
    ids: frozenset[int] = field(default_factory=frozenset)

    @classmethod
    def of(
        cls,
        kind: Kind,
        learner_ids: Iterable[int] = (),
        dates: Iterable[date] = (),
        ids: Iterable[int] = (),
    ) -> Change:
        return cls(kind, frozenset(learner_ids), frozenset(dates), frozenset(ids))

    def touches_learner(self, learner_id: int) -> bool:
        return not self.learner_ids or learner_id in self.learner_ids

    def touches_dates(self, first: date, last: date) -> bool:
        return not self.dates or any(first <= day <= last for day in self.dates)


class ChangeBus(QObject):
    """Carried by the app context. Each signal carries a `Change`; sig_changed carries every one."""

    sig_changed = Signal(object)
    sig_marks_changed = Signal(object)
    sig_learners_changed = Signal(object)
    sig_contacts_changed = Signal(object)
    sig_incidents_changed = Signal(object)
    sig_risk_changed = Signal(object)
    sig_settings_changed = Signal(object)
    sig_calendar_changed = Signal(object)
    sig_staff_changed = Signal(object)
    sig_groups_changed = Signal(object)
    sig_alerts_changed = Signal(object)
    sig_casework_changed = Signal(object)

    def announce(self, *changes: Change) -> None:
        """Tell every listener what changed (on the GUI thread)."""
        for change in changes:
            getattr(self, f"sig_{change.kind.value}_changed").emit(change)
            self.sig_changed.emit(change)

    def signal_for(self, kind: Kind) -> object:
        """The signal for one kind (for pages that listen to several in a loop)."""
        return getattr(self, f"sig_{kind.value}_changed")
