"""The DfE 2024 code set: how each code counts, retired codes and session-specific marks."""

from __future__ import annotations

import pytest

from desktop_app.domain.codes import (
    CODES,
    PRESENT_MARK,
    RETIRED_CODES,
    UNAUTHORISED_CODES,
    Absence,
    CodeError,
    Group,
    Session,
    check_code_for_session,
    lookup,
)

# The reference table attendance-codes-2024.csv, written out independently of the loader:
# code -> (group, counts as possible, counts as attended, absence).
EXPECTED = {
    "/": ("present", True, True, ""),
    "\\": ("present", True, True, ""),
    "L": ("present", True, True, ""),
    "K": ("approved_activity", True, True, ""),
    "V": ("approved_activity", True, True, ""),
    "P": ("approved_activity", True, True, ""),
    "W": ("approved_activity", True, True, ""),
    "B": ("approved_activity", True, True, ""),
    "D": ("not_counted", False, False, ""),
    "C1": ("leave_of_absence", True, False, "authorised"),
    "M": ("leave_of_absence", True, False, "authorised"),
    "J1": ("leave_of_absence", True, False, "authorised"),
    "S": ("leave_of_absence", True, False, "authorised"),
    "X": ("not_counted", False, False, ""),
    "C2": ("leave_of_absence", True, False, "authorised"),
    "C": ("leave_of_absence", True, False, "authorised"),
    "T": ("other_authorised", True, False, "authorised"),
    "R": ("other_authorised", True, False, "authorised"),
    "I": ("other_authorised", True, False, "authorised"),
    "E": ("other_authorised", True, False, "authorised"),
    "Q": ("unavoidable_cause", False, False, ""),
    "Y1": ("unavoidable_cause", False, False, ""),
    "Y2": ("unavoidable_cause", False, False, ""),
    "Y3": ("unavoidable_cause", False, False, ""),
    "Y4": ("unavoidable_cause", False, False, ""),
    "Y5": ("unavoidable_cause", False, False, ""),
    "Y6": ("unavoidable_cause", False, False, ""),
    "Y7": ("unavoidable_cause", False, False, ""),
    "G": ("unauthorised", True, False, "unauthorised"),
    "N": ("unauthorised", True, False, "unauthorised"),
    "O": ("unauthorised", True, False, "unauthorised"),
    "U": ("unauthorised", True, False, "unauthorised"),
    "Z": ("administrative", False, False, ""),
    "#": ("administrative", False, False, ""),
}

NOT_POSSIBLE = ["D", "X", "Q", "Y1", "Y2", "Y3", "Y4", "Y5", "Y6", "Y7", "Z", "#"]


def test_the_loaded_code_set_is_exactly_the_2024_codes() -> None:
    assert set(CODES) == set(EXPECTED)


@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_each_code_loads_with_its_group_and_statistical_effect(code: str) -> None:
    group, possible, attended, absence = EXPECTED[code]
    loaded = lookup(code)
    assert loaded.code == code
    assert loaded.meaning
    assert loaded.group is Group(group)
    assert loaded.counts_as_possible is possible
    assert loaded.counts_as_attended is attended
    assert loaded.absence is Absence(absence)
    assert loaded.is_absence is (absence != "")


def test_late_counts_as_attended() -> None:
    late = lookup("L")
    assert late.counts_as_possible and late.counts_as_attended and not late.is_absence


def test_arrived_after_register_closed_is_unauthorised_absence() -> None:
    after = lookup("U")
    assert after.counts_as_possible and not after.counts_as_attended
    assert after.absence is Absence.UNAUTHORISED


@pytest.mark.parametrize("code", ["K", "V", "P", "W", "B"])
def test_approved_educational_activity_counts_as_attended_not_absent(code: str) -> None:
    found = lookup(code)
    assert found.counts_as_possible and found.counts_as_attended
    assert found.absence is Absence.NONE


