"""The learner panel: one window that says how worried to be, who to ring, what the risks are
and what has been done. Opened from the Learners list or a register row."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import cast

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QCursor, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app import APP_NAME, palette
from desktop_app.domain.permissions import Action, allowed
from desktop_app.services.learner_panel import LearnerPanel, learner_panel
from desktop_app.services.learner_records import get_photo
from desktop_app.views.common import operations
from desktop_app.views.common.changes import Change
from desktop_app.views.common.context import AppContext
from desktop_app.views.common.unsaved import EditDialog
from desktop_app.views.common.widgets import button, text_label
from desktop_app.views.learners.casework_tab import CaseWorkTab
from desktop_app.views.learners.chronology_tab import ChronologyTab
from desktop_app.views.learners.contacts_tab import ContactsTab
from desktop_app.views.learners.form import LearnerFormDialog
from desktop_app.views.learners.log_tab import ContactLogTab
from desktop_app.views.learners.overview import OverviewTab
from desktop_app.views.learners.rag_tab import RagTab
from desktop_app.views.learners.widgets import badge, set_rag_chip, show_photo
from desktop_app.views.risk.tab import RiskAssessmentTab

#: Called with (parent, ctx, learner id) to start an absconding incident for this learner.
StartIncident = Callable[[QWidget, AppContext, int], object]
_open: dict[tuple[int, int], LearnerPanelWindow] = {}
#: Panels being read (off the GUI thread) before their window is made: a second Enter waits.
_opening: set[tuple[int, int]] = set()


@dataclass(frozen=True, slots=True)
class PanelRead:
    """What a panel shows, read together on the thread pool: the panel and the photo."""

    panel: LearnerPanel
    photo: bytes | None


def read_panel(ctx: AppContext, learner_id: int, today: date, audit: bool = True) -> PanelRead:
    """The learner's panel as at today, with their photo (opening it is audited)."""
    panel = learner_panel(ctx.db, ctx.user, learner_id, today, audit)
    photo = get_photo(ctx.db, ctx.user, learner_id) if panel.header.has_photo else None
    return PanelRead(panel, photo)


