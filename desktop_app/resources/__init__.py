"""Icons and the stylesheet, read from package data so they work from source or installed."""

from __future__ import annotations

from functools import cache
from importlib import resources

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QIcon, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

from desktop_app import palette

ICON_SIZES = (16, 20, 24, 32, 48, 64, 128, 256)
#: Enough for an icon shown small (a list, a button), at twice the size on a high-DPI screen.
SMALL_SIZES = (16, 20, 24, 32, 40, 48)


def _read(folder: str | None, name: str) -> bytes:
    place = resources.files(__name__)
    if folder is not None:
        place = place.joinpath(folder)
    return place.joinpath(name).read_bytes()


def _draw(renderer: QSvgRenderer, size: int) -> QPixmap:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return pixmap


@cache
def icon(name: str, sizes: tuple[int, ...] = ICON_SIZES) -> QIcon:
    """The icon drawn from icons/<name>.svg at the usual sizes (needs a QGuiApplication), or
    only at `sizes` (SMALL_SIZES for one never shown large: the big ones cost the most to draw).
    Drawn once per run: the same icon is handed out again."""
    renderer = QSvgRenderer(QByteArray(_read("icons", f"{name}.svg")))
    if not renderer.isValid():
        raise ValueError(f"icons/{name}.svg is not a valid SVG")
    result = QIcon()
    for size in sizes:
        result.addPixmap(_draw(renderer, size))
    return result


def stylesheet() -> str:
    """The application's Qt stylesheet, its `@NAME` colours filled in from the palette."""
    return palette.qss(_read(None, "app.qss").decode("utf-8"))
