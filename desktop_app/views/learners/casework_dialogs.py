"""Dialogs for the Case work tab: a support plan, an action, agreement, a review, a move to a
stage, a meeting and its invitation letter, a referral and its follow-up.

Each saves through its service in one go (views/common/operations.py via RecordDialog), shows
the service's problems under their fields, and announces a CASEWORK change for the learner."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QCheckBox, QDateEdit, QDoubleSpinBox, QHBoxLayout, QWidget

from desktop_app.domain import casework as rules
from desktop_app.services import casework as service
from desktop_app.services.case_file import MeetingRow, ReferralRow
from desktop_app.services.case_letters import meeting_letter
from desktop_app.views.common.changes import Change, Kind
from desktop_app.views.common.context import AppContext
from desktop_app.views.common.field_form import FieldForm
from desktop_app.views.learners.contact_dialogs import (
    RecordDialog,
    check_box,
    choice_box,
    line_edit,
    text_box,
)


def to_qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def date_box(form: FieldForm, key: str, label: str, day: date) -> QDateEdit:
    """A labelled date (calendar pop-up) on the form."""
    box = QDateEdit(to_qdate(day))
    box.setCalendarPopup(True)
    box.setDisplayFormat("ddd d MMM yyyy")
    form.add_row(key, label, box)
    return box


def day_of(box: QDateEdit) -> date:
    chosen = box.date()
    return date(chosen.year(), chosen.month(), chosen.day())


class OptionalDate(QWidget):
    """A date that may be left out: a tick and a date ("not yet" when unticked)."""

    def __init__(self, text: str, day: date, ticked: bool = False) -> None:
        super().__init__()
        self.tick = QCheckBox(text)
        self.tick.setChecked(ticked)
        self.box = QDateEdit(to_qdate(day))
        self.box.setCalendarPopup(True)
        self.box.setDisplayFormat("ddd d MMM yyyy")
        self.box.setEnabled(ticked)
        self.tick.toggled.connect(self.box.setEnabled)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tick)
        layout.addWidget(self.box, 1)

    def value(self) -> date | None:
        return day_of(self.box) if self.tick.isChecked() else None


def optional_date(
    form: FieldForm, key: str, label: str, text: str, day: date, ticked: bool = False
) -> OptionalDate:
    widget = OptionalDate(text, day, ticked)
    form.add_row(key, label, widget)
    return widget


def percent_box(form: FieldForm, key: str, label: str, value: float) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(0, 100)
    box.setDecimals(1)
    box.setSuffix(" %")
    box.setValue(value)
    form.add_row(key, label, box)
    return box


class CaseDialog(RecordDialog):
    """A case-work form about one learner: a save announces a CASEWORK change for them."""

    def __init__(
        self, ctx: AppContext, learner_id: int, title: str, action: str, parent: QWidget | None
    ) -> None:
        super().__init__(ctx, title, action, parent)
        self._learner_id = learner_id
        self.today = ctx.clock().date()

    def changes(self) -> list[Change]:
        return [Change.of(Kind.CASEWORK, learner_ids=[self._learner_id])]


class PlanDialog(CaseDialog):
    """Start a support plan: the attendance it starts from, the target and by when."""

    def __init__(
        self, ctx: AppContext, learner_id: int, now_pct: float | None, safeguarding: bool,
        parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        super().__init__(ctx, learner_id, "Start a support plan", "Start", parent)
        form, today = self.form, self.today
        self.started = date_box(form, "started_on", "Starts", today)
        self.start_pct = percent_box(form, "target", "Attendance now", now_pct or 0)
        self.target_pct = percent_box(form, "target_pct", "Target", 90)
        self.target_by = date_box(form, "target_by", "By", today + timedelta(weeks=6))
        self.review = optional_date(
            form, "next_review_on", "Review", "on", today + timedelta(weeks=3), True
        )
        self.targets = text_box(form, "targets", "Other targets")
        self.targets.setPlaceholderText("One a line: arrive by 09:00 every day")
        self.safeguarding = text_box(form, "safeguarding", "Safeguarding")
        self.safeguarding.setPlaceholderText("Seen by the DSL and the director only")
        self.safeguarding.setVisible(safeguarding)
        self.say("A plan already open for this learner closes when this one starts.")

    def save(self) -> None:
        details = service.PlanDetails(
            day_of(self.started), self.start_pct.value(), self.target_pct.value(),
            day_of(self.target_by), self.targets.toPlainText(), self.review.value(),
            self.safeguarding.toPlainText() if self.safeguarding.isVisible() else "",
        )  # fmt: skip
        service.start_plan(self._ctx.db, self._ctx.user, self._learner_id, details, self.today)


class ActionDialog(CaseDialog):
    def __init__(
        self, ctx: AppContext, learner_id: int, plan_id: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, learner_id, "Add an action to the plan", "Add", parent)
        self._plan_id = plan_id
        self.action = text_box(self.form, "action", "What will be done")
        self.owner = line_edit(self.form, "owner", "By whom", hint="Ms Khan (key worker)")
        self.due = date_box(self.form, "due_on", "By when", self.today + timedelta(weeks=1))

    def save(self) -> None:
        service.add_plan_action(
            self._ctx.db, self._ctx.user, self._plan_id, self.action.toPlainText(),
            self.owner.text(), day_of(self.due),
        )  # fmt: skip


class AgreementDialog(CaseDialog):
    def __init__(
        self, ctx: AppContext, learner_id: int, plan_id: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, learner_id, "Record agreement to the plan", "Record", parent)
        self._plan_id = plan_id
        self.party = choice_box(
            self.form, "party", "Agreed by",
            {"parent": "The parent or carer", "commissioner": "The commissioner"}, "parent",
        )  # fmt: skip
        self.name = line_edit(self.form, "name", "Name", hint="Ms Jones (mother)")
        self.on = date_box(self.form, "on", "On", self.today)

    def save(self) -> None:
        service.record_agreement(
            self._ctx.db, self._ctx.user, self._plan_id, str(self.party.currentData()),
            self.name.text(), day_of(self.on),
        )  # fmt: skip


class ReviewDialog(CaseDialog):
    def __init__(
        self, ctx: AppContext, learner_id: int, plan_id: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, learner_id, "Review the support plan", "Record the review", parent)
        self._plan_id = plan_id
        self.on = date_box(self.form, "reviewed_on", "Reviewed on", self.today)
        self.outcome = text_box(self.form, "outcome", "Outcome")
        self.next = optional_date(
            self.form, "next_review_on", "Next review", "on", self.today + timedelta(weeks=3), True
        )
        self.close_plan = check_box(self.form, "close", "", "Close the plan", False)
        self.close_plan.toggled.connect(lambda on: self.next.tick.setChecked(not on))
        self.say("The attendance since the plan began is kept with the review.")

    def save(self) -> None:
        service.review_plan(
            self._ctx.db, self._ctx.user, self._plan_id, day_of(self.on),
            self.outcome.toPlainText(), self.next.value(), self.close_plan.isChecked(),
        )  # fmt: skip


class StageDialog(CaseDialog):
    """Move the learner to a stage of the staged process: a decision, with why."""

    def __init__(
        self, ctx: AppContext, learner_id: int, current: str | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, learner_id, "Move to a stage", "Move", parent)
        following = _next_stage(current)
        labels = {s.value: label for s, label in rules.STAGE_LABELS.items()}
        self.stage = choice_box(self.form, "stage", "Stage", labels, following)
        self.on = date_box(self.form, "on", "On", self.today)
        self.reason = text_box(self.form, "reason", "Reason")
        self.reason.setPlaceholderText("Why: what was tried, what the figures show")

    def save(self) -> None:
        service.move_stage(
            self._ctx.db, self._ctx.user, self._learner_id,
            rules.Stage(str(self.stage.currentData())), day_of(self.on),
            self.reason.toPlainText(),
        )  # fmt: skip


def _next_stage(current: str | None) -> str:
    order = list(rules.Stage)
    if current is None:
        return order[0].value
    at = order.index(rules.Stage(current))
    return order[min(at + 1, len(order) - 1)].value


class MeetingDialog(CaseDialog):
    def __init__(self, ctx: AppContext, learner_id: int, parent: QWidget | None = None) -> None:
        super().__init__(ctx, learner_id, "Record a meeting", "Record", parent)
        labels = {k.value: label for k, label in rules.MEETING_LABELS.items()}
        form = self.form
        self.kind = choice_box(form, "kind", "Kind", labels, rules.MeetingKind.ATTENDANCE_SUPPORT)
        self.on = date_box(form, "held_on", "On", self.today)
        self.attendees = line_edit(form, "attendees", "Attendees", hint="Mother, key worker, EWO")
        self.outcome = text_box(form, "outcome", "Outcome")
        self.outcome.setPlaceholderText("Leave empty for a meeting still to be held")
        self.agreed_actions = text_box(form, "actions", "Actions agreed")
        self.next = optional_date(
            form, "next_on", "Next meeting", "on", self.today + timedelta(weeks=4)
        )

    def save(self) -> None:
        details = service.MeetingDetails(
            rules.MeetingKind(str(self.kind.currentData())), day_of(self.on),
            self.attendees.text(), self.outcome.toPlainText(), self.agreed_actions.toPlainText(),
            self.next.value(),
        )  # fmt: skip
        service.record_meeting(self._ctx.db, self._ctx.user, self._learner_id, details)


class MeetingLetterDialog(CaseDialog):
    """The attendance-meeting invitation for a meeting, written as a PDF and filed against it."""

    def __init__(
        self, ctx: AppContext, learner_id: int, meeting: MeetingRow, folder: Path,
        parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        super().__init__(ctx, learner_id, "Invitation to the meeting", "Write the letter", parent)
        self._meeting, self._folder = meeting, folder
        self.written: Path | None = None
        self.when = line_edit(
            self.form, "meeting", "Time and place", hint="10:00 at the provision, Room 2"
        )
        self.say(
            f"{meeting.label} on {meeting.held_on:%A} {meeting.held_on.day} "
            f"{meeting.held_on:%B %Y}. The letter is filed against the meeting; it is saved "
            f"in {folder}."
        )

    def save(self) -> None:
        self.written = meeting_letter(
            self._ctx.db, self._ctx.user, self._meeting.id, self.when.text(), self._folder,
            self._ctx.clock(),
        )  # fmt: skip


class ReferralDialog(CaseDialog):
    """A referral made, or considered and not made with why (KCSIE): DSL and director."""

    def __init__(self, ctx: AppContext, learner_id: int, parent: QWidget | None = None) -> None:
        super().__init__(ctx, learner_id, "Record a referral", "Record", parent)
        form = self.form
        labels = {a.value: label for a, label in rules.AGENCY_LABELS.items()}
        self.agency = choice_box(form, "agency", "To", labels, rules.Agency.EARLY_HELP)
        self.on = date_box(form, "on", "On", self.today)
        self.reason = text_box(form, "reason", "Reason")
        self.not_made = check_box(form, "made", "", "Considered, and not made", False)
        self.because = text_box(form, "not_made_because", "Not made because")
        self.because.setEnabled(False)
        self.not_made.toggled.connect(self.because.setEnabled)
        self.follow_up = optional_date(
            form, "follow_up_on", "Follow up", "on", self.today + timedelta(weeks=2), True
        )
        self.outcome = text_box(form, "outcome", "Outcome so far")

    def save(self) -> None:
        made = not self.not_made.isChecked()
        details = service.ReferralDetails(
            rules.Agency(str(self.agency.currentData())), day_of(self.on),
            self.reason.toPlainText(), made, self.because.toPlainText() if not made else "",
            self.outcome.toPlainText(), self.follow_up.value() if made else None,
        )  # fmt: skip
        service.record_referral(self._ctx.db, self._ctx.user, self._learner_id, details)


class FollowUpDialog(CaseDialog):
    def __init__(
        self, ctx: AppContext, learner_id: int, referral: ReferralRow,
        parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        super().__init__(ctx, learner_id, f"Follow up: {referral.label}", "Record", parent)
        self._referral = referral
        self.on = date_box(self.form, "on", "On", self.today)
        self.outcome = text_box(self.form, "outcome", "What came of it")
        self.next = optional_date(
            self.form, "next_follow_up", "Next follow-up", "on", self.today + timedelta(weeks=2)
        )

    def save(self) -> None:
        service.follow_up_referral(
            self._ctx.db, self._ctx.user, self._referral.id, day_of(self.on),
            self.outcome.toPlainText(), self.next.value(),
        )  # fmt: skip
