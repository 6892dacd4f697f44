"""Database keys: a random key kept in the operating system's keyring, or a passphrase.

The key is never written anywhere in plain text. Where no keyring is available the app asks
for a passphrase (or reads PROVISION_REGISTER_PASSPHRASE). A printable recovery key opens a
keyring-protected database on another machine, or after the keyring is lost.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
from collections.abc import Callable
from pathlib import Path

import keyring
import keyring.errors
from keyring.backend import KeyringBackend

from desktop_app import APP_NAME
from desktop_app.models.engine import DatabaseKey
from desktop_app.services.errors import ServiceError

ENV_PASSPHRASE = "PROVISION_REGISTER_PASSPHRASE"
ENV_RECOVERY_KEY = "PROVISION_REGISTER_RECOVERY_KEY"
MIN_PASSPHRASE = 12
#: Asked for a passphrase; `new` is True when choosing one for a new database.
AskPassphrase = Callable[[bool], str | None]


def usable_keyring() -> KeyringBackend | None:
    """The system keyring, unless it is missing or stores secrets in a plain file."""
    backend = keyring.get_keyring()
    name = f"{type(backend).__module__}.{type(backend).__name__}".lower()
    if "fail" in name or "null" in name or "plaintext" in name or "keyrings.alt.file" in name:
        return None
    if getattr(backend, "priority", 1) <= 0:
        return None
    if hasattr(backend, "backends") and not backend.backends:
        return None
    return backend


def _account(path: Path) -> str:
    return str(path.resolve())


def format_recovery_key(raw_hex: str) -> str:
    """64 hex digits as 8 groups of 8, upper case, for printing."""
    upper = raw_hex.upper()
    return "-".join(upper[i : i + 8] for i in range(0, len(upper), 8))


def parse_recovery_key(text: str) -> str | None:
    """The raw key in a typed recovery key (spaces and dashes allowed), or None."""
    digits = re.sub(r"[\s-]", "", text)
    return digits.lower() if re.fullmatch(r"[0-9a-fA-F]{64}", digits) else None


def _typed_key(text: str) -> DatabaseKey:
    raw = parse_recovery_key(text)
    return DatabaseKey(raw_hex=raw) if raw else DatabaseKey(passphrase=text)


def new_key(path: Path, ask: AskPassphrase | None) -> tuple[DatabaseKey, str | None]:
    """A key for a new database and its printable recovery key (None for a passphrase)."""
    backend = usable_keyring()
    if backend is not None:
        raw = secrets.token_hex(32)
        backend.set_password(APP_NAME, _account(path), raw)
        return DatabaseKey(raw_hex=raw), format_recovery_key(raw)
    passphrase = os.environ.get(ENV_PASSPHRASE) or (ask(True) if ask else None)
    if not passphrase:
        raise ServiceError(
            "no keyring is available to keep the database key: give a passphrase "
            f"(or set {ENV_PASSPHRASE}), or choose an unencrypted database"
        )
    if len(passphrase) < MIN_PASSPHRASE:
        raise ServiceError(f"the passphrase must be at least {MIN_PASSPHRASE} characters")
    return DatabaseKey(passphrase=passphrase), None


def existing_key(path: Path, ask: AskPassphrase | None) -> DatabaseKey:
    """The key for an encrypted database: keyring, recovery key, passphrase, or asking."""
    backend = usable_keyring()
    if backend is not None:
        try:
            stored = backend.get_password(APP_NAME, _account(path))
        except keyring.errors.KeyringError:
            stored = None
        if stored:
            return DatabaseKey(raw_hex=stored)
    if text := os.environ.get(ENV_RECOVERY_KEY):
        return _typed_key(text)
    if text := os.environ.get(ENV_PASSPHRASE):
        return DatabaseKey(passphrase=text)
    if ask is not None and (text := ask(False)):
        return _typed_key(text)
    raise ServiceError(
        f"{path} is encrypted and its key is not in this computer's keyring: give the passphrase "
        f"or recovery key (or set {ENV_PASSPHRASE} or {ENV_RECOVERY_KEY})"
    )


def remember_key(path: Path, key: DatabaseKey) -> bool:
    """Keep a raw key in the keyring (after recovery or encryption); False if none is usable."""
    backend = usable_keyring()
    if backend is None or key.raw_hex is None:
        return False
    backend.set_password(APP_NAME, _account(path), key.raw_hex)
    return True


def forget_key(path: Path) -> None:
    backend = usable_keyring()
    if backend is not None:
        with contextlib.suppress(keyring.errors.PasswordDeleteError):
            backend.delete_password(APP_NAME, _account(path))
