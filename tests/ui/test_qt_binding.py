"""The Qt binding itself must keep Python's reference counts straight.

PySide6 6.12.0 drops a reference to None on every call that returns nothing; after enough
repaints Python aborts ("deallocating None"). pyproject pins below it; this test fails on any
binding with that bug, whatever version gets installed.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot


def test_void_calls_do_not_leak_references_to_none(qtbot: QtBot) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(2000):
        label.setText("x")
    assert abs(sys.getrefcount(None) - before) < 50
