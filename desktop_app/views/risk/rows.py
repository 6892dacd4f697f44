"""The form's two tables: the agencies and professionals involved, and the scored risk rows."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain import risk
from desktop_app.services.errors import Problem
from desktop_app.services.risk_assessments import AgencyEntry, RiskEntry
from desktop_app.views.common.widgets import button, error_label, set_error, text_label
from desktop_app.views.risk.widgets import (
    GrowingText,
    ScoreChip,
    ScorePicker,
    caption,
    polish,
)

AGENCY_COLUMNS = ("agency", "name", "contact")
AGENCY_HEADINGS = ("Agency or professional", "Name", "Contact details")


class AgenciesEditor(QWidget):
    """A row of three boxes per agency, with Remove; 'Add an agency' below."""

    sig_edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[dict[str, QLineEdit]] = []
        self._removers: list[QPushButton] = []
        self._grid = QGridLayout()
        self._grid.setHorizontalSpacing(8)
        self._grid.setVerticalSpacing(4)
        for column, heading in enumerate(AGENCY_HEADINGS):
            self._grid.addWidget(caption(heading), 0, column)
            self._grid.setColumnStretch(column, (2, 2, 3)[column])
        longest = max(risk.AGENCIES, key=self.fontMetrics().horizontalAdvance)
        self._grid.setColumnMinimumWidth(0, self.fontMetrics().horizontalAdvance(longest) + 32)
        self.add_button = button("Add an agency")
        self.add_button.clicked.connect(lambda: self.add_row(AgencyEntry(""), focus=True))
        self.error = error_label()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._grid)
        layout.addWidget(self.error)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addStretch(1)
        layout.addLayout(row)
        self._editable = True

    def set_rows(self, entries: tuple[AgencyEntry, ...]) -> None:
        while self.rows:
            self._remove(0)
        for entry in entries:
            self.add_row(entry)

    def add_row(self, entry: AgencyEntry, focus: bool = False) -> None:
        edits = {key: QLineEdit(getattr(entry, key)) for key in AGENCY_COLUMNS}
        for edit in edits.values():
            edit.setCursorPosition(0)  # show the start of a long name, not its end
        remove = QPushButton("Remove")
        remove.setToolTip("Remove this agency from the form")
        remove.clicked.connect(lambda: self._remove(self._removers.index(remove), edited=True))
        self.rows.append(edits)
        self._removers.append(remove)
        self._relayout()
        for edit in edits.values():
            edit.show()  # now, not when the layout gets round to it
            edit.textEdited.connect(self.sig_edited)
        self._set_row_editable(edits, remove)
        if focus:
            edits["agency"].setFocus()
            self.sig_edited.emit()

    def _remove(self, index: int, edited: bool = False) -> None:
        for widget in (*self.rows.pop(index).values(), self._removers.pop(index)):
            self._grid.removeWidget(widget)
            widget.hide()
            widget.deleteLater()
        self._relayout()
        if edited:
            self.sig_edited.emit()

    def _relayout(self) -> None:
        """Put each row's boxes on the grid line below the headings that matches its place."""
        for number, (edits, remove) in enumerate(zip(self.rows, self._removers, strict=True), 1):
            for column, widget in enumerate((*(edits[k] for k in AGENCY_COLUMNS), remove)):
                self._grid.removeWidget(widget)
                self._grid.addWidget(widget, number, column)

    def entries(self) -> tuple[AgencyEntry, ...]:
        return tuple(AgencyEntry(*(row[k].text() for k in AGENCY_COLUMNS)) for row in self.rows)

    def set_editable(self, editable: bool) -> None:
        self._editable = editable
        for edits, remove in zip(self.rows, self._removers, strict=True):
            self._set_row_editable(edits, remove)
        self.add_button.setVisible(editable)

    def _set_row_editable(self, edits: dict[str, QLineEdit], remove: QPushButton) -> None:
        for edit in edits.values():
            edit.setReadOnly(not self._editable)
        edits["contact"].setPlaceholderText("Phone, email" if self._editable else "")
        remove.setVisible(self._editable)

    def show_problems(self, problems: list[Problem]) -> None:
        """Messages under the table; the boxes they are about outlined in red."""
        set_error(self.error, "\n".join(p.message for p in problems))
        bad = {(p.row, p.field) for p in problems}
        for number, edits in enumerate(self.rows, start=1):
            for key, edit in edits.items():
                polish(edit, "invalid", (number, key) in bad)


