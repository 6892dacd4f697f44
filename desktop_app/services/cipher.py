"""The start-up check that SQLCipher is present and is the build the registers are made with.

A register is refused rather than opened when the encryption library is missing (a broken
install) or is not SQLCipher 4: a sqlcipher3 module built against plain SQLite would ignore the
key and write children's data in the clear.
"""

from __future__ import annotations

import importlib
from functools import cache

from desktop_app.services.errors import ServiceError

#: Registers are SQLCipher 4 files (its default page size, KDF and HMAC).
REQUIRED_MAJOR = 4


class SQLCipherMissing(ServiceError):
    """SQLCipher is missing or not the expected build: no register is opened."""


@cache
def require_sqlcipher() -> str:
    """SQLCipher's version (e.g. '4.6.1 community'); SQLCipherMissing if unusable."""
    try:
        sqlcipher = importlib.import_module("sqlcipher3.dbapi2")
    except ImportError as error:
        raise SQLCipherMissing(
            f"the encryption library SQLCipher is missing ({error}); no register is opened. "
            "Reinstall Provision Register."
        ) from None
    connection = sqlcipher.connect(":memory:")
    try:
        row = connection.execute("PRAGMA cipher_version").fetchone()
    finally:
        connection.close()
    version = str(row[0]) if row and row[0] else ""
    if not version.split(".")[0].isdigit() or int(version.split(".")[0]) != REQUIRED_MAJOR:
        raise SQLCipherMissing(
            f"the encryption library is not SQLCipher {REQUIRED_MAJOR} "
            f"(it reports {version or 'no cipher at all'}); no register is opened. "
            "Reinstall Provision Register."
        )
    return version
