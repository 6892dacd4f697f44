"""Settings › Mail (director): the provision's mail server, a test message, and each
commissioner's address and PDF password."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain import mail as rules
from desktop_app.services.mail_settings import (
    CommissionerMail,
    MailServer,
    commissioner_mail,
    mail_server,
    save_mail_server,
    set_commissioner_mail,
)
from desktop_app.services.outbox import send_test
from desktop_app.views.common import operations
from desktop_app.views.common.changes import Change, Kind
from desktop_app.views.common.context import AppContext
from desktop_app.views.common.field_form import FORM, FieldForm
from desktop_app.views.common.widgets import button, text_label

INTRO = (
    "Summaries and letters are emailed through the provision's own mail server, each as a "
    "password-protected PDF. The account's password is kept in this computer's keyring, never "
    "in the register: set it on each computer that sends."
)
SECURITY = {
    rules.Security.STARTTLS: "STARTTLS (port 587)",
    rules.Security.TLS: "TLS (port 465)",
    rules.Security.LOCAL: "None: a relay on this computer only",
}
COMMISSIONERS = (
    "Each commissioner holds a password for the PDFs sent to them: agree it by telephone or "
    "in person, never by email. It is kept in the (encrypted) register and never shown again."
)


#: Characters a drop-down shows closed, at least; a longer choice is shown whole in its list.
COMBO_CHARACTERS = 36


def _combo(choices: dict[str, str]) -> QComboBox:
    """A drop-down as wide as the form allows, not as its longest choice (a password rule is
    a sentence), its list wide enough for every choice and the choice made in its tooltip."""
    box = QComboBox()
    for value, label in choices.items():
        box.addItem(label, value)
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(COMBO_CHARACTERS)
    box.view().setMinimumWidth(box.view().sizeHintForColumn(0))
    box.currentTextChanged.connect(box.setToolTip)
    box.setToolTip(box.currentText())
    return box


class MailPanel(QWidget):
    """The server form with Save and Send a test message; then the commissioners' form."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.loader = operations.Loader(self)
        self._build_server_form()
        self._build_commissioner_form()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addWidget(text_label(INTRO, "muted"))
        layout.addWidget(self.form)
        layout.addLayout(self._row(self.save_button, self.test_to, self.test_button))
        layout.addWidget(self.message)
        layout.addSpacing(12)
        layout.addWidget(text_label("Commissioners", "subheading"))
        layout.addWidget(text_label(COMMISSIONERS, "muted"))
        layout.addWidget(self.comm_form)
        layout.addLayout(self._row(self.comm_save))
        layout.addWidget(self.comm_message)
        layout.addStretch(1)
        self.refresh()

    @staticmethod
    def _row(*widgets: QWidget) -> QHBoxLayout:
        row = QHBoxLayout()
        for widget in widgets:
            row.addWidget(widget)
        row.addStretch(1)
        return row

    def _build_server_form(self) -> None:
        fields = [
            ("host", "Mail server", False),
            ("username", "Account", False),
            ("password", "Account password", True),
            ("from_address", "Send from", False),
        ]
        self.form = FieldForm(fields)
        self.form.edits["password"].setPlaceholderText("leave blank to keep the one saved")
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.security = _combo({k.value: v for k, v in SECURITY.items()})
        self.rule = _combo({k.value: v for k, v in rules.RULE_WORDS.items()})
        self.form.add_row("port", "Port", self.port)
        self.form.add_row("security", "Connection", self.security)
        self.form.add_row("letter_password_rule", "Letters open with", self.rule)
        self.save_button = button("Save", primary=True)
        self.save_button.clicked.connect(self.save)
        self.test_to = QLineEdit()
        self.test_to.setPlaceholderText("send a test message to…")
        self.test_button = button("Send a test message")
        self.test_button.clicked.connect(self.send_test)
        self.message = text_label("", "muted")

    def _build_commissioner_form(self) -> None:
        self.commissioner = QComboBox()
        self.commissioner.currentIndexChanged.connect(self._show_commissioner)
        self.comm_form = FieldForm(
            [("email", "Email address", False), ("pdf_password", "PDF password", True)]
        )
        self.comm_form.add_row("commissioner", "Commissioner", self.commissioner)
        self.comm_save = button("Save for this commissioner")
        self.comm_save.clicked.connect(self.save_commissioner)
        self.comm_message = text_label("", "muted")
        self._commissioners: list[CommissionerMail] = []

    def refresh(self) -> None:
        context = self._context
        server = operations.run(
            context,
            lambda: mail_server(context.db, context.user),
            show=operations.to_form(self.form),
        )
        if server.value is not None:
            self._fill(server.value)
        found = operations.run(
            context,
            lambda: commissioner_mail(context.db, context.user),
            show=operations.to_form(self.comm_form),
        )
        self._commissioners = found.value or []
        current = self.commissioner.currentData()
        self.commissioner.blockSignals(True)
        self.commissioner.clear()
        for comm in self._commissioners:
            self.commissioner.addItem(comm.name, comm.id)
        self.commissioner.blockSignals(False)
        index = max(0, self.commissioner.findData(current))
        self.commissioner.setCurrentIndex(index)
        self._show_commissioner()

    def _fill(self, server: MailServer) -> None:
        edits = self.form.edits
        edits["host"].setText(server.host)
        edits["username"].setText(server.username)
        edits["from_address"].setText(server.from_address)
        edits["password"].clear()
        self.port.setValue(server.port)
        self.security.setCurrentIndex(self.security.findData(server.security.value))
        self.rule.setCurrentIndex(self.rule.findData(server.letter_password_rule.value))
        kept = "is kept in this computer's keyring" if server.has_password else "is not set here"
        self.message.setText(f"The account password {kept}." if server.configured else "")

    def details(self) -> MailServer:
        return MailServer(
            self.form.value("host"),
            self.port.value(),
            rules.Security(self.security.currentData()),
            self.form.value("username"),
            self.form.value("from_address"),
            rules.PasswordRule(self.rule.currentData()),
        )

    def save(self) -> None:
        context, password = self._context, self.form.value("password") or None
        done = operations.run(
            context,
            lambda: save_mail_server(context.db, context.user, self.details(), password),
            show=operations.to_form(self.form),
            changed=[Change.of(Kind.SETTINGS)],
        )
        if done and done.value is not None:
            self.form.show_problems({})
            self._fill(done.value)
            self.message.setText("Saved. " + self.message.text())

    def send_test(self) -> None:
        context, to = self._context, self.test_to.text()
        self.test_button.setEnabled(False)
        self.message.setText(f"Sending a test message to {to}…")
        self.loader.load(
            "test", lambda: send_test(context.db, context.user, to), self._tested, self._tested
        )

    def _tested(self, sentence: str) -> None:
        self.test_button.setEnabled(True)
        self.message.setText(sentence)

    def _show_commissioner(self, _index: int = 0) -> None:
        chosen = next(
            (c for c in self._commissioners if c.id == self.commissioner.currentData()), None
        )
        self.comm_form.edits["email"].setText(chosen.email if chosen else "")
        self.comm_form.edits["pdf_password"].clear()
        self.comm_form.edits["pdf_password"].setPlaceholderText(
            "agreed: type a new one only to change it"
            if chosen and chosen.has_password
            else "not agreed yet (8 characters or more)"
        )
        self.comm_form.show_problems({})

    def save_commissioner(self) -> None:
        context, chosen = self._context, self.commissioner.currentData()
        if chosen is None:
            self.comm_form.show_problems({FORM: "There is no commissioner to save."})
            return
        email = self.comm_form.value("email")
        password = self.comm_form.value("pdf_password") or None
        done = operations.run(
            context,
            lambda: set_commissioner_mail(context.db, context.user, chosen, email, password),
            show=operations.to_form(self.comm_form),
            changed=[Change.of(Kind.SETTINGS)],
        )
        if done:
            name = self.commissioner.currentText()
            self.refresh()
            self.comm_message.setText(f"Saved for {name}.")
