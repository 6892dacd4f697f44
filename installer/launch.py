"""What the installed (frozen) app runs: the same entry point as `python -m desktop_app`."""

from __future__ import annotations

import sys

from desktop_app.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
