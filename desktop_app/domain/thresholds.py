"""Every threshold the watches use, declared once with its default and where it comes from.

The rules read their numbers from a `Thresholds` (the defaults here, or values a director has
changed); nothing else in the code writes these numbers down. Each entry is shaped so it can be
kept as a setting in the database: a key, an integer default, the policy it comes from, a sentence
saying what it means, and the smallest value that makes sense.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

#: The choices of `unauthorised_run_rule`, in the order of their stored values (0, 1).
CONTINUOUS = "continuous"
ACCUMULATED = "accumulated"


@dataclass(frozen=True, slots=True)
class Threshold:
    """One configurable number a rule uses."""

    key: str
    default: int
    source: str
    description: str
    minimum: int = 1
    #: For a choice rather than a number: the name of each value (0, 1, ...).
    choices: tuple[str, ...] = ()

    def shown(self, value: int) -> str:
        """The value as people read it: the choice's name, or the number."""
        return self.choices[value] if 0 <= value < len(self.choices) else str(value)

    def parse(self, text: str) -> int | None:
        """A typed value: a whole number, or the name of a choice; None if it is neither."""
        text = text.strip().lower()
        if text in self.choices:
            return self.choices.index(text)
        return int(text) if text.isascii() and text.isdigit() else None


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
        "School days of unauthorised absence after which the local authority is told",
    ),
    Threshold(
        "unauthorised_run_rule",
        0,
        "Pupil Registration Regulations 2024; the local authority's own rule",
        "Which school days of unauthorised absence count toward that notice: continuous "
        "days only, or also days accumulated over the academic year",
        minimum=0,
        choices=(CONTINUOUS, ACCUMULATED),
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
        "band_no_concern",
        95,
        "seed 003 appendix 2 (95–100: no concern)",
        "Attendance at or above which there is no concern (letters, the learner panel)",
    ),
    Threshold(
        "band_upper_amber",
        94,
        "seed 003 appendix 2 (94–95.9: upper amber)",
        "Attendance at or above which a learner is in the upper amber band",
    ),
    Threshold(
        "band_lower_amber",
        90,
        "seed 003 appendix 2 (90–93.9: lower amber; below 90 significant concern)",
        "Attendance at or above which a learner is in the lower amber band (below it: "
        "significant concern)",
    ),
    Threshold(
        "minimum_percent",
        85,
        "seed 000 (85 % minimum)",
        "The provision's minimum attendance figure",
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

    def choice(self, key: str) -> str:
        """The name of the choice in force for a choice threshold."""
        return THRESHOLDS[key].shown(self[key])

    def check(self, key: str, value: int) -> str | None:
        """Why `value` cannot be the threshold `key`, or None when it can."""
        threshold = THRESHOLDS.get(key)
        if threshold is None:
            return f"'{key}' is not a threshold"
        if threshold.choices and not 0 <= value < len(threshold.choices):
            return f"{threshold.key} is one of: {', '.join(threshold.choices)}"
        if value < threshold.minimum:
            return f"{threshold.description} cannot be below {threshold.minimum}"
        if key in PERCENTS and value > 100:
            return f"{threshold.description} is a percentage: 100 at most"
        return self._band_order(key, value)

    def _band_order(self, key: str, value: int) -> str | None:
        """The bands must stay in order: no concern above upper amber above lower amber."""
        if key not in BAND_KEYS:
            return None
        values = [value if k == key else self[k] for k in BAND_KEYS]
        if not values[0] > values[1] > values[2]:
            return "the bands must go down: no concern above upper amber above lower amber"
        return None

    def with_value(self, key: str, value: int) -> Thresholds:
        return Thresholds({**(self.saved or {}), key: value})


#: The attendance bands' lower bounds, highest first.
BAND_KEYS = ("band_no_concern", "band_upper_amber", "band_lower_amber")
PERCENTS = frozenset({*BAND_KEYS, "minimum_percent", "reward_percent", "ehcp_concern_percent"})


DEFAULTS = Thresholds()
