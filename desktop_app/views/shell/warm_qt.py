"""Qt's type lookup paid while the person types their password, not inside signing in."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QListWidget


class _Watching(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        return False


def warm_type_lookup() -> None:
    """The first time an object of a class private to Qt (a list's model, a window's native
    window) reaches Python, PySide looks through every QObject class for the nearest one it
    knows and builds each one's enums: about 170 classes, 20 ms with the interpreter held. The
    main window's idle watcher sees every event of the application, so that first time came
    inside signing in. Here a filter of the same kind sees a list being made, once, on the GUI
    thread, while the sign-in window waits for the password."""
    app = QApplication.instance()
    if app is None:
        return
    watching = _Watching()
    app.installEventFilter(watching)
    try:
        QListWidget()  # made, seen and dropped
    finally:
        app.removeEventFilter(watching)
