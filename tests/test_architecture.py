"""The layer walls, checked on the source: who may import whom, directly and through our modules.

- domain/ imports nothing of ours but domain/, and neither Qt nor SQLAlchemy;
- views/ never import SQLAlchemy, Alembic or the models;
- services/ and cli/ never reach Qt, not even through a module of ours (the command line runs
  without Qt installed);
- reports/ never take a database: no SQLAlchemy, models or Database, no Qt, and from services
  only the dataclasses (and enums) the services return;
- no import cycles between our modules at import time.
"""

from __future__ import annotations

import ast
import importlib
import inspect
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "desktop_app"
OURS = "desktop_app"

# Modules a layer may not import directly (lazy imports inside functions count too).
FORBIDDEN = {
    "domain": ("PySide6", "sqlalchemy", "alembic", "reportlab"),
    "views": ("sqlalchemy", "alembic", "desktop_app.models"),
    "reports": (
        "PySide6",
        "sqlalchemy",
        "alembic",
        "desktop_app.models",
        "desktop_app.services.database",
        "desktop_app.models.engine",
    ),
}
# Modules a layer may not reach at all, through any chain of our modules' imports.
UNREACHABLE = {
    "services": ("PySide6", "shiboken6"),
    "cli": ("PySide6", "shiboken6"),
    "domain": ("PySide6", "sqlalchemy", "alembic"),
    "models": ("PySide6",),
    "reports": ("PySide6",),
}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def all_modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(nodes: Iterator[ast.AST]) -> set[str]:
    names: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def imported_modules(path: Path) -> set[str]:
    """Every module named in an import statement of the file, at any depth (lazy imports too),
    leaving out imports only for type checking."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and _is_type_checking(node)
        for child in node.body
        for inner in ast.walk(child)
    }
    return _imports(n for n in ast.walk(tree) if id(n) not in skipped)


def top_level_imports(path: Path) -> set[str]:
    """The modules imported when the module itself is imported (not in functions, not
    TYPE_CHECKING blocks): the edges that can make an import cycle."""
    tree = ast.parse(path.read_text(encoding="utf-8"))

    def walk(body: list[ast.stmt]) -> Iterator[ast.AST]:
        for node in body:
            if isinstance(node, ast.If):
                if not _is_type_checking(node):
                    yield from walk(node.body)
                    yield from walk(node.orelse)
            elif isinstance(node, ast.Try):
                yield from walk(node.body)
                for handler in node.handlers:
                    yield from walk(handler.body)
            elif isinstance(node, ast.Import | ast.ImportFrom):
                yield node

    return _imports(walk(tree.body))


def ours(names: set[str], modules: dict[str, Path]) -> set[str]:
    """Our modules among the names ('desktop_app.x.Y' for a class Y counts as desktop_app.x)."""
    found = set()
    for name in names:
        while name and name not in modules and name.startswith(OURS):
            name = name.rpartition(".")[0]
        if name in modules and name != OURS:
            found.add(name)
    return found


@cache
def graph(lazy: bool) -> dict[str, set[str]]:
    modules = all_modules()
    read = imported_modules if lazy else top_level_imports
    return {name: read(path) for name, path in modules.items()}


def breaks_wall(name: str, forbidden: tuple[str, ...]) -> bool:
    return any(name == f or name.startswith(f + ".") for f in forbidden)


def chain_to(start: str, forbidden: tuple[str, ...]) -> list[str] | None:
    """The first chain of imports from start to a forbidden module, or None."""
    modules, edges = all_modules(), graph(lazy=True)
    seen, stack = {start}, [[start]]
    while stack:
        path = stack.pop()
        for name in sorted(edges[path[-1]]):
            if breaks_wall(name, forbidden):
                return [*path, name]
        for nxt in sorted(ours(edges[path[-1]], modules) - seen):
            seen.add(nxt)
            stack.append([*path, nxt])
    return None


def layer_modules(layer: str) -> list[str]:
    prefix = f"{OURS}.{layer}"
    return [m for m in all_modules() if m == prefix or m.startswith(prefix + ".")]


def test_the_scan_finds_a_forbidden_import(tmp_path: Path) -> None:
    """The scanner itself works: it sees a lazy import inside a function, and not one made only
    for type checking."""
    sample = tmp_path / "sample.py"
    sample.write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import PySide6\n"
        "def f():\n    from sqlalchemy.orm import Session\n"
    )
    found = imported_modules(sample)
    assert any(breaks_wall(n, FORBIDDEN["views"]) for n in found)
    assert not any(breaks_wall(n, ("PySide6",)) for n in found)
    assert "sqlalchemy.orm" not in top_level_imports(sample)


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_keeps_its_wall(layer: str) -> None:
    files = sorted((PACKAGE / layer).rglob("*.py"))
    assert files, f"no files found in {layer}/"
    offences = [
        f"{path.relative_to(PACKAGE)} imports {name}"
        for path in files
        for name in sorted(imported_modules(path))
        if breaks_wall(name, FORBIDDEN[layer])
    ]
    assert offences == []


def test_domain_imports_only_the_domain() -> None:
    modules = all_modules()
    offences = [
        f"{name} imports {other}"
        for name in layer_modules("domain")
        for other in sorted(ours(graph(lazy=True)[name], modules))
        if not (other.startswith(f"{OURS}.domain") or other == OURS)
    ]
    assert offences == []


@pytest.mark.parametrize("layer", sorted(UNREACHABLE))
def test_layer_never_reaches(layer: str) -> None:
    """Not even through another module of ours (lazy imports followed too)."""
    chains = [
        " -> ".join(chain)
        for name in layer_modules(layer)
        if (chain := chain_to(name, UNREACHABLE[layer])) is not None
    ]
    assert chains == []


def test_reports_take_only_dataclasses_from_services() -> None:
    """A PDF builder is fed what a service returned (dataclasses, enums, constants); it never
    calls a service itself."""
    offences = []
    for name in layer_modules("reports"):
        tree = ast.parse(all_modules()[name].read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                f"{OURS}.services"
            ):
                source = importlib.import_module(node.module or "")
                for alias in node.names:
                    value = getattr(source, alias.name)
                    if callable(value) and not inspect.isclass(value):
                        offences.append(f"{name} imports {node.module}.{alias.name}")
    assert offences == []


def find_cycle(edges: dict[str, set[str]]) -> list[str] | None:
    modules = all_modules()
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(ours(edges[node], modules)):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (cycle := visit(nxt)) is not None:
                return cycle
        state[node] = 2
        path.pop()
        return None

    for start in sorted(edges):
        if start not in state and (cycle := visit(start)) is not None:
            return cycle
    return None


def test_cycle_finder_finds_one() -> None:
    assert find_cycle({"desktop_app.a": {"desktop_app.b"}, "desktop_app.b": {"desktop_app.a"}}) in (
        None,  # only modules that exist are followed; these do not
        ["desktop_app.a", "desktop_app.b", "desktop_app.a"],
    )
    real = sorted(all_modules())[1:3]
    loop = {real[0]: {real[1]}, real[1]: {real[0]}}
    assert find_cycle(loop) == [real[0], real[1], real[0]]


def test_no_import_cycles() -> None:
    """Importing any module of ours never needs a module that is still being imported."""
    edges = {
        name: {n for n in found if not n.endswith("__init__")}
        for name, found in graph(lazy=False).items()
    }
    assert find_cycle(edges) is None


def test_steps_inside_a_transaction_are_marked() -> None:
    """A public service function that takes the caller's Session is a step inside a user action,
    marked @in_transaction (it checks no role); the rest are user actions."""
    from desktop_app.services.tx import is_in_transaction

    unmarked = []
    for name in layer_modules("services"):
        tree = ast.parse(all_modules()[name].read_text(encoding="utf-8"))
        for node in tree.body:
            if not isinstance(node, ast.FunctionDef) or node.name.startswith("_"):
                continue
            first = node.args.args[0].annotation if node.args.args else None
            if first is not None and ast.unparse(first) in ("Session", "Connection"):
                function = getattr(importlib.import_module(name), node.name)
                if not is_in_transaction(function):
                    unmarked.append(f"{name}.{node.name}")
    assert unmarked == []
