"""Keeping windows usable on a small laptop screen (1280x720 less a task bar): a scroll area that
brings the focused widget into view, a starting size within the screen, a minimum height that
counts every line of wrapped text, and a dialog that grows when a notice or a problem appears."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, QSize, Qt
from PySide6.QtWidgets import QApplication, QFrame, QScrollArea, QWidget

#: Room left for the window's frame (its title bar and borders) before it has been shown.
FRAME_ALLOWANCE = QSize(16, 48)
#: Space kept around a focused widget scrolled into view, so its neighbours show it is a list.
FOCUS_MARGIN = 12


class FollowingScrollArea(QScrollArea):
    """A frameless, vertical scroll area for a long part of a window (the checklist) whose
    keyboard focus is always in view: tabbing into it from outside, or back into it, scrolls to
    the focused widget (Qt's own scroll area only does that for Tab pressed inside it).

    It is as wide as its contents (nothing scrolls sideways) and may shrink to `least` of
    their height, never less."""

    def __init__(self, body: QWidget, least: float, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._least, self._body = least, body
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # its contents take the focus
        self.setWidget(body)
        for part in (self.viewport(), body):
            part.setAutoFillBackground(False)  # the window's own background shows through
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_moved)

    def minimumSizeHint(self) -> QSize:
        body, bar = self._body, self.verticalScrollBar().sizeHint().width()
        height = round(body.sizeHint().height() * self._least)
        return QSize(body.minimumSizeHint().width() + bar, height)

    def _focus_moved(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is not None and self._body.isAncestorOf(new):
            self.ensureWidgetVisible(new, FOCUS_MARGIN, FOCUS_MARGIN)

    def shows_whole(self, widget: QWidget) -> bool:
        """Whether the widget (inside the area) is in view from top to bottom: for tests."""
        top_left = widget.mapTo(self.viewport(), widget.rect().topLeft())
        return self.viewport().rect().contains(QRect(top_left, widget.size()))


def starting_size(preferred: QSize, minimum: QSize, available: QRect) -> QSize:
    """The size to open a window at: as preferred, within the screen's available area less
    its frame, never below the window's minimum."""
    room = available.size() - FRAME_ALLOWANCE
    return preferred.boundedTo(room).expandedTo(minimum)


def open_within_screen(window: QWidget, preferred: QSize) -> None:
    """Size a window not yet shown to fit the screen it will open on (its parent's)."""
    available = window.screen().availableGeometry()
    window.resize(starting_size(preferred, window.minimumSizeHint(), available))


class _TextKeeper(QObject):
    """Raises (or lowers) its window's minimum height to what its wrapped text needs at the
    window's width, after each layout request and resize."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kinds = (QEvent.Type.LayoutRequest, QEvent.Type.Resize)
        if event.type() in kinds and isinstance(watched, QWidget):
            layout = watched.layout()
            need = layout.totalMinimumHeightForWidth(watched.width()) if layout else -1
            if need > 0 and need != watched.minimumHeight():
                watched.setMinimumHeight(need)
        return False


def keep_text_whole(window: QWidget) -> None:
    """Never let the window be made so short that wrapped text is cut off (a window's own
    minimum counts each wrapped label as one line): the parts that scroll give way instead."""
    window.installEventFilter(_TextKeeper(window))


def grow_to_fit(window: QWidget) -> None:
    """Make a shown window taller when its rows need it (a window does not grow for wrapped
    text, a notice or a problem shown, so its rows were squeezed), within its screen, moved up
    to stay on it. Never shrinks what the person sized."""
    layout = window.layout()
    if layout is None or not window.isVisible():
        return
    layout.activate()
    needed = layout.totalHeightForWidth(window.width())
    if needed < 0:
        needed = layout.totalSizeHint().height()
    screen = window.screen().availableGeometry()
    title = window.frameGeometry().height() - window.height()
    height = min(needed, screen.height() - title)
    if height <= window.height():
        return
    window.resize(window.width(), height)
    frame = window.frameGeometry()
    if frame.bottom() > screen.bottom():
        window.move(window.x(), max(screen.top(), window.y() - (frame.bottom() - screen.bottom())))
