"""The operations layer and the change bus: a refusal goes where the view says and announces
nothing; a success announces what changed; a slow read comes back on the GUI thread, newest
only; a hidden page refreshes when next shown."""

from __future__ import annotations

import threading
import time
from datetime import date

from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from desktop_app.services.errors import Problem, ServiceError, ValidationFailed
from desktop_app.views.common import operations
from desktop_app.views.common.changes import Change, ChangeBus, Kind
from desktop_app.views.common.context import AppContext
from desktop_app.views.common.field_form import FieldForm


def make_context() -> AppContext:
    return AppContext(db=None, user=None, provision_name="p", location="l")  # type: ignore[arg-type]


def refuse() -> None:
    raise ValidationFailed([Problem("must be a school day", "date"), Problem("no such group")])


def test_a_refusal_goes_to_the_form_and_announces_nothing(qtbot: QtBot) -> None:
    context = make_context()
    form = FieldForm([("date", "Date", False)])
    qtbot.addWidget(form)
    heard: list[Change] = []
    context.changes.sig_changed.connect(heard.append)
    outcome = operations.run(
        context, refuse, show=operations.to_form(form), changed=[Change.of(Kind.MARKS)]
    )
    assert not outcome and isinstance(outcome.error, ValidationFailed)
    assert form.errors["date"].text() == "Must be a school day."
    assert form.form_error.text() == "No such group."
    assert heard == []


def test_a_success_announces_each_change_on_its_own_signal(qtbot: QtBot) -> None:
    context = make_context()
    marks: list[Change] = []
    everything: list[Change] = []
    context.changes.sig_marks_changed.connect(marks.append)
    context.changes.sig_changed.connect(everything.append)
    outcome = operations.run(
        context,
        lambda: 7,
        show=lambda error: None,
        changed=lambda value: [Change.of(Kind.MARKS, learner_ids=[value]),
                               Change.of(Kind.CONTACTS)],
    )  # fmt: skip
    assert outcome and outcome.value == 7
    assert [c.learner_ids for c in marks] == [frozenset({7})]
    assert [c.kind for c in everything] == [Kind.MARKS, Kind.CONTACTS]


def test_to_status_says_a_plain_sentence_without_field_names() -> None:
    said: list[str] = []
    operations.to_status(said.append, "Not saved: ")(
        ValidationFailed([Problem("the register has closed", "reason")])
    )
    operations.to_status(said.append)(ServiceError("the register is in use; try again"))
    assert said == ["Not saved: The register has closed.", "The register is in use; try again."]


def test_a_change_touches_only_its_learners_and_days() -> None:
    change = Change.of(Kind.MARKS, learner_ids=[3], dates=[date(2026, 11, 30)])
    assert change.touches_learner(3) and not change.touches_learner(4)
    assert change.touches_dates(date(2026, 11, 30), date(2026, 12, 4))
    assert not change.touches_dates(date(2026, 12, 7), date(2026, 12, 11))
    assert Change.of(Kind.MARKS).touches_learner(99)  # no ids: any learner


def test_a_slow_read_runs_off_the_gui_thread_and_only_the_newest_arrives(qtbot: QtBot) -> None:
    owner = QWidget()
    qtbot.addWidget(owner)
    loader = operations.Loader(owner)
    gui = threading.get_ident()
    threads: list[int] = []
    got: list[str] = []

    def slow(name: str, wait: float) -> str:
        threads.append(threading.get_ident())
        time.sleep(wait)
        return name

    loader.load("week", lambda: slow("old", 0.3), got.append, got.append)
    loader.load("week", lambda: slow("new", 0.05), got.append, got.append)
    qtbot.waitUntil(lambda: not loader.busy(), timeout=5000)
    qtbot.wait(400)  # the old read has finished too, and was dropped
    assert got == ["new"]
    assert gui not in threads


def test_a_read_that_ends_after_its_page_is_deleted_is_dropped_safely(qtbot: QtBot) -> None:
    """The worker never emits on an object of the page: the page (and its Loader) may be
    deleted on the GUI thread while the read runs, and the result then goes nowhere."""
    import shiboken6

    owner = QWidget()
    loader = operations.Loader(owner)
    release, got = threading.Event(), list[str]()
    loader.load("week", lambda: "late" if release.wait(5) else "never", got.append, got.append)
    shiboken6.delete(owner)  # closed and deleted mid-read, children and all
    assert not shiboken6.isValid(loader)
    release.set()
    qtbot.waitUntil(lambda: operations.QThreadPool.globalInstance().activeThreadCount() == 0)
    qtbot.wait(50)  # the relay's queued delivery has run
    assert got == []
    relay = operations._the_relay()
    assert shiboken6.isValid(relay) and relay.parent() is None  # lives as long as the app


class Inbox(QWidget):
    """A receiver of relayed news that notes what it got, and on which thread."""

    def __init__(self) -> None:
        super().__init__()
        self.got: list[tuple[object, str, object, int]] = []

    def relayed(self, ticket: object, kind: str, payload: object) -> None:
        self.got.append((ticket, kind, payload, threading.get_ident()))


def test_news_sent_from_a_worker_arrives_in_order_on_the_gui_thread(qtbot: QtBot) -> None:
    inbox = Inbox()
    qtbot.addWidget(inbox)
    to = operations.address(inbox, "job")

    def work() -> None:
        for n in range(50):
            to.send(str(n), n)

    sender = threading.Thread(target=work)
    sender.start()
    sender.join()
    qtbot.waitUntil(lambda: len(inbox.got) == 50, timeout=5000)
    assert [(t, k, p) for t, k, p, _ in inbox.got] == [("job", str(n), n) for n in range(50)]
    assert {thread for *_, thread in inbox.got} == {threading.get_ident()}


def test_news_for_a_deleted_receiver_goes_nowhere(qtbot: QtBot) -> None:
    """The relay hands nothing to a receiver whose C++ side is gone, though Python still
    holds it (a page deleted by its parent)."""
    import shiboken6

    inbox = Inbox()
    to = operations.address(inbox, "job")
    shiboken6.delete(inbox)
    sender = threading.Thread(target=lambda: to.send(operations.DONE, 1))
    sender.start()
    sender.join()
    qtbot.wait(100)
    assert inbox.got == []


def test_a_failed_read_reports_a_sentence(qtbot: QtBot) -> None:
    owner = QWidget()
    qtbot.addWidget(owner)
    loader = operations.Loader(owner)
    failed: list[str] = []

    def broken() -> str:
        raise ServiceError("the register is in use; try again")

    loader.load("x", broken, lambda value: None, failed.append)
    qtbot.waitUntil(lambda: failed != [], timeout=5000)
    assert failed == ["The register is in use; try again."]


def test_a_hidden_page_refreshes_when_it_is_next_shown(qtbot: QtBot) -> None:
    page = QLabel()
    qtbot.addWidget(page)
    refreshed: list[int] = []
    refresher = operations.Refresher(page, lambda: refreshed.append(1))
    bus = ChangeBus()
    bus.sig_marks_changed.connect(refresher.request)
    bus.announce(Change.of(Kind.MARKS))
    assert refreshed == [] and refresher.stale
    page.show()
    qtbot.waitExposed(page)
    assert refreshed == [1] and not refresher.stale
    bus.announce(Change.of(Kind.MARKS))
    assert refreshed == [1, 1]
