"""UK telephone numbers: checked with Google's libphonenumber, stored in E.164, shown nationally."""

from __future__ import annotations

import phonenumbers


class PhoneError(ValueError):
    """A number that cannot be dialled, with the reason."""


def normalise(raw: str) -> str:
    """The number in E.164 (+447700900123), or '' for a blank; PhoneError if it is not valid.

    Numbers are read as UK numbers unless they start with + and a country code."""
    text = raw.strip()
    if not text:
        return ""
    try:
        number = phonenumbers.parse(text, "GB")
    except phonenumbers.NumberParseException:
        raise PhoneError(f"'{text}' is not a phone number") from None
    if not phonenumbers.is_valid_number(number):
        hint = " (a mobile is 07 and 9 more digits)" if text.startswith("07") else ""
        raise PhoneError(
            f"'{text}' is not a valid UK number: check the digits{hint}"
            if number.country_code == 44
            else f"'{text}' is not a valid phone number"
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def display(stored: str) -> str:
    """How a stored number is shown and copied: national format for UK numbers (07700 900123)."""
    if not stored:
        return ""
    try:
        number = phonenumbers.parse(stored, "GB")
    except phonenumbers.NumberParseException:
        return stored
    fmt = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if number.country_code == 44
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(number, fmt)
