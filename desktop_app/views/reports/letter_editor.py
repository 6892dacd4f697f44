"""The letter-template editor: each stage's subject, body and signatory, with the merge fields
to insert and a preview filled with made-up details."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain import letters as rules
from desktop_app.services.errors import ServiceError, ValidationFailed
from desktop_app.services.report_data.letter_templates import (
    Template,
    letter_templates,
    save_letter_template,
)
from desktop_app.views.common import operations
from desktop_app.views.common.changes import Change, Kind
from desktop_app.views.common.confirm import Confirmation
from desktop_app.views.common.context import AppContext
from desktop_app.views.common.field_form import sentence
from desktop_app.views.common.unsaved import ask_to_discard
from desktop_app.views.common.widgets import button, error_label, set_error, text_label


def refusal(error: ServiceError) -> str:
    if isinstance(error, ValidationFailed):
        return " ".join(sentence(p) for p in error.problems)
    return sentence(error)


class LetterTemplateEditor(QWidget):
    """Pick a stage, change its wording, see the preview, save.

    Choosing another stage with unsaved wording asks first; a save announces a SETTINGS change."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.templates = {t.stage: t for t in letter_templates(context.db, context.user)}
        self.stage_box = QComboBox()
        self.stage_box.setAccessibleName("Stage")
        for key, stage in rules.STAGES.items():
            self.stage_box.addItem(stage.label, key)
        self.subject_edit = QLineEdit()
        self.subject_edit.setAccessibleName("Subject")
        self.body_edit = QPlainTextEdit()
        self.body_edit.setAccessibleName("Body")
        self.signatory_edit = QLineEdit()
        self.signatory_edit.setAccessibleName("Signed by")
        self.position_edit = QLineEdit()
        self.position_edit.setAccessibleName("Position")
        self.fields = QListWidget()
        self.fields.setMinimumWidth(200)
        self.fields.setAccessibleName("Merge fields")
        for name, meaning in rules.MERGE_FIELDS.items():
            item = QListWidgetItem(f"{{{name}}}")
            item.setToolTip(meaning)
            self.fields.addItem(item)
        self.preview = QTextBrowser()
        self.preview.setAccessibleName("Preview")
        self.problem = error_label("formError")
        self.status = text_label("", "muted")
        self.save_button = button("Save template", primary=True)
        self.question: Confirmation | None = None  # the open "discard?" question, for tests
        self._shown_stage = ""
        self._lay_out()
        self._connect()
        self.show_stage()

    def _lay_out(self) -> None:
        grid = QGridLayout()
        grid.addWidget(QLabel("Stage:"), 0, 0)
        grid.addWidget(self.stage_box, 0, 1)
        grid.addWidget(QLabel("Subject:"), 1, 0)
        grid.addWidget(self.subject_edit, 1, 1)
        grid.addWidget(QLabel("Signed by:"), 2, 0)
        grid.addWidget(self.signatory_edit, 2, 1)
        grid.addWidget(QLabel("Position:"), 3, 0)
        grid.addWidget(self.position_edit, 3, 1)
        fields = QVBoxLayout()
        fields.addWidget(text_label("Merge fields (double-click to insert):", "muted"))
        fields.addWidget(self.fields)
        panes = QHBoxLayout()
        panes.addWidget(self.body_edit, 3)
        panes.addLayout(fields, 1)
        panes.addWidget(self.preview, 3)
        actions = QHBoxLayout()
        actions.addWidget(self.status, 1)
        actions.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 12, 2, 2)
        layout.addLayout(grid)
        layout.addLayout(panes, 1)
        layout.addWidget(self.problem)
        layout.addLayout(actions)

    def _connect(self) -> None:
        self.stage_box.currentIndexChanged.connect(lambda _i: self._stage_chosen())
        self.fields.itemDoubleClicked.connect(self.insert_field)
        for edit in (self.subject_edit, self.signatory_edit, self.position_edit):
            edit.textChanged.connect(self.update_preview)
        self.body_edit.textChanged.connect(self.update_preview)
        self.save_button.clicked.connect(self.save)

    @property
    def stage(self) -> str:
        return str(self.stage_box.currentData())

    def wording(self) -> tuple[str, str, str, str]:
        return (
            self.subject_edit.text(),
            self.body_edit.toPlainText(),
            self.signatory_edit.text(),
            self.position_edit.text(),
        )

    def has_unsaved_edits(self) -> bool:
        """Whether the shown stage's wording differs from what was loaded or last saved."""
        return bool(self._shown_stage) and self.wording() != self._loaded

    def _stage_chosen(self) -> None:
        if not self.has_unsaved_edits():
            self.show_stage()
            return
        chosen, left = self.stage, self._shown_stage
        self._choose(left)  # stay on the edited stage until the person agrees to lose it
        label = rules.STAGES[left].label.lower()
        self.question = ask_to_discard(
            self, lambda: self._discard_for(chosen), f"Your changes to the {label} letter"
        )

    def _discard_for(self, stage: str) -> None:
        self._choose(stage)
        self.show_stage()

    def _choose(self, stage: str) -> None:
        self.stage_box.blockSignals(True)
        self.stage_box.setCurrentIndex(self.stage_box.findData(stage))
        self.stage_box.blockSignals(False)

    def show_stage(self) -> None:
        template = self.templates[self.stage]
        self.subject_edit.setText(template.subject)
        self.body_edit.setPlainText(template.body)
        self.signatory_edit.setText(template.signatory_name or self.context.user.full_name)
        self.position_edit.setText(template.signatory_position or self.context.user.position)
        edited = "the provision's own wording" if template.edited else "the app's default wording"
        self.status.setText(f"{rules.STAGES[self.stage].criterion.capitalize()}. Showing {edited}.")
        self._shown_stage, self._loaded = self.stage, self.wording()
        self.update_preview()

    def insert_field(self, item: QListWidgetItem) -> None:
        self.body_edit.insertPlainText(item.text())
        self.body_edit.setFocus()

    def update_preview(self) -> None:
        """The letter with made-up details, or what is wrong with the template."""
        fields = rules.sample_fields()
        fields["signatory_name"] = self.signatory_edit.text()
        fields["signatory_position"] = self.position_edit.text()
        try:
            subject = rules.render(self.subject_edit.text(), fields)
            body = rules.render(self.body_edit.toPlainText(), fields)
        except rules.LetterError as error:
            set_error(self.problem, sentence(error))
            return
        set_error(self.problem, "")
        signed = "\n".join(x for x in (fields["signatory_name"], fields["signatory_position"]) if x)
        self.preview.setPlainText(f"{subject}\n\n{body}\n\n\n{signed}")

    def save(self) -> None:
        context, stage, wording = self.context, self.stage, self.wording()
        outcome = operations.run(
            context,
            lambda: save_letter_template(context.db, context.user, stage, *wording),
            show=lambda error: set_error(self.problem, refusal(error)),
            changed=[Change.of(Kind.SETTINGS)],
        )
        if outcome and outcome.value is not None:
            self._saved(outcome.value)

    def _saved(self, template: Template) -> None:
        self.templates[template.stage] = template
        self._loaded = self.wording()
        set_error(self.problem, "")
        self.status.setText(f"Saved the {template.label.lower()} letter.")
