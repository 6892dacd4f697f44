"""The audit log: who created, changed, deleted or opened what, and when. Append-only and
tamper-evident: each entry carries a hash chained to the entry before it."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from functools import lru_cache

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop_app.models.base import Base, UtcDateTime

#: The hash before the first entry.
GENESIS = "0" * 64


class AuditEntry(Base):
    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_at", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), index=True)
    staff_name: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(20))  # create, change, delete, view, purge, ...
    entity: Mapped[str] = mapped_column(String(50))  # table name
    entity_id: Mapped[int | None] = mapped_column(Integer)
    learner_id: Mapped[int | None] = mapped_column(Integer, index=True)
    detail: Mapped[str] = mapped_column(Text, default="")
    #: sha256 of the previous entry's hash and this entry's fields (see `chain_hash`).
    hash: Mapped[str | None] = mapped_column(String(64))


def chain_hash(
    previous: str,
    at: datetime,
    staff_id: int | None,
    staff_name: str,
    action: str,
    entity: str,
    entity_id: int | None,
    learner_id: int | None,
    detail: str,
) -> str:
    """The hash an entry carries: changing any field, or any earlier entry, changes it."""
    fields = [previous, _moment(at), staff_id, staff_name, action, entity, entity_id, learner_id]
    payload = _PAYLOAD.encode([*fields, detail])
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


#: json.dumps(..., ensure_ascii=False, separators=(",", ":")), built once (a bulk import hashes
#: tens of thousands of entries).
_PAYLOAD = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


@lru_cache(maxsize=8)
def _moment(at: datetime) -> str:
    return at.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="microseconds")


def entry_hash(previous: str, entry: AuditEntry) -> str:
    return chain_hash(
        previous,
        entry.at,
        entry.staff_id,
        entry.staff_name,
        entry.action,
        entry.entity,
        entry.entity_id,
        entry.learner_id,
        entry.detail,
    )
