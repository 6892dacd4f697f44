"""The register's dialogs: an amendment's reason, a late arrival, a cell's history, a pattern."""

from __future__ import annotations

from datetime import datetime, time

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
from desktop_app.domain.mark_rule import MAX_MINUTES_LATE
from desktop_app.domain.sessions import Arrival, SessionTimes, arrival_mark, open_minutes
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


def late_from_text(text: str, times: SessionTimes) -> Arrival | None:
    """'09:12' (arrival time) or '12' (minutes late) as L or U with minutes; None if neither."""
    text = text.strip().replace(".", ":")
    if ":" in text:
        try:
            arrived = time.fromisoformat(text if len(text) > 4 else "0" + text)
        except ValueError:
            return None
        result = arrival_mark(times, arrived)
        return result if result.code else None
    if not (text.isascii() and text.isdigit()) or not 0 < int(text) <= MAX_MINUTES_LATE:
        return None
    code = "L" if int(text) < open_minutes(times) else "U"
    return Arrival(code, int(text))


class LateDialog(QDialog):
    """Asks when a late learner arrived: a time (default now) or minutes late; Enter saves.

    The code follows the rule: L before the register closes, U after, with minutes late.
    """

    def __init__(
        self,
        learner: str,
        when: str,
        times: SessionTimes,
        now: time | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Late arrival")
        self._times = times
        self.arrival_edit = QLineEdit(self)
        self.arrival_edit.setAccessibleName("Arrived at, or minutes late")
        self.arrival_edit.setPlaceholderText("09:12, or 12 for 12 minutes late")
        self.result_label = text_label("", "subheading")
        self.buttons = _buttons(self, "Save")
        self.ok_button: QPushButton = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.arrival_edit.textChanged.connect(self._update)
        layout = QVBoxLayout(self)
        layout.addWidget(text_label(f"{learner}, {when}", "subheading"))
        start, close = f"{times.start:%H:%M}", f"{times.close:%H:%M}"
        layout.addWidget(
            text_label(
                f"Arrived at (a time), or minutes late. The session started at {start}; the "
                f"register closes at {close}: before then the mark is L, after it U.",
                "muted",
            )
        )
        layout.addWidget(self.arrival_edit)
        layout.addWidget(self.result_label)
        layout.addWidget(self.buttons)
        self.arrival_edit.setText(f"{now:%H:%M}" if now is not None else "")
        self.arrival_edit.selectAll()
        self._update()
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 70)

    @property
    def arrival(self) -> Arrival | None:
        """The code and minutes late typed, or None while what is typed is neither."""
        return late_from_text(self.arrival_edit.text(), self._times)

    def _update(self) -> None:
        found = self.arrival
        self.ok_button.setEnabled(found is not None)
        if found is None:
            self.result_label.setText("Type the arrival time (09:12) or minutes late (12)")
        elif found.code == "L":
            self.result_label.setText(f"L: {found.minutes_late} min late")
        else:
            self.result_label.setText(
                f"U: {found.minutes_late} min late, after the register closed "
                f"at {self._times.close:%H:%M}"
            )


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
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text_label(heading, "subheading"))
        if not entries:
            layout.addWidget(text_label("No mark has been recorded for this session.", "muted"))
        layout.addWidget(self.table)
        layout.addWidget(box)
        self._fit()

    def _fit(self) -> None:
        """Open wide and tall enough for every column and row (within the screen)."""
        table = self.table
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.resizeRowsToContents()
        columns = sum(table.horizontalHeader().sectionSize(c) for c in range(table.columnCount()))
        rows = sum(table.rowHeight(r) for r in range(table.rowCount()))
        frame = 2 * table.frameWidth()
        spare = table.verticalScrollBar().sizeHint().width()
        extra_width = self.sizeHint().width() - table.sizeHint().width()
        extra_height = self.sizeHint().height() - table.sizeHint().height()
        slack = 4 * self.fontMetrics().averageCharWidth()  # rounding in the header and style
        width = columns + frame + spare + max(extra_width, 0) + slack
        height = table.horizontalHeader().sizeHint().height() + rows + frame + spare
        height += max(extra_height, 0)
        screen = self.screen().availableGeometry()
        self.resize(min(width, screen.width() * 9 // 10), min(height, screen.height() * 8 // 10))
        table.horizontalHeader().setStretchLastSection(True)


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
