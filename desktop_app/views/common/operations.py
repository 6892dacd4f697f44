"""Operations: the one way a view runs a service call for a user action.

`run` calls the service now (a save is one short transaction), shows a refusal where the view
says (a form's fields, a status line), and on success announces what changed on the context's
change bus. `load` runs a slow read on the thread pool and hands the result back on the GUI
thread; only the newest load for a key is delivered, so a page never shows stale data over new.
Workers (loads, reports) send news to the GUI thread only through one relay that is never
deleted (`address`), never on an object of a page. Views never catch ServiceError themselves.
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, Protocol, TypeVar, cast

import shiboken6
from PySide6.QtCore import QEvent, QObject, QRunnable, QThreadPool, Signal
from PySide6.QtWidgets import QWidget

from desktop_app.services.errors import ServiceError, ValidationFailed
from desktop_app.views.common.busy import busy
from desktop_app.views.common.changes import Change
from desktop_app.views.common.field_form import FORM, FieldForm, problems_by_field, sentence

if TYPE_CHECKING:
    from desktop_app.views.common.context import AppContext

T = TypeVar("T")
log = logging.getLogger(__name__)

#: Where a refusal is shown: gets the service's error (ValidationFailed carries its problems).
Show = Callable[[ServiceError], None]
#: What changed, fixed or worked out from the service's result.
Changed = Iterable[Change] | Callable[[T], Iterable[Change]]
#: The kinds of news a worker sends through the relay (others are the receiver's own).
DONE, FAILED = "done", "failed"


@dataclass(frozen=True, slots=True)
class Outcome(Generic[T]):
    """What came of a run: true when the service did it; `value` is what it returned."""

    ok: bool
    value: T | None = None
    error: ServiceError | None = None

    def __bool__(self) -> bool:
        return self.ok


def run(
    context: AppContext | None,
    call: Callable[[], T],
    *,
    show: Show,
    changed: Changed[T] = (),
    wait_cursor: bool = False,
) -> Outcome[T]:
    """Run a user action's service call now; refusals go to `show`, changes to the bus.

    `context` is None only before anyone has signed in (sign-in, welcome, damaged database).
    """
    try:
        if wait_cursor:
            with busy():
                value = call()
        else:
            value = call()
    except ServiceError as error:
        show(error)
        return Outcome(False, error=error)
    if context is not None:
        announce(context, changed(value) if callable(changed) else changed)
    return Outcome(True, value)


def announce(context: AppContext, changes: Iterable[Change]) -> None:
    """Tell every page what changed (also for actions whose result arrives later)."""
    context.changes.announce(*changes)


def to_form(
    form: FieldForm,
    fields: Iterable[str] | None = None,
    *,
    labelled: dict[str, tuple[str, str]] | None = None,
) -> Show:
    """Each problem under its field of the form; others (and plain refusals) for the form.

    `labelled` maps a service's field to (form key, label) for messages that name the field
    ("Username is taken."); otherwise problems whose field is a form key show as they are.
    """
    known = set(form.errors if fields is None else fields)

    def show(error: ServiceError) -> None:
        if labelled is not None and isinstance(error, ValidationFailed):
            form.show_problems(problems_by_field(error, labelled))
        else:
            form.show_problems(problem_texts(error, known))

    return show


def problem_texts(error: ServiceError, fields: Iterable[str]) -> dict[str, str]:
    """A refusal as sentences keyed by form field; anything for no known field goes to FORM."""
    if not isinstance(error, ValidationFailed):
        return {FORM: sentence(error)}
    known = set(fields)
    found: dict[str, str] = {}
    for problem in error.problems:
        key = problem.field if problem.field in known else FORM
        found.setdefault(key, sentence(problem.message))
    return found


def to_status(say: Callable[[str], None], prefix: str = "") -> Show:
    """The refusal as one sentence on a status line (`say`), after an optional prefix."""

    def show(error: ServiceError) -> None:
        say(f"{prefix}{message_of(error)}")

    return show


def message_of(error: ServiceError) -> str:
    """A refusal in plain sentences: a ValidationFailed's problems without field names."""
    if isinstance(error, ValidationFailed) and error.problems:
        return " ".join(sentence(problem.message) for problem in error.problems)
    return sentence(error)


_Callbacks = tuple[Callable[[object], None], Callable[[str], None]]


class Relayed(Protocol):
    """A GUI-thread object that takes what its workers send through the relay."""

    def relayed(self, ticket: object, kind: str, payload: object) -> None: ...


