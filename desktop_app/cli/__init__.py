"""The command line: scripted set-up, imports, statistics and checks."""

from __future__ import annotations

import sys

from desktop_app.cli.parser import build_parser
from desktop_app.services.errors import (
    AuthenticationFailed,
    Busy,
    NotFound,
    PermissionDenied,
    ServiceError,
    StaleWrite,
    ValidationFailed,
)


def main(argv: list[str]) -> int:
    """Run one command; 0 on success, 2 on bad input (nothing written), 3 when refused, 4 when
    another action holds the register, 1 on an unexpected fault (named by kind only)."""
    parser = build_parser(argv)  # loads only the commands named (see parser.py)
    args = parser.parse_args(argv)
    from desktop_app.cli import failures
    from desktop_app.cli.context import EXIT_DENIED, EXIT_INPUT  # after --help has exited

    try:
        code = int(args.handler(args))
        sys.stdout.flush()  # a closed pipe is met here, not at exit
        return code
    except Busy as error:
        failures.say(str(error))
        return failures.EXIT_BUSY
    except ValidationFailed as error:
        for problem in error.problems:
            print(f"error: {problem}", file=sys.stderr)
        print("nothing was written", file=sys.stderr)
        return EXIT_INPUT
    except (AuthenticationFailed, PermissionDenied, StaleWrite) as error:
        # StaleWrite: a mark changed by someone else since the file was made; nothing written
        print(f"error: {error}", file=sys.stderr)
        return EXIT_DENIED
    except (NotFound, ServiceError) as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # never a traceback: one line and a documented code
        return failures.report(error)


__all__ = ["main"]
