"""Dialogs for the learner panel's Contacts tab: an emergency contact, the commissioner's contact
person, a professional involved, and a place or person the learner may go to if missing.

Each form shows the service's problems under the fields they belong to; nothing is saved until
the service accepts the whole form, and the dialog stays open until then."""

from __future__ import annotations

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_app import APP_NAME
from desktop_app.domain.phones import display
from desktop_app.services.contacts import (
    PROFESSIONAL_KINDS,
    ContactDetails,
    PlaceDetails,
    ProfessionalDetails,
    add_contact,
    add_place,
    add_professional,
    stored_contact,
    stored_place,
    stored_professional,
    update_contact,
    update_place,
    update_professional,
)
from desktop_app.services.errors import ServiceError, StaleWrite
from desktop_app.services.learner_panel import ContactView, PlaceView, ProfessionalView
from desktop_app.services.learner_records import CommissionerInfo, update_commissioner
from desktop_app.views.common import operations
from desktop_app.views.common.changes import Change, Kind
from desktop_app.views.common.context import AppContext
from desktop_app.views.common.field_form import FieldForm
from desktop_app.views.common.fit import grow_to_fit
from desktop_app.views.common.unsaved import EditDialog
from desktop_app.views.common.widgets import button, text_label

#: How the panel labels a contact's numbers, and the form field each belongs to.
PHONE_FIELDS = {"Mobile": "mobile", "Home": "landline", "Work": "work_phone"}
PLACE_KINDS = {"place": "A place", "person": "A person"}


def line_edit(form: FieldForm, key: str, label: str, text: str = "", hint: str = "") -> QLineEdit:
    """A labelled line edit added to the form (and to form.edits, so problems mark it)."""
    edit = QLineEdit(text)
    edit.setPlaceholderText(hint)
    form.edits[key] = edit
    form.add_row(key, label, edit)
    return edit


def text_box(form: FieldForm, key: str, label: str, text: str = "") -> QPlainTextEdit:
    box = QPlainTextEdit(text)
    box.setTabChangesFocus(True)
    box.setFixedHeight(box.fontMetrics().lineSpacing() * 3 + 16)
    form.add_row(key, label, box)
    return box


def check_box(form: FieldForm, key: str, label: str, text: str, checked: bool) -> QCheckBox:
    box = QCheckBox(text)
    box.setChecked(checked)
    form.add_row(key, label, box)
    return box


def choice_box(
    form: FieldForm, key: str, label: str, items: dict[str, str], chosen: str
) -> QComboBox:
    combo = QComboBox()
    for value, text in items.items():
        combo.addItem(text, value)
    combo.setCurrentIndex(max(combo.findData(chosen), 0))
    form.add_row(key, label, combo)
    return combo


class RecordDialog(EditDialog):
    """A form and two buttons; subclasses say what `save` does and what it `changes`.

    Accepted once the save has worked; Escape or Cancel ask first if anything was typed."""

    def __init__(
        self, ctx: AppContext, title: str, action: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        #: The record's row_version as shown (editing); a save based on it is refused if
        #: someone else saved the record since, and the newer one is loaded (`reload`).
        self.version: int | None = None
        self.setWindowTitle(f"{title} — {APP_NAME}")
        self.form = FieldForm(())
        self.intro = text_label("", "muted")
        self.intro.hide()
        self.save_button = button(action, primary=True)
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.submit)
        self.cancel_button = button("Cancel")
        self.cancel_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 18)
        layout.setSpacing(12)
        layout.addWidget(text_label(title, "subheading"))
        layout.addWidget(self.intro)
        layout.addWidget(self.form)
        layout.addLayout(buttons)
        self.setMinimumWidth(520)

    def say(self, text: str) -> None:
        self.intro.setText(text)
        self.intro.show()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.fit()

    def show_problems(self, found: dict[str, str]) -> None:
        self.form.show_problems(found)
        self.fit()

    def fit(self) -> None:
        """Grow taller if messages now need more room (wrapped labels do not grow a window)."""
        grow_to_fit(self)

    def save(self) -> None:
        raise NotImplementedError

    def changes(self) -> list[Change]:
        """What a save changes, for the change bus: this learner's contacts unless said."""
        learner_id = getattr(self, "_learner_id", None)
        return [Change.of(Kind.CONTACTS, learner_ids=[] if learner_id is None else [learner_id])]

    def reload(self) -> None:
        """Fill the form with the record as stored now (after StaleWrite); adding: nothing."""

    def refused(self, error: ServiceError) -> None:
        """Every problem against its field (the rest for the form); the dialog stays open.
        Someone else saved the record meanwhile: their version is loaded, and the message
        (who and when) stays on the form line."""
        if isinstance(error, StaleWrite):
            self.reload()
        self.show_problems(operations.problem_texts(error, self.form.errors))

    def submit(self) -> None:
        """Save; on a refusal show every problem against its field and keep the dialog open."""
        if operations.run(self._ctx, self.save, show=self.refused, changed=self.changes()):
            self.mark_saved()
            self.accept()


