"""Changes saved on other PCs reach this window's change bus (PostgreSQL only; issue 16).

A daemon thread runs services.remote.listen; each change it hears is handed to the GUI thread
through a queued signal and announced on `context.changes` like a local one, so every page that
shows that kind of data refreshes (the red bar hears an incident started on another PC). The
main window starts it when the register is on a server and stops it on close.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Signal

from desktop_app.services import remote
from desktop_app.views.common.changes import Change, Kind
from desktop_app.views.common.context import AppContext

#: How long `stop` waits for the thread (it checks its stop flag this often).
POLL_SECONDS = 0.5


class RemoteChanges(QObject):
    """Listens in a thread; announces what it hears on the GUI thread."""

    sig_heard = Signal(str, object)  # kind, frozenset of learner ids (empty = any)
    sig_ready = Signal()  # listening (tests wait for it)

    def __init__(self, context: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        #: True once the listening connection is up (set on the GUI thread).
        self.listening = False
        self.sig_heard.connect(self._announce)  # queued: emitted from the listening thread
        self.sig_ready.connect(self._ready)

    @staticmethod
    def wanted(context: AppContext) -> bool:
        return remote.is_server(context.db)

    def start(self) -> None:
        if self._thread is not None:
            return
        self._thread = threading.Thread(
            target=remote.listen,
            args=(self._context.db, self.sig_heard.emit, self._stop, POLL_SECONDS),
            kwargs={"ready": self.sig_ready.emit},
            name="remote-changes",
            daemon=True,
        )
        self._thread.start()

    def stop(self) -> None:
        """Stop listening and wait (briefly) for the thread to end."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=POLL_SECONDS * 4)
            self._thread = None

    def _ready(self) -> None:
        self.listening = True

    def _announce(self, kind: str, learner_ids: frozenset[int]) -> None:
        self._context.changes.announce(Change.of(Kind(kind), learner_ids=learner_ids))
