"""Unique Pupil Numbers: shape, the DfE check letter and normalisation."""

from __future__ import annotations

import pytest

from desktop_app.domain.upn import CHECK_LETTERS, UpnError, check_letter, make_upn, validate_upn


def test_check_letter_matches_a_hand_computed_weighted_sum() -> None:
    """Body 801200001001: weights 2..13 give 16+0+4+10+0+0+0+0+10+0+0+13 = 53; 53 mod 23 = 7."""
    digits = [8, 0, 1, 2, 0, 0, 0, 0, 1, 0, 0, 1]
    weighted = sum(weight * digit for weight, digit in zip(range(2, 14), digits, strict=True))
    assert weighted == 53
    assert weighted % 23 == 7
    assert check_letter("801200001001") == "H"  # A B C D E F G H: the 8th letter, index 7
    assert validate_upn("H801200001001") == "H801200001001"


def test_temporary_upn_with_a_final_letter_uses_that_letters_value() -> None:
    """Final A counts as 0: 53 - 13 = 40; 40 mod 23 = 17, the letter U (I, O, S are skipped)."""
    assert check_letter("80120000100A") == "U"
    assert validate_upn("U80120000100A") == "U80120000100A"


def test_check_letters_skip_i_o_and_s() -> None:
    assert len(CHECK_LETTERS) == 23
    assert not set("IOS") & set(CHECK_LETTERS)


@pytest.mark.parametrize(
    "body", ["801200001001", "000000000000", "999999999999", "123456789012", "93612345678Z"]
)
def test_made_upns_are_valid(body: str) -> None:
    upn = make_upn(body)
    assert len(upn) == 13
    assert upn[1:] == body
    assert validate_upn(upn) == upn


def test_wrong_check_letter_is_rejected_naming_the_right_one() -> None:
    with pytest.raises(UpnError, match="should be 'H'"):
        validate_upn("A801200001001")


def test_changing_one_digit_breaks_the_check() -> None:
    with pytest.raises(UpnError, match="check"):
        validate_upn("H801200001002")


def test_transposed_digits_break_the_check() -> None:
    with pytest.raises(UpnError, match="check"):
        validate_upn("H810200001001")


@pytest.mark.parametrize("raw", ["H80120000100", "H8012000010011", "", "H"])
def test_wrong_length_is_rejected(raw: str) -> None:
    with pytest.raises(UpnError, match="13 characters"):
        validate_upn(raw)


@pytest.mark.parametrize("letter", ["I", "O", "S"])
def test_final_letters_i_o_s_are_rejected(letter: str) -> None:
    body = "80120000100" + letter
    with pytest.raises(UpnError, match="never used"):
        validate_upn("A" + body)


@pytest.mark.parametrize("letter", ["I", "O", "S"])
def test_check_letters_i_o_s_are_rejected(letter: str) -> None:
    with pytest.raises(UpnError):
        validate_upn(letter + "801200001001")


@pytest.mark.parametrize(
    "raw", ["1801200001001", "H80120A001001", "H8012000010-1", "HH01200001001"]
)
def test_wrong_shape_is_rejected(raw: str) -> None:
    with pytest.raises(UpnError, match="not shaped like a UPN"):
        validate_upn(raw)


def test_lower_case_and_surrounding_spaces_are_normalised() -> None:
    assert validate_upn("  h801200001001 ") == "H801200001001"
    assert validate_upn("u80120000100a") == "U80120000100A"


def test_upn_error_is_a_value_error() -> None:
    assert issubclass(UpnError, ValueError)
