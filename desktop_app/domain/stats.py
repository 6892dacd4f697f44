"""Attendance statistics for a set of marks, by the DfE's counting rules."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from desktop_app.domain.codes import CODES, Absence


@dataclass(frozen=True, slots=True)
class Summary:
    """Counts of sessions and the thresholds they cross."""

    possible: int = 0
    attended: int = 0
    authorised: int = 0
    unauthorised: int = 0
    late: int = 0
    late_after_close: int = 0

    @property
    def absent(self) -> int:
        return self.authorised + self.unauthorised

    @property
    def attendance_percent(self) -> Decimal | None:
        """Attendance as a percentage rounded to 2 places; None when nothing was possible."""
        if self.possible == 0:
            return None
        exact = Decimal(100 * self.attended) / Decimal(self.possible)
        return exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    @property
    def persistent_absence(self) -> bool:
        """Absent for 10% or more of possible sessions, compared in integers."""
        return self.possible > 0 and 10 * self.absent >= self.possible

    @property
    def severe_absence(self) -> bool:
        """Absent for 50% or more of possible sessions, compared in integers."""
        return self.possible > 0 and 2 * self.absent >= self.possible

    def __add__(self, other: Summary) -> Summary:
        return Summary(
            possible=self.possible + other.possible,
            attended=self.attended + other.attended,
            authorised=self.authorised + other.authorised,
            unauthorised=self.unauthorised + other.unauthorised,
            late=self.late + other.late,
            late_after_close=self.late_after_close + other.late_after_close,
        )


def summarise_counts(counts: Mapping[str, int]) -> Summary:
    """Summarise a mapping of code to number of sessions. Unknown codes raise KeyError."""
    possible = attended = authorised = unauthorised = 0
    for code, n in counts.items():
        info = CODES[code]
        if not info.counts_as_possible:
            continue
        possible += n
        if info.counts_as_attended:
            attended += n
        elif info.absence is Absence.AUTHORISED:
            authorised += n
        elif info.absence is Absence.UNAUTHORISED:
            unauthorised += n
    return Summary(
        possible=possible,
        attended=attended,
        authorised=authorised,
        unauthorised=unauthorised,
        late=counts.get("L", 0),
        late_after_close=counts.get("U", 0),
    )


def summarise(codes: Iterable[str]) -> Summary:
    """Summarise a sequence of recorded codes (one per marked session)."""
    return summarise_counts(Counter(codes))


def total(summaries: Iterable[Summary]) -> Summary:
    """Provision totals: sums of counts, so the percentage is total attended over total possible."""
    result = Summary()
    for item in summaries:
        result = result + item
    return result


def format_percent(value: Decimal | None) -> str:
    """Show a percentage to one decimal place, or an en dash when undefined."""
    return "–" if value is None else f"{value:.1f}%"


# Attendance bands used in letters and the learner panel (configurable in Settings). The seed
# policy's bands overlap at 95 ("100-95" and "94-95.9"); 95 exactly is read as no concern, matching
# its "rewards for 95%+".
@dataclass(frozen=True, slots=True)
class Bands:
    """Lower bounds of each band, in percent, compared exactly (never on a rounded figure)."""

    no_concern: Decimal = Decimal("95")
    upper_amber: Decimal = Decimal("94")
    lower_amber: Decimal = Decimal("90")

    @classmethod
    def of(cls, no_concern: int, upper_amber: int, lower_amber: int) -> Bands:
        """The bands from the provision's thresholds (domain/thresholds.py, BAND_KEYS)."""
        return cls(Decimal(no_concern), Decimal(upper_amber), Decimal(lower_amber))

    def band(self, summary: Summary) -> str:
        """Name the band for a summary's exact attendance; '' when nothing was possible."""
        if summary.possible == 0:
            return ""
        attended = Decimal(100 * summary.attended)
        if attended >= self.no_concern * summary.possible:
            return "no concern"
        if attended >= self.upper_amber * summary.possible:
            return "upper amber"
        if attended >= self.lower_amber * summary.possible:
            return "lower amber"
        return "significant concern"
