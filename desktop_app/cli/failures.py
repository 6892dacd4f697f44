"""Every failure the command line meets ends as one line and a documented exit code, never a
traceback, and never with learner data (driver errors carry SQL parameters: not printed)."""

from __future__ import annotations

import errno
import os
import sys

from sqlalchemy.exc import DBAPIError, SQLAlchemyError

EXIT_INPUT = 2
EXIT_BUSY = 4
#: An unexpected fault: the message names only its kind.
EXIT_FAULT = 1
BUSY_MESSAGE = "the register is in use; try again"
FULL = (errno.ENOSPC, errno.EDQUOT)


def say(message: str) -> None:
    print(f"error: {message}", file=sys.stderr)


def _quiet_stdout() -> None:
    """The reader went away (`audit | head`): send the rest nowhere and end quietly."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def _os_error(error: OSError) -> str:
    where = f" ({error.filename})" if error.filename else ""
    if error.errno in FULL:
        return f"the disk is full{where}: nothing was written; free some space and try again"
    if isinstance(error, IsADirectoryError):
        return f"{error.filename or 'that'} is a folder, not a file"
    if isinstance(error, FileNotFoundError):
        return f"no such file{where}"
    if isinstance(error, PermissionError):
        return f"not allowed to read or write{where}"
    return f"could not read or write a file{where}: {error.strerror or type(error).__name__}"


def _database_error(error: SQLAlchemyError) -> tuple[str, int]:
    original = error.orig if isinstance(error, DBAPIError) else None
    text = str(original).lower() if original is not None else ""
    if "disk is full" in text or "disk i/o" in text:
        return "the disk is full or failing: nothing was written; free some space", EXIT_INPUT
    if "locked" in text or "busy" in text:
        return BUSY_MESSAGE, EXIT_BUSY
    from desktop_app.services.server_connection import connection_problem

    if (problem := connection_problem(text)) is not None:  # a PostgreSQL server refused us
        return f"{problem}; nothing was written", EXIT_INPUT
    state = getattr(original, "sqlstate", None) or getattr(original, "pgcode", None)
    kind = type(original or error).__name__
    code = f" {state}" if state else ""
    return f"the database refused this ({kind}{code}); nothing was written", EXIT_INPUT


def report(error: BaseException) -> int:
    """The exit code for an error no service turned into a message, after saying it in one line."""
    if isinstance(error, BrokenPipeError):
        _quiet_stdout()
        return 0
    if isinstance(error, OSError):
        say(_os_error(error))
        return EXIT_INPUT
    if isinstance(error, SQLAlchemyError):
        message, code = _database_error(error)
        say(message)
        return code
    if isinstance(error, MemoryError):
        say("not enough memory for this; nothing was written")
        return EXIT_FAULT
    say(f"an unexpected fault ({type(error).__name__}); nothing was written")
    return EXIT_FAULT
