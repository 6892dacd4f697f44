"""The Today page: the morning's worklist in sections, acted on in place, kept live.

The worklist is read off the GUI thread (operations.Loader) and read again whenever marks,
contacts, incidents, risk, learners, the calendar, settings or acknowledgements change anywhere in
the app (the change bus), or when shown after such a change. `sig_counts_changed` carries the
number of items, for the count beside "Today" in the navigation.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.permissions import Action, allowed
from desktop_app.domain.watches import MISSING_REGISTER, UNRESOLVED_N
from desktop_app.domain.worklist import ABSENT_NOW
from desktop_app.services.acknowledgements import remind_register
from desktop_app.services.setup_progress import setup_progress
from desktop_app.services.worklist import Worklist, WorkRow, worklist
from desktop_app.views.common import labels, operations
from desktop_app.views.common.changes import Change, Kind
from desktop_app.views.common.context import AppContext
from desktop_app.views.common.widgets import button, text_label
from desktop_app.views.today.dialogs import AcknowledgeDialog, ContactDialog, ResolveDialog
from desktop_app.views.today.setup_checklist import SetupChecklist
from desktop_app.views.today.texts import TextsPanel
from desktop_app.views.today.worklist_model import GROUP, NAME, RAG, SINCE, WorklistModel

#: The kinds of data whose change may change the worklist.
LIVE = (
    Kind.MARKS,
    Kind.CONTACTS,
    Kind.INCIDENTS,
    Kind.SETTINGS,
    Kind.ALERTS,
    Kind.RISK,
    Kind.LEARNERS,
    Kind.CALENDAR,
    Kind.STAFF,
    Kind.GROUPS,
    Kind.CASEWORK,  # plan reviews, referral follow-ups, part-time reviews owed
)
#: Room for a section's title and a learner's name, a group, the chip and a date with its age.
COLUMN_WIDTHS = {NAME: 250, GROUP: 90, RAG: 70, SINCE: 190}


class TodayPage(QWidget):
    """Heading, date, the worklist with its actions, and the texts to send."""

    sig_counts_changed = Signal(int)
    sig_open_requested = Signal(str, str)  # a set-up step: page name and part (main window)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.current: Worklist | None = None
        self.model = WorklistModel(self)
        self.loader = operations.Loader(self)
        self.heading = text_label(context.provision_name, "heading")
        self.date_label = text_label("", "muted")
        self.summary = text_label("Checking the register…", "muted")
        self.status = text_label("", "muted")
        self.tree = self._make_tree()
        self.setFocusProxy(self.tree)  # the worklist takes the keys when the page is focused
        self.texts = TextsPanel(context, self.status.setText, self)
        self.dialog: QDialog | None = None
        self.checklist = SetupChecklist(self)
        self.checklist.sig_open_requested.connect(self.sig_open_requested)
        self.action_buttons = self._make_actions()
        self._lay_out()
        self.refresher = operations.Refresher(self, self.refresh)
        for kind in LIVE:
            context.changes.signal_for(kind).connect(self.refresher.request)  # type: ignore[attr-defined]
        self.refresh()

    # --- building ---------------------------------------------------------------------------

    def _make_tree(self) -> QTreeView:
        tree = QTreeView(self)
        tree.setModel(self.model)
        tree.setObjectName("worklist")
        tree.setUniformRowHeights(True)
        tree.setAlternatingRowColors(True)
        tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = tree.header()
        header.setStretchLastSection(True)
        for column, width in COLUMN_WIDTHS.items():
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        tree.doubleClicked.connect(self._open)
        tree.activated.connect(self._open)  # Enter, or a double-click where the style says so
        tree.selectionModel().currentChanged.connect(lambda *_: self._enable())
        return tree

    def _make_actions(self) -> dict[str, QPushButton]:
        found = {
            "open": button("Open learner"),
            "contact": button("Log contact…"),
            "resolve": button("Resolve N…"),
            "notify": button("Record notification…"),
            "acknowledge": button("Acknowledge…"),
            "remind": button("Remind"),
            "refresh": button("Refresh"),
        }
        found["open"].setToolTip("Open the learner's panel (Enter or double-click)")
        found["remind"].setToolTip("Log that the register's tutor was reminded to take it")
        found["refresh"].setShortcut("F5")
        found["open"].clicked.connect(lambda: self._open(self.tree.currentIndex()))
        found["contact"].clicked.connect(lambda: self._dialog(ContactDialog))
        found["resolve"].clicked.connect(lambda: self._dialog(ResolveDialog))
        found["notify"].clicked.connect(lambda: self._acknowledge(notify=True))
        found["acknowledge"].clicked.connect(lambda: self._acknowledge(notify=False))
        found["remind"].clicked.connect(self._remind)
        found["refresh"].clicked.connect(self.refresh)
        return found

    def _lay_out(self) -> None:
        bar = QHBoxLayout()
        for name, widget in self.action_buttons.items():
            if name == "refresh":
                bar.addStretch(1)
            bar.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 20)
        layout.setSpacing(8)
        layout.addWidget(self.heading)
        layout.addWidget(self.date_label)
        layout.addSpacing(10)
        layout.addWidget(self.checklist)
        layout.addWidget(self.summary)
        layout.addLayout(bar)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.texts)

    # --- reading ----------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the worklist again as at now, off the GUI thread."""
        ctx = self._context
        self.date_label.setText(labels.long_date(ctx.clock().date()))
        self.loader.load(
            "worklist", lambda: worklist(ctx.db, ctx.user, ctx.clock()), self._show, self._failed
        )
        if allowed(ctx.user.role, Action.MANAGE_SETTINGS) and self._setting_up:
            today = ctx.clock().date()
            self.loader.load(
                "setup",
                lambda: setup_progress(ctx.db, ctx.user, today),
                self.checklist.show_progress,
                lambda _message: self.checklist.hide(),  # an aid only: the worklist says more
            )

    @property
    def _setting_up(self) -> bool:
        """Until the checklist has once been complete (then it stays away for this window)."""
        progress = self.checklist.progress
        return progress is None or not progress.complete

    def _show(self, found: Worklist) -> None:
        selected = self.selected()
        self.current = found
        self.model.set_sections(list(found.sections))
        self.tree.expandAll()
        for section in range(self.model.rowCount()):  # a section's title runs across the row
            self.tree.setFirstColumnSpanned(section, QModelIndex(), True)
        self.summary.setObjectName("muted")
        self.summary.setText(_summary(found))
        self.summary.style().polish(self.summary)
        self.texts.show_texts(list(found.texts), found.closed)
        self._reselect(selected)
        self._enable()
        self.sig_counts_changed.emit(found.total)

    def _failed(self, message: str) -> None:
        self.summary.setObjectName("formError")
        self.summary.setText(f"Could not read the worklist: {message}")
        self.summary.style().polish(self.summary)

    def count(self) -> int:
        """How many items are on the list (for the navigation)."""
        return 0 if self.current is None else self.current.total

    def count_text(self) -> str:
        """'Today (12)': the navigation's label with the count."""
        return f"Today ({self.count()})" if self.count() else "Today"

    # --- acting -----------------------------------------------------------------------------

    def selected(self) -> WorkRow | None:
        return self.model.work_row(self.tree.currentIndex())

    def select(self, row: WorkRow) -> bool:
        """Make `row` current (tests and reselection after a refresh)."""
        for s in range(self.model.rowCount()):
            parent = self.model.index(s, 0)
            for r in range(self.model.rowCount(parent)):
                index = self.model.index(r, 0, parent)
                if self.model.work_row(index) == row:
                    self.tree.setCurrentIndex(index)
                    return True
        return False

    def _reselect(self, row: WorkRow | None) -> None:
        """The row that was current, or else the first row to act on, so keys work at once."""
        if row is not None and self.select(row):
            return
        first = next((r for s in self.model.sections() for r in s.rows), None)
        if first is None or not self.select(first):
            self.tree.setCurrentIndex(QModelIndex())

    def _enable(self) -> None:
        row = self.selected()
        learner = row is not None and row.learner_id is not None
        can_act = self._context.user.role.value != "tutor"
        self.action_buttons["open"].setEnabled(learner)
        self.action_buttons["contact"].setEnabled(learner and can_act)
        self.action_buttons["resolve"].setEnabled(
            row is not None and row.kind == UNRESOLVED_N and can_act
        )
        alert = row is not None and bool(row.alert_ids) and can_act
        self.action_buttons["notify"].setEnabled(
            alert and row is not None and row.kind != ABSENT_NOW
        )
        self.action_buttons["acknowledge"].setEnabled(alert)
        self.action_buttons["remind"].setEnabled(row is not None and row.kind == MISSING_REGISTER)

    def _open(self, index: QModelIndex) -> None:
        row = self.model.work_row(index)
        if row is None or row.learner_id is None:
            return
        from desktop_app.views.learners.panel import open_learner_panel  # a heavy window

        open_learner_panel(self, self._context, row.learner_id)

    def _dialog(self, kind: type[ContactDialog] | type[ResolveDialog]) -> None:
        row = self.selected()
        if row is not None:
            self.dialog = kind(self._context, row, self)
            self.dialog.open()

    def _acknowledge(self, notify: bool) -> None:
        row = self.selected()
        if row is not None:
            self.dialog = AcknowledgeDialog(self._context, row, notify, self)
            self.dialog.open()

    def _remind(self) -> None:
        row = self.selected()
        if row is None or row.day is None or row.session is None:
            return
        ctx, who = self._context, row.detail.partition("usually ")[2].partition(";")[0]
        day, name, group = row.day, row.session, row.group_id
        outcome = operations.run(
            ctx,
            lambda: remind_register(
                ctx.db, ctx.user, group, day, name, who, ctx.clock().astimezone()
            ),
            show=operations.to_status(self.status.setText, "Not logged: "),
            changed=[Change.of(Kind.ALERTS, dates=[day])],
        )
        if outcome:
            self.status.setText(f"Reminder for {row.title} logged.")


def _summary(found: Worklist) -> str:
    if found.total == 0:
        return "Nothing needs action: every register is taken and nothing is owed."
    parts = [f"{s.title.split(':')[0]} {len(s.rows)}" for s in found.sections if s.rows]
    text = f"{found.total} to act on. " + ", ".join(parts) + "."
    return f"{text} {found.tutor_note}".strip()
