"""One palette: no colour is written anywhere but desktop_app/palette.py, and every `@NAME` in
a stylesheet is a colour the palette has."""

from __future__ import annotations

import re
from pathlib import Path

from desktop_app import palette

PACKAGE = Path(__file__).resolve().parents[1] / "desktop_app"
HEX = re.compile(r"#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b(?![0-9a-fA-F])")


def test_no_colour_literal_outside_the_palette() -> None:
    offences = [
        f"{path.relative_to(PACKAGE)}:{number}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.name != "palette.py" and "migrations" not in path.parts
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if HEX.search(line.split("#:")[0]) and "noqa" not in line
    ]
    assert offences == []


def test_the_stylesheet_names_palette_colours_only() -> None:
    sheet = (PACKAGE / "resources" / "app.qss").read_text(encoding="utf-8")
    assert not HEX.search(sheet)
    filled = palette.qss(sheet)
    assert "@" not in filled and HEX.search(filled)


def test_the_scan_sees_a_colour(tmp_path: Path) -> None:
    assert HEX.search('QColor("#1f2933")') and not HEX.search("issue #12")
