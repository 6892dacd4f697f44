"""After sign-in, the code of the pages not yet shown (and of the learner panel and the Send
dialogs) is imported on a background thread, so that opening one later does not stop the
window while Python reads and runs its modules (a tenth of a second or more for some pages).

The package has no import cycles (tests/test_architecture.py), so an import here and one on
the GUI thread at the same moment simply wait for each other; a failure here is only logged:
the page imports (and reports) it itself when it is opened.
"""

from __future__ import annotations

import importlib
import logging
import threading
from collections.abc import Iterable

from desktop_app.longlived import keep_for_good

log = logging.getLogger(__name__)

#: Opened from pages rather than the navigation: the learner panel and the Send dialogs.
ALSO: tuple[str, ...] = (
    "desktop_app.views.learners.panel",
    "desktop_app.views.sending.summary_dialog",
    "desktop_app.views.sending.letters_dialog",
    "desktop_app.views.sending.outbox_dialog",
)


def warm(modules: Iterable[str]) -> threading.Thread:
    """Import each module on a daemon thread, in order; returns the (started) thread."""
    names = [*dict.fromkeys([*modules, *ALSO])]

    def run() -> None:
        for name in names:
            try:
                importlib.import_module(name)
            except Exception:  # the page imports it again when opened, and says what failed
                log.exception("could not import %s ahead of time", name)
        keep_for_good("pages")  # the code just imported lives as long as the app

    thread = threading.Thread(target=run, name="warm-imports", daemon=True)
    thread.start()
    return thread
