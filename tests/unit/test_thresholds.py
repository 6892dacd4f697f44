"""The threshold registry: one default per rule, read by the watches, overridable by settings."""

from __future__ import annotations

from datetime import date

import pytest

from desktop_app.domain.thresholds import DEFAULTS, THRESHOLDS, Thresholds
from desktop_app.domain.watches import MISSING_REGISTER, UNRESOLVED_N, Alert, WatchSettings


def test_every_threshold_names_its_source_and_meaning() -> None:
    for key, threshold in THRESHOLDS.items():
        assert threshold.key == key
        assert threshold.source and threshold.description
        assert threshold.default >= threshold.minimum


@pytest.mark.parametrize(
    ("key", "default"),
    [
        ("missing_education_days", 10),
        ("lateness_marks", 5),
        ("illness_evidence_days", 5),
        ("illness_evidence_spells", 3),
        ("penalty_sessions", 10),
        ("unauthorised_run_days", 10),
        ("illness_sessions", 30),
    ],
)
def test_defaults_are_the_policies_numbers(key: str, default: int) -> None:
    assert DEFAULTS[key] == default


def test_saved_values_override_the_defaults_and_unknown_keys_are_refused() -> None:
    values = Thresholds({"lateness_marks": 6})
    assert values["lateness_marks"] == 6
    assert values["illness_evidence_spells"] == 3
    with pytest.raises(KeyError):
        values["no_such_threshold"]
    assert values.check("lateness_marks", 0) is not None
    assert values.check("lateness_marks", 1) is None


def test_the_statutory_watches_read_the_registry() -> None:
    assert WatchSettings() == WatchSettings.of(DEFAULTS)
    assert WatchSettings.of(Thresholds({"penalty_sessions": 12})).penalty_sessions == 12


def test_an_alert_id_is_stable_and_tells_conditions_apart() -> None:
    day = date(2025, 9, 8)
    first = Alert(day, MISSING_REGISTER, "A123456789012", "AM register not taken", "AM")
    again = Alert(day, MISSING_REGISTER, "A123456789012", "worded differently", "AM")
    assert first.id == again.id  # the detail's wording is not part of it
    assert first.id != Alert(day, MISSING_REGISTER, "A123456789012", "", "PM").id
    assert first.id != Alert(date(2025, 9, 9), MISSING_REGISTER, "A123456789012", "", "AM").id
    assert first.id != Alert(day, UNRESOLVED_N, "A123456789012", "", "AM").id
