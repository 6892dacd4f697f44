"""The register's dialogs: a reason for an amendment, a cell's history, a learner's pattern."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.codes import CODES
from desktop_app.domain.codes import Session as RegisterSession
from desktop_app.services.marking import HistoryEntry
from desktop_app.services.patterns import WEEKDAYS, PatternEntry
from desktop_app.views.common.widgets import text_label

PATTERN_CHOICES = (
    ("None", ""),
    ("D: at the home school (dual registered)", "D"),
    ("C2: outside the part-time timetable", "C2"),
)


def describe(code: str) -> str:
    """'I: Illness (physical or mental health)'."""
    return f"{code}: {CODES[code].meaning}" if code in CODES else code


def _buttons(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    box.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


class ReasonDialog(QDialog):
    """Asks why a mark is changed after the register closed; OK needs a reason."""

    def __init__(
        self, learner: str, when: str, original: str, new: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Amend a closed register")
        self.reason_edit = QLineEdit(self)
        self.reason_edit.setPlaceholderText("e.g. Parent phoned at 10:15: GP appointment")
        self.buttons = _buttons(self, "Amend")
        self.ok_button: QPushButton = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setEnabled(False)
        self.reason_edit.textChanged.connect(self._check)
        layout = QVBoxLayout(self)
        layout.addWidget(text_label(f"{learner}, {when}", "subheading"))
        layout.addWidget(
            text_label(
                "The register for this session has closed, so this change is an amendment. "
                "The original mark is kept, with your name, your position and the reason.",
                "muted",
            )
        )
        self.original_label = text_label(f"Original mark: {describe(original)}")
        self.new_label = text_label(f"New mark: {describe(new)}")
        layout.addWidget(self.original_label)
        layout.addWidget(self.new_label)
        layout.addWidget(QLabel("Reason for the amendment (required):"))
        layout.addWidget(self.reason_edit)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 85)

    def _check(self, text: str) -> None:
        self.ok_button.setEnabled(bool(text.strip()))

    @property
    def reason(self) -> str:
        return self.reason_edit.text().strip()


def ask_reason(parent: QWidget, learner: str, when: str, original: str, new: str) -> str | None:
    """Show the reason dialog and wait; the reason, or None if cancelled."""
    dialog = ReasonDialog(learner, when, original, new, parent)
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    dialog.deleteLater()
    return dialog.reason if accepted and dialog.reason else None


def _when(moment: datetime) -> str:
    return f"{moment.astimezone():%a %d %b %Y %H:%M}"


def _kind(position: int, entry: HistoryEntry) -> str:
    if position == 0:
        return "First mark"
    return "Amendment (after close)" if entry.after_close else "Correction (before close)"


def _code(entry: HistoryEntry) -> str:
    late = f" ({entry.minutes_late} min late)" if entry.minutes_late is not None else ""
    return f"{entry.code}{late}"


HISTORY_COLUMNS = ("When", "Code", "By", "Position", "Reason", "Kind")


class HistoryDialog(QDialog):
    """A read-only table of a mark and every change to it, oldest first."""

    def __init__(self, heading: str, entries: list[HistoryEntry], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Mark history")
        self.table = QTableWidget(len(entries), len(HISTORY_COLUMNS), self)
        self.table.setHorizontalHeaderLabels(list(HISTORY_COLUMNS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        for row, entry in enumerate(entries):
            values = (
                _when(entry.recorded_at),
                _code(entry),
                entry.recorded_by,
                entry.position,
                entry.reason or "",
                _kind(row, entry),
            )
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text_label(heading, "subheading"))
        if not entries:
            layout.addWidget(text_label("No mark has been recorded for this session.", "muted"))
        layout.addWidget(self.table)
        layout.addWidget(box)
        metrics = self.fontMetrics()
        self.resize(metrics.averageCharWidth() * 110, metrics.height() * (len(entries) + 10))


class PatternDialog(QDialog):
    """A learner's weekly pattern: for each weekday session, none, D or C2."""

    def __init__(self, learner: str, entries: list[PatternEntry], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Planned pattern")
        self.combos: dict[tuple[int, RegisterSession], QComboBox] = {}
        grid = QGridLayout()
        for column, session in enumerate(RegisterSession, start=1):
            grid.addWidget(QLabel(f"<b>{session.value}</b>"), 0, column)
        for weekday, name in enumerate(WEEKDAYS):
            grid.addWidget(QLabel(name), weekday + 1, 0)
            for column, session in enumerate(RegisterSession, start=1):
                combo = QComboBox(self)
                for label, code in PATTERN_CHOICES:
                    combo.addItem(label, code)
                combo.setAccessibleName(f"{name} {session.value}")
                self.combos[(weekday, session)] = combo
                grid.addWidget(combo, weekday + 1, column)
        for entry in entries:
            self.choose(entry.weekday, entry.session, entry.code)
        layout = QVBoxLayout(self)
        layout.addWidget(text_label(learner, "subheading"))
        layout.addWidget(
            text_label(
                "Sessions known in advance are planned from tomorrow to the end of the last "
                "term. Marks someone has already entered by hand are kept.",
                "muted",
            )
        )
        layout.addLayout(grid)
        layout.addWidget(_buttons(self, "Save pattern"))

    def choose(self, weekday: int, session: RegisterSession, code: str) -> None:
        combo = self.combos[(weekday, session)]
        combo.setCurrentIndex(max(0, combo.findData(code)))

    def entries(self) -> list[PatternEntry]:
        """The chosen pattern, Monday AM first."""
        return [
            PatternEntry(weekday, session, combo.currentData())
            for (weekday, session), combo in sorted(self.combos.items())
            if combo.currentData()
        ]
