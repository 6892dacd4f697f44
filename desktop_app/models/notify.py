"""On PostgreSQL, every committed write tells the other PCs what it changed (issue 16 point 4).

A writer session collects the tables its flushes and statements touched; just before COMMIT it
sends one `pg_notify('provision_register', '<kind>:<learner ids>:<origin>')` per kind of data
inside the same transaction, so PostgreSQL delivers it only if the commit succeeds (and never for
a rollback). `<learner ids>` is a comma list, empty meaning "any"; `<origin>` names the Database
that wrote it (`new_origin`), so its own listener can ignore what the window already announced.
The kinds are the change bus's (views/common/changes.py Kind values); SQLite is not touched.
"""

from __future__ import annotations

import os
import uuid
from itertools import chain
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker

CHANNEL = "provision_register"
#: PostgreSQL refuses a payload of 8000 bytes or more: past this many learners, say "any".
MOST_IDS = 500
_KEY = "register_notify"

#: Which kind of data each table holds (audit_log and the like: none, not announced).
KINDS: dict[str, str] = {
    **dict.fromkeys(("marks", "amendments", "attendance_patterns"), "marks"),
    **dict.fromkeys(("learners", "group_memberships"), "learners"),
    **dict.fromkeys(
        ("emergency_contacts", "professionals", "missing_places", "contact_log", "commissioners"),
        "contacts",
    ),
    **dict.fromkeys(("incidents", "incident_entries", "escalations"), "incidents"),
    **dict.fromkeys(
        ("risk_assessments", "risk_rows", "risk_agencies", "rag_overrides", "rag_factors"), "risk"
    ),
    **dict.fromkeys(
        (
            "provision_settings",
            "provision_thresholds",
            "session_times",
            "letter_templates",
            "mail_settings",
            "commissioner_passwords",
        ),
        "settings",
    ),
    **dict.fromkeys(("closures", "terms"), "calendar"),
    "staff": "staff",
    **dict.fromkeys(("groups", "group_tutors"), "groups"),
    **dict.fromkeys(("alert_acknowledgements", "register_reminders"), "alerts"),
    **dict.fromkeys(
        (
            "support_plans",
            "plan_actions",
            "plan_reviews",
            "meetings",
            "referrals",
            "case_requests",
            "filed_letters",
            "sendings",
        ),
        "casework",
    ),
}


def note(session: Session, table: str | None, learner_id: int | None) -> None:
    """A row of `table` about this learner (None: any learner) was written by a statement the
    session's listeners do not see; it is announced with the commit."""
    kind = KINDS.get(table or "")
    if kind is None:
        return
    written: dict[str, set[int] | None] = session.info.setdefault(_KEY, {})
    ids = written.setdefault(kind, set())
    if ids is None:
        return
    if learner_id is None:
        written[kind] = None  # cannot tell which learners: "any"
    else:
        ids.add(learner_id)


def _after_flush(session: Session, _context: Any) -> None:
    for obj in chain(session.new, session.dirty, session.deleted):
        table = getattr(obj, "__tablename__", None)
        learner_id = obj.id if table == "learners" else getattr(obj, "learner_id", None)
        note(session, table, learner_id)


def _orm_execute(state: ORMExecuteState) -> None:
    """Statements run through the session (bulk inserts, updates): which learners is unknown."""
    if state.is_insert or state.is_update or state.is_delete:
        table = getattr(state.statement, "table", None)
        note(state.session, getattr(table, "name", None), None)


def new_origin() -> str:
    """A name for one Database (process id and a random part), sent with its notifications."""
    return f"{os.getpid()}-{uuid.uuid4().hex[:8]}"


def payloads(written: dict[str, set[int] | None], origin: str) -> list[str]:
    """One '<kind>:<ids>:<origin>' per kind written (ids sorted; empty = any learner)."""
    found = []
    for kind, ids in sorted(written.items()):
        listed = "" if not ids or len(ids) > MOST_IDS else ",".join(map(str, sorted(ids)))
        found.append(f"{kind}:{listed}:{origin}")
    return found


def _before_commit(session: Session, origin: str) -> None:
    session.flush()  # what is still pending is written (and noted) first
    written = session.info.pop(_KEY, None)
    for payload in payloads(written or {}, origin):
        session.execute(text("SELECT pg_notify(:c, :p)"), {"c": CHANNEL, "p": payload})


def _after_rollback(session: Session) -> None:
    session.info.pop(_KEY, None)


def install(writers: sessionmaker[Session], origin: str) -> None:
    """Make the writer sessions of a PostgreSQL register announce what they commit."""
    event.listen(writers, "after_flush", _after_flush)
    event.listen(writers, "do_orm_execute", _orm_execute)
    event.listen(writers, "before_commit", lambda s: _before_commit(s, origin))
    event.listen(writers, "after_soft_rollback", lambda s, _t: _after_rollback(s))


def parse(payload: str) -> tuple[str, frozenset[int], str] | None:
    """(kind, learner ids, origin) from a payload, or None if it is not one of ours."""
    parts = payload.split(":")
    if len(parts) != 3 or parts[0] not in set(KINDS.values()):
        return None
    try:
        ids = frozenset(int(i) for i in parts[1].split(",") if i)
    except ValueError:
        return None
    return parts[0], ids, parts[2]
