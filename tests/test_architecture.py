"""The layer walls: domain imports neither Qt nor SQLAlchemy; views and reports never SQLAlchemy."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "desktop_app"

# Modules a layer may not import, directly or through a module of ours that does.
FORBIDDEN = {
    "domain": ("PySide6", "sqlalchemy", "alembic", "desktop_app.models", "desktop_app.services"),
    "views": ("sqlalchemy", "alembic", "desktop_app.models"),
    "reports": ("PySide6", "sqlalchemy", "alembic", "desktop_app.models"),
}


def imported_modules(path: Path) -> set[str]:
    """Every module named in an import statement of the file, at any depth (lazy imports too)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def breaks_wall(name: str, forbidden: tuple[str, ...]) -> bool:
    return any(name == f or name.startswith(f + ".") for f in forbidden)


def test_the_scan_finds_a_forbidden_import(tmp_path: Path) -> None:
    """The scanner itself works: it sees a lazy import inside a function."""
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from sqlalchemy.orm import Session\n")
    assert any(breaks_wall(n, FORBIDDEN["views"]) for n in imported_modules(sample))


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_keeps_its_wall(layer: str) -> None:
    files = sorted((PACKAGE / layer).rglob("*.py"))
    if layer != "reports":
        assert files, f"no files found in {layer}/"
    offences = [
        f"{path.relative_to(PACKAGE)} imports {name}"
        for path in files
        for name in sorted(imported_modules(path))
        if breaks_wall(name, FORBIDDEN[layer])
    ]
    assert offences == []
