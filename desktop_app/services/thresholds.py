"""The provision's thresholds: the values in force (the registry's defaults, overridden by what
the director saved), and changing one (audited, like every row)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.domain.permissions import Action
from desktop_app.domain.stats import Bands
from desktop_app.domain.thresholds import BAND_KEYS, THRESHOLDS, Threshold, Thresholds
from desktop_app.models import ProvisionThreshold
from desktop_app.models.engine import Database
from desktop_app.services.auth import StaffUser, actor, require
from desktop_app.services.errors import Problem, ValidationFailed
from desktop_app.services.settings_version import claim_settings, settings_version
from desktop_app.services.tx import in_transaction


@dataclass(frozen=True, slots=True)
class ThresholdValue:
    """One threshold as Settings shows it: the registry's entry and the value in force."""

    threshold: Threshold
    value: int

    @property
    def changed(self) -> bool:
        return self.value != self.threshold.default


@in_transaction
def thresholds_in(session: Session) -> Thresholds:
    """The values in force, inside the caller's session (every rule reads these)."""
    saved = {r.key: r.value for r in session.scalars(select(ProvisionThreshold))}
    return Thresholds({k: v for k, v in saved.items() if k in THRESHOLDS})


@in_transaction
def bands_in(session: Session) -> Bands:
    """The attendance bands in force."""
    values = thresholds_in(session)
    return Bands.of(*(values[k] for k in BAND_KEYS))


def provision_thresholds(db: Database, user: StaffUser) -> list[ThresholdValue]:
    """Every threshold in the registry's order with the value in force."""
    require(user, Action.VIEW_STATISTICS)
    with db.reading() as session:
        values = thresholds_in(session)
    return [ThresholdValue(t, values[t.key]) for t in THRESHOLDS.values()]


@dataclass(frozen=True, slots=True)
class ThresholdsToEdit:
    """What Settings › Thresholds shows, and the settings' version it passes back on Save."""

    values: list[ThresholdValue]
    version: int


def thresholds_to_edit(db: Database, user: StaffUser) -> ThresholdsToEdit:
    """Every threshold with the value in force, read with the settings' version."""
    require(user, Action.MANAGE_SETTINGS)
    with db.reading() as session:
        values = thresholds_in(session)
        version = settings_version(session)
    return ThresholdsToEdit(
        [ThresholdValue(t, values[t.key]) for t in THRESHOLDS.values()], version
    )


def set_threshold(
    db: Database, user: StaffUser, key: str, value: int, version: int | None = None
) -> ThresholdValue:
    """Change one threshold; it applies at once to every rule that reads it."""
    set_thresholds(db, user, {key: value}, version)
    return ThresholdValue(THRESHOLDS[key], value)


def set_thresholds(
    db: Database, user: StaffUser, changes: Mapping[str, int], version: int | None
) -> None:
    """Change several thresholds at once, all or none. `version` is the settings' version the
    screen read (None: the command line); a save since is refused (StaleWrite)."""
    require(user, Action.MANAGE_SETTINGS)
    with db.transaction(actor(user)) as session:
        after = thresholds_in(session)
        for key, value in changes.items():
            after = after.with_value(key, value) if key in THRESHOLDS else after
        problems = [
            Problem(problem, field=key)
            for key, value in changes.items()
            if (problem := after.check(key, value))
        ]
        if problems:
            raise ValidationFailed(problems)
        claim_settings(session, version)
        for key, value in changes.items():
            row = session.get(ProvisionThreshold, key)
            if row is None:
                session.add(ProvisionThreshold(key=key, value=value))
            else:
                row.value = value