@dataclass(frozen=True, slots=True)
class Address:
    """Where a worker sends news of its job: the receiver (weakly held, so the worker neither
    keeps it alive nor is the one to let it go) and the job's ticket. Made on the GUI thread
    by `address`; `send` may be called from any thread."""

    receiver: weakref.ref[Relayed]
    ticket: object
    relay: _Relay

    def send(self, kind: str, payload: object = None) -> None:
        """Queue (kind, payload) for the receiver's `relayed`, which runs on the GUI thread
        if the receiver still exists."""
        self.relay.sig_relayed.emit(self, kind, payload)


class _Relay(QObject):
    """Carries every worker's news to the GUI thread. One for the application, never deleted:
    a worker emits on it, never on an object of a page, which the GUI thread may delete (a
    page closed, or collected) while the worker emits. Its slot runs on the GUI thread and
    hands the news to the receiver if that still exists."""

    sig_relayed = Signal(object, str, object)  # (address, kind, payload)

    def __init__(self) -> None:
        super().__init__()
        self.sig_relayed.connect(self._deliver)

    @staticmethod
    def _deliver(address: Address, kind: str, payload: object) -> None:
        receiver = address.receiver()
        if receiver is not None and shiboken6.isValid(receiver):
            receiver.relayed(address.ticket, kind, payload)


_relay: list[_Relay] = []  # made by the first `address`, on the GUI thread


def _the_relay() -> _Relay:
    if not _relay:
        _relay.append(_Relay())
    return _relay[0]


def address(receiver: Relayed, ticket: object) -> Address:
    """On the GUI thread: where a worker sends news of the job `ticket` for `receiver`."""
    return Address(weakref.ref(receiver), ticket, _the_relay())


class _Task(QRunnable):
    def __init__(self, call: Callable[[], object], to: Address) -> None:
        super().__init__()
        self._call, self._to = call, to

    def run(self) -> None:
        try:
            value = self._call()
        except ServiceError as error:
            self._to.send(FAILED, sentence(error))
        except Exception:  # a locked or lost database must reach the person, not kill a thread
            log.exception("a background load failed")
            self._to.send(FAILED, "This could not be loaded; try again.")
        else:
            self._to.send(DONE, value)


class Loader(QObject):
    """Runs a widget's reads on the thread pool, delivering only the newest result per key.

    One Loader per page: `loader.load("alerts", call, on_done, on_failed)`. Results for a
    destroyed owner, or older than a newer load with the same key, are dropped.
    """

    def __init__(self, owner: QObject) -> None:
        super().__init__(owner)
        self._latest: dict[str, object] = {}
        self._callbacks: dict[object, _Callbacks] = {}

    def load(
        self,
        key: str,
        call: Callable[[], T],
        on_done: Callable[[T], None],
        on_failed: Callable[[str], None],
    ) -> None:
        ticket = object()
        self._latest[key] = ticket
        self._callbacks[ticket] = (on_done, on_failed)  # type: ignore[assignment]
        QThreadPool.globalInstance().start(_Task(call, address(self, ticket)))

    def busy(self, key: str | None = None) -> bool:
        """Whether a load (for key, or any) is still under way."""
        if key is None:
            return bool(self._callbacks)
        return self._latest.get(key) in self._callbacks

    def relayed(self, ticket: object, kind: str, payload: object) -> None:
        """A read's result or failure, on the GUI thread (from the relay)."""
        if kind == DONE:
            self._done(ticket, payload)
        else:
            self._failed(ticket, cast(str, payload))

    def _take(self, ticket: object) -> _Callbacks | None:
        callbacks = self._callbacks.pop(ticket, None)
        if callbacks is None or ticket not in self._latest.values():
            return None
        return callbacks

    def _done(self, ticket: object, value: object) -> None:
        callbacks = self._take(ticket)
        if callbacks is not None:
            callbacks[0](value)

    def _failed(self, ticket: object, message: str) -> None:
        callbacks = self._take(ticket)
        if callbacks is not None:
            callbacks[1](message)


class Refresher(QObject):
    """Refreshes a page now if it is showing, or when it is next shown if a change came while
    it was hidden: connect change-bus signals to `request`."""

    def __init__(self, widget: QWidget, refresh: Callable[[], None]) -> None:
        super().__init__(widget)
        self._widget, self._refresh = widget, refresh
        self.stale = False
        widget.installEventFilter(self)

    def request(self, _change: object = None) -> None:
        if not shiboken6.isValid(self._widget):  # the page was closed and deleted meanwhile
            return
        if self._widget.isVisible():
            self.stale = False
            self._refresh()
        else:
            self.stale = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # A window closed for deletion can outlive its Python side until Qt deletes it, and the
        # filter is then called on a wrapper made afresh, without our attributes: nothing to do.
        widget = getattr(self, "_widget", None)
        shown = widget is not None and watched is widget and event.type() == QEvent.Type.Show
        if shown and self.stale:
            self.stale = False
            self._refresh()
        return False
