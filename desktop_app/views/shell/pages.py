"""The window's pages, each imported and built the first time it is shown.

Signing in paints the first page without importing or building the others; a page's module is
named as "package.module:factory" so nothing of it loads until someone opens it.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from PySide6.QtWidgets import QStackedWidget, QWidget

from desktop_app.domain.permissions import Action
from desktop_app.views.common.context import AppContext


@dataclass(frozen=True, slots=True)
class PageSpec:
    """A navigation entry: its label, icon, where its factory lives, and the action it needs."""

    name: str
    icon: str
    factory: str  # "package.module:callable", called with the AppContext
    needs: Action | None = None

    def build(self, context: AppContext) -> QWidget:
        module_name, attribute = self.factory.split(":")
        factory: Callable[[AppContext], QWidget] = getattr(
            importlib.import_module(module_name), attribute
        )
        return factory(context)


class Pages(Mapping[str, QWidget]):
    """The stack's pages by name; looking one up builds it (in place of its placeholder)."""

    def __init__(
        self,
        stack: QStackedWidget,
        specs: list[PageSpec],
        context: AppContext,
        on_built: Callable[[str, QWidget], None],
    ) -> None:
        self._stack, self._specs, self._context = stack, specs, context
        self._on_built = on_built
        self._built: dict[str, QWidget] = {}
        for _spec in specs:
            stack.addWidget(QWidget())  # a placeholder until the page is first shown

    def __getitem__(self, name: str) -> QWidget:
        if name not in self._built:
            row = self.row_of(name)
            page = self._specs[row].build(self._context)
            placeholder = self._stack.widget(row)
            assert placeholder is not None
            current = self._stack.currentIndex()
            self._stack.insertWidget(row, page)
            self._stack.removeWidget(placeholder)
            placeholder.deleteLater()
            self._stack.setCurrentIndex(current)
            self._built[name] = page
            self._on_built(name, page)
        return self._built[name]

    def row_of(self, name: str) -> int:
        for row, spec in enumerate(self._specs):
            if spec.name == name:
                return row
        raise KeyError(name)

    def is_built(self, name: str) -> bool:
        return name in self._built

    def at(self, row: int) -> QWidget:
        """The page at a navigation row, built if it was not yet."""
        return self[self._specs[row].name]

    def __iter__(self) -> Iterator[str]:
        return (spec.name for spec in self._specs)

    def __len__(self) -> int:
        return len(self._specs)
