"""The learner panel's Chronology tab: one time-ordered list of what happened, filtered by kind
and dates, saved or printed as an OFFICIAL-SENSITIVE PDF.

Read when the tab is first shown (each reading is audited by the service), and again when the
dates change or case work, contacts, marks or risk change for the learner. The kind boxes filter
what is read; printing asks the service again for exactly what is ticked, audited as a print.
The DSL and the director see every kind; the attendance officer the attendance entries."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain import casework as cases
from desktop_app.domain.chronology import Entry
from desktop_app.domain.permissions import Action, allowed
from desktop_app.reports.chronology_pdf import KIND_WORDS, chronology_pdf
from desktop_app.reports.progress import NO_PROGRESS
from desktop_app.services.chronology import Chronology, chronology
from desktop_app.views.common import operations, paper
from desktop_app.views.common.changes import Change
from desktop_app.views.common.context import AppContext
from desktop_app.views.common.rows_model import RowsModel
from desktop_app.views.common.widgets import button, text_label

WHEN, WHAT, SUMMARY, BY = range(4)
#: The kinds in the order the boxes show them.
ORDER = ("absence", "contact", "letter", "sending", "plan", "plan_review", "meeting",
         "escalation", "request", "referral", "rag", "risk_assessment", "absconding")  # fmt: skip


class EntriesModel(RowsModel[Entry]):
    HEADERS = ("Date", "What", "Entry", "By")

    def cell(self, entry: Entry, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            values = (
                f"{entry.on:%a} {entry.on.day} {entry.on:%b %Y}",
                KIND_WORDS.get(entry.kind, entry.kind),
                entry.summary,
                entry.by or "–",
            )
            return values[column]
        if role == Qt.ItemDataRole.ToolTipRole and column == SUMMARY:
            return entry.summary
        return None


def kinds_for(ctx: AppContext) -> list[str]:
    """The kinds this person may see, in display order."""
    shown = (
        cases.ALL_KINDS if allowed(ctx.user.role, Action.SAFEGUARDING) else cases.ATTENDANCE_KINDS
    )
    return [k for k in ORDER if k in shown]


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _day(box: QDateEdit) -> date:
    chosen = box.date()
    return date(chosen.year(), chosen.month(), chosen.day())


class ChronologyTab(QWidget):
    def __init__(self, ctx: AppContext, learner_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx, self.learner_id = ctx, learner_id
        self.found: Chronology | None = None
        self.loader = operations.Loader(self)
        today = ctx.clock().date()
        self.start = self._date_box(today - timedelta(days=365))
        self.end = self._date_box(today)
        self.boxes: dict[str, QCheckBox] = {}
        self.model = EntriesModel(self)
        self.table = self._table()
        self.count = text_label("", "muted")
        self.status = text_label("", "muted")
        self.save_button = button("Save PDF…")
        self.save_button.clicked.connect(self.save_pdf)
        self.print_button = button("Print…", primary=True)
        self.print_button.clicked.connect(self.print_pdf)
        self._lay_out()
        self.stale = True  # read when first shown: each reading is audited
        bus = ctx.changes
        for signal in (bus.sig_casework_changed, bus.sig_contacts_changed, bus.sig_marks_changed,
                       bus.sig_risk_changed, bus.sig_incidents_changed):  # fmt: skip
            signal.connect(self._heard)

    def _date_box(self, day: date) -> QDateEdit:
        box = QDateEdit(_qdate(day))
        box.setCalendarPopup(True)
        box.setDisplayFormat("d MMM yyyy")
        box.editingFinished.connect(self._dates_changed)
        return box

    def _table(self) -> QTableView:
        table = QTableView(self)
        table.setModel(self.model)
        table.setAlternatingRowColors(True)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setWordWrap(True)
        table.verticalHeader().hide()
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(SUMMARY, QHeaderView.ResizeMode.Stretch)
        return table

    def _lay_out(self) -> None:
        dates = QHBoxLayout()
        dates.addWidget(text_label("From"))
        dates.addWidget(self.start)
        dates.addWidget(text_label("to"))
        dates.addWidget(self.end)
        dates.addStretch(1)
        dates.addWidget(self.save_button)
        dates.addWidget(self.print_button)
        grid = QGridLayout()
        for n, kind in enumerate(kinds_for(self._ctx)):
            box = QCheckBox(KIND_WORDS.get(kind, kind))
            box.setChecked(True)
            box.toggled.connect(self._filter)
            self.boxes[kind] = box
            grid.addWidget(box, n // 7, n % 7)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 8)
        layout.addLayout(dates)
        layout.addLayout(grid)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)
        layout.addWidget(self.status)

    def chosen_kinds(self) -> frozenset[str]:
        return frozenset(kind for kind, box in self.boxes.items() if box.isChecked())

    def _heard(self, change: Change) -> None:
        if change.touches_learner(self.learner_id):
            self.refresh()

    def refresh(self) -> None:
        """Read again now if showing, else when next shown."""
        self.stale = not self.isVisible()
        if not self.stale:
            self.reload()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.stale:
            self.stale = False
            self.reload()

    def _dates_changed(self) -> None:
        if self.isVisible():
            self.reload()

    def reload(self) -> None:
        """Read the whole chronology for the dates (audited); the boxes filter what shows."""
        ctx, learner_id = self._ctx, self.learner_id
        start, end = _day(self.start), _day(self.end)
        self.loader.load(
            "chronology", lambda: chronology(ctx.db, ctx.user, learner_id, start, end),
            self._loaded, self.status.setText,
        )  # fmt: skip

    def _loaded(self, found: Chronology) -> None:
        self.found = found
        self.status.setText("")
        self._filter()

    def _filter(self) -> None:
        if self.found is None:
            return
        kinds = self.chosen_kinds()
        rows = [e for e in self.found.entries if e.kind in kinds]
        self.model.set_rows(rows)
        self.table.resizeRowsToContents()
        self.count.setText(f"{len(rows)} entries, oldest first.")

    def file_name(self) -> str:
        name = self.found.name.replace(" ", "-") if self.found else "learner"
        return f"chronology-{name}-{self._ctx.clock():%Y-%m-%d}.pdf"

    def save_pdf(self) -> None:
        chosen = paper.ask_save_path(
            self, "Save the chronology", self.file_name(), paper.PDF_FILTER
        )
        if chosen is not None and self.write(chosen):
            paper.remember(chosen)
            self.status.setText(paper.open_file(chosen) or f"Saved at {chosen}.")

    def print_pdf(self) -> None:
        path = paper.print_path(self.file_name())
        if self.write(path):
            self.status.setText(paper.print_file(self, path) or f"Not printed. Saved at {path}.")

    def write(self, path: Path) -> bool:
        """Ask the service for what is ticked (audited as a print) and write the PDF."""
        ctx, learner_id = self._ctx, self.learner_id
        start, end, kinds = _day(self.start), _day(self.end), self.chosen_kinds()
        outcome = operations.run(
            ctx, lambda: chronology(ctx.db, ctx.user, learner_id, start, end, kinds, True),
            show=operations.to_status(self.status.setText, "Not printed: "),
        )  # fmt: skip
        if not outcome or outcome.value is None:
            return False
        try:
            chronology_pdf(outcome.value, path, NO_PROGRESS)
        except OSError as error:  # a full disk, or a folder that cannot be written to
            self.status.setText(f"The chronology was not saved: {error}")
            return False
        return True
