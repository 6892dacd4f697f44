"""Opening the register on a worker thread while the sign-in window is already up.

SQLAlchemy, the models, the key and the register itself load while the person types. A
passphrase the worker needs (no keyring) is asked for on the GUI thread, where dialogs must
run, and the worker waits for the answer; the outcome is handed back to the GUI thread.
Nothing here imports SQLAlchemy at start: the worker does.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot

if TYPE_CHECKING:
    from desktop_app.services.database import Database

#: Asked for a passphrase (`new` True when choosing one); None if the person cancelled.
Ask = Callable[[bool], str | None]
#: How often a waiting worker looks whether the question was withdrawn (seconds).
POLL_SECONDS = 0.05


@dataclass(frozen=True)
class Opened:
    """An open register, whether it has been set up, and the provision's name if so."""

    db: Database
    initialised: bool
    name: str


class PromptOnGuiThread(QObject):
    """The `ask` the worker hands to open_database: asks on the GUI thread and waits."""

    sig_ask = Signal(bool)

    def __init__(self, ask: Ask) -> None:
        super().__init__()  # made on the GUI thread, so its slot runs there
        self._ask = ask
        self._answer: str | None = None
        self._answered = threading.Event()
        self._withdrawn = False
        self.sig_ask.connect(self._on_ask)  # emitted on the worker: queued to the GUI thread

    def __call__(self, new: bool) -> str | None:
        """On the worker: the passphrase typed on the GUI thread (None: cancelled, withdrawn)."""
        self._answered.clear()
        if self._withdrawn:
            return None
        self.sig_ask.emit(new)
        while not self._answered.wait(POLL_SECONDS):
            if self._withdrawn:
                return None
        return None if self._withdrawn else self._answer

    @Slot(bool)  # a declared slot: PySide6 queues calls from other threads to it safely
    def _on_ask(self, new: bool) -> None:
        try:
            self._answer = None if self._withdrawn else self._ask(new)
        finally:
            self._answered.set()

    def withdraw(self) -> None:
        """Nobody will answer any more (the person quit): the worker gets None."""
        self._withdrawn = True
        self._answered.set()


class Opening(QObject):
    """Opens the register at `url` on a worker thread; `sig_finished` on the GUI thread after.

    Then exactly one of `opened` and `error` is set. The worker is never abandoned: `wait`
    withdraws any question and waits for it, so an upgrade under way always finishes.
    """

    sig_finished = Signal()
    _sig_done = Signal()  # emitted on the worker

    def __init__(self, url: str, ask: Ask, warm_up: Callable[[], None] | None = None) -> None:
        super().__init__()
        self.url = url
        self.prompt = PromptOnGuiThread(ask)
        self.opened: Opened | None = None
        self.error: Exception | None = None
        self._warm_up = warm_up
        self._closed = False
        self._thread = threading.Thread(target=self._run, name="open-register")
        self._sig_done.connect(self._deliver)

    def start(self) -> None:
        """Start opening (once; never after `wait`, when nobody is waiting for it any more)."""
        if not self._closed and not self._thread.is_alive() and not self.finished():
            self._thread.start()

    def finished(self) -> bool:
        return self.opened is not None or self.error is not None

    def wait(self) -> None:
        """Withdraw any question to the person and wait for the worker to end."""
        self._closed = True
        self.prompt.withdraw()
        if self._thread.is_alive():
            self._thread.join()

    def _run(self) -> None:
        try:
            self.opened = open_and_read(self.url, self.prompt)
        except Exception as error:  # handed to the GUI thread, which says what it was
            self.error = error
        if self.opened is not None:
            self._warm_connections(self.opened)
        self._sig_done.emit()
        if self.opened is not None and self._warm_up is not None:
            try:
                self._warm_up()  # while the person types: what signing in will need
            except Exception:  # the GUI thread will meet the same problem and say it
                logging.getLogger(__name__).exception("warming up after opening")

    @staticmethod
    def _warm_connections(opened: Opened) -> None:
        try:
            opened.db.warm_connections()
        except Exception:  # the GUI thread will meet the same problem when it connects
            logging.getLogger(__name__).exception("opening connections ahead")

    @Slot()
    def _deliver(self) -> None:
        self.sig_finished.emit()


def open_and_read(url: str, ask: Ask) -> Opened:
    """Open the register (asking for its passphrase if need be) and read the provision's name."""
    from desktop_app.services.database import open_database
    from desktop_app.services.provision import is_initialised, provision_details

    db = open_database(url, ask=ask)
    try:
        initialised = is_initialised(db)
        return Opened(db, initialised, provision_details(db).name if initialised else "")
    except BaseException:
        db.dispose()
        raise
