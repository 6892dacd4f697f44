"""The command line: scripted set-up, imports, statistics and checks."""

from __future__ import annotations

import sys

from desktop_app.cli.context import EXIT_DENIED, EXIT_INPUT, EXIT_OK
from desktop_app.cli.parser import build_parser
from desktop_app.services.errors import (
    AuthenticationFailed,
    NotFound,
    PermissionDenied,
    ServiceError,
    ValidationFailed,
)


def main(argv: list[str]) -> int:
    """Run one command; 0 on success, 2 on bad input (nothing written), 3 when refused."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args))
    except ValidationFailed as error:
        for problem in error.problems:
            print(f"error: {problem}", file=sys.stderr)
        print("nothing was written", file=sys.stderr)
        return EXIT_INPUT
    except (AuthenticationFailed, PermissionDenied) as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_DENIED
    except (NotFound, ServiceError) as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        return 130


__all__ = ["EXIT_OK", "main"]
