"""The learner panel's Contact log tab: what the current absence is owed, and every contact made.

Face-to-face contact (a home visit or video call) is due on the 1st day of an absence for RED and
every day after, every 3rd school day for AMBER and every 5th for GREEN; a safe-and-well check is
due by the 3rd day while nobody at home has been in touch (domain.md, "First-day response")."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desktop_app.domain.followup import FACE_TO_FACE_EVERY, FollowUp
from desktop_app.domain.permissions import Action, allowed
from desktop_app.domain.rag import Rating
from desktop_app.services.contact_log import LoggedContact
from desktop_app.services.learner_panel import LearnerPanel
from desktop_app.views.common.context import AppContext
from desktop_app.views.common.rows_model import SORT_ROLE, RowsModel, sorted_table
from desktop_app.views.common.widgets import button, text_label
from desktop_app.views.learners.log_dialog import LogContactDialog

WHEN, BY, METHOD, WITH_WHOM, OUTCOME, NOTES, SHARED = range(7)
NOT_FOR_YOU = (
    "The contact log is kept by the attendance officer, the DSL and the director; "
    "ask one of them what has been done."
)


def day_month(day: date) -> str:
    """'Thu 5 Nov'."""
    return f"{day:%a} {day.day} {day:%b}"


def rhythm(rating: Rating) -> str:
    """How often face-to-face contact is due for this rating, in words."""
    every = FACE_TO_FACE_EVERY[rating]
    often = (
        "on the first day of an absence and every day after"
        if every == 1
        else (f"every {_ordinal(every)} school day of an absence")
    )
    return f"Rated {rating.label}: face-to-face contact is due {often}."


def _ordinal(n: int) -> str:
    return f"{n}{'st' if n == 1 else 'nd' if n == 2 else 'rd' if n == 3 else 'th'}"


def owed(follow: FollowUp | None, today: date) -> list[tuple[str, bool]]:
    """The lines to show for the current absence, each with whether it is overdue."""
    if follow is None:
        return [("Not absent: nothing due.", False)]
    days = follow.days_absent
    lines = [
        (
            f"Absent since {day_month(follow.absent_since)} ({days} school day{'s' * (days != 1)})",
            False,
        ),
        _due(
            "Next face-to-face contact (home visit or video call) due:",
            follow.face_to_face_due,
            today,
        ),
    ]
    if follow.safe_and_well_due is not None:
        lines.append(
            _due(
                "No contact from home yet: safe-and-well check due by",
                follow.safe_and_well_due,
                today,
            )
        )
    return lines


def _due(what: str, day: date, today: date) -> tuple[str, bool]:
    if day < today:
        return f"{what} {day_month(day)} — overdue", True
    return f"{what} {day_month(day)}{' (today)' if day == today else ''}", False


class LogModel(RowsModel[LoggedContact]):
    """One row per logged contact, newest first as the service gives them."""

    HEADERS = ("When", "By", "Method", "With whom", "Outcome", "Notes", "For the commissioner")

    def cell(self, entry: LoggedContact, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return _display(entry, column)
        if role == SORT_ROLE:
            return entry.at.timestamp() if column == WHEN else _display(entry, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == NOTES:
            return entry.notes or None
        if role == Qt.ItemDataRole.ToolTipRole and column == SHARED:
            return "What the commissioner's daily summary shows; the notes are never shared"
        return None


def _display(entry: LoggedContact, column: int) -> str:
    local = entry.at.astimezone()
    values = (
        f"{local:%a} {local.day} {local:%b %Y}  {local:%H:%M}",
        entry.staff,
        entry.method_label,
        entry.with_whom,
        entry.outcome_label,
        entry.notes.replace("\n", " "),
        entry.commissioner_note.replace("\n", " "),
    )
    return values[column]


class ContactLogTab(QWidget):
    """What is owed for the current absence; the log; and a button to log a contact.

    Logging announces a CONTACTS change (the dialog does); the panel hears it and reloads."""

    def __init__(self, ctx: AppContext, panel: LearnerPanel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx, self._panel = ctx, panel
        self.may_log = allowed(ctx.user.role, Action.LOG_CONTACTS)
        self.dialog: QDialog | None = None  # the one open now, for tests
        self.rhythm = text_label("", "muted")
        self.owed_box = QVBoxLayout()
        self.owed_box.setSpacing(2)
        self.owed: list[QLabel] = []
        self.log_button = button("Log a contact…", primary=True)
        self.log_button.clicked.connect(self.open_log)
        self.note = text_label(NOT_FOR_YOU, "muted")
        self.status = text_label("", "muted")
        self.model = LogModel(self)
        self.table = sorted_table(self, self.model, WHEN, NOTES)
        self._lay_out()
        self.show_panel(panel)

    def _lay_out(self) -> None:
        bar = QHBoxLayout()
        bar.addWidget(text_label("Contacts made", "subheading"), 1)
        bar.addWidget(self.log_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 8)
        layout.setSpacing(8)
        layout.addWidget(text_label("This absence", "subheading"))
        layout.addLayout(self.owed_box)
        layout.addWidget(self.rhythm)
        layout.addSpacing(10)
        layout.addLayout(bar)
        layout.addWidget(self.note)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        self.log_button.setVisible(self.may_log)
        self.table.setVisible(self.may_log)
        self.note.setVisible(not self.may_log)

    def show_panel(self, panel: LearnerPanel) -> None:
        """Show this (freshly read) panel's follow-up and log."""
        self._panel = panel
        self._show_owed(owed(panel.follow_up, self._ctx.clock().date()))
        self.rhythm.setText(rhythm(panel.rag.result.rating))
        self.model.set_rows(panel.log or [])

    def _show_owed(self, lines: list[tuple[str, bool]]) -> None:
        for label in self.owed:
            self.owed_box.removeWidget(label)
            label.deleteLater()
        self.owed = [text_label(text, "fieldError" if late else None) for text, late in lines]
        for label in self.owed:
            if label.objectName() == "fieldError":
                font = label.font()
                font.setBold(True)
                label.setFont(font)
            self.owed_box.addWidget(label)

    def open_log(self) -> None:
        dialog = LogContactDialog(self._ctx, self._panel, self)
        dialog.accepted.connect(self._logged)
        if self.dialog is not None:
            self.dialog.deleteLater()  # finished with: one dialog at a time is held
        self.dialog = dialog
        dialog.open()

    def _logged(self) -> None:
        self.status.setText("Contact logged.")
