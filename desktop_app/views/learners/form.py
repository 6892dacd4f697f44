"""Adding or editing a learner: details, group, commissioner, an optional photo, and what the
police ask for if they go missing (home address, looked after, medical needs, medication)."""

from __future__ import annotations

from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_app import APP_NAME
from desktop_app.services.errors import ServiceError, StaleWrite
from desktop_app.services.learner_records import (
    LearnerDetails,
    add_learner,
    get_photo,
    learner_details,
    learner_version,
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
#: What the police ask for if the learner goes missing (the missing-learner sheet prints it):
#: (key, label, placeholder); "Looked after" is ticked before the placing authority.
SAFETY_FIELDS = (
    ("home_address", "Home address", "Number, street, town, postcode"),
    ("placing_authority", "Placing authority", "The local authority that placed them in care"),
    ("medical_needs", "Medical needs", "e.g. asthma, epilepsy, allergies"),
    ("medication", "Medication", "What, when, and where it is kept"),
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
        #: The learner's row_version when the form was filled: a save based on it is refused
        #: (StaleWrite) if someone else saved the learner since.
        self.version: int | None = None
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
        self._safety_rows()
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

    def _safety_rows(self) -> None:
        self.looked_after = QCheckBox("In the care of a local authority")
        for key, label, placeholder in SAFETY_FIELDS:
            if key == "placing_authority":
                self.form.add_row("looked_after", "Looked after", self.looked_after)
            edit = QLineEdit()
            edit.setPlaceholderText(placeholder)
            self.form.edits[key] = edit  # read with form.value; marked when refused
            self.form.add_row(key, label, edit)

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
        # The version first: a change between the two reads makes a save refused, never lost.
        self.version = learner_version(self.ctx.db, self.ctx.user, learner_id)
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
        for key, _label, _placeholder in SAFETY_FIELDS:
            self.form.edits[key].setText(getattr(details, key) or "")
        self.looked_after.setChecked(bool(details.looked_after))
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
                home_address=value("home_address"),
                looked_after=self.looked_after.isChecked(),
                placing_authority=value("placing_authority"),
                medical_needs=value("medical_needs"),
                medication=value("medication"),
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
            show=self._refused,
            changed=lambda learner_id: [Change.of(Kind.LEARNERS, learner_ids=[learner_id])],
        )
        if outcome:
            self._photo_changed = False
            self.mark_saved()
            self.accept()

    def _refused(self, error: ServiceError) -> None:
        """Problems under their fields; when someone else saved the learner meanwhile, their
        newer details are loaded into the form first, and the message says who and when."""
        if isinstance(error, StaleWrite) and self.learner_id is not None:
            self._load(self.learner_id)
        operations.to_form(self.form, _FIELD_KEYS)(error)

    def _save(self, details: LearnerDetails) -> int:
        """Add or update the learner, then their photo if it changed; the learner's id."""
        today = self.ctx.clock().date()
        if self.learner_id is None:
            self.learner_id = add_learner(self.ctx.db, self.ctx.user, details, today)
        else:
            update_learner(
                self.ctx.db, self.ctx.user, self.learner_id, details, today, self.version
            )
        if self._photo_changed:
            set_photo(self.ctx.db, self.ctx.user, self.learner_id, self.photo)
        return self.learner_id


_FIELD_KEYS = (
    {key for key, _l, _s in TEXT_FIELDS}
    | {key for key, _l, _r in DATE_FIELDS}
    | {key for key, _l, _p in SAFETY_FIELDS}
    | {"looked_after"}
)
