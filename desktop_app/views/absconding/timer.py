"""The timer dialog: the time since the learner was last seen, what to do now, the checklist,
the timeline and the learner's brief.

The clock is worked out on every tick from the stored time last seen (never from when the
dialog opened), so after a crash and a restart it shows the true elapsed time. It reads as a
duration ("12 min 05 s"), never as a time of day. The dialog reloads when the change bus says
its incident changed (a step, a note, a correction, closing), wherever that was done.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from itertools import pairwise

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app import APP_NAME, palette
from desktop_app.domain import absconding as rules
from desktop_app.domain.absconding import Stage
from desktop_app.domain.permissions import Action, allowed
from desktop_app.reports.absconding_papers import VIEWED
from desktop_app.services.absconding_data import IncidentDetail
from desktop_app.services.absconding_queries import incident_detail
from desktop_app.services.audit import record_view
from desktop_app.services.errors import NotFound, PermissionDenied, ServiceError
from desktop_app.views.absconding import common
from desktop_app.views.absconding.brief import BriefPanel
from desktop_app.views.absconding.checklist import Checklist
from desktop_app.views.absconding.close import CloseIncidentDialog
from desktop_app.views.absconding.correct import CorrectStartDialog
from desktop_app.views.absconding.paper import PaperButtons
from desktop_app.views.absconding.timeline import Timeline
from desktop_app.views.common import fit, operations
from desktop_app.views.common.changes import Change
from desktop_app.views.common.context import AppContext
from desktop_app.views.common.field_form import sentence
from desktop_app.views.common.widgets import button, text_label

TICK_MS = 500
RELOAD_TICKS = 30  # read the incident again every 15 s: steps recorded on another computer
HIDE_HINT = "Hiding this window does not close the incident: it stays in the red bar."
#: The size it opens at, when its screen has room (less on a small laptop: it fits the screen).
PREFERRED_SIZE = QSize(1120, 720)


class TimerDialog(QDialog):
    """One open (or closed) incident. Alerts at each threshold crossed while it is open."""

    sig_incident_changed = Signal(int)  # the incident id: a step, a note, closed
    sig_threshold_crossed = Signal(int, int)  # the incident id and the Stage reached
    #: Ctrl+Shift+L pressed here: another learner has left site (the main window's shortcut
    #: does not reach a window in front of it).
    sig_another_left = Signal()

    def __init__(
        self,
        context: AppContext,
        incident_id: int,
        parent: QWidget | None = None,
        *,
        beeper: common.Beeper | None = None,
        may_show: Callable[[], bool] = lambda: True,
    ) -> None:
        super().__init__(parent)
        self._context, self.incident_id = context, incident_id
        self._beeper = beeper or common.beep
        self._may_show = may_show
        self.detail: IncidentDetail | None = None
        self.alerted = Stage.BEFORE  # the last threshold alerted for
        self.close_dialog: CloseIncidentDialog | None = None
        self.correct_dialog: CorrectStartDialog | None = None
        self._ticks = 0
        self.setWindowTitle(f"Learner missing — {APP_NAME}")
        self.setWindowIcon(common.alarm_icon())
        self.setWindowFlag(Qt.WindowType.WindowMinMaxButtonsHint)
        self._make_widgets()
        self._lay_out()
        for each in self.findChildren(QPushButton):
            each.setAutoDefault(False)  # Enter in the note box adds the note, nothing else
        another = QShortcut(QKeySequence(common.SHORTCUT), self)
        another.activated.connect(self.sig_another_left)
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.tick)
        self.timer.start()
        context.changes.sig_incidents_changed.connect(self._heard)
        self.reload()

    def _heard(self, change: Change) -> None:
        """Reload when this incident (or any, if the change cannot say) has changed."""
        if not change.ids or self.incident_id in change.ids:
            self._changed()

    def _make_widgets(self) -> None:
        self.heading = text_label("", "heading")
        self.last_seen = text_label("", "muted")
        self.clock = QLabel(rules.format_duration(timedelta(0)))
        self.clock.setStyleSheet(f"font-size: 44pt; font-weight: 700; color: {palette.INK_DEEP};")
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(False)
        self.progress.setFixedHeight(14)
        self.thresholds = text_label("", "muted")
        self.prompt = text_label("")
        self.checklist = Checklist(self._context)
        self.timeline = Timeline(self._context)
        self.brief = BriefPanel()
        self.paper = PaperButtons(self._context, lambda: self.detail, self)
        self.close_button = button("Close the incident…")
        self.close_button.clicked.connect(self.open_close)
        self.correct_button = button("Correct the start…")
        self.correct_button.setToolTip("Correct when, where or by whom the learner was last seen")
        self.correct_button.clicked.connect(self.open_correct)
        if not allowed(self._context.user.role, Action.SAFEGUARDING):
            for each in (self.close_button, self.correct_button):
                each.setEnabled(False)
            self.close_button.setToolTip("The DSL or a director closes an incident")
            self.correct_button.setToolTip("The DSL or a director corrects the start")
        self.hide_button = button("Hide")
        self.hide_button.setToolTip(HIDE_HINT)
        self.hide_button.clicked.connect(self.hide)

    def _lay_out(self) -> None:
        """On the left the clock and what to do now at the top, the note box and the incident's
        buttons at the bottom, always in view, and the checklist between them, which scrolls;
        on the right the learner and the timeline, with the papers below. It fits a 1280x720
        laptop screen."""
        left = QVBoxLayout()
        left.setSpacing(8)
        for widget in (self.heading, self.last_seen):
            left.addWidget(widget)
        left.addLayout(self._clock_row())
        left.addWidget(self.prompt)
        left.addSpacing(4)
        left.addWidget(text_label("Protocol", "subheading"))
        left.addWidget(self.checklist, 1)
        left.addWidget(self.timeline.entry_row)
        left.addWidget(self.timeline.message)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for each in (self.correct_button, self.close_button, self.hide_button):
            buttons.addWidget(each)
        left.addLayout(buttons)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.brief, "Learner")
        self.tabs.addTab(self.timeline, "Timeline")
        right = QVBoxLayout()
        right.setSpacing(8)
        right.addWidget(self.tabs, 1)
        right.addWidget(self.paper)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(20, 14, 20, 14)
        layout.setSpacing(18)
        layout.addLayout(left, 3)
        layout.addLayout(right, 2)
        self._set_tab_order()
        fit.keep_text_whole(self)
        fit.open_within_screen(self, PREFERRED_SIZE)

    def _clock_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(self.clock)
        bar = QVBoxLayout()
        bar.addStretch(1)
        bar.addWidget(self.progress)
        bar.addWidget(self.thresholds)
        bar.addStretch(1)
        row.addLayout(bar, 1)
        return row

    def _set_tab_order(self) -> None:
        """Tab goes down the left (the steps, the note, the buttons), then down the right (the
        tabs, the learner or the timeline, the papers); the window opens with the focus on the
        missing-learner sheet, where it always was."""
        paper = self.paper
        chain = [
            *self.checklist.focus_order(),
            self.timeline.note,
            self.timeline.add_button,
            self.correct_button,
            self.close_button,
            self.hide_button,
            self.tabs,
            self.brief,
            self.timeline.table,
            paper.sheet_button,
            paper.print_sheet_button,
            paper.report_button,
            paper.print_report_button,
        ]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)
        paper.sheet_button.setFocus()

    def reload(self) -> None:
        """Read the incident again and show it; an incident that has gone stops the clock."""
        first, context = self.detail is None, self._context
        outcome = operations.run(
            context,
            lambda: incident_detail(context.db, context.user, self.incident_id),
            show=lambda error: self._not_read(error, first),
        )
        if not outcome or outcome.value is None:
            return
        self.detail = outcome.value
        if first:
            learner_id = self.detail.learner.id
            operations.run(
                context,
                lambda: record_view(context.db, context.user, learner_id, VIEWED),
                show=lambda error: None,  # the view is shown even if the audit line failed
            )
        detail = self.detail
        self.checklist.show_incident(detail)
        self.timeline.show_incident(detail)
        self.brief.show_brief(detail.learner)
        self.brief.show_description(detail.description or detail.learner.description)
        self.tabs.setTabText(1, f"Timeline ({len(detail.entries) + 1})")
        self._show_header(detail)
        self.tick()
        if not detail.summary.is_open:
            self.timer.stop()  # the clock stopped when it closed

    def _not_read(self, error: ServiceError, first: bool) -> None:
        """Closed meanwhile and not ours to see, gone, or a passing problem (the clock runs on
        from the time last seen)."""
        if isinstance(error, PermissionDenied):
            self._gone("This incident has been closed: it is now in the safeguarding record.")
        elif first or isinstance(error, NotFound):
            self._gone(f"This incident can no longer be shown: {sentence(error)}")

    def _gone(self, why: str) -> None:
        self.timer.stop()
        self.prompt.setText(why)
        self.prompt.setStyleSheet(common.tone_style(rules.Tone.INFO))
        self.checklist.setEnabled(False)
        self.timeline.setEnabled(False)
        self.timeline.entry_row.setEnabled(False)
        self.close_button.setEnabled(False)
        self.correct_button.setEnabled(False)

    def _show_header(self, detail: IncidentDetail) -> None:
        summary = detail.summary
        state = "closed" if not summary.is_open else "found" if summary.found_at else "missing"
        if detail.opened_in_error:
            state = "closed (opened in error)"
        self.heading.setText(f"{summary.learner_name}: {state}")
        self.setWindowTitle(f"{summary.learner_name} {state} — {APP_NAME}")
        where, by = rules.shown(detail.last_seen_where), rules.shown(detail.seen_by)
        heading = f" Direction: {detail.direction}." if detail.direction else ""
        self.last_seen.setText(
            f"Last seen {common.day_hm(summary.last_seen_at)}. Where: {where}. "
            f"Seen by: {by}.{heading}"
        )
        self.thresholds.setText(
            f"{detail.police_reason}\n{summary.first_minutes} min: "
            + ("call the police" if summary.police_required else "decide about the police")
            + f" · {summary.second_minutes} min: "
            + ("police must be told" if summary.police_required else "decide again")
        )
        self.close_button.setVisible(summary.is_open)
        self.correct_button.setVisible(summary.is_open)

    def now(self) -> datetime:
        """The clock for this incident: stopped once closed, when the learner was back."""
        assert self.detail is not None
        return self.detail.clock(common.now_of(self._context))

    def tick(self) -> None:
        """Show the elapsed time, the progress and the prompt; alert once per threshold."""
        if self.detail is None:
            return
        self._ticks += 1
        if self._ticks % RELOAD_TICKS == 0 and self.detail.summary.is_open:
            self.reload()
            return
        summary, now = self.detail.summary, self.now()
        span = summary.elapsed(now)
        self.clock.setText(rules.format_duration(span))
        self.progress.setValue(int(1000 * rules.progress(span, summary.second_minutes)))
        self._show_prompt(summary.prompt(now), self.detail)
        calling = summary.police_required and summary.stage(now) is not Stage.BEFORE
        self.checklist.highlight("police_told", calling and summary.police_told_at is None)
        self._maybe_alert(summary.stage(now))

    def _show_prompt(self, prompt: rules.Prompt, detail: IncidentDetail) -> None:
        text = prompt.text
        if not detail.summary.is_open:
            text = detail.closing_said(common.day_hm)
            prompt = rules.Prompt(rules.Tone.INFO, text)
        if self.prompt.text() != text:
            self.prompt.setText(text)
            self.prompt.setStyleSheet(common.tone_style(prompt.tone))
            colour = common.TONES[prompt.tone][0 if prompt.tone is rules.Tone.URGENT else 1]
            self.clock.setStyleSheet(f"font-size: 44pt; font-weight: 700; color: {colour};")

    def _maybe_alert(self, stage: Stage) -> None:
        assert self.detail is not None
        summary = self.detail.summary
        if stage <= self.alerted:
            return
        self.alerted = stage
        quiet = (
            not summary.is_open
            or summary.found_at is not None
            or (summary.police_required and summary.police_told_at is not None)
        )
        if not quiet:
            common.alert(self, self._beeper, self._may_show())
            self.sig_threshold_crossed.emit(self.incident_id, int(stage))

    def _changed(self, _entry: object = None) -> None:
        self.reload()
        self.sig_incident_changed.emit(self.incident_id)

    def open_close(self) -> CloseIncidentDialog | None:
        """The closing form (window-modal); the dialog turns read-only once it is closed (the
        closing is announced on the change bus, which reloads this dialog)."""
        if self.detail is None:
            return None
        self.close_dialog = CloseIncidentDialog(self._context, self.detail, self)
        self.close_dialog.open()
        return self.close_dialog

    def open_correct(self) -> CorrectStartDialog | None:
        """The DSL's correction of last seen, where and by whom (window-modal)."""
        if self.detail is None:
            return None
        self.correct_dialog = CorrectStartDialog(self._context, self.detail, self)
        self.correct_dialog.open()
        return self.correct_dialog

    def shutdown(self) -> None:
        """Stop the clock for good (the window is going)."""
        self.timer.stop()
