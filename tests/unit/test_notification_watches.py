"""Children missing education (10 school days, no contact, no whereabouts; seed 001 §9.2) and an
EHCP learner below the concern band."""

from __future__ import annotations

from desktop_app.domain.followup import Contact
from desktop_app.domain.notification_watches import (
    CHILDREN_MISSING_EDUCATION,
    EHCP_BELOW_BAND,
    children_missing_education,
    ehcp_below_band,
)
from desktop_app.domain.thresholds import DEFAULTS, Thresholds
from tests.unit.helpers import AM, PM, d, learner, make_calendar, marks_for

CAL = make_calendar()
UPN = "A123456789012"
# School days from Monday 8 September 2025; the 10th is Friday 19 September.
RUN = CAL.school_days(d("2025-09-08"), d("2025-09-30"))
YEAR = d("2025-09-01")


def test_nine_days_absent_without_contact_is_not_yet_missing_education() -> None:
    assert children_missing_education(UPN, RUN[:9], [], DEFAULTS) is None


def test_the_tenth_day_absent_without_contact_is_missing_education() -> None:
    alert = children_missing_education(UPN, RUN[:10], [], DEFAULTS)
    assert alert is not None
    assert (alert.kind, alert.date) == (CHILDREN_MISSING_EDUCATION, d("2025-09-19"))
    assert "no contact and no known whereabouts" in alert.detail


def test_the_alert_keeps_the_day_it_arose_as_the_absence_goes_on() -> None:
    alert = children_missing_education(UPN, RUN[:13], [], DEFAULTS)
    assert alert is not None and alert.date == d("2025-09-19")
    assert alert.id == children_missing_education(UPN, RUN[:10], [], DEFAULTS).id  # type: ignore[union-attr]


def test_contact_from_home_during_the_absence_means_it_is_not_missing_education() -> None:
    spoke = Contact(d("2025-09-15"), "phone_call", "spoke")
    assert children_missing_education(UPN, RUN[:10], [spoke], DEFAULTS) is None


def test_a_sighting_on_a_visit_means_whereabouts_are_known() -> None:
    seen = Contact(d("2025-09-10"), "home_visit", "seen_safe", "professional")
    assert children_missing_education(UPN, RUN[:10], [seen], DEFAULTS) is None


def test_unanswered_calls_and_contact_before_the_absence_do_not_count() -> None:
    calls = [
        Contact(d("2025-09-09"), "phone_call", "no_answer"),
        Contact(d("2025-09-05"), "phone_call", "spoke"),
        Contact(d("2025-09-12"), "phone_call", "spoke", "professional"),
    ]
    assert children_missing_education(UPN, RUN[:10], calls, DEFAULTS) is not None


def test_the_missing_education_days_are_a_setting() -> None:
    assert children_missing_education(UPN, RUN[:5], [], Thresholds({"missing_education_days": 5}))


# --- EHCP learner below the concern band ----------------------------------------------------

SEPT = CAL.school_days(d("2025-09-03"), d("2025-09-30"))  # 20 school days, 40 sessions


def attended_all_but(absent_sessions: int) -> dict:
    marks = {**marks_for(SEPT, "/", [AM]), **marks_for(SEPT, "\\", [PM])}
    for day in SEPT[len(SEPT) - absent_sessions :]:
        marks[(day, AM)] = "O"
    return marks


def test_ehcp_learner_at_exactly_90_percent_is_not_below_the_band() -> None:
    register = learner(attended_all_but(4), start=d("2025-09-03"))  # 36 of 40: 90%
    assert ehcp_below_band(register, CAL, YEAR, d("2025-09-30"), YEAR, DEFAULTS) is None


def test_ehcp_learner_just_below_90_percent_is_an_alert_from_the_day_it_fell() -> None:
    register = learner(attended_all_but(5), start=d("2025-09-03"))  # 35 of 40: 87.5%
    alert = ehcp_below_band(register, CAL, YEAR, d("2025-09-30"), YEAR, DEFAULTS)
    assert alert is not None
    assert alert.kind == EHCP_BELOW_BAND
    assert "87.5%" in alert.detail
    # Absent the mornings of 24-30 Sep: 33 of 36 (91.7%) on Fri 26, 34 of 38 (89.5%) on Mon 29.
    assert alert.date == d("2025-09-29")


def test_the_band_is_judged_from_when_the_ehcp_was_recorded() -> None:
    register = learner(attended_all_but(5), start=d("2025-09-03"))
    alert = ehcp_below_band(register, CAL, YEAR, d("2025-09-30"), d("2025-09-30"), DEFAULTS)
    assert alert is not None and alert.date == d("2025-09-30")


def test_a_learner_without_an_ehcp_gets_no_alert() -> None:
    register = learner(attended_all_but(10), start=d("2025-09-03"))
    assert ehcp_below_band(register, CAL, YEAR, d("2025-09-30"), None, DEFAULTS) is None
