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
