"""Recognition certificates for a half-term: who earned one (domain/recognition.py), for the
certificates' PDF (services/certificates.py writes them). Printing each is audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from desktop_app.domain import recognition as rules
from desktop_app.domain.permissions import Action
from desktop_app.models.engine import Database
from desktop_app.services.alert_data import current_thresholds
from desktop_app.services.auth import StaffUser, actor, require
from desktop_app.services.calendar import load_calendar
from desktop_app.services.report_data.audit import record_print
from desktop_app.services.report_data.common import (
    ReportHeader,
    find_term,
    learners_on_roll,
    previous_term,
    report_header,
)
from desktop_app.services.statistics import summaries


@dataclass(frozen=True, slots=True)
class Certificate:
    upn: str
    name: str
    awards: tuple[str, ...]  # in words
    percent: Decimal | None


@dataclass(frozen=True, slots=True)
class Certificates:
    header: ReportHeader
    term: str
    start: date
    end: date
    reward_percent: int
    signatory: str  # the director who prints them, or whoever does
    certificates: list[Certificate]


def certificates(db: Database, user: StaffUser, term_name: str, now: datetime) -> Certificates:
    """Every learner on roll in the half-term who earned a certificate, surname order; each
    one recorded as printed (in the same transaction)."""
    require(user, Action.SEND_LETTERS)
    with db.transaction(actor(user)) as session:
        calendar = load_calendar(session)
        term = find_term(calendar, term_name)
        before = previous_term(calendar, term)
        end = min(term.end, now.date())
        learners = learners_on_roll(session, term.start, end)
        ids = [ln.id for ln in learners]
        this = summaries(session, term.start, end, ids)
        last = summaries(session, before.start, before.end, ids) if before else {}
        reward = current_thresholds(session)["reward_percent"]
        earned = rules.awards(
            {i: (s.attended, s.possible) for i, s in this.items()},
            {i: (s.attended, s.possible) for i, s in last.items()},
            reward,
        )
        made = []
        for ln in learners:
            if ln.id not in earned:
                continue
            words = tuple(rules.award_words(a, reward) for a in earned[ln.id])
            name = f"{ln.forename} {ln.surname}"
            made.append(Certificate(ln.upn, name, words, this[ln.id].attendance_percent))
            record_print(session, "certificate", ln.id, f"printed a certificate for {term.name}")
        header = report_header(session, user, now)
        return Certificates(header, term.name, term.start, end, reward, user.full_name, made)