class ContactDialog(RecordDialog):
    """Add an emergency contact (at the end of the list), or edit one."""

    def __init__(
        self,
        ctx: AppContext,
        learner_id: int,
        contact: ContactView | None = None,
        parent: QWidget | None = None,
    ) -> None:
        title = f"Edit {contact.name}" if contact else "Add an emergency contact"
        super().__init__(ctx, title, "Save" if contact else "Add", parent)
        self._learner_id, self._contact = learner_id, contact
        self.version = contact.version if contact else None
        phones = (
            {PHONE_FIELDS[label]: number for label, number in contact.phones} if contact else {}
        )
        form = self.form
        self.name = line_edit(form, "name", "Name", contact.name if contact else "")
        self.relationship = line_edit(
            form, "relationship", "Relationship", contact.relationship if contact else "", "Mother"
        )
        self.parental_responsibility = check_box(
            form,
            "parental_responsibility",
            "",
            "Has parental responsibility",
            contact.parental_responsibility if contact else False,
        )
        hint = "At least one number"
        self.mobile = line_edit(form, "mobile", "Mobile", phones.get("mobile", ""), hint)
        self.landline = line_edit(form, "landline", "Home phone", phones.get("landline", ""))
        self.work_phone = line_edit(form, "work_phone", "Work phone", phones.get("work_phone", ""))
        self.email = line_edit(form, "email", "Email", contact.email if contact else "")
        self.address = text_box(form, "address", "Address", contact.address if contact else "")
        self.may_collect = check_box(
            form,
            "may_collect",
            "Collection",
            "May collect the learner",
            contact.may_collect if contact else True,
        )
        self.notes = text_box(form, "notes", "Notes", contact.notes if contact else "")
        self.say("Untick “May collect” for anyone who must not collect the learner, and say why.")

    def details(self) -> ContactDetails:
        return ContactDetails(
            name=self.name.text(),
            relationship=self.relationship.text(),
            parental_responsibility=self.parental_responsibility.isChecked(),
            mobile=self.mobile.text(),
            landline=self.landline.text(),
            work_phone=self.work_phone.text(),
            email=self.email.text(),
            address=self.address.toPlainText(),
            may_collect=self.may_collect.isChecked(),
            notes=self.notes.toPlainText(),
        )

    def save(self) -> None:
        db, user = self._ctx.db, self._ctx.user
        if self._contact is None:
            add_contact(db, user, self._learner_id, self.details())
        else:
            update_contact(db, user, self._contact.id, self.details(), self.version)

    def reload(self) -> None:
        if self._contact is None:
            return
        now, self.version = stored_contact(self._ctx.db, self._ctx.user, self._contact.id)
        for key in ("name", "relationship", "email"):
            getattr(self, key).setText(getattr(now, key))
        for key in PHONE_FIELDS.values():
            getattr(self, key).setText(display(getattr(now, key)) if getattr(now, key) else "")
        self.parental_responsibility.setChecked(now.parental_responsibility)
        self.may_collect.setChecked(now.may_collect)
        self.address.setPlainText(now.address)
        self.notes.setPlainText(now.notes)


