"""Reading a written PDF back: the text of each page, and one page rendered to pixels."""

from __future__ import annotations

import subprocess
from pathlib import Path

from pypdf import PdfReader


def pages(path: Path) -> list[str]:
    """Each page's text, with runs of spaces and line breaks made single spaces."""
    return [" ".join(page.extract_text().split()) for page in PdfReader(path).pages]


def text(path: Path) -> str:
    return " ".join(pages(path))


def rendered_ink(path: Path, tmp: Path, page: int = 1) -> int:
    """Render one page with pdftoppm (poppler) and count the pixels that are not white."""
    from PySide6.QtGui import QImage

    prefix = tmp / f"page{page}"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "40", "-f", str(page), "-l", str(page), str(path), str(prefix)],
        check=True,
        capture_output=True,
    )
    [png] = list(tmp.glob(f"page{page}*.png"))
    image = QImage(str(png))
    assert not image.isNull()
    return sum(
        image.pixelColor(x, y).lightness() < 200
        for x in range(0, image.width(), 2)
        for y in range(0, image.height(), 2)
    )
