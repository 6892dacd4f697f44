"""The learner panel's Contacts tab: who to ring, in order, and who else is involved.

Emergency contacts in priority order (each number copied with one click), the commissioner's
contact person, professionals involved (need-to-know: only for those who may see them), and where
the learner may go if missing. Staff who manage learners add, edit, remove and reorder here."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.permissions import Action, allowed
from desktop_app.services.contacts import remove_contact, remove_place, remove_professional
from desktop_app.services.contacts import reorder_contacts as reorder
from desktop_app.services.learner_panel import (
    ContactView,
    LearnerPanel,
    PlaceView,
    ProfessionalView,
)
from desktop_app.views.common import operations
from desktop_app.views.common.changes import Change, Kind
from desktop_app.views.common.confirm import confirm
from desktop_app.views.common.context import AppContext
from desktop_app.views.common.widgets import button, text_label
from desktop_app.views.learners.contact_dialogs import (
    CommissionerDialog,
    ContactDialog,
    PlaceDialog,
    ProfessionalDialog,
)

COPIED_FOR_MS = 2500
PLACE_LABELS = {"place": "Place", "person": "Person"}


def clear(layout: QVBoxLayout) -> None:
    """Take every widget out of the layout; each is deleted once control is back in the loop
    (a button being clicked may be among them)."""
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget() if item is not None else None
        if widget is not None:
            widget.hide()
            widget.deleteLater()


def small_button(text: str, tip: str, on_click: Callable[[], object]) -> QPushButton:
    """A button for one card ("compact" in app.qss: less padding than a dialog's buttons)."""
    result = button(text)
    result.setProperty("compact", True)
    result.setToolTip(tip)
    result.clicked.connect(lambda: on_click())
    return result


class Card(QFrame):
    """One entry: a title line with its buttons, then label/value rows (numbers with Copy)."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = text_label(title)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.copy_buttons: list[QPushButton] = []
        self.buttons: dict[str, QPushButton] = {}
        self._top = QHBoxLayout()
        self._top.setSpacing(8)
        self._top.addWidget(self.title, 1)
        self._rows = QGridLayout()
        self._rows.setHorizontalSpacing(14)
        self._rows.setVerticalSpacing(2)
        self._rows.setColumnStretch(3, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 10)
        layout.setSpacing(6)
        layout.addLayout(self._top)
        layout.addLayout(self._rows)

    def add_marker(self, text: str, role: str) -> QLabel:
        marker = text_label(text, role)
        marker.setWordWrap(False)
        marker.setProperty("chip", True)  # app.qss: a small tag, not a full-width banner
        self._top.insertWidget(self._top.count() - len(self.buttons), marker)
        return marker

    def add_button(self, key: str, text: str, tip: str, on_click: Callable[[], object]) -> None:
        self.buttons[key] = small_button(text, tip, on_click)
        self._top.addWidget(self.buttons[key])

    def add_row(
        self, label: str, value: str, copy: Callable[[QPushButton], None] | None = None
    ) -> None:
        """A labelled value; with copy, a Copy button beside it that calls copy(button)."""
        if not value:
            return
        row = self._rows.rowCount()
        shown = text_label(value)
        shown.setTextFormat(Qt.TextFormat.PlainText)
        shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        align = Qt.AlignmentFlag.AlignVCenter if copy else Qt.AlignmentFlag.AlignTop
        self._rows.addWidget(text_label(label, "muted"), row, 0, align)
        self._rows.addWidget(shown, row, 1, 1, 1 if copy else 3)
        if copy is not None:
            copy_button = small_button("Copy", f"Copy {value} to the clipboard", lambda: None)
            copy_button.clicked.connect(lambda: copy(copy_button))
            self.copy_buttons.append(copy_button)
            self._rows.addWidget(copy_button, row, 2)


class Section(QWidget):
    """A heading with an optional Add button, and a list of cards below it."""

    def __init__(self, heading: str, action: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.add_button = button(action) if action else None
        self.cards: list[Card] = []
        self.empty = text_label("", "muted")
        self._list = QVBoxLayout()
        self._list.setSpacing(8)
        top = QHBoxLayout()
        top.addWidget(text_label(heading, "subheading"), 1)
        if self.add_button is not None:
            top.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addLayout(top)
        layout.addWidget(self.empty)
        layout.addLayout(self._list)

    def show_cards(self, cards: list[Card], empty: str) -> None:
        clear(self._list)
        self.cards = cards
        for card in cards:
            self._list.addWidget(card)
            card.show()  # now, not when control is next back in the event loop
        self.empty.setText(empty)
        self.empty.setVisible(not cards)


class ContactsTab(QWidget):
    """Emergency contacts, commissioner, professionals and places, for one learner.

    Saves announce a CONTACTS change; the panel hears it and shows the contacts again."""

    def __init__(self, ctx: AppContext, panel: LearnerPanel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx, self._panel = ctx, panel
        self.may_edit = allowed(ctx.user.role, Action.MANAGE_LEARNERS)
        self.dialog: QDialog | QMessageBox | None = None  # the one open now, for tests
        self.warning = text_label("", "formError")
        self.status = text_label("", "muted")
        edit = self.may_edit
        self.contacts = Section("Emergency contacts", "Add contact…" if edit else None)
        self.commissioner = Section("Commissioner", None)
        self.professionals = Section(
            "Professionals involved", "Add professional…" if edit else None
        )
        self.places = Section(
            "Where they may go if missing", "Add place or person…" if edit else None
        )
        self._connect_adds()
        self._lay_out()
        self.show_panel(panel)

    def _connect_adds(self) -> None:
        for section, open_add in (
            (self.contacts, lambda: self._open(ContactDialog(self._ctx, self._id, None, self))),
            (
                self.professionals,
                lambda: self._open(ProfessionalDialog(self._ctx, self._id, None, self)),
            ),
            (self.places, lambda: self._open(PlaceDialog(self._ctx, self._id, None, self))),
        ):
            if section.add_button is not None:
                section.add_button.clicked.connect(open_add)

    def _lay_out(self) -> None:
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(12, 12, 16, 12)
        column.setSpacing(18)
        for widget in (self.warning, self.contacts, self.commissioner):
            column.addWidget(widget)
        column.addWidget(self.professionals)
        column.addWidget(self.places)
        column.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 6)
        layout.setSpacing(6)
        self.status.setContentsMargins(12, 0, 12, 0)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.status)

    @property
    def _id(self) -> int:
        return self._panel.header.id

    def show_panel(self, panel: LearnerPanel) -> None:
        """Show this (freshly read) panel's contacts."""
        self._panel = panel
        self.warning.setText(panel.contacts_warning or "")
        self.warning.setVisible(bool(panel.contacts_warning))
        count = len(panel.contacts)
        self.contacts.show_cards(
            [self._contact_card(c, i, count) for i, c in enumerate(panel.contacts)],
            "No emergency contacts recorded.",
        )
        self._show_commissioner()
        self.professionals.setVisible(panel.professionals is not None)
        self.professionals.show_cards(
            [self._professional_card(p) for p in panel.professionals or []],
            "No professionals recorded.",
        )
        self.places.show_cards(
            [self._place_card(p) for p in panel.places],
            "None recorded: add places and people they may go to, for the absconding sheet.",
        )

    # Cards.

    def _contact_card(self, contact: ContactView, index: int, count: int) -> Card:
        card = Card(f"{contact.priority}. {contact.name} ({contact.relationship})")
        if contact.parental_responsibility:
            card.add_marker("Parental responsibility", "notice")
        card.add_marker(
            *(("May collect", "muted") if contact.may_collect else ("NOT to collect", "formError"))
        )
        if self.may_edit:
            card.add_button(
                "up", "Move up", "Ring this contact earlier", lambda: self._move(index, -1)
            )
            card.add_button(
                "down", "Move down", "Ring this contact later", lambda: self._move(index, 1)
            )
            card.buttons["up"].setEnabled(index > 0)
            card.buttons["down"].setEnabled(index < count - 1)
            self._edit_and_remove(
                card,
                "emergency contact",
                contact.name,
                lambda: ContactDialog(self._ctx, self._id, contact, self),
                lambda: remove_contact(self._ctx.db, self._ctx.user, contact.id),
            )
        for label, number in contact.phones:
            card.add_row(
                label, number, self._copier(number, f"{contact.name}'s {label.lower()} number")
            )
        card.add_row("Email", contact.email)
        card.add_row("Address", contact.address)
        card.add_row("Notes", contact.notes)
        return card

    def _show_commissioner(self) -> None:
        info = self._panel.header.commissioner
        if info is None:
            self.commissioner.show_cards(
                [], "No commissioner recorded: choose one in the learner's details."
            )
            return
        card = Card(info.name)
        if self.may_edit:
            card.add_button(
                "edit",
                "Edit contact…",
                "Change the contact person and how to reach them",
                lambda: self._open(CommissionerDialog(self._ctx, info, self)),
            )
        card.add_row("Contact", info.contact_name or "Not recorded")
        card.add_row("Email", info.email)
        card.add_row("Phone", info.phone, self._copier(info.phone, f"{info.name}'s number"))
        self.commissioner.show_cards([card], "")

    def _professional_card(self, person: ProfessionalView) -> Card:
        where = f", {person.organisation}" if person.organisation else ""
        card = Card(f"{person.kind_label}: {person.name}{where}")
        if self.may_edit:
            self._edit_and_remove(
                card,
                "professional",
                person.name,
                lambda: ProfessionalDialog(self._ctx, self._id, person, self),
                lambda: remove_professional(self._ctx.db, self._ctx.user, person.id),
            )
        card.add_row("Phone", person.phone, self._copier(person.phone, f"{person.name}'s number"))
        card.add_row("Email", person.email)
        card.add_row("Notes", person.notes)
        return card

    def _place_card(self, place: PlaceView) -> Card:
        card = Card(f"{PLACE_LABELS.get(place.kind, place.kind)}: {place.name}")
        if self.may_edit:
            self._edit_and_remove(
                card,
                "place",
                place.name,
                lambda: PlaceDialog(self._ctx, self._id, place, self),
                lambda: remove_place(self._ctx.db, self._ctx.user, place.id),
            )
        card.add_row("Details", place.detail)
        return card

    def _edit_and_remove(
        self,
        card: Card,
        what: str,
        name: str,
        dialog: Callable[[], QDialog],
        remove: Callable[[], object],
    ) -> None:
        card.add_button(
            "edit", "Edit…", f"Change the details of {name}", lambda: self._open(dialog())
        )
        card.add_button(
            "remove", "Remove…", f"Remove {name}", lambda: self._ask_remove(what, name, remove)
        )

    # Actions.

    def _copier(self, number: str, whose: str) -> Callable[[QPushButton], None]:
        def copy(copy_button: QPushButton) -> None:
            QGuiApplication.clipboard().setText(number)
            copy_button.setText("Copied")
            QTimer.singleShot(COPIED_FOR_MS, copy_button, lambda: copy_button.setText("Copy"))
            self._say(f"Copied {whose}: {number}")

        return copy

    def _say(self, text: str, role: str = "muted") -> None:
        self.status.setObjectName(role)
        self.status.setText(text)
        self.status.style().polish(self.status)

    def _open(self, dialog: QDialog) -> None:
        dialog.accepted.connect(lambda: self._done("Saved."))
        self._keep(dialog)
        dialog.open()

    def _keep(self, dialog: QDialog | QMessageBox) -> None:
        """Hold the dialog now open (for tests); the one before it is finished with."""
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = dialog

    def _done(self, message: str) -> None:
        self._say(message)

    def _attempt(self, action: Callable[[], object], message: str) -> None:
        outcome = operations.run(
            self._ctx,
            action,
            show=operations.to_status(lambda t: self._say(t, "formError"), "Nothing was changed: "),
            changed=[Change.of(Kind.CONTACTS, learner_ids=[self._id])],
        )
        if outcome:
            self._done(message)

    def _move(self, index: int, step: int) -> None:
        ids = [c.id for c in self._panel.contacts]
        ids[index], ids[index + step] = ids[index + step], ids[index]
        db, user = self._ctx.db, self._ctx.user
        self._attempt(lambda: reorder(db, user, self._id, ids), "Order saved.")

    def _ask_remove(self, what: str, name: str, remove: Callable[[], object]) -> None:
        text = f"Remove {name} from this learner's {what}s? This cannot be undone here."
        self._keep(
            confirm(
                self,
                f"Remove {what}",
                text,
                "Remove",
                lambda: self._attempt(remove, f"Removed {name}."),
            )
        )