class CommissionerDialog(RecordDialog):
    """The commissioning school's or local authority's contact person and how to reach them."""

    def __init__(
        self, ctx: AppContext, commissioner: CommissionerInfo, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, f"Contact at {commissioner.name}", "Save", parent)
        self._commissioner = commissioner
        form = self.form
        self.contact_name = line_edit(
            form, "contact_name", "Contact person", commissioner.contact_name
        )
        self.email = line_edit(form, "email", "Email", commissioner.email)
        self.phone = line_edit(form, "phone", "Phone", commissioner.phone)
        self.say("This changes the contact for every learner this commissioner places here.")

    def changes(self) -> list[Change]:
        return [Change.of(Kind.CONTACTS)]  # every learner this commissioner places here

    def save(self) -> None:
        update_commissioner(
            self._ctx.db,
            self._ctx.user,
            self._commissioner.id,
            self.contact_name.text(),
            self.email.text(),
            self.phone.text(),
        )


class ProfessionalDialog(RecordDialog):
    """A professional involved with the learner: social worker, EWO, YOT, CAMHS, GP…"""

    def __init__(
        self,
        ctx: AppContext,
        learner_id: int,
        professional: ProfessionalView | None = None,
        parent: QWidget | None = None,
    ) -> None:
        title = f"Edit {professional.name}" if professional else "Add a professional involved"
        super().__init__(ctx, title, "Save" if professional else "Add", parent)
        self._learner_id, self._professional = learner_id, professional
        self.version = professional.version if professional else None
        was = professional
        form = self.form
        self.kind = choice_box(form, "kind", "Role", PROFESSIONAL_KINDS, was.kind if was else "")
        self.name = line_edit(form, "name", "Name", was.name if was else "")
        self.organisation = line_edit(
            form, "organisation", "Organisation", was.organisation if was else ""
        )
        self.phone = line_edit(form, "phone", "Phone", was.phone if was else "")
        self.email = line_edit(form, "email", "Email", was.email if was else "")
        self.notes = text_box(form, "notes", "Notes", was.notes if was else "")

    def details(self) -> ProfessionalDetails:
        return ProfessionalDetails(
            kind=str(self.kind.currentData() or ""),
            name=self.name.text(),
            organisation=self.organisation.text(),
            phone=self.phone.text(),
            email=self.email.text(),
            notes=self.notes.toPlainText(),
        )

    def save(self) -> None:
        db, user = self._ctx.db, self._ctx.user
        if self._professional is None:
            add_professional(db, user, self._learner_id, self.details())
        else:
            update_professional(db, user, self._professional.id, self.details(), self.version)

    def reload(self) -> None:
        if self._professional is None:
            return
        now, self.version = stored_professional(self._ctx.db, self._ctx.user, self._professional.id)
        self.kind.setCurrentIndex(max(self.kind.findData(now.kind), 0))
        for key in ("name", "organisation", "email"):
            getattr(self, key).setText(getattr(now, key))
        self.phone.setText(display(now.phone) if now.phone else "")
        self.notes.setPlainText(now.notes)


class PlaceDialog(RecordDialog):
    """Somewhere, or someone, the learner may go if they leave site (for the absconding sheet)."""

    def __init__(
        self,
        ctx: AppContext,
        learner_id: int,
        place: PlaceView | None = None,
        parent: QWidget | None = None,
    ) -> None:
        title = f"Edit {place.name}" if place else "Add where they may go"
        super().__init__(ctx, title, "Save" if place else "Add", parent)
        self._learner_id, self._place = learner_id, place
        self.version = place.version if place else None
        form = self.form
        self.kind = choice_box(form, "kind", "This is", PLACE_KINDS, place.kind if place else "")
        self.name = line_edit(
            form, "name", "Name", place.name if place else "", "Leeds bus station; Cousin Dean"
        )
        self.detail = text_box(form, "detail", "Details", place.detail if place else "")
        self.say("Where it is, or how to reach them: what someone searching would need to know.")

    def details(self) -> PlaceDetails:
        return PlaceDetails(
            kind=str(self.kind.currentData() or ""),
            name=self.name.text(),
            detail=self.detail.toPlainText(),
        )

    def save(self) -> None:
        db, user = self._ctx.db, self._ctx.user
        if self._place is None:
            add_place(db, user, self._learner_id, self.details())
        else:
            update_place(db, user, self._place.id, self.details(), self.version)

    def reload(self) -> None:
        if self._place is None:
            return
        now, self.version = stored_place(self._ctx.db, self._ctx.user, self._place.id)
        self.kind.setCurrentIndex(max(self.kind.findData(now.kind), 0))
        self.name.setText(now.name)
        self.detail.setPlainText(now.detail)
