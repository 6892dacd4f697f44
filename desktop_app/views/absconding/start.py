"""The "Learner left site" form: who, when and where last seen, and what they look like.

Only the learner and the time last seen are needed to start the clock: where and by whom may be
filled in later by the DSL (a correction on the timeline). Tab goes from field to field and
never lands on a button before the last field, so typing can never press one."""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_app import APP_NAME
from desktop_app.services.absconding import start_incident as start_service
from desktop_app.services.absconding_data import IncidentSummary, LearnerBrief, NewIncident
from desktop_app.services.absconding_queries import learner_brief, learner_choices
from desktop_app.views.absconding.brief import BriefPanel
from desktop_app.views.absconding.common import MomentEdit, alarm_icon, incident_changed, now_of
from desktop_app.views.common import fit, operations
from desktop_app.views.common.context import AppContext
from desktop_app.views.common.field_form import FieldForm
from desktop_app.views.common.unsaved import EditDialog
from desktop_app.views.common.widgets import button, text_label

#: The size it opens at, when its screen has room (less on a small laptop: it fits the screen).
PREFERRED_SIZE = QSize(1000, 640)
INTRO = (
    "The clock runs from the time last seen. Only the learner and that time are needed to "
    "start it: where and by whom can be added after. Everything is saved as soon as you start, "
    "and each step after."
)


def _text_box(placeholder: str, lines: int = 2) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setPlaceholderText(placeholder)
    box.setTabChangesFocus(True)
    box.setFixedHeight(22 * lines + 14)
    return box


