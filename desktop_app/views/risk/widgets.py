"""Small pieces of the risk assessment form: growing text boxes, score pickers, the score chip."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QComboBox, QFrame, QLabel, QSizePolicy, QTextEdit, QWidget

from desktop_app import palette
from desktop_app.domain import risk
from desktop_app.domain.rag import Rating
from desktop_app.views.common.widgets import text_label

#: Rules for the form's own pieces, on top of the app's stylesheet.
STYLE = palette.qss("""
QTextEdit {
    background: @WHITE;
    border: 1px solid @BORDER_STRONG;
    border-radius: 4px;
    padding: 2px 4px;
    selection-background-color: @ACCENT;
    selection-color: @WHITE;
}
QTextEdit:focus { border: 1px solid @ACCENT; }
QLineEdit[readOnly="true"], QTextEdit[readOnly="true"], QDateEdit[readOnly="true"] {
    background: @STRIPE;
    border-color: @BORDER;
}
QTextEdit[invalid="true"], QComboBox[invalid="true"], QDateEdit[invalid="true"] {
    border: 1px solid @ALARM;
}
QComboBox:disabled, QCheckBox:disabled { color: @SUBTLE; }
QFrame#riskCard {
    background: @WHITE;
    border: 1px solid @BORDER;
    border-radius: 6px;
}
QFrame#formSection {
    background: @PAPER_LIGHT;
    border: 1px solid @HEAD_FILL;
    border-radius: 6px;
}
QLabel#scoreChip {
    border-radius: 4px;
    padding: 3px 8px;
    font-weight: 600;
}
QLabel#scoreChip[band="red"] { background: @RISK_RED; color: @WHITE; }
QLabel#scoreChip[band="amber"] { background: @RISK_AMBER; color: @RISK_AMBER_INK; }
QLabel#scoreChip[band="green"] { background: @RISK_GREEN; color: @WHITE; }
QLabel#scoreChip[band="none"] { background: @SHADE; color: @MUTED; font-weight: normal; }
QLabel#riskBanner {
    background: @ALARM_FILL;
    border: 1px solid @ALARM_BORDER;
    border-left: 4px solid @ALARM;
    border-radius: 4px;
    padding: 8px 10px;
    color: @ALARM_DEEPER;
    font-weight: 600;
}
QLabel#signedNotice {
    background: @SHADE;
    border: 1px solid @LINE;
    border-radius: 4px;
    padding: 8px 10px;
    color: @INK_SLATE;
    font-weight: 600;
}
QLabel#caption { color: @SLATE; font-weight: 600; }
QScrollArea#formScroller, QScrollArea#formScroller > QWidget > QWidget { background: transparent; }
""")


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
