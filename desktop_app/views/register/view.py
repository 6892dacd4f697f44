"""The marking grid and its frozen name column: keyboard marking, one key per learner."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import (
    QFocusEvent,
    QFont,
    QFontMetrics,
    QHideEvent,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPalette,
)
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QScrollBar, QTableView, QWidget

from desktop_app.domain.codes import CODES, PRESENT_MARK
from desktop_app.views.register import model as rm
from desktop_app.views.register.delegate import CellDelegate, NameDelegate, RegisterHeader

TWO_CHARACTER = frozenset(c for c in CODES if len(c) == 2)  # C1 C2 J1 Y1..Y7
PREFIXES = frozenset(c[0] for c in TWO_CHARACTER)  # C, J, Y: wait briefly for a second key
PREFIX_TIMEOUT_MS = 1000
FLASH_MS = 700
LOADING = "another week is being read; nothing was saved"

_NAVIGATION = {
    Qt.Key.Key_Left,
    Qt.Key.Key_Right,
    Qt.Key.Key_Up,
    Qt.Key.Key_Down,
    Qt.Key.Key_Tab,
    Qt.Key.Key_Backtab,
    Qt.Key.Key_Home,
    Qt.Key.Key_End,
    Qt.Key.Key_PageUp,
    Qt.Key.Key_PageDown,
}
_ENTER = {Qt.Key.Key_Return, Qt.Key.Key_Enter}
_BLANK = {Qt.Key.Key_Delete, Qt.Key.Key_Backspace}
_CHORD = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)


def _fixed_rows(view: QTableView, height: int) -> None:
    header = view.verticalHeader()
    header.hide()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    header.setDefaultSectionSize(height)
    header.setMinimumSectionSize(height)


def row_height(view: QWidget) -> int:
    """Rows tall enough for the code and its small markers at any font size."""
    return round(view.fontMetrics().height() * 2.1)


class RegisterView(QTableView):
    """The session columns. Typing a code marks the current cell; refused keys flash it.

    Signals: sig_code_entered(index, code, advance) asks the screen to save a code (advance: move
    down after saving); sig_key_refused(index, why) says a key changed nothing;
    sig_prefix_started(text) says a first character is waiting for its second.
    """

    sig_code_entered = Signal(QModelIndex, str, bool)
    sig_key_refused = Signal(QModelIndex, str)
    sig_prefix_started = Signal(str)
    sig_fitted = Signal()  # sizes changed (font or style): the name column follows

    def __init__(self, model: rm.RegisterModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pending: tuple[QPersistentModelIndex, str] | None = None
        #: Another week is being read: keys must not mark the week still shown (the screen sets it).
        self.loading = False
        self.setHorizontalHeader(RegisterHeader(self))
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.setModel(model)
        self.register_model = model
        self.setItemDelegate(CellDelegate(self))
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setTabKeyNavigation(True)
        self.setWordWrap(False)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.horizontalHeader().setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.prefix_timer = QTimer(self, singleShot=True, interval=PREFIX_TIMEOUT_MS)
        self.prefix_timer.timeout.connect(lambda: self.flush_prefix(advance=True))
        self._flash_timer = QTimer(self, singleShot=True, interval=FLASH_MS)
        self._flash_timer.timeout.connect(self._end_flash)
        model.modelReset.connect(self._after_reset)
        self.fit_columns()

    # --- sizes --------------------------------------------------------------------------------

    def fit_columns(self) -> None:
        """Hide the name columns (the frozen view shows them) and size the sessions by font."""
        bold = QFont(self.font())
        bold.setBold(True)
        metrics = QFontMetrics(bold)  # headers and codes are bold
        widest = max(
            metrics.horizontalAdvance("Wed 30") + metrics.averageCharWidth() * 2 + 8,
            metrics.horizontalAdvance("Y7 !") + metrics.horizontalAdvance("25m") + 24,
        )
        header = self.horizontalHeader()
        if (header.minimumSectionSize(), header.defaultSectionSize()) != (widest, widest):
            header.setMinimumSectionSize(widest)  # (setting them again, unchanged, would make
            header.setDefaultSectionSize(widest)  # the header measure every section again)
        for column in (rm.NAME, rm.TERM):
            self.setColumnHidden(column, True)
        _fixed_rows(self, row_height(self))
        self.sig_fitted.emit()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.fit_columns()

    def _after_reset(self) -> None:
        if self._pending is not None:  # the screen flushes before reloading; never lose it silently
            first, self._pending = self._pending[1], None
            self.prefix_timer.stop()
            self.sig_key_refused.emit(QModelIndex(), f"'{first}' discarded (reloaded); not saved")
        for column in (rm.NAME, rm.TERM):
            self.setColumnHidden(column, True)

    # --- keys ---------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in _NAVIGATION:
            self.flush_prefix(advance=False)
            super().keyPressEvent(event)
        elif key in _ENTER:
            self.flush_prefix(advance=False)
            self.move_down()
        elif key == Qt.Key.Key_Escape and self._pending is not None:
            self.discard_prefix("Escape")
        elif key == Qt.Key.Key_Space:
            self.flush_prefix(advance=True)
            self._present(self.currentIndex())
        elif key in _BLANK:
            self.flush_prefix(advance=False)
            self.refuse(
                self.currentIndex(), "a blank is not a code: type the code that replaces it"
            )
        elif event.text() and event.text().isprintable() and not event.modifiers() & _CHORD:
            self._typed(event.text().upper())
        else:
            super().keyPressEvent(event)

    def _typed(self, char: str) -> None:
        if self.loading:
            self.refuse(self.currentIndex(), LOADING)
            return
        if self._pending is not None:
            place, first = self._pending
            self._clear_prefix()
            index = self.register_model.index(place.row(), place.column())
            if first + char in TWO_CHARACTER:
                self._enter(index, first + char, advance=True)
                return
            self._enter(index, first, advance=True)
        index = self.currentIndex()
        if char in PREFIXES and self._is_session(index):
            self._pending = (QPersistentModelIndex(index), char)
            self.register_model.set_pending(index.row(), index.column(), char)
            self.prefix_timer.start()
            self.sig_prefix_started.emit(char)
            return
        self._enter(index, char, advance=True)

    def _present(self, index: QModelIndex) -> None:
        if self._is_session(index):
            _, session = self.register_model.session_of(index.column())
            self._enter(index, PRESENT_MARK[session], advance=True)
        else:
            self.refuse(index, "choose a session cell first")

    def _enter(self, index: QModelIndex, code: str, advance: bool) -> None:
        """Hand a typed code to the screen, which judges it by the mark rule."""
        if self.loading:
            self.refuse(index, LOADING)
            return
        if not self._is_session(index):
            self.refuse(index, "choose a session cell first")
            return
        self.sig_code_entered.emit(index, code, advance)

    def flush_prefix(self, advance: bool) -> None:
        """Record a waiting first character as a code on its own (C), or refuse it (J, Y)."""
        if self._pending is None:
            return
        place, first = self._pending
        self._clear_prefix()
        index = self.register_model.index(place.row(), place.column())
        self._enter(index, first, advance=advance and index == self.currentIndex())

    def discard_prefix(self, why: str) -> None:
        """Throw away a waiting first character, saying so (never silently)."""
        if self._pending is None:
            return
        place, first = self._pending
        self._clear_prefix()
        index = self.register_model.index(place.row(), place.column())
        self.sig_key_refused.emit(index, f"'{first}' discarded ({why}); nothing was saved")

    def focusOutEvent(self, event: QFocusEvent) -> None:
        """Leaving the grid (a click on the toolbar, another page) commits a waiting character."""
        self.flush_prefix(advance=False)
        super().focusOutEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        """Closing the window or switching page commits a waiting character."""
        self.flush_prefix(advance=False)
        super().hideEvent(event)

    def _clear_prefix(self) -> None:
        if self._pending is not None:
            place = self._pending[0]
            self.register_model.set_pending(place.row(), place.column(), "")
        self._pending = None
        self.prefix_timer.stop()

    def currentChanged(
        self,
        current: QModelIndex | QPersistentModelIndex,
        previous: QModelIndex | QPersistentModelIndex,
    ) -> None:
        super().currentChanged(current, previous)
        if self._pending is not None and self._pending[0] != current:
            self.flush_prefix(advance=False)

    # --- feedback and movement ----------------------------------------------------------------

    def refuse(self, index: QModelIndex, why: str) -> None:
        """Flash the cell red for a moment and say why nothing changed."""
        if index.isValid():
            self.register_model.set_flash(index.row(), index.column())
            self._flash_timer.start()
        self.sig_key_refused.emit(index, why)

    def _end_flash(self) -> None:
        self.register_model.clear_flash()

    def move_down(self) -> None:
        """The next learner in the same session column."""
        index = self.currentIndex()
        if index.isValid() and index.row() + 1 < self.register_model.rowCount():
            self.setCurrentIndex(self.register_model.index(index.row() + 1, index.column()))

    def _is_session(self, index: QModelIndex | QPersistentModelIndex) -> bool:
        return index.isValid() and self.register_model.is_session(index.column())

    @property
    def pending_prefix(self) -> str:
        return self._pending[1] if self._pending else ""


#: Learners' names' widths by (font, name), for the name column's width.
_NAME_WIDTHS: dict[tuple[str, str], int] = {}
NAMES_KEPT = 5000


class _BlankBar(QScrollBar):
    """Takes the room of a scroll bar and draws nothing."""

    def paintEvent(self, event: QPaintEvent) -> None:
        QPainter(self).fillRect(self.rect(), self.palette().color(QPalette.ColorRole.Base))


class NamesView(QTableView):
    """The frozen learner and term % columns beside the grid; scrolls with it vertically."""

    def __init__(self, model: rm.RegisterModel, grid: RegisterView) -> None:
        super().__init__(grid.parentWidget())
        self._grid, self._register = grid, model
        #: ((font, names), the widest name's width), kept for fit_columns.
        self._widest: tuple[tuple[str, list[str]], int] | None = None
        self.setHorizontalScrollBar(_BlankBar(self))  # names never scroll sideways
        self.setModel(model)
        self.setItemDelegateForColumn(rm.NAME, NameDelegate(self))
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.setWordWrap(False)
        self._link(grid)
        model.modelReset.connect(self.fit_columns)
        self.fit_columns()

    def _link(self, grid: RegisterView) -> None:
        ours, theirs = self.verticalScrollBar(), grid.verticalScrollBar()
        theirs.valueChanged.connect(ours.setValue)
        ours.valueChanged.connect(theirs.setValue)
        grid.horizontalScrollBar().rangeChanged.connect(self._match_scrollbar)
        grid.selectionModel().currentRowChanged.connect(self._follow)
        grid.sig_fitted.connect(self.fit_columns)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.fit_columns()

    def _longest(self, metrics: QFontMetrics, names: list[str]) -> int:
        """The widest name's width, worked out again only when the names or the font change
        (the columns are fitted several times as a screen is built, shown and given a week),
        each name measured once per font (measuring shapes the text: ~10 µs a name)."""
        font = f"{self.font().key()}@{self.logicalDpiY()}"
        if self._widest is None or self._widest[0] != (font, names):
            if len(_NAME_WIDTHS) > NAMES_KEPT:
                _NAME_WIDTHS.clear()
            for name in names:
                if (font, name) not in _NAME_WIDTHS:
                    _NAME_WIDTHS[font, name] = metrics.horizontalAdvance(name)
            longest = max((_NAME_WIDTHS[font, name] for name in names), default=0)
            self._widest = (font, names), longest
        return self._widest[1]

    def _match_scrollbar(self, _low: int, high: int) -> None:
        """Keep rows aligned: a blank strip where the grid shows its horizontal scroll bar."""
        policy = Qt.ScrollBarPolicy
        self.setHorizontalScrollBarPolicy(
            policy.ScrollBarAlwaysOn if high > 0 else policy.ScrollBarAlwaysOff
        )

    def _follow(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.selectRow(current.row())

    def fit_columns(self) -> None:
        """The name column fits the longest name (within reason); term % fits '100.0%'."""
        metrics = self.fontMetrics()
        model = self._register
        longest = self._longest(metrics, [model.learner(r).name for r in range(model.rowCount())])
        chip_and_badge = round(metrics.height() * 1.3) + metrics.horizontalAdvance("? 10") + 48
        shortest, widest = metrics.averageCharWidth() * 14, metrics.averageCharWidth() * 30
        self.setColumnWidth(rm.NAME, min(max(longest, shortest), widest) + chip_and_badge)
        self.setColumnWidth(rm.TERM, metrics.horizontalAdvance("100.0%") + 24)
        for column in range(rm.FIRST_SESSION, model.columnCount()):
            self.setColumnHidden(column, True)
        _fixed_rows(self, self._grid.verticalHeader().defaultSectionSize())  # rows line up
        width = self.columnWidth(rm.NAME) + self.columnWidth(rm.TERM) + 2 * self.frameWidth()
        self.setFixedWidth(width)
        self.horizontalHeader().setFixedHeight(self._grid.horizontalHeader().sizeHint().height())