@pytest.mark.parametrize("code", ["C2", "J1"])
def test_part_time_timetable_and_interview_are_authorised_absence(code: str) -> None:
    found = lookup(code)
    assert found.counts_as_possible and not found.counts_as_attended
    assert found.absence is Absence.AUTHORISED


@pytest.mark.parametrize("code", NOT_POSSIBLE)
def test_not_possible_codes_are_outside_the_denominator(code: str) -> None:
    found = lookup(code)
    assert not found.counts_as_possible
    assert not found.counts_as_attended
    assert not found.is_absence


def test_unauthorised_codes_are_g_n_o_u() -> None:
    assert frozenset({"G", "N", "O", "U"}) == UNAUTHORISED_CODES


@pytest.mark.parametrize(
    ("code", "replacement"),
    [("H", "G"), ("J", "J1"), ("Y", "Y1 to Y7"), ("F", "G")],
)
def test_retired_codes_are_rejected_naming_the_replacement(code: str, replacement: str) -> None:
    with pytest.raises(CodeError, match="retired") as raised:
        lookup(code)
    assert replacement in str(raised.value)


def test_retired_single_y_names_q_as_a_replacement_too() -> None:
    with pytest.raises(CodeError) as raised:
        lookup("Y")
    assert "Q" in str(raised.value)


@pytest.mark.parametrize("code", ["H", "J", "Y", "F"])
def test_retired_codes_are_not_in_the_current_set(code: str) -> None:
    assert code not in CODES
    assert code in RETIRED_CODES


def test_retired_code_typed_in_lower_case_is_still_explained_as_retired() -> None:
    with pytest.raises(CodeError, match="retired"):
        lookup("h")


def test_c_is_the_current_exceptional_leave_code_not_the_old_performance_code() -> None:
    """Old C (performances) became C1; today's C is leave in exceptional circumstances."""
    assert lookup("C").absence is Absence.AUTHORISED
    assert "exceptional" in lookup("C").meaning.lower()
    assert "performance" in lookup("C1").meaning.lower()


@pytest.mark.parametrize("blank", ["", " ", "\t"])
def test_a_blank_is_not_a_code(blank: str) -> None:
    with pytest.raises(CodeError, match="blank"):
        lookup(blank)


@pytest.mark.parametrize("unknown", ["ZZ", "A", "Y8", "1"])
def test_unknown_codes_are_rejected(unknown: str) -> None:
    with pytest.raises(CodeError, match="not an attendance code"):
        lookup(unknown)


def test_code_error_is_a_value_error() -> None:
    assert issubclass(CodeError, ValueError)


def test_morning_present_mark_is_refused_in_the_afternoon() -> None:
    with pytest.raises(CodeError):
        check_code_for_session("/", Session.PM)


def test_afternoon_present_mark_is_refused_in_the_morning() -> None:
    with pytest.raises(CodeError):
        check_code_for_session("\\", Session.AM)


@pytest.mark.parametrize(("session", "mark"), [(Session.AM, "/"), (Session.PM, "\\")])
def test_each_present_mark_is_accepted_in_its_own_session(session: Session, mark: str) -> None:
    assert check_code_for_session(mark, session).code == mark
    assert PRESENT_MARK[session] == mark


@pytest.mark.parametrize("session", list(Session))
@pytest.mark.parametrize("code", ["L", "U", "N", "I", "D", "#", "C2"])
def test_other_codes_are_accepted_in_either_session(code: str, session: Session) -> None:
    assert check_code_for_session(code, session).code == code


@pytest.mark.parametrize("session", list(Session))
def test_session_check_still_rejects_retired_codes(session: Session) -> None:
    with pytest.raises(CodeError, match="retired"):
        check_code_for_session("H", session)


def test_lookup_trims_spaces_around_a_valid_code() -> None:
    assert lookup(" L ").code == "L"


def test_lookup_of_lower_case_names_the_upper_case_code() -> None:
    with pytest.raises(CodeError, match="upper case: 'L'"):
        lookup("l")
