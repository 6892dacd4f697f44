"""What the main window shows while locked: only the signed-in person's password unlocks it.

While an absconding incident is open the lock never hides it: the lock screen shows each open
incident's learner, live elapsed time and prompt (the `incidents` panel), and says when an unsaved
"Learner left site" form waits behind the lock; signing out then asks first."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from desktop_app import resources
from desktop_app.services.auth import StaffUser, authenticate
from desktop_app.services.errors import AuthenticationFailed
from desktop_app.views.common.confirm import Confirmation, confirm
from desktop_app.views.common.field_form import sentence
from desktop_app.views.common.widgets import button, error_label, set_error, text_label

if TYPE_CHECKING:
    from desktop_app.services.database import Database

WHY = (
    "The register locks itself when nobody has used it for a while, to keep learners' "
    "details private."
)


class LockScreen(QWidget):
    """A password box for the signed-in member of staff, and Sign out for anyone else."""

    sig_unlocked = Signal()
    sig_sign_out_requested = Signal()

    def __init__(
        self,
        db: Database,
        user: StaffUser,
        parent: QWidget | None = None,
        *,
        incidents: QWidget | None = None,
        unsaved_form: Callable[[], bool] = lambda: False,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("lockScreen")
        self._db, self._user = db, user
        self.incidents, self._unsaved_form = incidents, unsaved_form
        self.question: Confirmation | None = None
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(f"{user.full_name}'s password")
        self.password.returnPressed.connect(self.unlock)
        self.error = error_label("formError")
        self.unlock_button = button("Unlock", primary=True)
        self.unlock_button.clicked.connect(self.unlock)
        self.sign_out_button = button("Sign out")
        self.sign_out_button.setToolTip("Close this session so someone else can sign in")
        self.sign_out_button.clicked.connect(self.sign_out)
        self.who = text_label("")
        self._lay_out()

    def _lay_out(self) -> None:
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        if self.incidents is not None:
            top = QHBoxLayout()
            top.addStretch(1)
            self.incidents.setFixedWidth(620)
            top.addWidget(self.incidents)
            top.addStretch(1)
            outer.addLayout(top)
            outer.addSpacing(16)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self._card())
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)

    def _card(self) -> QFrame:
        card = QFrame()
        card.setObjectName("lockCard")
        card.setFixedWidth(460)
        mark = QLabel()
        mark.setPixmap(resources.icon("lock").pixmap(48, 48))
        buttons = QHBoxLayout()
        buttons.addWidget(self.sign_out_button)
        buttons.addStretch(1)
        buttons.addWidget(self.unlock_button)
        layout = QVBoxLayout(card)
        layout.setContentsMargins(28, 24, 28, 24)
        layout.setSpacing(12)
        layout.addWidget(mark, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(text_label("The register is locked", "heading"))
        layout.addWidget(text_label(WHY, "muted"))
        layout.addWidget(self.who)
        layout.addWidget(self.password)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        return card

    def prepare(self, minutes_idle: float) -> None:
        """Clear what was typed and say who may unlock; called each time the window locks."""
        user = self._user
        idle = "" if minutes_idle <= 0 else f" after {_minutes(minutes_idle)} without use"
        self.who.setText(
            f"Locked{idle}. {user.full_name} ({user.username}) can unlock it with their "
            "password. Anyone else: sign out, then sign in as yourself."
        )
        self.password.clear()
        set_error(self.error, "")
        self.password.setFocus()

    def sign_out(self) -> None:
        """Sign out; if an unsaved "Learner left site" form would be lost, ask first."""
        if not self._unsaved_form():
            self.sig_sign_out_requested.emit()
            return
        self.question = confirm(
            self,
            "Sign out",
            "A “Learner left site” form has been filled in but not started. Signing out "
            "throws it away. Unlock instead to start the clock.",
            "Sign out and discard it",
            self.sig_sign_out_requested.emit,
        )

    def unlock(self) -> None:
        """Check the signed-in person's password; on failure say why and stay locked."""
        try:
            authenticate(self._db, self._user.username, self.password.text())
        except AuthenticationFailed as error:
            set_error(self.error, sentence(error))
            self.password.clear()
            self.password.setFocus()
            return
        self.password.clear()
        set_error(self.error, "")
        self.sig_unlocked.emit()


def _minutes(minutes: float) -> str:
    if minutes < 1:
        return "less than a minute"
    whole = round(minutes)
    return f"{whole} minute{'s' if whole != 1 else ''}"