class StartIncidentDialog(EditDialog):
    """Pick the learner (type to search), say when and where they were last seen; their brief
    shows alongside. Accepted once the incident is saved (`summary` then holds it)."""

    sig_incident_started = Signal(object)  # the IncidentSummary

    def __init__(
        self, context: AppContext, learner_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._context = context
        self.summary: IncidentSummary | None = None
        self.brief: LearnerBrief | None = None
        self._prefilled = ""
        self.setWindowTitle(f"Learner left site — {APP_NAME}")
        self.setWindowIcon(alarm_icon())
        self._make_fields()
        self.panel = BriefPanel()
        self._lay_out()
        self._fill_learners(learner_id)

    def _make_fields(self) -> None:
        self.learner = QComboBox()
        self.learner.setEditable(True)
        self.learner.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        line = self.learner.lineEdit()
        if line is not None:
            line.setPlaceholderText("Type part of a name")
        completer = QCompleter(self.learner.model(), self.learner)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.learner.setCompleter(completer)
        self.last_seen = MomentEdit(lambda: now_of(self._context))
        self.where = QLineEdit()
        self.where.setPlaceholderText("e.g. the back gate (can be added later)")
        self.seen_by = QLineEdit()
        self.seen_by.setPlaceholderText("Who saw them last (can be added later)")
        self.direction = QLineEdit()
        self.direction.setPlaceholderText("e.g. towards the town centre, on foot")
        self.description = _text_box("Build, hair, anything distinctive", 3)
        self.clothing = _text_box("What they are wearing", 2)
        self.form = FieldForm(())
        for key, label, widget in (
            ("learner", "Learner", self.learner),
            ("last_seen_at", "Last seen at", self.last_seen),
            ("last_seen_where", "Where", self.where),
            ("seen_by", "Seen by", self.seen_by),
            ("direction", "Direction of travel", self.direction),
            ("description", "Description", self.description),
            ("clothing", "Clothing", self.clothing),
        ):
            self.form.add_row(key, label, widget)

    def _lay_out(self) -> None:
        self.start_button = button("Start the clock", primary=True)
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self.submit)
        self.cancel_button = button("Cancel")
        self.cancel_button.clicked.connect(self.reject)
        left = QVBoxLayout()
        left.addWidget(text_label("A learner has left site", "heading"))
        left.addWidget(text_label(INTRO, "muted"))
        left.addWidget(self.form)
        left.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.start_button)
        left.addLayout(buttons)
        self.description.textChanged.connect(self._description_typed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(22, 18, 22, 18)
        layout.setSpacing(22)
        layout.addLayout(left, 3)
        layout.addWidget(self.panel, 2)
        # Once every field is in this window (before, Qt refused the order with a warning), and
        # with the time's own widget, not its edit (its focus proxy): Tab from Where went back.
        # Start before Cancel: a space typed on Cancel after Tab would throw the form away.
        chain = [self.learner, self.last_seen, self.where, self.seen_by, self.direction]
        chain += [self.description, self.clothing, self.start_button, self.cancel_button]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)
        fit.keep_text_whole(self)
        fit.open_within_screen(self, PREFERRED_SIZE)  # a small laptop's screen too

    def _fill_learners(self, learner_id: int | None) -> None:
        context = self._context
        outcome = operations.run(
            context,
            lambda: learner_choices(context.db, context.user, now_of(context).date()),
            show=operations.to_form(self.form),
        )
        choices = outcome.value or []
        self.learner.blockSignals(True)
        for choice in choices:
            self.learner.addItem(choice.label, choice.id)
        self.learner.setCurrentIndex(-1)
        self.learner.blockSignals(False)
        self.learner.currentIndexChanged.connect(self._learner_chosen)
        if learner_id is not None:
            self.choose(learner_id)
        else:
            self.learner.setFocus()

    def choose(self, learner_id: int) -> None:
        """Pick this learner (as the register row and learner panel do)."""
        self.learner.setCurrentIndex(self.learner.findData(learner_id))
        self.where.setFocus()

    def learner_id(self) -> int | None:
        index = self.learner.currentIndex()
        if index < 0 or self.learner.currentText() != self.learner.itemText(index):
            return None  # typed text that matches no one
        value = self.learner.itemData(index)
        return value if isinstance(value, int) else None

    def _learner_chosen(self, _index: int) -> None:
        learner_id, context = self.learner_id(), self._context
        self.brief = None
        if learner_id is not None:
            outcome = operations.run(
                context,
                lambda: learner_brief(context.db, context.user, learner_id, now_of(context)),
                show=operations.to_form(self.form, ["learner"]),
            )
            self.brief = outcome.value
        self.panel.show_brief(self.brief)
        typed = self.description.toPlainText()
        if self.brief is not None and typed in ("", self._prefilled):
            self._prefilled = self.brief.description
            self.description.setPlainText(self.brief.description)
        self._description_typed()

    def _description_typed(self) -> None:
        """The pane beside the form shows the description as typed, not the record's."""
        self.panel.show_description(self.description.toPlainText())

    def has_unsaved_edits(self) -> bool:
        """What Cancel, Escape or closing the window asks about first (EditDialog): details
        written down; a learner chosen (or prefilled from the panel) alone is not asked about."""
        typed = (self.where.text(), self.seen_by.text(), self.direction.text())
        texts = (self.clothing.toPlainText(), *typed)
        described = self.description.toPlainText() not in ("", self._prefilled)
        return described or any(t.strip() for t in texts)

    def has_typing(self) -> bool:
        """Whether anything has been typed or chosen that would be lost if the form went."""
        return self.learner_id() is not None or self.has_unsaved_edits()

    def details(self) -> NewIncident:
        return NewIncident(
            learner_id=self.learner_id() or 0,
            last_seen_at=self.last_seen.value(),
            last_seen_where=self.where.text(),
            seen_by=self.seen_by.text(),
            direction=self.direction.text(),
            description=self.description.toPlainText(),
            clothing=self.clothing.toPlainText(),
        )

    def submit(self) -> None:
        """Save the incident and start its clock; show every problem the service finds. The
        change is announced, so the main window's desk opens the timer and the red bar lists it.
        """
        context, details = self._context, self.details()
        outcome = operations.run(
            context,
            lambda: start_service(context.db, context.user, details, now_of(context)),
            show=operations.to_form(self.form),
            changed=lambda summary: incident_changed(summary.id, summary.learner_id),
        )
        if not outcome or outcome.value is None:
            return
        self.summary = outcome.value
        self.sig_incident_started.emit(self.summary)
        self.accept()
