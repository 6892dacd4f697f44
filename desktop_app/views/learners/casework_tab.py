"""The learner panel's Case work tab: the live support plan and its progress against the
register, the escalation stage, meetings, referrals (DSL and director only) and requests.

A tutor sees the plan's targets only. Every change is made through a dialog (casework_dialogs,
request_dialogs) that announces a CASEWORK change; the tab hears it (and marks changes, which
move the plan's figure) and reads the case file again off the GUI thread. A chosen request
offers its next step: a leave request still waiting is decided, a running part-time timetable
reviewed (Enter on the row does whichever it needs)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.permissions import Action, allowed
from desktop_app.services.case_file import CaseFile, MeetingRow, ReferralRow, case_file
from desktop_app.services.casework import PlanView, complete_plan_action
from desktop_app.views.common import operations, paper
from desktop_app.views.common.changes import Change, Kind
from desktop_app.views.common.context import AppContext
from desktop_app.views.common.widgets import button, text_label
from desktop_app.views.learners import casework_dialogs as dialogs
from desktop_app.views.learners import request_dialogs as requests
from desktop_app.views.learners.request_actions import RequestActions, request_text

NO_PLAN = "No support plan is open."
NO_STAGE = "Not in the staged process."


def day_text(day: date | None) -> str:
    return f"{day.day} {day:%b %Y}" if day else "–"


def pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f} %"


def plan_line(plan: PlanView) -> str:
    """'From 78 % to 90 % by 19 Dec 2025; since 3 Nov 2025: 84.2 %'."""
    return (
        f"Attendance from {plan.start_pct:g} % to {plan.target_pct:g} % by "
        f"{day_text(plan.target_by)}; since {day_text(plan.started_on)}: {pct(plan.now_pct)}"
    )


def bar_value(progress: float | None) -> int:
    """The bar from the start figure (0) to the target (100); below the start shows empty."""
    if progress is None:
        return 0
    return max(0, min(100, round(progress * 100)))


class FitList(QListWidget):
    """A list as tall as its (wrapped) rows, so the tab reads down like a page."""

    def __init__(self) -> None:
        super().__init__()
        self.setWordWrap(True)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            _fit(self)


def _list() -> QListWidget:
    return FitList()


def _item(text: str, data: object = None) -> QListWidgetItem:
    item = QListWidgetItem(text)
    item.setData(Qt.ItemDataRole.UserRole, data)
    return item


class CaseWorkTab(QWidget):
    """The case file for one learner, with a button for each record it keeps."""

    def __init__(self, ctx: AppContext, learner_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx, self.learner_id = ctx, learner_id
        role = ctx.user.role
        self.may_act = allowed(role, Action.LOG_CONTACTS)
        self.may_refer = allowed(role, Action.SAFEGUARDING)
        self.file: CaseFile | None = None
        self.dialog: QDialog | None = None  # the one open now, for tests
        self.loader = operations.Loader(self)
        self.status = text_label("", "muted")
        body = QWidget()
        self.column = QVBoxLayout(body)
        self.column.setSpacing(10)
        self._plan_box()
        if self.may_act:
            self._stage_box()
            self._meetings_box()
            if self.may_refer:
                self._referrals_box()
            self._requests_box()
        self.column.addStretch(1)
        self.scroll_area = scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 4)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.status)
        self.stale = False
        ctx.changes.sig_casework_changed.connect(self._heard)
        ctx.changes.sig_marks_changed.connect(self._heard)
        self.reload()

    # --- building ----------------------------------------------------------------------------

    def _group(self, title: str, buttons: list[tuple[str, Callable[[], object]]]) -> QVBoxLayout:
        box = QGroupBox(title)
        inner = QVBoxLayout(box)
        if buttons and self.may_act:
            row = QHBoxLayout()
            row.addStretch(1)
            for text, slot in buttons:
                widget = button(text)
                widget.clicked.connect(slot)
                setattr(self, _attr(text), widget)
                row.addWidget(widget)
            inner.addLayout(row)
        self.column.addWidget(box)
        return inner

    def _plan_box(self) -> None:
        inner = self._group(
            "Support plan",
            [("Start a plan…", self.start_plan), ("Add an action…", self.add_action),
             ("Record agreement…", self.agree), ("Review…", self.review)],
        )  # fmt: skip
        self.plan_text = text_label(NO_PLAN)
        self.bar = QProgressBar()
        self.bar.setRange(0, 100)
        self.bar.setFormat("%p % of the way to the target")
        self.targets = text_label("", "muted")
        self.agreement = text_label("", "muted")
        self.safeguarding = text_label("", "muted")
        self.action_list = _list()
        self.action_list.itemChanged.connect(self._ticked)
        self.reviews = _list()
        for widget in (self.plan_text, self.bar, self.targets, self.agreement, self.safeguarding):
            inner.addWidget(widget)
        if self.may_act:
            inner.addWidget(text_label("Actions (tick when done)", "subheading"))
            inner.addWidget(self.action_list)
            inner.addWidget(text_label("Reviews", "subheading"))
            inner.addWidget(self.reviews)

    def _stage_box(self) -> None:
        inner = self._group("Escalation stage", [("Move to stage…", self.move_stage)])
        self.stage_text = text_label(NO_STAGE)
        self.stages = _list()
        inner.addWidget(self.stage_text)
        inner.addWidget(self.stages)

    def _meetings_box(self) -> None:
        inner = self._group(
            "Meetings",
            [("Record a meeting…", self.add_meeting), ("Invitation letter…", self.invite)],
        )
        self.meetings = _list()
        inner.addWidget(self.meetings)

    def _referrals_box(self) -> None:
        inner = self._group(
            "Referrals (DSL and director only)",
            [("Record a referral…", self.add_referral), ("Follow up…", self.follow_up)],
        )
        self.referrals = _list()
        inner.addWidget(self.referrals)

    def _requests_box(self) -> None:
        inner = self._group(
            "Requests",
            [("Leave of absence…", lambda: self._open(requests.LeaveDialog)),
             ("Home education…", lambda: self._open(requests.HomeEducationDialog)),
             ("Part-time timetable…", lambda: self._open(requests.PartTimeDialog)),
             ("Leaving the roll…", lambda: self._open(requests.LeavingDialog))],
        )  # fmt: skip
        self.requests = _list()
        inner.addWidget(self.requests)
        self.request_actions = RequestActions(
            self.requests, self._open, self.status.setText, lambda: self._ctx.clock().date()
        )
        inner.addLayout(self.request_actions.row)
        self.record_the_decision_button = self.request_actions.decide_button
        self.record_a_review_button = self.request_actions.review_button
        self.requests.currentItemChanged.connect(lambda *_: self._in_view())

    def _in_view(self) -> None:
        """Choosing a request from the keyboard scrolls its buttons (below the list) into view."""
        if self.requests.hasFocus():
            self.scroll_area.ensureWidgetVisible(self.record_a_review_button, 0, 12)

    # --- reading -----------------------------------------------------------------------------

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

    def reload(self) -> None:
        ctx, learner_id, today = self._ctx, self.learner_id, self._ctx.clock().date()
        self.loader.load(
            "case", lambda: case_file(ctx.db, ctx.user, learner_id, today), self.show_file,
            self.status.setText,
        )  # fmt: skip

    def show_file(self, found: CaseFile) -> None:
        self.file = found
        self._show_plan(found.plan)
        if not self.may_act:
            return
        stage = found.stage
        self.stage_text.setText(
            f"{stage.label} since {day_text(stage.on)} ({stage.by}): {stage.reason}"
            if stage else NO_STAGE
        )  # fmt: skip
        _fill(self.stages, [(f"{day_text(s.on)}  {s.label} — {s.reason} ({s.by})", None)
                            for s in found.stages])  # fmt: skip
        _fill(self.meetings, [(_meeting_text(m), m) for m in found.meetings])
        if self.may_refer and found.referrals is not None:
            _fill(self.referrals, [(_referral_text(r), r) for r in found.referrals])
        chosen = self.request_actions.chosen()
        _fill(self.requests, [(request_text(r), r) for r in found.requests])
        self.request_actions.keep(chosen, found.requests)  # the same request stays chosen

    def _show_plan(self, plan: PlanView | None) -> None:
        self.bar.setVisible(plan is not None)
        if plan is None:
            self.plan_text.setText(NO_PLAN)
            for label in (self.targets, self.agreement, self.safeguarding):
                label.setText("")
            self.action_list.clear()
            self.reviews.clear()
            return
        self.plan_text.setText(plan_line(plan))
        self.bar.setValue(bar_value(plan.progress))
        self.bar.setToolTip(f"From {plan.start_pct:g} % (start) to {plan.target_pct:g} % (target)")
        self.targets.setText(f"Targets: {plan.targets}" if plan.targets else "")
        agreed = [
            f"Parent/carer agreed: {plan.parent_agreed or 'not yet'}",
            f"Commissioner agreed: {plan.commissioner_agreed or 'not yet'}",
            f"Next review: {day_text(plan.next_review_on)}",
        ]
        self.agreement.setText("  ·  ".join(agreed) if self.may_act else "")
        self.safeguarding.setText(f"Safeguarding: {plan.safeguarding}" if plan.safeguarding else "")
        self.action_list.blockSignals(True)
        self.action_list.clear()
        for action in plan.actions:
            done = f" — done {day_text(action.done_on)}" if action.done_on else ""
            item = _item(f"{action.action} ({action.owner}, by {day_text(action.due_on)}){done}",
                         action.id)  # fmt: skip
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if action.done_on else Qt.CheckState.Unchecked)
            if action.done_on:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsUserCheckable)
            self.action_list.addItem(item)
        self.action_list.blockSignals(False)
        _fit(self.action_list)
        _fill(self.reviews, [(f"{day_text(r.reviewed_on)}  {pct(r.attendance_pct)}: {r.outcome} "
                              f"({r.by})", None) for r in plan.reviews])  # fmt: skip

    # --- acting ------------------------------------------------------------------------------

    def _open(self, make: Callable[..., QDialog], *args: object) -> QDialog:
        dialog = make(self._ctx, self.learner_id, *args, self)
        dialog.accepted.connect(lambda: self.status.setText("Saved."))
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = dialog
        dialog.open()
        return dialog

    def _plan_id(self) -> int | None:
        plan = self.file.plan if self.file else None
        if plan is None:
            self.status.setText("Start a support plan first.")
        return plan.id if plan else None

    def start_plan(self) -> None:
        plan = self.file.plan if self.file else None
        now = plan.now_pct if plan else None
        self._open(dialogs.PlanDialog, now, self.may_refer)

    def add_action(self) -> None:
        if (plan_id := self._plan_id()) is not None:
            self._open(dialogs.ActionDialog, plan_id)

    def agree(self) -> None:
        if (plan_id := self._plan_id()) is not None:
            self._open(dialogs.AgreementDialog, plan_id)

    def review(self) -> None:
        if (plan_id := self._plan_id()) is not None:
            self._open(dialogs.ReviewDialog, plan_id)

    def _ticked(self, item: QListWidgetItem) -> None:
        if item.checkState() != Qt.CheckState.Checked:
            return
        ctx, action_id = self._ctx, int(item.data(Qt.ItemDataRole.UserRole))
        operations.run(
            ctx, lambda: complete_plan_action(ctx.db, ctx.user, action_id, ctx.clock().date()),
            show=operations.to_status(self.status.setText, "Not saved: "),
            changed=[Change.of(Kind.CASEWORK, learner_ids=[self.learner_id])],
        )  # fmt: skip

    def move_stage(self) -> None:
        stage = self.file.stage if self.file else None
        self._open(dialogs.StageDialog, stage.stage if stage else None)

    def add_meeting(self) -> None:
        self._open(dialogs.MeetingDialog)

    def invite(self) -> None:
        meeting = _chosen(self.meetings)
        if not isinstance(meeting, MeetingRow):
            self.status.setText("Choose the meeting to invite the family to.")
            return
        folder = paper.made(paper.start_folder())
        dialog = self._open(dialogs.MeetingLetterDialog, meeting, folder)
        assert isinstance(dialog, dialogs.MeetingLetterDialog)
        dialog.accepted.connect(lambda: self._written(dialog))

    def _written(self, dialog: dialogs.MeetingLetterDialog) -> None:
        if dialog.written is not None:
            self.status.setText(paper.open_file(dialog.written) or f"Saved at {dialog.written}.")

    def add_referral(self) -> None:
        self._open(dialogs.ReferralDialog)

    def follow_up(self) -> None:
        referral = _chosen(self.referrals)
        if not isinstance(referral, ReferralRow) or not referral.made:
            self.status.setText("Choose a referral that was made to follow it up.")
            return
        self._open(dialogs.FollowUpDialog, referral)


def _attr(text: str) -> str:
    """'Move to stage…' -> 'move_to_stage_button'."""
    words = "".join(c if c.isalnum() else " " for c in text.lower()).split()
    return "_".join(words) + "_button"


def _fill(widget: QListWidget, rows: list[tuple[str, object]]) -> None:
    widget.clear()
    for text, data in rows:
        widget.addItem(_item(text, data))
    if not rows:
        empty = _item("None recorded.")
        empty.setFlags(Qt.ItemFlag.NoItemFlags)
        widget.addItem(empty)
    _fit(widget)


def _fit(widget: QListWidget) -> None:
    """As tall as its rows (a line for an empty list), so the tab reads down like a page."""
    metrics, width = widget.fontMetrics(), max(widget.viewport().width() - 30, 200)
    wrap = int(Qt.TextFlag.TextWordWrap)
    rows = sum(
        metrics.boundingRect(QRect(0, 0, width, 10_000), wrap, widget.item(n).text()).height() + 4
        for n in range(widget.count())
    )
    line = metrics.lineSpacing() + 6
    widget.setFixedHeight(max(rows, line) + 2 * widget.frameWidth() + 4)


def _chosen(widget: QListWidget) -> object:
    item = widget.currentItem()
    return None if item is None else item.data(Qt.ItemDataRole.UserRole)


def _meeting_text(meeting: MeetingRow) -> str:
    outcome = f": {meeting.outcome}" if meeting.outcome else " (to be held)"
    nxt = f"; next {day_text(meeting.next_on)}" if meeting.next_on else ""
    letters = f"; {meeting.letters} letter(s) filed" if meeting.letters else ""
    said = f"{meeting.label} with {meeting.attendees}{outcome}"
    return f"{day_text(meeting.held_on)}  {said}{nxt}{letters}"


def _referral_text(referral: ReferralRow) -> str:
    if not referral.made:
        return (
            f"{day_text(referral.on)}  {referral.label}: considered, not made — "
            f"{referral.not_made_because} ({referral.by})"
        )
    follow = f"; follow up {day_text(referral.follow_up_on)}" if referral.follow_up_on else ""
    outcome = f"; {referral.outcome}" if referral.outcome else ""
    said = f"{referral.label}: {referral.reason} ({referral.by})"
    return f"{day_text(referral.on)}  {said}{outcome}{follow}"
