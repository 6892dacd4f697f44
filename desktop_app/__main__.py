"""Entry point: no command opens the window; a command runs the command line.

Nothing heavy is imported here: the window's modules load only for the window, and the command
line's only for the command given (`--help` loads neither Qt nor SQLAlchemy).
"""

from __future__ import annotations

import sys

#: Options the window understands, each followed by a value.
WINDOW_OPTIONS = ("--database", "-platform")
#: Checks this installation end to end and exits (also in the installed, frozen app).
SELF_TEST = "--self-test"


def is_window_start(args: list[str]) -> bool:
    """True when args hold only window options (and their values), not a command."""
    rest = list(args)
    while rest:
        word = rest.pop(0)
        if word in WINDOW_OPTIONS:
            if not rest:
                return False
            rest.pop(0)
        elif not any(word.startswith(option + "=") for option in WINDOW_OPTIONS):
            return False
    return True


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args == [SELF_TEST]:
        from desktop_app.selftest import run_self_test

        return run_self_test()
    if is_window_start(args):
        from desktop_app.app import run_gui

        return run_gui(args)
    from desktop_app.cli import main as cli_main

    return cli_main(args)


if __name__ == "__main__":
    sys.exit(main())
