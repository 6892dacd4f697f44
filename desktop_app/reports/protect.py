"""Password protection for a finished PDF (AES-256): what is emailed opens only with it."""

from __future__ import annotations

import secrets
from io import BytesIO

from pypdf import PdfReader, PdfWriter


def protect_pdf(data: bytes, password: str) -> bytes:
    """The same PDF, encrypted so that it opens only with `password` (AES-256)."""
    writer = PdfWriter(clone_from=PdfReader(BytesIO(data)))
    writer.encrypt(
        user_password=password, owner_password=secrets.token_urlsafe(24), algorithm="AES-256"
    )
    out = BytesIO()
    writer.write(out)
    return out.getvalue()
