"""What case work owes, as alerts on Today and in `alerts`: a support plan review due, a
referral to follow up (DSL and director only), a part-time timetable's review and its end, and
an elective home education notice not yet passed on. Each with its learner and the day it fell
due; it goes when the review, follow-up or notice is recorded."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.domain.permissions import Action, Role, allowed
from desktop_app.domain.watches import Alert
from desktop_app.models import Learner
from desktop_app.services.case_requests import case_owed
from desktop_app.services.tx import in_transaction

#: Kinds only the DSL and the director are told of: they name a referral.
SAFEGUARDING_ONLY = frozenset({"referral_follow_up_due"})


@in_transaction
def case_alerts(session: Session, moment: datetime, role: Role) -> list[Alert]:
    """Case work owed by `moment`, as alerts, inside the alerts' own read."""
    owed = case_owed(session, moment.date())
    if not allowed(role, Action.SAFEGUARDING):
        owed = [o for o in owed if o.kind not in SAFEGUARDING_ONLY]
    if not owed:
        return []
    ids = {o.learner_id for o in owed}
    upns = dict(session.execute(select(Learner.id, Learner.upn).where(Learner.id.in_(ids))).all())
    return [Alert(o.due, o.kind, upns[o.learner_id], o.summary, key=o.summary) for o in owed]
