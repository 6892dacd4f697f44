"""The Learners page: a searchable, sortable list; Enter or a double-click opens the panel."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_app import palette
from desktop_app.domain.permissions import Action, allowed
from desktop_app.domain.stats import format_percent
from desktop_app.services.learner_file import read_learner_file
from desktop_app.services.learner_list import LearnerListRow, learner_list
from desktop_app.views.common import operations
from desktop_app.views.common.changes import Change
from desktop_app.views.common.context import AppContext
from desktop_app.views.common.rows_model import SORT_ROLE, RowsModel, sorted_table
from desktop_app.views.common.widgets import button, text_label
from desktop_app.views.learners.form import LearnerFormDialog
from desktop_app.views.learners.import_dialog import LearnerImportDialog
from desktop_app.views.learners.widgets import RAG_COLOURS

if TYPE_CHECKING:
    from desktop_app.views.learners.panel import LearnerPanelWindow, StartIncident

RAG_ORDER = {"red": 0, "amber": 1, "green": 2}


class LearnersModel(RowsModel[LearnerListRow]):
    HEADERS = ("RAG", "Name", "UPN", "Group", "This term", "Absence", "Contacts")

    def cell(self, item: LearnerListRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(item, column)
        if role == SORT_ROLE:
            return self._sort_key(item, column)
        if role == Qt.ItemDataRole.BackgroundRole and column == 0:
            return QColor(RAG_COLOURS[item.rating])
        if role == Qt.ItemDataRole.ForegroundRole and column == 0:
            return QColor(palette.WHITE)
        if role == Qt.ItemDataRole.ForegroundRole and column == 6 and item.contacts < 2:
            return QColor(palette.ALARM)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (0, 4, 6):
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(item, column)
        return None

    @staticmethod
    def _text(item: LearnerListRow, column: int) -> str:
        if column == 0:
            return item.rating.upper() + (" !" if item.needs_assessment else "")
        if column == 5:
            return "SA" if item.severe else "PA" if item.persistent else ""
        values = (
            "",
            item.name + ("" if item.on_roll else " (not on roll)"),
            item.upn,
            item.group,
            format_percent(item.term_percent),
            "",
            str(item.contacts),
        )
        return values[column]

    @staticmethod
    def _sort_key(item: LearnerListRow, column: int) -> Any:
        keys = (
            RAG_ORDER[item.rating] * 2 + (0 if item.needs_assessment else 1),
            item.name.lower(),
            item.upn,
            item.group,
            -1 if item.term_percent is None else float(item.term_percent),
            2 if item.severe else 1 if item.persistent else 0,
            item.contacts,
        )
        return keys[column]

    @staticmethod
    def _tooltip(item: LearnerListRow, column: int) -> str | None:
        if column == 0 and item.needs_assessment:
            return "RED without a current risk assessment"
        if column == 5 and (item.severe or item.persistent):
            return "Severe absence this term" if item.severe else "Persistent absence this term"
        if column == 6 and item.contacts < 2:
            return "Fewer than two emergency contacts"
        return None


class LearnersPage(QWidget):
    """Who is on roll: type to search, click a heading to sort, Enter to open.

    The list is read off the GUI thread, again whenever marks, learners, contacts or risk
    change (at once if showing, else when next shown)."""

    def __init__(self, ctx: AppContext, start_incident: StartIncident | None = None) -> None:
        super().__init__()
        self.ctx, self._start_incident = ctx, start_incident
        self.loader = operations.Loader(self)
        self.model = LearnersModel(self)
        self.table: QTableView = sorted_table(self, self.model, 0, 1)
        self.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
        proxy = self.table.model()
        assert isinstance(proxy, QSortFilterProxyModel)
        self.proxy = proxy
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.table.doubleClicked.connect(self.open_index)
        self.table.activated.connect(self.open_index)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search by name, UPN or group")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.search.returnPressed.connect(self._open_first)
        QShortcut(QKeySequence.StandardKey.Find, self, self.search.setFocus)
        self.show_left = QCheckBox("Include learners who have left")
        self.show_left.toggled.connect(self.refresh)
        self.count = text_label("", "muted")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.addWidget(text_label("Learners", "heading"))
        layout.addLayout(self._bar())
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)
        self.refresher = operations.Refresher(self, self.refresh)
        bus = ctx.changes
        for signal in (
            bus.sig_marks_changed,
            bus.sig_learners_changed,
            bus.sig_contacts_changed,
            bus.sig_risk_changed,
        ):
            signal.connect(self._heard)
        self.refresh()

    def _heard(self, _change: Change) -> None:
        self.refresher.request()

    def _bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        bar.addWidget(self.search, 1)
        bar.addWidget(self.show_left)
        if allowed(self.ctx.user.role, Action.MANAGE_LEARNERS):
            self.import_button = button("Import from a file…")
            self.import_button.clicked.connect(self.import_from_file)
            bar.addWidget(self.import_button)
            self.add_button = button("Add learner…", primary=True)
            self.add_button.clicked.connect(self.add_learner)
            bar.addWidget(self.add_button)
        return bar

    def refresh(self) -> None:
        """Read the list again on the thread pool; shown when it arrives."""
        ctx, today, left = self.ctx, self.ctx.clock().date(), self.show_left.isChecked()
        if not self.model.rowCount():
            self.count.setText("Reading the learners…")
        self.loader.load(
            "learners",
            lambda: learner_list(ctx.db, ctx.user, today, left),
            self._show_rows,
            self.count.setText,
        )

    def _show_rows(self, rows: list[LearnerListRow]) -> None:
        self.model.set_rows(rows)
        flagged = sum(r.needs_assessment for r in rows)
        note = f" · {flagged} RED without a current risk assessment" if flagged else ""
        self.count.setText(f"{len(rows)} learners{note}")

    def open_index(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        row = self.proxy.mapToSource(index).row()
        self.open_learner(self.model.item(row).id)

    def _open_first(self) -> None:
        if self.proxy.rowCount():
            self.open_index(self.proxy.index(0, 0))

    def open_learner(self, learner_id: int) -> LearnerPanelWindow | None:
        """The panel (brought forward if open; otherwise shown once read, and None returned)."""
        from desktop_app.views.learners.panel import open_learner_panel  # a heavy window: on demand

        return open_learner_panel(self, self.ctx, learner_id, self._start_incident)

    def add_learner(self) -> None:
        """The details form; once saved the list hears of it and the new learner's panel opens."""
        self.add_dialog = LearnerFormDialog(self.ctx, None, self)
        self.add_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.add_dialog.accepted.connect(self._added)
        self.add_dialog.open()

    def _added(self) -> None:
        if self.add_dialog.learner_id is not None:
            self.open_learner(self.add_dialog.learner_id)

    # Importing -------------------------------------------------------------------------------

    def open_part(self, part: str) -> None:
        """The set-up checklist's "Learners" step opens the import."""
        if part == "import" and allowed(self.ctx.user.role, Action.MANAGE_LEARNERS):
            self.import_from_file()

    def choose_file(self) -> str:
        """A CSV file picked in the system's dialog ("" if cancelled). Tests replace this."""
        return QFileDialog.getOpenFileName(self, "Import learners", "", "CSV files (*.csv)")[0]

    def import_from_file(self) -> None:
        """Pick a CSV, then match, preview and check it in the import dialog."""
        chosen = self.choose_file()
        if not chosen:
            return
        outcome = operations.run(
            self.ctx,
            lambda: read_learner_file(Path(chosen)),
            show=operations.to_status(self.count.setText, "Not imported: "),
        )
        if outcome.value is None:
            return
        self.import_dialog = LearnerImportDialog(self.ctx, outcome.value, self)
        self.import_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.import_dialog.accepted.connect(self._imported)
        self.import_dialog.open()

    def _imported(self) -> None:
        self.count.setText(f"Imported {self.import_dialog.imported} learners.")
