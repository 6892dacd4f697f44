"""Small pieces the learner screens share: the RAG chip, badges, date fields and photos."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from desktop_app import palette

RAG_COLOURS = {
    "red": palette.RAG_RED,
    "amber": palette.RAG_AMBER,
    "green": palette.RAG_GREEN,
    "grey": palette.SUBTLE,
}
BADGE_COLOURS = {"SA": palette.BADGE_SA, "PA": palette.BADGE_PA, "RA": palette.BLACK_INK}
DATE_FORMATS = ("%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d", "%d.%m.%Y", "%d-%m-%Y")
PHOTO_SIZE = 480  # longest side stored, in pixels: enough to recognise, small in the database


def chip_style(colour: str) -> str:
    return (
        f"background: {colour}; color: white; border-radius: 9px; padding: 2px 10px;"
        " font-weight: 600;"
    )


def rag_chip(rating: str, parent: QWidget | None = None) -> QLabel:
    """A coloured label reading RED, AMBER or GREEN."""
    label = QLabel(parent)
    set_rag_chip(label, rating)
    return label


def set_rag_chip(label: QLabel, rating: str) -> None:
    label.setText(rating.upper())
    label.setStyleSheet(chip_style(RAG_COLOURS.get(rating, RAG_COLOURS["grey"])))
    label.setAccessibleName(f"RAG rating {rating.upper()}")


def badge(text: str, tooltip: str, parent: QWidget | None = None) -> QLabel:
    """A small dark badge such as PA (persistent absence) or SA (severe absence)."""
    label = QLabel(text, parent)
    label.setStyleSheet(chip_style(BADGE_COLOURS.get(text, palette.SLATE)))
    label.setToolTip(tooltip)
    label.setAccessibleName(tooltip)
    return label


def parse_date(text: str) -> date | None:
    """A date typed as dd/mm/yyyy (or ISO); None when it is not one."""
    value = text.strip()
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None


def show_date(day: date | None) -> str:
    return "" if day is None else f"{day:%d/%m/%Y}"


class DateField(QLineEdit):
    """A date typed on the keyboard as dd/mm/yyyy; `value()` is None when blank or not a date."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText("dd/mm/yyyy")
        self.setMaximumWidth(140)

    def value(self) -> date | None:
        return parse_date(self.text())

    def set_date(self, day: date | None) -> None:
        self.setText(show_date(day))

    def problem(self, label: str, required: bool) -> str | None:
        """Why the text is not a usable date, or None."""
        if not self.text().strip():
            return f"Enter the {label}." if required else None
        if self.value() is None:
            return f"'{self.text().strip()}' is not a date: type it as dd/mm/yyyy."
        return None


def photo_bytes(image: QImage) -> bytes:
    """The image scaled down to PHOTO_SIZE and encoded as PNG for storage."""
    if max(image.width(), image.height()) > PHOTO_SIZE:
        image = image.scaled(
            PHOTO_SIZE,
            PHOTO_SIZE,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]  # the stubs say bytes; Qt wants str
    buffer.close()
    return bytes(data.data())


def show_photo(label: QLabel, data: bytes | None, width: int, height: int) -> None:
    """Put a stored photo in a label, or a 'No photo' placeholder."""
    label.setFixedSize(width, height)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    pixmap = QPixmap()
    if data and pixmap.loadFromData(data):
        label.setPixmap(
            pixmap.scaled(
                width,
                height,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )
        label.setStyleSheet(f"border: 1px solid {palette.LINE}; background: {palette.WHITE};")
    else:
        label.setPixmap(QPixmap())
        label.setText("No photo")
        label.setStyleSheet(
            f"border: 1px dashed {palette.RULE}; color: {palette.SUBTLE};"
            f" background: {palette.STRIPE};"
        )
