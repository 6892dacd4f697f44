"""Records two people may edit at once carry a row version (migration 0009)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Mapped, declared_attr, mapped_column


class Versioned:
    """Mixed into a mapped class: `row_version` starts at 1 and rises with every UPDATE.

    SQLAlchemy puts `AND row_version = <the one read>` into each UPDATE, so two transactions
    cannot both change the row unseen (the second fails); services also compare the version the
    user's screen showed (services/versions.py) and refuse a write based on an older one.
    """

    row_version: Mapped[int] = mapped_column(default=1, server_default="1")

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.row_version}  # type: ignore[attr-defined]
