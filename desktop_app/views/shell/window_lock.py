"""Locking the main window: its content and open dialogs hidden until the password is given."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QShortcut
from PySide6.QtWidgets import QApplication, QDialog, QStackedWidget, QWidget

from desktop_app.views.shell.idle_watcher import IdleWatcher
from desktop_app.views.shell.lock_screen import LockScreen


class WindowLock(QObject):
    """Swaps the window's content for the lock screen and back, leaving the content untouched.

    Nothing is rebuilt or read again: the same page, selection, scroll position and typed text
    are there after unlocking, and the widget that had the focus gets it back.
    sig_lock_changed(locked) follows each change, so the window can disable its menus.
    """

    sig_lock_changed = Signal(bool)

    def __init__(
        self,
        screens: QStackedWidget,
        lock_screen: LockScreen,
        watcher: IdleWatcher,
        shortcuts: list[QShortcut],
    ) -> None:
        super().__init__(screens)
        self._screens, self._lock_screen = screens, lock_screen
        self._watcher, self._shortcuts = watcher, shortcuts
        self._hidden_dialogs: list[QDialog] = []
        self._focus: QWidget | None = None
        watcher.sig_idle_timed_out.connect(self.lock)
        lock_screen.sig_unlocked.connect(self.unlock)

    def is_locked(self) -> bool:
        return self._screens.currentWidget() is self._lock_screen

    def lock(self) -> None:
        """Hide everything but the lock screen; stop watching for idleness until unlocked."""
        if self.is_locked():
            return
        self._focus = QApplication.focusWidget()
        window = self._screens.window()
        self._hidden_dialogs = [d for d in window.findChildren(QDialog) if d.isVisible()]
        for dialog in self._hidden_dialogs:
            dialog.hide()
        for shortcut in self._shortcuts:
            shortcut.setEnabled(False)
        self._watcher.stop()
        self._screens.setCurrentWidget(self._lock_screen)
        self._lock_screen.prepare(self._watcher.timeout_ms / 60_000)
        self.sig_lock_changed.emit(True)

    def unlock(self) -> None:
        """Put the content back exactly as it was."""
        self._screens.setCurrentIndex(0)
        for shortcut in self._shortcuts:
            shortcut.setEnabled(True)
        for dialog in self._hidden_dialogs:
            if shiboken6.isValid(dialog):  # it may have been deleted meanwhile
                dialog.show()
        self._hidden_dialogs = []
        if self._focus is not None and shiboken6.isValid(self._focus):
            self._focus.setFocus()
        self._watcher.start()
        self.sig_lock_changed.emit(False)
