"""Every threshold the watches use, declared once with its default and where it comes from.

The rules read their numbers from a `Thresholds` (the defaults here, or values a director has
changed); nothing else in the code writes these numbers down. Each entry is shaped so it can be
kept as a setting in the database: a key, an integer default, the policy it comes from, a sentence
saying what it means, and the smallest value that makes sense.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Threshold:
    """One configurable number a rule uses."""

    key: str
    default: int
    source: str
    description: str
    minimum: int = 1


_ALL = (
    Threshold(
        "penalty_sessions",
        10,
        "DfE national framework (2024); seeds 002, 003",
        "Sessions of unauthorised absence within the rolling window that reach the "
        "penalty-notice threshold",
    ),
    Threshold(
        "penalty_weeks",
        10,
        "DfE national framework (2024)",
        "School weeks in the penalty-notice rolling window",
    ),
    Threshold(
        "unauthorised_run_days",
        10,
        "Pupil Registration Regulations 2024; seed 001 §9.2",
        "Continuous school days of unauthorised absence after which the local authority is told",
    ),
    Threshold(
        "illness_sessions",
        30,
        "seeds 002 and 003 (15 days of illness)",
        "Sessions of illness in the academic year after which the home school or local "
        "authority is told",
    ),
    Threshold(
        "n_resolve_school_days",
        5,
        "Pupil Registration Regulations 2024",
        "School days within which an N must be replaced with a proper code",
    ),
    Threshold(
        "missing_education_days",
        10,
        "seed 001 §9.2",
        "School days of absence with no contact and no known whereabouts before a children "
        "missing education referral",
    ),
    Threshold(
        "lateness_marks",
        5,
        "seed 001 §4.5",
        "Late marks (L or U) in one half-term that make persistent lateness",
    ),
    Threshold(
        "illness_evidence_days",
        5,
        "seeds 001 §5.3.2, 002 and 003",
        "Medical evidence is asked for when illness lasts longer than this many consecutive "
        "school days",
    ),
    Threshold(
        "illness_evidence_spells",
        3,
        "seed 001 §5.3.3",
        "Separate illness absences in one half-term after which medical evidence is asked for",
        minimum=2,
    ),
    Threshold(
        "ehcp_concern_percent",
        90,
        "seed 003 (below 90%: significant concern)",
        "Attendance this academic year below which an EHCP learner's local authority is told",
        minimum=0,
    ),
    Threshold(
        "reward_percent",
        94,
        "seed 004 (94 % and above rewarded)",
        "Attendance over a half-term at or above which a learner earns a recognition certificate",
        minimum=1,
    ),
    Threshold(
        "planned_absence_visit_days",
        5,
        "seed 001 §8.1",
        "Consecutive school days of planned or explained absence after which a home visit is due",
    ),
)

#: The registry, by key, in the order Settings shows them.
THRESHOLDS: dict[str, Threshold] = {t.key: t for t in _ALL}


@dataclass(frozen=True, slots=True)
class Thresholds:
    """The values in force: the registry's defaults, overridden by any saved ones."""

    saved: Mapping[str, int] | None = None

    def __getitem__(self, key: str) -> int:
        if key not in THRESHOLDS:
            raise KeyError(f"'{key}' is not a threshold")
        if self.saved is not None and key in self.saved:
            return self.saved[key]
        return THRESHOLDS[key].default

    def check(self, key: str, value: int) -> str | None:
        """Why `value` cannot be the threshold `key`, or None when it can."""
        threshold = THRESHOLDS.get(key)
        if threshold is None:
            return f"'{key}' is not a threshold"
        if value < threshold.minimum:
            return f"{threshold.description} cannot be below {threshold.minimum}"
        return None


DEFAULTS = Thresholds()
