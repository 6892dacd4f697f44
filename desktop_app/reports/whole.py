"""A file written whole or not at all: every PDF and CSV the app writes."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def whole_file(path: Path, suffix: str) -> Iterator[Path]:
    """A new file beside `path`, readable by this user only (0600), to write into; put in place
    of `path` (replacing a file of that name) when the block ends, removed if it fails. The
    folder is made if missing. A reader never sees half a file, and a crash leaves at most a
    `*.partial` beside it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(suffix=f"{suffix}.partial", dir=path.parent)
    os.close(handle)
    partial = Path(name)
    try:
        yield partial
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
