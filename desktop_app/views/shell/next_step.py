"""What should happen once the main window closes: quit, sign in again, reopen or restore."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop_app.services.database import Database


class After(enum.Enum):
    QUIT = "quit"
    SIGN_OUT = "sign out"  # back to the sign-in, for someone else
    REOPEN = "reopen"  # the same person, on `database` (the register was just encrypted)
    RESTORE = "restore"  # put `backup` in place of the register, then sign in again


@dataclass(frozen=True, slots=True)
class NextStep:
    after: After = After.QUIT
    database: Database | None = None
    backup: Path | None = None

    @property
    def backs_up_on_exit(self) -> bool:
        """An exit backup is made when the register stays as it is (not replaced or re-keyed)."""
        return self.after in (After.QUIT, After.SIGN_OUT)