class PanelHeader(QWidget):
    """Photo, name, age, group, commissioner, the RAG chip and any flags."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.photo = QLabel()
        self.name = text_label("", "heading")
        self.meta = text_label("", "muted")
        self.commissioner = text_label("")
        self.chip = QLabel()
        self.reasons = text_label("", "muted")
        self.badges = QHBoxLayout()
        self.flag = text_label("", "formError")
        self.flag.setObjectName("flag")
        self.flag.setStyleSheet(
            f"background: {palette.ALARM_FILL}; color: {palette.BADGE_SA};"
            f" border: 1px solid {palette.RAG_RED}; padding: 6px;"
            " font-weight: 600;"
        )
        chips = QHBoxLayout()
        chips.addWidget(self.chip)
        chips.addLayout(self.badges)
        chips.addWidget(self.reasons, 1)
        text = QVBoxLayout()
        text.addWidget(self.name)
        text.addWidget(self.meta)
        text.addWidget(self.commissioner)
        text.addLayout(chips)
        text.addWidget(self.flag)
        text.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.photo, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(text, 1)

    def show_panel(self, panel: LearnerPanel, photo: bytes | None) -> None:
        head = panel.header
        show_photo(self.photo, photo, 120, 150)
        self.name.setText(f"{head.forename} {head.surname}")
        group = f" · {head.group}" if head.group else ""
        left = f" · left {head.leaving_date:%d/%m/%Y}" if head.leaving_date else ""
        self.meta.setText(
            f"Age {head.age} (born {head.date_of_birth:%d %b %Y}){group} · UPN {head.upn}{left}"
        )
        commissioner = head.commissioner
        self.commissioner.setText(
            f"Commissioner: {commissioner.name}"
            + (f" — {commissioner.contact_name}" if commissioner.contact_name else "")
            + (f", {commissioner.phone}" if commissioner.phone else "")
            if commissioner
            else "Commissioner: not recorded"
        )
        set_rag_chip(self.chip, panel.rag.result.rating.value)
        tip = "\n".join(panel.rag.result.reasons) if panel.rag.reasons_visible else ""
        if panel.rag.result.override:
            tip = f"Overridden by {panel.rag.result.override.by}\n{tip}"
        self.chip.setToolTip(tip)
        self.reasons.setText(_reasons_line(panel))
        self._badges(panel)
        flags = []
        if panel.rag.needs_assessment:
            flags.append("RED without a current risk assessment: one must be in place.")
        if panel.contacts_warning:
            flags.append(panel.contacts_warning + ".")
        self.flag.setText("\n".join(flags))
        self.flag.setVisible(bool(flags))

    def _badges(self, panel: LearnerPanel) -> None:
        while self.badges.count():
            item = self.badges.takeAt(0)
            if item is not None and (widget := item.widget()) is not None:
                widget.deleteLater()
        year = panel.attendance.year
        if year.severe_absence:
            self.badges.addWidget(badge("SA", "Severe absence this year"))
        elif year.persistent_absence:
            self.badges.addWidget(badge("PA", "Persistent absence this year"))
        if panel.header.marked_vulnerable:
            self.badges.addWidget(badge("V", "Marked vulnerable"))


def _reasons_line(panel: LearnerPanel) -> str:
    """'Child protection plan; Allocated social worker' (or why it was overridden)."""
    rag = panel.rag
    override = rag.result.override
    if override is not None:
        reason = f": {override.reason}" if rag.reasons_visible else ""
        return f"Set by {override.by} (computed {rag.result.computed.label}){reason}"
    if not rag.reasons_visible:
        return ""
    return "; ".join(rag.result.reasons) or "No RED or AMBER criteria"


def _start_incident(parent: QWidget, ctx: AppContext, learner_id: int) -> object:
    from desktop_app.views.absconding.desk import start_incident  # the timer, on demand

    return start_incident(parent, ctx, learner_id)


class LearnerPanelWindow(EditDialog):
    """A window per learner; reopening the same learner brings their window forward.

    It hears the change bus: marks, details, contacts and risk for this learner are read again
    (off the GUI thread) while it shows, or when it is next shown. Escape or closing it asks
    first if the risk assessment has unsaved edits."""

    def __init__(
        self,
        ctx: AppContext,
        learner_id: int,
        start_incident: StartIncident | None = None,
        parent: QWidget | None = None,
        read: PanelRead | None = None,
    ) -> None:
        """`read` is the panel already read (off the GUI thread, by open_learner_panel); without
        it the panel is read here."""
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.ctx, self.learner_id = ctx, learner_id
        self._start_incident = start_incident or _start_incident
        self.loader = operations.Loader(self)
        read = read or read_panel(ctx, learner_id, ctx.clock().date())
        self.panel, self._photo = read.panel, read.photo
        self.header = PanelHeader()
        self.tabs = QTabWidget()
        self.overview = OverviewTab(self.panel)
        self.tabs.addTab(self.overview, "&Overview")
        #: The other tabs are made when first shown (or looked up): opening the panel makes
        #: only what shows first.
        self._later: dict[str, tuple[QWidget, str, Callable[[], QWidget]]] = {}
        self._made: dict[str, QWidget] = {}
        self._add_later("contacts", "&Contacts", lambda: ContactsTab(ctx, self.panel))
        self._add_later("log", "Contact &log", lambda: ContactLogTab(ctx, self.panel))
        self._add_later("rag", "&RAG rating", lambda: RagTab(ctx, self.panel))
        if allowed(ctx.user.role, Action.SAFEGUARDING):
            self._add_later("risk", "Risk &assessment", lambda: RiskAssessmentTab(ctx, learner_id))
        self._add_later("casework", "Case &work", lambda: CaseWorkTab(ctx, learner_id))
        if allowed(ctx.user.role, Action.LOG_CONTACTS):
            self._add_later("chronology", "C&hronology", lambda: ChronologyTab(ctx, learner_id))
        self.tabs.currentChanged.connect(self._tab_shown)
        layout = QVBoxLayout(self)
        layout.addLayout(self._top())
        layout.addWidget(self.tabs, 1)
        QShortcut(QKeySequence.StandardKey.Refresh, self, self.reload)
        self.refresher = operations.Refresher(self, self.reload)
        self._listen()
        self.finished.connect(self._forget)
        self.resize(1040, 720)
        self._show()

    def _add_later(self, name: str, title: str, make: Callable[[], QWidget]) -> None:
        placeholder = QWidget()
        self._later[name] = (placeholder, title, make)
        self.tabs.addTab(placeholder, title)

    def _tab(self, name: str) -> QWidget | None:
        """The tab called name, made now (in its placeholder's place) if not yet made."""
        if name not in self._made and name in self._later:
            placeholder, title, make = self._later.pop(name)
            widget = make()
            index, current = self.tabs.indexOf(placeholder), self.tabs.currentIndex()
            blocked = self.tabs.blockSignals(True)
            self.tabs.removeTab(index)
            self.tabs.insertTab(index, widget, title)
            self.tabs.setCurrentIndex(current)
            self.tabs.blockSignals(blocked)
            placeholder.deleteLater()
            self._made[name] = widget
        return self._made.get(name)

    def _tab_shown(self, _index: int) -> None:
        shown = self.tabs.currentWidget()
        for name, (placeholder, _title, _make) in list(self._later.items()):
            if placeholder is shown:
                self._tab(name)

    @property
    def contacts(self) -> ContactsTab:
        return cast(ContactsTab, self._tab("contacts"))

    @property
    def log(self) -> ContactLogTab:
        return cast(ContactLogTab, self._tab("log"))

    @property
    def rag(self) -> RagTab:
        return cast(RagTab, self._tab("rag"))

    @property
    def risk(self) -> RiskAssessmentTab | None:
        return cast("RiskAssessmentTab | None", self._tab("risk"))

    @property
    def casework(self) -> CaseWorkTab:
        return cast(CaseWorkTab, self._tab("casework"))

    @property
    def chronology(self) -> ChronologyTab | None:
        return cast("ChronologyTab | None", self._tab("chronology"))

    def _listen(self) -> None:
        bus = self.ctx.changes
        for signal in (
            bus.sig_marks_changed,
            bus.sig_learners_changed,
            bus.sig_contacts_changed,
            bus.sig_risk_changed,
        ):
            signal.connect(self._heard)

    def _heard(self, change: Change) -> None:
        if change.touches_learner(self.learner_id):
            self.refresher.request()

    def _top(self) -> QHBoxLayout:
        top = QHBoxLayout()
        top.addWidget(self.header, 1)
        actions = QVBoxLayout()
        if allowed(self.ctx.user.role, Action.START_INCIDENT):
            self.left_site = button("Learner left site…")
            self.left_site.setStyleSheet(
                f"background: {palette.RAG_RED}; color: white; font-weight: 600;"
            )
            # Never the panel's default button: Enter in a list of the panel must not start an
            # incident (a second Enter would press "Start the clock").
            self.left_site.setAutoDefault(False)
            self.left_site.clicked.connect(self._left_site)
            actions.addWidget(self.left_site)
        if allowed(self.ctx.user.role, Action.MANAGE_LEARNERS):
            self.edit_button = button("Edit details…")
            self.edit_button.setAutoDefault(False)
            self.edit_button.clicked.connect(self.edit)
            actions.addWidget(self.edit_button)
        actions.addStretch(1)
        top.addLayout(actions)
        return top

    def _show(self) -> None:
        head = self.panel.header
        self.setWindowTitle(f"{head.forename} {head.surname} — {APP_NAME}")
        self.header.show_panel(self.panel, self._photo)

    def reload(self, audit: bool = False) -> None:
        """Read everything again (after a change here or elsewhere) and redisplay it.

        Reopening the learner is audited again; redisplaying after a change made here is not."""
        ctx, learner_id, today = self.ctx, self.learner_id, self.ctx.clock().date()
        self.loader.load(
            "panel",
            lambda: read_panel(ctx, learner_id, today, audit),
            self._loaded,
            self.header.reasons.setText,
        )

    def _loaded(self, read: PanelRead) -> None:
        self.panel, self._photo = read.panel, read.photo
        self._show()
        self.overview.show_panel(read.panel)
        for name in ("contacts", "log", "rag"):  # those made so far; the rest read self.panel
            made = self._made.get(name)
            if isinstance(made, ContactsTab | ContactLogTab | RagTab):
                made.show_panel(read.panel)

    def has_unsaved_edits(self) -> bool:
        risk = self._made.get("risk")  # a tab never shown has no edits
        return isinstance(risk, RiskAssessmentTab) and risk.dirty

    def edit(self) -> None:
        """The details form; once saved, the change bus brings the panel up to date."""
        self.details_dialog = LearnerFormDialog(self.ctx, self.learner_id, self)
        self.details_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.details_dialog.open()

    def _left_site(self) -> None:
        self._start_incident(self, self.ctx, self.learner_id)

    def _forget(self) -> None:
        """Closed (Escape, the close button): the next open makes a new window."""
        if _open.get((id(self.ctx.db), self.learner_id)) is self:
            del _open[(id(self.ctx.db), self.learner_id)]


def open_learner_panel(
    parent: QWidget | None,
    ctx: AppContext,
    learner_id: int,
    start_incident: StartIncident | None = None,
) -> LearnerPanelWindow | None:
    """Show the learner's panel. An open one is brought forward (and returned); otherwise the
    panel is read on the thread pool, with the wait cursor, and its window shown when the read
    is done (None is returned). A refusal (the learner was removed, the role may not) is said
    in a message box."""
    key = (id(ctx.db), learner_id)
    window = open_panel(ctx, learner_id)
    if window is not None:
        window.reload(audit=True)
        _bring_forward(window)
        return window
    if key in _opening:
        return None
    owner = QApplication.instance()
    assert owner is not None
    loader = operations.Loader(owner)  # outlives the page that asked
    _opening.add(key)
    QGuiApplication.setOverrideCursor(QCursor(Qt.CursorShape.BusyCursor))

    def done(read: PanelRead) -> None:
        _finish()
        made = LearnerPanelWindow(ctx, learner_id, start_incident, _alive(parent), read)
        _open[key] = made
        _bring_forward(made)

    def failed(message: str) -> None:
        _finish()
        box = QMessageBox(QMessageBox.Icon.Information, APP_NAME, "", parent=_alive(parent))
        box.setText(f"The panel cannot be opened. {message}")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def _finish() -> None:
        _opening.discard(key)
        QGuiApplication.restoreOverrideCursor()
        loader.deleteLater()

    today = ctx.clock().date()
    loader.load("panel", lambda: read_panel(ctx, learner_id, today), done, failed)
    return None


def open_panel(ctx: AppContext, learner_id: int) -> LearnerPanelWindow | None:
    """The learner's panel window if it is open (never opens one)."""
    window = _open.get((id(ctx.db), learner_id))
    if window is not None and not shiboken6.isValid(window):
        return None  # deleted with the page that opened it (signing out)
    return window


def panel_opening(ctx: AppContext, learner_id: int) -> bool:
    """Whether the learner's panel is being read, its window not made yet."""
    return (id(ctx.db), learner_id) in _opening


def _alive(widget: QWidget | None) -> QWidget | None:
    """The widget, unless it was deleted while the panel was read (its page closed)."""
    return widget if widget is not None and shiboken6.isValid(widget) else None


def _bring_forward(window: LearnerPanelWindow) -> None:
    window.show()
    window.raise_()
    window.activateWindow()
