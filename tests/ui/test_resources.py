"""Icons draw from their SVGs and the stylesheet loads, through importlib.resources."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from desktop_app import resources
from desktop_app.views.shell.main_window import PAGES


@pytest.mark.parametrize("name", ["app", *[spec.icon for spec in PAGES]])
def test_icon_renders(qtbot: QtBot, name: str) -> None:
    icon = resources.icon(name)
    assert not icon.isNull()
    image = icon.pixmap(64, 64).toImage()
    assert image.width() == 64
    colours = {image.pixelColor(x, y).name() for x in range(0, 64, 4) for y in range(0, 64, 4)}
    assert len(colours) > 1  # something was drawn, not one flat colour


def test_app_icon_is_calm_blue(qtbot: QtBot) -> None:
    image = resources.icon("app").pixmap(64, 64).toImage()
    board = image.pixelColor(10, 40)
    assert board == QColor("#2d64a8")


def test_missing_icon_is_an_error(qtbot: QtBot) -> None:
    with pytest.raises(FileNotFoundError):
        resources.icon("no-such-icon")


def test_stylesheet_loads() -> None:
    sheet = resources.stylesheet()
    assert "QListWidget#navigation" in sheet and "QPushButton" in sheet
