"""The Letters tab: a concern stage, everyone who meets it or one learner, and the meeting
details the attendance-meeting letter asks for."""

from __future__ import annotations

from PySide6.QtWidgets import QButtonGroup, QComboBox, QLineEdit, QRadioButton

from desktop_app.domain.letters import ATTENDANCE_MEETING, STAGES
from desktop_app.services.report_data.options import ReportOptions
from desktop_app.views.common.context import AppContext
from desktop_app.views.reports.forms import (
    ReportForm,
    ReportRequest,
    chosen_upn,
    jobs,
    learner_box,
    note,
)


class LettersForm(ReportForm):
    DESCRIPTION = (
        "Letters to families from the provision's own templates (edit them on the Letter "
        "templates tab): one PDF per family, written into the folder you choose."
    )

    def __init__(self, context: AppContext, options: ReportOptions) -> None:
        super().__init__(context, options)
        self.stage_box = QComboBox()
        self.stage_box.setAccessibleName("Stage")
        for key, stage in STAGES.items():
            self.stage_box.addItem(stage.label, key)
        self.criterion = note("")
        self.everyone = QRadioButton("Everyone who meets the stage this term")
        self.one = QRadioButton("One learner:")
        self.everyone.setChecked(True)
        self._who = QButtonGroup(self)
        self._who.addButton(self.everyone)
        self._who.addButton(self.one)
        self.learner_box = learner_box(options)
        self.meeting_edit = QLineEdit()
        self.meeting_edit.setPlaceholderText("e.g. Tuesday 6 January at 10:00, at the provision")
        self.meeting_edit.setAccessibleName("Meeting")
        self.form.addRow("Stage:", self.stage_box)
        self.form.addRow("", self.criterion)
        self.form.addRow("Write to:", self.everyone)
        self.form.addRow("", self.one)
        self.form.addRow("", self.learner_box)
        self.form.addRow("Meeting:", self.meeting_edit)
        self.stage_box.currentIndexChanged.connect(self._stage_changed)
        self.one.toggled.connect(self.learner_box.setEnabled)
        self.learner_box.setEnabled(False)
        self._stage_changed()

    @property
    def stage(self) -> str:
        return str(self.stage_box.currentData())

    def _stage_changed(self) -> None:
        self.criterion.setText(f"Who meets it: {STAGES[self.stage].criterion}.")
        self.meeting_edit.setEnabled(self.stage == ATTENDANCE_MEETING)

    def request(self) -> ReportRequest:
        stage, meeting = self.stage, self.meeting_edit.text()
        upn = chosen_upn(self.learner_box) if self.one.isChecked() else None
        db, user, now = self.context.db, self.context.user, self.context.clock
        name = f"letters-{stage.replace('_', '-')}-{self.today}"
        return ReportRequest(
            "Choose a folder for the letters",
            name,
            "",
            lambda out: (
                lambda p: jobs().letters_job(
                    db, user, stage, out, p, now(), upn=upn, meeting=meeting
                )
            ),
        )
