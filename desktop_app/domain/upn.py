"""Unique Pupil Numbers: the DfE's 13-character format and its check letter."""

from __future__ import annotations

import re

CHECK_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"  # 23 letters: I, O and S are never used
_SHAPE = re.compile(r"^[A-Z][0-9]{11}[0-9A-Z]$")


class UpnError(ValueError):
    """A UPN that is not valid, with the reason."""


def check_letter(body: str) -> str:
    """The check letter for the 12 characters that follow it (positions 2 to 13)."""
    total = 0
    for weight, char in enumerate(body, start=2):
        value = int(char) if char.isdigit() else CHECK_LETTERS.index(char)
        total += weight * value
    return CHECK_LETTERS[total % 23]


def validate_upn(raw: str) -> str:
    """Return the UPN normalised to upper case, or raise UpnError saying what is wrong."""
    upn = raw.strip().upper()
    if len(upn) != 13:
        raise UpnError(f"a UPN has 13 characters; '{raw.strip()}' has {len(upn)}")
    if not _SHAPE.match(upn):
        raise UpnError(
            f"'{upn}' is not shaped like a UPN: a letter, 11 digits, then a digit or a letter"
        )
    if upn[12].isalpha() and upn[12] not in CHECK_LETTERS:
        raise UpnError(f"'{upn}' ends in '{upn[12]}', which is never used in UPNs")
    expected = check_letter(upn[1:])
    if upn[0] != expected:
        raise UpnError(f"'{upn}' fails the DfE check: its check letter should be '{expected}'")
    return upn


def make_upn(body: str) -> str:
    """A valid UPN for 12 characters (for demo data and tests)."""
    return check_letter(body) + body
