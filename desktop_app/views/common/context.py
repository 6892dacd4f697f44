"""What every screen needs once someone has signed in: the database, the user, the provision."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from desktop_app.services.auth import StaffUser
from desktop_app.views.common.changes import ChangeBus

if TYPE_CHECKING:  # only a type here: views never open sessions themselves
    from desktop_app.services.database import Database


@dataclass(frozen=True, slots=True)
class AppContext:
    """The signed-in session of the app, handed to each page."""

    db: Database
    user: StaffUser
    provision_name: str
    location: str  # where the database is, in words a person can find
    #: Local wall-clock time; tests give a fixed one so registers open and close when they say.
    clock: Callable[[], datetime] = field(default=datetime.now)
    #: What changed, announced by operations and heard by every page (see changes.py).
    changes: ChangeBus = field(default_factory=ChangeBus, compare=False)
