"""UK phone numbers: checked with libphonenumber, stored in E.164, shown in national format.

Ofcom's drama landlines (0113 496 0000 to 0999) are valid numbers; its drama mobiles
(07700 900000 to 900999) are not valid in libphonenumber, so real-looking mobiles are used here."""

from __future__ import annotations

import pytest

from desktop_app.domain.phones import PhoneError, display, normalise

MOBILE = "07911 123456"
MOBILE_E164 = "+447911123456"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        (MOBILE, MOBILE_E164),
        ("07911123456", MOBILE_E164),
        ("  07911 123 456  ", MOBILE_E164),
        ("+44 7911 123456", MOBILE_E164),
        ("+44 (0)7911 123456", MOBILE_E164),
        ("0044 7911 123456", MOBILE_E164),
        ("0113 496 0000", "+441134960000"),
        ("(0113) 496 0999", "+441134960999"),
        ("020 7946 0123", "+442079460123"),
    ],
)
def test_uk_numbers_are_stored_in_e164(typed: str, stored: str) -> None:
    assert normalise(typed) == stored


@pytest.mark.parametrize("typed", ["", "   "])
def test_a_blank_number_is_stored_blank(typed: str) -> None:
    assert normalise(typed) == ""


def test_a_number_with_another_country_code_is_kept_in_e164() -> None:
    assert normalise("+33 1 42 68 53 00") == "+33142685300"


@pytest.mark.parametrize(
    "typed",
    [
        "07911 12345",  # one digit short
        "07911 1234567",  # one digit too many
        "07700 900123",  # Ofcom drama mobile: not a valid number
        "999",
        "1234",
    ],
)
def test_an_invalid_uk_number_is_refused_with_advice(typed: str) -> None:
    with pytest.raises(PhoneError) as error:
        normalise(typed)
    hint = " (a mobile is 07 and 9 more digits)" if typed.startswith("07") else ""
    assert str(error.value) == f"'{typed}' is not a valid UK number: check the digits{hint}"


@pytest.mark.parametrize("typed", ["abc", "call mum", "x"])
def test_text_that_is_not_a_number_is_refused(typed: str) -> None:
    with pytest.raises(PhoneError, match=f"^'{typed}' is not a phone number$"):
        normalise(typed)


def test_the_message_quotes_the_number_without_surrounding_spaces() -> None:
    with pytest.raises(PhoneError, match=r"^'07911 12345' is not a valid UK number"):
        normalise("  07911 12345 ")


def test_an_invalid_foreign_number_is_not_called_a_uk_number() -> None:
    with pytest.raises(PhoneError, match=r"^'\+33 1 42' is not a valid phone number$"):
        normalise("+33 1 42")


def test_phone_error_is_a_value_error() -> None:
    assert issubclass(PhoneError, ValueError)


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        (MOBILE_E164, "07911 123456"),
        ("+441134960000", "0113 496 0000"),
        ("+442079460123", "020 7946 0123"),
        ("+33142685300", "+33 1 42 68 53 00"),
        ("", ""),
    ],
)
def test_stored_numbers_are_shown_nationally_if_uk_and_internationally_if_not(
    stored: str, shown: str
) -> None:
    assert display(stored) == shown


def test_something_stored_that_is_not_a_number_is_shown_as_it_is() -> None:
    assert display("ask reception") == "ask reception"


@pytest.mark.parametrize("typed", [MOBILE, "0113 496 0123", "+44 20 7946 0123"])
def test_display_of_a_normalised_number_normalises_back_to_the_same(typed: str) -> None:
    stored = normalise(typed)
    assert normalise(display(stored)) == stored
