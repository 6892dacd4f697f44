"""Small pieces of the risk assessment form: growing text boxes, score pickers, the score chip."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QComboBox, QFrame, QLabel, QSizePolicy, QTextEdit, QWidget

from desktop_app.domain import risk
from desktop_app.domain.rag import Rating
from desktop_app.views.common.widgets import text_label

#: Rules for the form's own pieces, on top of the app's stylesheet.
STYLE = """
QTextEdit {
    background: #ffffff;
    border: 1px solid #b8c2cc;
    border-radius: 4px;
    padding: 2px 4px;
    selection-background-color: #2d64a8;
    selection-color: #ffffff;
}
QTextEdit:focus { border: 1px solid #2d64a8; }
QLineEdit[readOnly="true"], QTextEdit[readOnly="true"], QDateEdit[readOnly="true"] {
    background: #f5f7fa;
    border-color: #d9e2ec;
}
QTextEdit[invalid="true"], QComboBox[invalid="true"], QDateEdit[invalid="true"] {
    border: 1px solid #b42318;
}
QComboBox:disabled, QCheckBox:disabled { color: #7b8794; }
QFrame#riskCard {
    background: #ffffff;
    border: 1px solid #d9e2ec;
    border-radius: 6px;
}
QFrame#formSection {
    background: #fbfcfe;
    border: 1px solid #e4e7eb;
    border-radius: 6px;
}
QLabel#scoreChip {
    border-radius: 4px;
    padding: 3px 8px;
    font-weight: 600;
}
QLabel#scoreChip[band="red"] { background: #c92a2a; color: #ffffff; }
QLabel#scoreChip[band="amber"] { background: #f7c948; color: #513c06; }
QLabel#scoreChip[band="green"] { background: #2f8132; color: #ffffff; }
QLabel#scoreChip[band="none"] { background: #eef2f7; color: #52606d; font-weight: normal; }
QLabel#riskBanner {
    background: #fdecea;
    border: 1px solid #f5c2bd;
    border-left: 4px solid #b42318;
    border-radius: 4px;
    padding: 8px 10px;
    color: #8a1c12;
    font-weight: 600;
}
QLabel#signedNotice {
    background: #eef2f7;
    border: 1px solid #cbd2d9;
    border-radius: 4px;
    padding: 8px 10px;
    color: #243b53;
    font-weight: 600;
}
QLabel#caption { color: #334e68; font-weight: 600; }
QScrollArea#formScroller, QScrollArea#formScroller > QWidget > QWidget { background: transparent; }
"""


def day_text(value: date) -> str:
    """'3 Mar 2026'."""
    return f"{value.day} {value:%b %Y}"


def polish(widget: QWidget, name: str, value: object) -> None:
    """Set a property the stylesheet reads, and restyle the widget."""
    widget.setProperty(name, value)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def caption(text: str) -> QLabel:
    """A small bold label above a field."""
    return text_label(text, "caption")


def section(parent: QWidget | None = None) -> QFrame:
    frame = QFrame(parent)
    frame.setObjectName("formSection")
    return frame


class GrowingText(QTextEdit):
    """Plain text that grows with what is written, from `lines` lines up to `most` lines.

    Boxes side by side can share one height (`share_height`), so their tops and bottoms line up."""

    def __init__(self, lines: int = 3, most: int = 14, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptRichText(False)
        self.setTabChangesFocus(True)
        self.setVerticalScrollBarPolicy(self.verticalScrollBarPolicy().ScrollBarAsNeeded)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._lines, self._most = lines, most
        self._group: list[GrowingText] = [self]
        self.document().documentLayout().documentSizeChanged.connect(self._fit)
        self._fit()

    def _chrome(self) -> int:
        margins = self.contentsMargins()
        return margins.top() + margins.bottom() + 2 * self.frameWidth() + 6

    def wanted_height(self) -> int:
        line = self.fontMetrics().lineSpacing()
        margin = 2 * int(self.document().documentMargin())
        content = int(self.document().size().height())
        low, high = self._lines * line + margin, self._most * line + margin
        return max(low, min(high, content)) + self._chrome()

    def share_height(self, group: list[GrowingText]) -> None:
        self._group = group

    def _fit(self) -> None:
        height = max(box.wanted_height() for box in self._group)
        for box in self._group:
            box.setFixedHeight(height)

    def resizeEvent(self, event: object) -> None:
        super().resizeEvent(event)  # type: ignore[arg-type]
        self._fit()

    def sizeHint(self) -> QSize:
        return QSize(240, self.height())


class ScorePicker(QComboBox):
    """'Choose…' then 5 to 1 with their words, as on the paper form ('4 – Probable')."""

    def __init__(self, words: dict[int, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.addItem("Choose…", None)
        for value in sorted(words, reverse=True):
            self.addItem(f"{value} – {words[value]}", value)
        self.setMinimumContentsLength(14)

    def value(self) -> int | None:
        found = self.currentData()
        return found if isinstance(found, int) else None

    def set_value(self, value: int | None) -> None:
        index = self.findData(value) if value is not None else 0
        self.setCurrentIndex(max(index, 0))


class ScoreChip(QLabel):
    """The score and its band, coloured; 'Not scored' until both pickers are set."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scoreChip")
        self.setMinimumWidth(110)
        self.show_score(None, None)

    def show_score(self, likelihood: int | None, frequency: int | None) -> None:
        if likelihood is None or frequency is None:
            self.setText("Not scored")
            polish(self, "band", "none")
            self.setToolTip("Choose how likely and how often to score this risk.")
            return
        value = risk.score(likelihood, frequency)
        rating: Rating = risk.band(value)
        self.setText(f"{value}  {rating.label}")
        polish(self, "band", rating.value)
        self.setToolTip(f"{likelihood} × {frequency} = {value}: {rating.label}")

    @property
    def band(self) -> str:
        return str(self.property("band"))
