"""This computer's preferences, kept in QSettings: each option declared once with its default.

As in Picard's options registry, every preference is an `Option` below; screens read and write
them through `get` and `put` only. Business data never lives here: it is in the database.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, QSettings, Signal

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Option(Generic[T]):
    """A preference: its QSettings key, its type, its default and what values are allowed."""

    key: str
    kind: Callable[[Any], T]  # turns what QSettings gives back (often a string) into a value
    default: Callable[[], T]
    valid: Callable[[T], bool] = lambda _value: True


IDLE_LOCK_MINUTES: Option[int] = Option(
    "security/idle_lock_minutes", int, lambda: 5, lambda minutes: 1 <= minutes <= 60
)


def _default_backup_folder() -> str:
    from desktop_app.services import backup as backups  # SQLAlchemy: not before signing in

    return str(backups.default_backup_folder())


BACKUP_FOLDER: Option[str] = Option("backups/folder", str, _default_backup_folder, bool)
#: The provision's name for each register opened on this computer, as JSON {place: name}: the
#: sign-in window shows it before the register itself has been opened.
PROVISION_NAMES: Option[str] = Option("start/provision_names", str, lambda: "{}")
#: The register's last group on this computer (0: all learners), and the week last shown with
#: the day it was chosen ("CHOSEN-ON SHOWN", ISO dates; restored on the day it was chosen only).
REGISTER_GROUP: Option[int] = Option("register/group", int, lambda: 0, lambda g: g >= 0)
REGISTER_WEEK: Option[str] = Option("register/week", str, lambda: "")
#: Where the last OFFICIAL-SENSITIVE PDF was saved ('' until one is: then Documents).
PAPER_FOLDER: Option[str] = Option("paper/last_folder", str, lambda: "")


class OptionSignals(QObject):
    """Tells open screens when a preference changes (the key and its new value)."""

    sig_option_changed = Signal(str, object)


changes = OptionSignals()
_file: Path | None = None  # tests and screenshots keep their preferences out of the user's own


def use_file(path: Path | None) -> Path | None:
    """Keep preferences in this INI file from now on (None: the user's own); the previous one."""
    global _file
    previous, _file = _file, path
    return previous


def _store() -> QSettings:
    if _file is not None:
        return QSettings(str(_file), QSettings.Format.IniFormat)
    return QSettings()


def get(option: Option[T]) -> T:
    """The stored value, or the default if none is stored or the stored one is not allowed."""
    raw: Any = _store().value(option.key)
    if raw is None:
        return option.default()
    try:
        value = option.kind(raw)
    except (TypeError, ValueError):
        return option.default()
    return value if option.valid(value) else option.default()


def put(option: Option[T], value: T) -> None:
    """Store a value; refused with ValueError if the option does not allow it."""
    if not option.valid(value):
        raise ValueError(f"{value!r} is not allowed for {option.key}")
    store = _store()
    store.setValue(option.key, value)
    store.sync()
    changes.sig_option_changed.emit(option.key, value)


def backup_folder() -> Path:
    return Path(get(BACKUP_FOLDER))


def idle_lock_ms() -> int:
    """The idle-lock delay in milliseconds."""
    return get(IDLE_LOCK_MINUTES) * 60_000
