"""Entry point: no arguments opens the window; a command runs the command line."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    gui_only = all(a.startswith("--database") or a.startswith("-platform") for a in args)
    if not args or (gui_only and not any(a in ("-h", "--help") for a in args)):
        from desktop_app.app import run_gui

        return run_gui(args)
    from desktop_app.cli import main as cli_main

    return cli_main(args)


if __name__ == "__main__":
    sys.exit(main())