class RiskCard(QFrame):
    """One risk: the pickers and score on top, then the risk, the actions and the escalation."""

    sig_edited = Signal()
    sig_remove = Signal(object)

    def __init__(self, entry: RiskEntry, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("riskCard")
        self.title = text_label("", "subheading")
        self.likelihood = ScorePicker(risk.LIKELIHOOD)
        self.frequency = ScorePicker(risk.FREQUENCY)
        self.chip = ScoreChip()
        self.remove_button = QPushButton("Remove")
        self.remove_button.setToolTip("Remove this risk from the form")
        self.remove_button.clicked.connect(lambda: self.sig_remove.emit(self))
        self.texts = {key: GrowingText(3, 10) for key in ("risk", "actions", "escalation")}
        for box in self.texts.values():
            box.share_height(list(self.texts.values()))
        self.staff_lead = QLineEdit(entry.staff_lead)
        self.staff_lead.setCursorPosition(0)
        self.error = error_label()
        self._build()
        for key, box in self.texts.items():
            box.setPlainText(getattr(entry, key))
            box.textChanged.connect(self.sig_edited)
        self.likelihood.set_value(entry.likelihood)
        self.frequency.set_value(entry.frequency)
        self._rescore()
        for picker in (self.likelihood, self.frequency):
            picker.currentIndexChanged.connect(self._rescore)
            picker.currentIndexChanged.connect(self.sig_edited)
        self.staff_lead.textEdited.connect(self.sig_edited)

    def _build(self) -> None:
        top = QGridLayout()
        top.setHorizontalSpacing(12)
        top.setVerticalSpacing(2)
        top.addWidget(self.title, 1, 0)
        pieces = (("How likely?", self.likelihood), ("How often?", self.frequency))
        for column, (words, widget) in enumerate((*pieces, ("Score", self.chip)), start=1):
            label = caption(words)
            label.setBuddy(widget)
            top.addWidget(label, 0, column)
            top.addWidget(widget, 1, column)
        top.setColumnStretch(4, 1)
        top.addWidget(self.remove_button, 1, 5)
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(4)
        headings = (
            ("risk", "Identified risk to the learner and others"),
            ("actions", "Preventative actions by the provision"),
            ("escalation", "If the actions fail: escalation pathway"),
        )
        for column, (key, words) in enumerate(headings):
            grid.addWidget(caption(words), 0, column)
            grid.addWidget(self.texts[key], 1, column)
            grid.setColumnStretch(column, 1)
        lead = QHBoxLayout()
        lead.addWidget(caption("Staff lead"))
        lead.addWidget(self.staff_lead, 1)
        grid.addLayout(lead, 2, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addWidget(self.error)
        layout.addLayout(grid)

    def set_number(self, number: int) -> None:
        self.title.setText(f"Risk {number}")

    def _rescore(self) -> None:
        self.chip.show_score(self.likelihood.value(), self.frequency.value())

    def entry(self) -> RiskEntry:
        return RiskEntry(
            self.texts["risk"].toPlainText(),
            self.likelihood.value(),
            self.frequency.value(),
            self.texts["actions"].toPlainText(),
            self.staff_lead.text(),
            self.texts["escalation"].toPlainText(),
        )

    def set_editable(self, editable: bool) -> None:
        for box in self.texts.values():
            box.setReadOnly(not editable)
        self.staff_lead.setReadOnly(not editable)
        self.staff_lead.setPlaceholderText("Who makes sure the actions happen" if editable else "")
        self.likelihood.setEnabled(editable)
        self.frequency.setEnabled(editable)
        self.remove_button.setVisible(editable)

    def show_problems(self, problems: list[Problem]) -> None:
        set_error(self.error, "\n".join(p.message for p in problems))
        fields = {p.field for p in problems}
        boxes: dict[str, QWidget] = {
            **self.texts,
            "likelihood": self.likelihood,
            "frequency": self.frequency,
            "staff_lead": self.staff_lead,
        }
        for key, widget in boxes.items():
            polish(widget, "invalid", key in fields)


class RisksEditor(QWidget):
    """The risk cards, numbered as the messages about them are; 'Add a risk' below."""

    sig_edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cards: list[RiskCard] = []
        self.error = error_label()
        self.add_button = button("Add a risk")
        self.add_button.clicked.connect(self._add_clicked)
        self._cards = QVBoxLayout()
        self._cards.setSpacing(10)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.error)
        layout.addLayout(self._cards)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addStretch(1)
        layout.addLayout(row)
        self._editable = True

    def set_rows(self, entries: tuple[RiskEntry, ...]) -> None:
        for card in list(self.cards):
            self._remove(card)
        for entry in entries:
            self.add_card(entry)

    def add_card(self, entry: RiskEntry) -> RiskCard:
        card = RiskCard(entry)
        card.sig_edited.connect(self.sig_edited)
        card.sig_remove.connect(self._remove_clicked)
        card.set_editable(self._editable)
        self.cards.append(card)
        self._cards.addWidget(card)
        card.show()  # now, not when the layout gets round to it
        card.set_number(len(self.cards))
        return card

    def _add_clicked(self) -> None:
        self.add_card(RiskEntry("")).texts["risk"].setFocus()
        self.sig_edited.emit()

    def _remove_clicked(self, card: RiskCard) -> None:
        self._remove(card)
        self.sig_edited.emit()

    def _remove(self, card: RiskCard) -> None:
        self.cards.remove(card)
        self._cards.removeWidget(card)
        card.hide()
        card.deleteLater()
        for number, other in enumerate(self.cards, start=1):
            other.set_number(number)

    def entries(self) -> tuple[RiskEntry, ...]:
        return tuple(card.entry() for card in self.cards)

    def set_editable(self, editable: bool) -> None:
        self._editable = editable
        for card in self.cards:
            card.set_editable(editable)
        self.add_button.setVisible(editable)

    def show_problems(self, problems: list[Problem]) -> None:
        """'Add at least one risk' above the cards; each card's own messages inside it."""
        set_error(self.error, "\n".join(p.message for p in problems if p.row is None))
        for number, card in enumerate(self.cards, start=1):
            card.show_problems([p for p in problems if p.row == number])
