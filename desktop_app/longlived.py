"""What lives as long as the app, moved out of the cycle collector's sight.

Each full collection walks every object Python tracks, with every thread stopped: with the
app's modules, classes and mappers that is 40-190 ms, which the window shows as a freeze
whichever thread set it off. `gc.freeze` moves everything alive now to a generation the collector
never walks. It is done once per process for each stage (start-up; the pages' code after the
first sign-in): a later call would also keep, for good, whatever garbage was waiting then.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_done: set[str] = set()
_lock = threading.Lock()


def keep_for_good(stage: str) -> bool:
    """Freeze what is alive now, the first time `stage` is reached; whether it froze."""
    with _lock:
        if stage in _done:
            return False
        _done.add(stage)
    gc.freeze()
    return True


@contextmanager
def collection_waits() -> Iterator[None]:
    """Hold the cycle collector off while an action runs, and let it resume afterwards (at the
    next allocation). For a mark saved on a key press: the window's repaints leave the
    allocation counts high, so a collection would often start inside the save and walk the
    window's young objects first. For an import: it makes a few objects per row, no cycles
    among them, which the collector would walk again and again (a sixth of a large import)."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
