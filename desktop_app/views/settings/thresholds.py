"""Settings › Thresholds (director): every number the provision's rules use, with its default
and the policy it comes from; a change applies at once to every rule and screen."""

from __future__ import annotations

from functools import partial

from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop_app.services.errors import ServiceError, StaleWrite, ValidationFailed
from desktop_app.services.thresholds import ThresholdValue, set_thresholds, thresholds_to_edit
from desktop_app.views.common import operations
from desktop_app.views.common.changes import Change, Kind
from desktop_app.views.common.context import AppContext
from desktop_app.views.common.widgets import button, error_label, set_error, text_label

RULE = (
    "The provision's own figures: attendance bands, targets, and the points at which the "
    "watches raise an alert. Each shows its default and where it comes from. A change applies "
    "at once to every rule, alert and screen."
)


class ThresholdsPanel(QWidget):
    """One spin box per threshold (a list for a choice); Save writes the changed ones at once,
    passing back the settings' version it read: a save by someone else since is refused and
    their values are shown."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.boxes: dict[str, QSpinBox | QComboBox] = {}
        self.version: int | None = None
        self.errors: dict[str, QLabel] = {}
        self.shown: dict[str, int] = {}
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(14)
        self.grid.setColumnStretch(0, 1)
        self.save_button = button("Save", primary=True)
        self.save_button.clicked.connect(self.save)
        self.message = text_label("", "muted")
        holder = QWidget()
        holder.setLayout(self.grid)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(holder)
        row = QHBoxLayout()
        row.addWidget(self.save_button)
        row.addWidget(self.message, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addWidget(text_label(RULE, "muted"))
        layout.addWidget(scroll, 1)
        layout.addLayout(row)
        self.refresher = operations.Refresher(self, self.refresh)
        context.changes.sig_settings_changed.connect(self.refresher.request)
        self.refresh()

    def refresh(self) -> None:
        context = self._context
        outcome = operations.run(
            context,
            lambda: thresholds_to_edit(context.db, context.user),
            show=operations.to_status(self.message.setText),
        )
        if outcome.value is not None:
            self.version = outcome.value.version
            for index, value in enumerate(outcome.value.values):
                self._show(index, value)

    def _show(self, index: int, value: ThresholdValue) -> None:
        key = value.threshold.key
        if key not in self.boxes:
            box = _box(value)
            self.boxes[key], self.errors[key] = box, error_label()
            caption = text_label(value.threshold.description)
            caption.setBuddy(box)
            self.grid.addWidget(caption, index * 2, 0)
            self.grid.addWidget(box, index * 2, 1)
            self.grid.addWidget(text_label("", "muted"), index * 2, 2)
            self.grid.addWidget(self.errors[key], index * 2 + 1, 0, 1, 3)
        _set(self.boxes[key], value.value)
        self.shown[key] = value.value
        source = self.grid.itemAtPosition(index * 2, 2)
        label = source.widget() if source is not None else None
        if isinstance(label, QLabel):
            default = value.threshold.shown(value.threshold.default)
            label.setText(f"default {default} · {value.threshold.source}")

    def save(self) -> None:
        """Save every changed threshold at once; refused ones are shown under their boxes."""
        for label in self.errors.values():
            set_error(label, "")
        changed = {k: _get(b) for k, b in self.boxes.items() if _get(b) != self.shown[k]}
        if not changed:
            self.message.setText("Nothing changed.")
            return
        context = self._context
        outcome = operations.run(
            context,
            partial(set_thresholds, context.db, context.user, changed, self.version),
            show=self._refused,
            changed=[Change.of(Kind.SETTINGS)],
        )
        if not outcome:
            return
        self.refresh()
        self.message.setText(f"Saved {len(changed)} change(s); they apply from now on.")

    def _refused(self, error: ServiceError) -> None:
        message = operations.message_of(error)
        self.message.setText("")
        if isinstance(error, ValidationFailed):
            for problem in error.problems:
                if problem.field in self.errors:
                    set_error(self.errors[problem.field], problem.message)
            return
        if isinstance(error, StaleWrite):
            self.refresh()
        self.message.setText(message)


def _box(value: ThresholdValue) -> QSpinBox | QComboBox:
    """A list of the choices, or a spin box wider than allowed (a wrong number gets a message)."""
    if value.threshold.choices:
        combo = QComboBox()
        combo.addItems(list(value.threshold.choices))
        return combo
    box = QSpinBox()
    box.setRange(0, 999)
    return box


def _get(box: QSpinBox | QComboBox) -> int:
    return box.currentIndex() if isinstance(box, QComboBox) else box.value()


def _set(box: QSpinBox | QComboBox, value: int) -> None:
    if isinstance(box, QComboBox):
        box.setCurrentIndex(value)
    else:
        box.setValue(value)
