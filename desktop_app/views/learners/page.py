"""The Learners page: a searchable, sortable list; Enter or a double-click opens the panel."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.permissions import Action, allowed
from desktop_app.domain.stats import format_percent
from desktop_app.services.learner_list import LearnerListRow, learner_list
from desktop_app.views.common.context import AppContext
from desktop_app.views.learners.form import LearnerFormDialog
from desktop_app.views.learners.widgets import RAG_COLOURS
from desktop_app.views.common.rows_model import SORT_ROLE, RowsModel, sorted_table
from desktop_app.views.common.widgets import button, text_label

if TYPE_CHECKING:
    from desktop_app.views.learners.panel import StartIncident

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
            return QColor("#ffffff")
        if role == Qt.ItemDataRole.ForegroundRole and column == 6 and item.contacts < 2:
            return QColor("#b42318")
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
    """Who is on roll: type to search, click a heading to sort, Enter to open."""

    def __init__(self, ctx: AppContext, start_incident: StartIncident | None = None) -> None:
        super().__init__()
        self.ctx, self._start_incident = ctx, start_incident
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
        self.refresh()

    def _bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        bar.addWidget(self.search, 1)
        bar.addWidget(self.show_left)
        if allowed(self.ctx.user.role, Action.MANAGE_LEARNERS):
            self.add_button = button("Add learner…", primary=True)
            self.add_button.clicked.connect(self.add_learner)
            bar.addWidget(self.add_button)
        return bar

    def refresh(self) -> None:
        rows = learner_list(
            self.ctx.db, self.ctx.user, self.ctx.clock().date(), self.show_left.isChecked()
        )
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

    def open_learner(self, learner_id: int) -> None:
        from desktop_app.views.learners.panel import open_learner_panel  # a heavy window: on demand

        window = open_learner_panel(self, self.ctx, learner_id, self._start_incident)
        window.changed.connect(self.refresh, Qt.ConnectionType.UniqueConnection)

    def add_learner(self) -> None:
        dialog = LearnerFormDialog(self.ctx, None, self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.learner_id is not None:
            self.refresh()
            self.open_learner(dialog.learner_id)
