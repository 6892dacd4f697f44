"""The high-needs learner risk assessment form: every section of the paper form, in its order."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QDateEdit,
    QGridLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain import risk
from desktop_app.services.errors import Problem
from desktop_app.services.risk_assessments import (
    Assessment,
    AssessmentContent,
    RiskEntry,
    Signature,
)
from desktop_app.views.common.widgets import button, error_label, set_error, text_label
from desktop_app.views.risk.rows import AgenciesEditor, RisksEditor
from desktop_app.views.risk.widgets import (
    GrowingText,
    caption,
    day_text,
    polish,
    section,
)

SECTIONS = (
    ("task_analysis", "Task analysis summary", 3),
    ("concerns", "Summary of historical and current concerns", 4),
    ("next_steps", "Next steps", 3),
)
HEADER_FIELDS = ("date_written", "compiled_by", "review_date")
AGENCY_FIELDS = frozenset({"agency", "name", "contact"})


def date_edit() -> QDateEdit:
    box = QDateEdit()
    box.setCalendarPopup(True)
    box.setDisplayFormat("d MMM yyyy")
    box.setMinimumWidth(140)
    return box


def day(box: QDateEdit) -> date:
    chosen = box.date()
    return date(chosen.year(), chosen.month(), chosen.day())


def signed_words(signature: Signature | None) -> str:
    if signature is None:
        return "Not signed yet"
    return f"Signed by {signature.name} on {day_text(signature.on)}"


class RiskAssessmentForm(QWidget):
    """Load an Assessment, read back its content, show the service's problems where they belong.

    The sign-off buttons are here; the tab decides what they do."""

    sig_edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._loading = False
        self.learner = QLabel()
        self.date_written, self.review_date = date_edit(), date_edit()
        self.compiled_by = QLineEdit()
        self.texts = {key: GrowingText(lines) for key, _, lines in SECTIONS}
        self.agencies = AgenciesEditor()
        self.risks = RisksEditor()
        self.checks = {key: QCheckBox(words) for key, words in risk.CHECKS.items()}
        self.writer_signed = QLabel()
        self.dsl_signed = QLabel()
        self.sign_writer_button = button("Sign as writer")
        self.sign_dsl_button = button("Sign as DSL", primary=True)
        keys = (*HEADER_FIELDS, *self.texts, "checks", "signatures")
        self.errors: dict[str, QLabel] = {key: error_label() for key in keys}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 12, 0)
        layout.setSpacing(14)
        layout.addWidget(self._header())
        for key, words, _ in SECTIONS[:2]:
            layout.addLayout(self._text_section(key, words))
        layout.addLayout(self._titled("Agencies and professionals involved", self.agencies))
        key_words = "Score = how likely × how often: 20–25 RED, 10–19 AMBER, 1–9 GREEN."
        risks = self._titled("Risks and the provision's actions", self.risks, key_words)
        layout.addLayout(risks)
        layout.addLayout(self._text_section(*SECTIONS[2][:2]))
        layout.addWidget(self._checks())
        layout.addWidget(self._sign_off())
        layout.addStretch(1)
        self._connect()

    # --- building -----------------------------------------------------------------------

    def _header(self) -> QWidget:
        frame = section()
        grid = QGridLayout(frame)
        grid.setContentsMargins(12, 10, 12, 10)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(2)
        self.learner.setObjectName("subheading")
        places = (
            ("Name of learner", self.learner, None, 0, 0),
            ("Date written", self.date_written, "date_written", 0, 2),
            ("Compiled by", self.compiled_by, "compiled_by", 2, 0),
            ("Review date", self.review_date, "review_date", 2, 2),
        )
        for words, widget, key, row, column in places:
            label = caption(words)
            label.setBuddy(widget)
            grid.addWidget(label, row, column)
            grid.addWidget(widget, row, column + 1)
            if key is not None:
                grid.addWidget(self.errors[key], row + 1, column + 1)
        grid.setColumnStretch(1, 1)
        grid.setColumnMinimumWidth(2, 110)
        return frame

    def _titled(self, title: str, body: QWidget, note: str = "") -> QVBoxLayout:
        box = QVBoxLayout()
        box.setSpacing(6)
        box.addWidget(text_label(title, "subheading"))
        if note:
            box.addWidget(text_label(note, "muted"))
        box.addWidget(body)
        return box

    def _text_section(self, key: str, title: str) -> QVBoxLayout:
        box = self._titled(title, self.texts[key])
        box.addWidget(self.errors[key])
        return box

    def _checks(self) -> QWidget:
        frame = section()
        grid = QGridLayout(frame)
        grid.setContentsMargins(12, 10, 12, 10)
        grid.addWidget(text_label("Summary checks", "subheading"), 0, 0, 1, 2)
        for index, box in enumerate(self.checks.values()):
            grid.addWidget(box, 1 + index // 2, index % 2)
        grid.addWidget(self.errors["checks"], 3, 0, 1, 2)
        return frame

    def _sign_off(self) -> QWidget:
        frame = section()
        grid = QGridLayout(frame)
        grid.setContentsMargins(12, 10, 12, 10)
        grid.setHorizontalSpacing(12)
        grid.addWidget(text_label("Sign-off", "subheading"), 0, 0, 1, 3)
        rows = (
            ("Writer", self.writer_signed, self.sign_writer_button),
            ("DSL", self.dsl_signed, self.sign_dsl_button),
        )
        for row, (words, signed, sign) in enumerate(rows, start=1):
            grid.addWidget(caption(words), row, 0)
            grid.addWidget(signed, row, 1)
            grid.addWidget(sign, row, 2)
        grid.setColumnStretch(1, 1)
        grid.addWidget(self.errors["signatures"], 3, 0, 1, 3)
        return frame

    def _connect(self) -> None:
        self.date_written.dateChanged.connect(self._edited)
        self.review_date.dateChanged.connect(self._edited)
        self.compiled_by.textEdited.connect(self._edited)
        for text in self.texts.values():
            text.textChanged.connect(self._edited)
        for box in self.checks.values():
            box.toggled.connect(self._edited)
        self.agencies.sig_edited.connect(self._edited)
        self.risks.sig_edited.connect(self._edited)

    def _edited(self) -> None:
        if not self._loading:
            self.sig_edited.emit()

    # --- values -------------------------------------------------------------------------

    def load(self, assessment: Assessment) -> None:
        """Show a version; a draft without risks gets one empty risk to fill in."""
        self._loading = True
        content = assessment.content
        self.learner.setText(assessment.learner_name)
        self.date_written.setDate(QDate(*content.date_written.timetuple()[:3]))
        self.review_date.setDate(QDate(*content.review_date.timetuple()[:3]))
        self.compiled_by.setText(content.compiled_by)
        self.compiled_by.setCursorPosition(0)
        for key, text in self.texts.items():
            text.setPlainText(getattr(content, key))
        self.agencies.set_editable(assessment.editable)
        self.agencies.set_rows(content.agencies)
        self.risks.set_editable(assessment.editable)
        self.risks.set_rows(content.risks)
        if assessment.editable and not content.risks:
            self.risks.add_card(RiskEntry(""))
        for key, box in self.checks.items():
            box.setChecked(content.checks[key])
        self.writer_signed.setText(signed_words(assessment.writer))
        again = assessment.writer is not None
        self.sign_writer_button.setText("Sign again as writer" if again else "Sign as writer")
        self.dsl_signed.setText(signed_words(assessment.dsl))
        self.set_editable(assessment.editable)
        self.show_problems([])
        self._loading = False

    def content(self) -> AssessmentContent:
        """What the boxes say now."""
        checked = {key: box.isChecked() for key, box in self.checks.items()}
        return AssessmentContent(
            date_written=day(self.date_written),
            compiled_by=self.compiled_by.text(),
            review_date=day(self.review_date),
            task_analysis=self.texts["task_analysis"].toPlainText(),
            concerns=self.texts["concerns"].toPlainText(),
            next_steps=self.texts["next_steps"].toPlainText(),
            agencies=self.agencies.entries(),
            risks=self.risks.entries(),
            reviewed_by_directors=checked["reviewed_by_directors"],
            shared_with_agencies=checked["shared_with_agencies"],
            approved_by_dsl=checked["approved_by_dsl"],
            staff_aware=checked["staff_aware"],
        )

    def set_editable(self, editable: bool) -> None:
        for box in (self.date_written, self.review_date):
            box.setReadOnly(not editable)
            symbols = QAbstractSpinBox.ButtonSymbols
            box.setButtonSymbols(symbols.UpDownArrows if editable else symbols.NoButtons)
            box.setCalendarPopup(editable)
        self.compiled_by.setReadOnly(not editable)
        for text in self.texts.values():
            text.setReadOnly(not editable)
        for check in self.checks.values():
            check.setEnabled(editable)
        self.agencies.set_editable(editable)
        self.risks.set_editable(editable)
        self.sign_writer_button.setVisible(editable)
        self.sign_dsl_button.setVisible(editable)

    # --- problems -----------------------------------------------------------------------

    def show_problems(self, problems: list[Problem]) -> None:
        """Each message next to what it is about; an empty list clears them all."""
        by_key: dict[str, list[str]] = {key: [] for key in self.errors}
        for problem in problems:
            key = problem.field or ""
            if key == "approved_by_dsl":
                key = "checks"
            elif key == "writer_signature":
                key = "signatures"
            if problem.row is None and key in by_key:
                by_key[key].append(problem.message)
        for key, label in self.errors.items():
            set_error(label, "\n".join(by_key[key]))
        widgets: dict[str, QWidget] = {
            "date_written": self.date_written,
            "review_date": self.review_date,
            "compiled_by": self.compiled_by,
            **self.texts,
        }
        for key, widget in widgets.items():
            polish(widget, "invalid", bool(by_key[key]))
        rows = [p for p in problems if p.row is not None or p.field == "risks"]
        self.agencies.show_problems([p for p in rows if p.field in AGENCY_FIELDS])
        self.risks.show_problems([p for p in rows if p.field not in AGENCY_FIELDS])
