"""Small pieces the absconding screens share: the red icon, times, the alert, the photo."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QByteArray, QDate, QDateTime, QRectF, Qt, QTime
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import (
    QApplication,
    QDateTimeEdit,
    QHBoxLayout,
    QPushButton,
    QWidget,
)

from desktop_app import palette
from desktop_app.domain.absconding import Tone
from desktop_app.services.absconding import aware
from desktop_app.views.common.changes import Change, Kind
from desktop_app.views.common.context import AppContext
from desktop_app.views.common.operations import problem_texts as problem_texts  # settings use it

SHORTCUT = "Ctrl+Shift+L"
RED = palette.ALARM
#: Background and text colours for each tone of the prompt.
TONES = {
    Tone.INFO: (palette.INFO_FILL, palette.NAVY, palette.INFO_BORDER),
    Tone.WARNING: (palette.WARNING_FILL, palette.WARNING_INK, palette.WARNING_BORDER),
    Tone.URGENT: (RED, palette.WHITE, palette.ALARM_DARK),
}
_ICON_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">'
    f'<circle cx="12" cy="12" r="11" fill="{RED}"/>'
    f'<path d="M12 5.5v8" stroke="{palette.WHITE}" stroke-width="2.6" stroke-linecap="round"/>'
    f'<circle cx="12" cy="17.6" r="1.6" fill="{palette.WHITE}"/></svg>'
)

Beeper = Callable[[], None]


def beep() -> None:
    """The default alert sound (tests put a recorder in its place)."""
    QApplication.beep()


def alarm_icon() -> QIcon:
    """A red disc with an exclamation mark, for "Learner left site"."""
    renderer = QSvgRenderer(QByteArray(_ICON_SVG.encode()))
    result = QIcon()
    for size in (16, 20, 24, 32, 48):
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter, QRectF(0, 0, size, size))
        painter.end()
        result.addPixmap(pixmap)
    return result


def now_of(context: AppContext) -> datetime:
    """The context's clock as a moment with its zone."""
    return aware(context.clock())


def hm(moment: datetime) -> str:
    """'10:02' in local time."""
    return f"{moment.astimezone():%H:%M}"


def day_hm(moment: datetime) -> str:
    """'Mon 8 Sep 10:02' in local time."""
    local = moment.astimezone()
    return f"{local:%a} {local.day} {local:%b %H:%M}"


def tone_style(tone: Tone) -> str:
    back, fore, border = TONES[tone]
    return (
        f"background: {back}; color: {fore}; border: 1px solid {border}; "
        "border-radius: 6px; padding: 10px 12px; font-weight: 600;"
    )


def _qt(moment: datetime) -> QDateTime:
    local = moment.astimezone()
    return QDateTime(
        QDate(local.year, local.month, local.day),
        QTime(local.hour, local.minute, local.second),
    )


def incident_changed(incident_id: int, learner_id: int | None = None) -> list[Change]:
    """What starting, recording on, correcting or closing an incident changed."""
    learners = () if learner_id is None else (learner_id,)
    return [Change.of(Kind.INCIDENTS, learner_ids=learners, ids=[incident_id])]


class _OneStopDateTime(QDateTimeEdit):
    """A date and time that Tab leaves at once, as it leaves every other field: Qt's own steps
    Tab through its six parts (day name, day, month, year, hour, minute), so text meant for the
    next field went into the time. Left and Right move between the parts, Up and Down change one."""

    def focusNextPrevChild(self, next: bool) -> bool:
        return QWidget.focusNextPrevChild(self, next)


class MomentEdit(QWidget):
    """A date and time that defaults to now and may be moved back, never forward.

    `clock` gives now (the context's clock, with its zone); "Now" reads it again. The button is
    for the mouse only: out of the Tab chain, so Tab goes on to the next field and a space typed
    there can never press it."""

    def __init__(self, clock: Callable[[], datetime], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._clock = clock
        self.edit = _OneStopDateTime()
        self.edit.setDisplayFormat("ddd d MMM yyyy  HH:mm")
        self.edit.setCalendarPopup(True)
        self.now_button = QPushButton("Now")
        self.now_button.setToolTip("Set to the time now")
        self.now_button.clicked.connect(self.set_now)
        self.now_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.now_button.setAutoDefault(False)
        self.setFocusProxy(self.edit)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.now_button)
        self.set_now()

    def set_now(self) -> None:
        """Show now, and make it the latest time allowed."""
        now = _qt(self._clock())
        self.edit.setMaximumDateTime(now)
        self.edit.setDateTime(now)

    def set_value(self, moment: datetime) -> None:
        self.edit.setDateTime(_qt(moment))

    def value(self) -> datetime:
        """The chosen moment, in local time with its zone."""
        chosen: datetime = self.edit.dateTime().toPython()  # type: ignore[assignment]
        return aware(chosen.replace(tzinfo=None))


def photo_pixmap(data: bytes | None, width: int, height: int) -> QPixmap:
    """The learner's photo scaled to fit, or a grey card saying there is none."""
    pixmap = QPixmap()
    if data and pixmap.loadFromData(data):
        return pixmap.scaled(
            width,
            height,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
    blank = QPixmap(width, height)
    blank.fill(QColor(palette.HEAD_FILL))
    painter = QPainter(blank)
    painter.setPen(QColor(palette.MUTED))
    painter.drawText(blank.rect(), Qt.AlignmentFlag.AlignCenter, "No photo")
    painter.end()
    return blank


def alert(window: QWidget, beeper: Beeper, may_show: bool) -> None:
    """Make a threshold impossible to miss: bring the window forward, flash it in the task bar,
    and sound. While the app is locked the main window is brought forward instead: its lock
    screen shows the incident (never the dialog with the learner's details)."""
    parent = window.parentWidget()
    target = window if may_show else parent.window() if parent is not None else None
    if target is not None:
        target.show()
        target.setWindowState(target.windowState() & ~Qt.WindowState.WindowMinimized)
        target.raise_()
        target.activateWindow()
    QApplication.alert(target or window, 0)
    beeper()
