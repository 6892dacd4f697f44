"""The cycle collector runs on the GUI thread only while the window is up: Python's own is off,
and the timer collects each generation when the collector's thresholds say it would."""

from __future__ import annotations

import gc
import threading
import weakref

import pytest
from pytestqt.qtbot import QtBot

from desktop_app.views.common.collector import CHECK_MS, GuiThreadCollector


class Cycle:
    def __init__(self) -> None:
        self.me = self


def test_garbage_is_freed_on_the_gui_thread_even_when_a_worker_fills_the_generation(
    qtbot: QtBot,
) -> None:
    """A worker allocating past the threshold used to set the collection off on itself, and
    free whatever cycles were waiting (Qt objects among them) there. The autouse fixture has
    started a collector, as the app does."""
    assert not gc.isenabled()
    freed_on: list[int] = []
    cycle = Cycle()
    weakref.finalize(cycle, lambda: freed_on.append(threading.get_ident()))
    gone = weakref.ref(cycle)
    del cycle  # garbage now, freed only by a collection

    kept: list[list[object]] = []

    def allocate() -> None:  # past generation 0's threshold (and kept: freeing lowers the count)
        kept.extend([] for _ in range(gc.get_threshold()[0] * 3))

    worker = threading.Thread(target=allocate)
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: gone() is None, timeout=CHECK_MS * 8)
    assert freed_on == [threading.get_ident()]  # this (the GUI) thread, not the worker


@pytest.mark.parametrize(
    ("counts", "expected"),
    [((10, 0, 0), None), ((701, 0, 0), 0), ((701, 11, 0), 1), ((701, 11, 11), 2)],
)
def test_each_generation_is_collected_when_its_threshold_is_passed(
    monkeypatch: pytest.MonkeyPatch, counts: tuple[int, int, int], expected: int | None
) -> None:
    collected: list[int] = []
    monkeypatch.setattr(gc, "get_threshold", lambda: (700, 10, 10))
    monkeypatch.setattr(gc, "get_count", lambda: counts)
    monkeypatch.setattr(gc, "collect", lambda generation=2: collected.append(generation) or 0)
    assert GuiThreadCollector.check() == expected
    assert collected == ([] if expected is None else [expected])


def test_stopping_hands_collecting_back_to_python(qtbot: QtBot) -> None:
    gc.enable()
    collector = GuiThreadCollector()
    collector.start()
    assert not gc.isenabled() and collector.timer.isActive()
    collector.stop()
    assert gc.isenabled() and not collector.timer.isActive()
    gc.disable()  # as the fixture's collector has it until the test ends
