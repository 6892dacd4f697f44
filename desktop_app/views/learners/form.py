"""Adding or editing a learner: details, group, commissioner and an optional photo."""

from __future__ import annotations

from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_app import APP_NAME
from desktop_app.services.learner_records import (
    LearnerDetails,
    add_learner,
    get_photo,
    learner_details,
    list_commissioners,
    set_photo,
    update_learner,
)
from desktop_app.services.register_week import list_groups
from desktop_app.views.common import operations
from desktop_app.views.common.changes import Change, Kind
from desktop_app.views.common.context import AppContext
from desktop_app.views.common.field_form import FieldForm
from desktop_app.views.common.unsaved import EditDialog
from desktop_app.views.common.widgets import button, text_label
from desktop_app.views.learners.widgets import DateField, photo_bytes, show_photo

TEXT_FIELDS = (
    ("upn", "UPN", False),
    ("forename", "Forename", False),
    ("surname", "Surname", False),
)
DATE_FIELDS = (
    ("date_of_birth", "Date of birth", True),
    ("start_date", "Start date", True),
    ("leaving_date", "Leaving date", False),
)


class LearnerFormDialog(EditDialog):
    """The learner's details with a message under each field; saved only when all are right.

    Escape or Cancel ask first if anything was changed; a save announces a LEARNERS change."""

    def __init__(
        self, ctx: AppContext, learner_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx, self.learner_id = ctx, learner_id
        title = "Add a learner" if learner_id is None else "Edit learner details"
        self.setWindowTitle(f"{title} — {APP_NAME}")
        self.photo: bytes | None = None
        self._photo_changed = False
        self.form = FieldForm(TEXT_FIELDS)
        self.dates = {key: DateField() for key, _label, _req in DATE_FIELDS}
        for key, label, _required in DATE_FIELDS:
            self.form.add_row(key, label, self.dates[key])
        self.group = self._combo([g.name for g in list_groups(ctx.db, ctx.user)])
        self.form.add_row("group", "Group", self.group)
        self.commissioner = self._combo([c.name for c in list_commissioners(ctx.db, ctx.user)])
        self.form.add_row("commissioner", "Commissioner", self.commissioner)
        self.vulnerable = QCheckBox("Treat as vulnerable if they leave site, whatever the rating")
        self.form.add_row("marked_vulnerable", "Vulnerable", self.vulnerable)
        self.description = QPlainTextEdit()
        self.description.setPlaceholderText("Height, build, hair, glasses, distinguishing marks")
        self.description.setFixedHeight(64)
        self.form.add_row("description", "Description", self.description)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 18)
        layout.addWidget(text_label(title, "subheading"))
        body = QHBoxLayout()
        body.addWidget(self.form, 1)
        body.addLayout(self._photo_column())
        layout.addLayout(body)
        layout.addLayout(self._buttons())
        self.setMinimumWidth(720)
        if learner_id is not None:
            self._load(learner_id)

    def _combo(self, names: list[str]) -> QComboBox:
        combo = QComboBox()
        combo.setEditable(True)
        combo.addItem("")
        combo.addItems(names)
        return combo

    def _photo_column(self) -> QVBoxLayout:
        self.photo_label = QLabel()
        show_photo(self.photo_label, None, 150, 180)
        self.choose_photo = button("Choose photo…")
        self.choose_photo.clicked.connect(self.pick_photo)
        self.remove_photo = button("Remove photo")
        self.remove_photo.clicked.connect(lambda: self._set_photo(None))
        self.photo_error = text_label("", "fieldError")
        self.photo_error.hide()
        column = QVBoxLayout()
        column.addWidget(self.photo_label)
        column.addWidget(self.choose_photo)
        column.addWidget(self.remove_photo)
        column.addWidget(self.photo_error)
        column.addWidget(text_label("Kept to identify the learner if they go missing.", "muted"))
        column.addStretch(1)
        return column

    def _buttons(self) -> QHBoxLayout:
        self.save_button = button("Save", primary=True)
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.submit)
        cancel = button("Cancel")
        cancel.clicked.connect(self.reject)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(cancel)
        row.addWidget(self.save_button)
        return row

    def _load(self, learner_id: int) -> None:
        details = learner_details(self.ctx.db, self.ctx.user, learner_id)
        self.form.edits["upn"].setText(details.upn)
        self.form.edits["forename"].setText(details.forename)
        self.form.edits["surname"].setText(details.surname)
        self.dates["date_of_birth"].set_date(details.date_of_birth)
        self.dates["start_date"].set_date(details.start_date)
        self.dates["leaving_date"].set_date(details.leaving_date)
        self.group.setCurrentText(details.group or "")
        self.commissioner.setCurrentText(details.commissioner or "")
        self.vulnerable.setChecked(details.marked_vulnerable)
        self.description.setPlainText(details.description)
        self.photo = get_photo(self.ctx.db, self.ctx.user, learner_id)
        show_photo(self.photo_label, self.photo, 150, 180)

    # Photo -----------------------------------------------------------------------------------

    def photo_file(self) -> str:
        """Ask for an image file; tests replace this."""
        name, _filter = QFileDialog.getOpenFileName(
            self, "Choose a photo", "", "Images (*.png *.jpg *.jpeg)"
        )
        return name

    def pick_photo(self) -> None:
        name = self.photo_file()
        if not name:
            return
        image = QImage(name)
        if image.isNull():
            self.photo_error.setText("That file is not an image this app can read (PNG or JPEG).")
            self.photo_error.show()
            return
        self._set_photo(photo_bytes(image))

    def has_unsaved_edits(self) -> bool:
        return self._photo_changed or super().has_unsaved_edits()

    def _set_photo(self, data: bytes | None) -> None:
        self.photo, self._photo_changed = data, True
        self.photo_error.hide()
        show_photo(self.photo_label, data, 150, 180)

    # Saving ----------------------------------------------------------------------------------

    def details(self) -> tuple[LearnerDetails | None, dict[str, str]]:
        """The form's values, or the date problems found before asking the service."""
        found = {}
        for key, label, required in DATE_FIELDS:
            problem = self.dates[key].problem(label.lower(), required)
            if problem:
                found[key] = problem
        if found:
            return None, found
        value = self.form.value
        return (
            LearnerDetails(
                upn=value("upn"),
                surname=value("surname"),
                forename=value("forename"),
                date_of_birth=self.dates["date_of_birth"].value(),
                start_date=self.dates["start_date"].value(),
                leaving_date=self.dates["leaving_date"].value(),
                group=self.group.currentText(),
                commissioner=self.commissioner.currentText(),
                marked_vulnerable=self.vulnerable.isChecked(),
                description=self.description.toPlainText(),
            ),
            {},
        )

    def submit(self) -> None:
        details, found = self.details()
        if details is None:
            self.form.show_problems(found)
            return
        outcome = operations.run(
            self.ctx,
            lambda: self._save(details),
            show=operations.to_form(self.form, _FIELD_KEYS),
            changed=lambda learner_id: [Change.of(Kind.LEARNERS, learner_ids=[learner_id])],
        )
        if outcome:
            self._photo_changed = False
            self.mark_saved()
            self.accept()

    def _save(self, details: LearnerDetails) -> int:
        """Add or update the learner, then their photo if it changed; the learner's id."""
        today = self.ctx.clock().date()
        if self.learner_id is None:
            self.learner_id = add_learner(self.ctx.db, self.ctx.user, details, today)
        else:
            update_learner(self.ctx.db, self.ctx.user, self.learner_id, details, today)
        if self._photo_changed:
            set_photo(self.ctx.db, self.ctx.user, self.learner_id, self.photo)
        return self.learner_id


_FIELD_KEYS = {key for key, _l, _s in TEXT_FIELDS} | {key for key, _l, _r in DATE_FIELDS}
