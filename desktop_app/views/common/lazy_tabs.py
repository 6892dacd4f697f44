"""Tabs whose pages are made the first time they are shown (or looked up), so opening a page
with many tabs builds only the one on show."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

from PySide6.QtCore import QMargins
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

Make = Callable[[], QWidget]


class LazyTabs(Mapping[str, QWidget]):
    """A tab widget's pages by title; looking one up (or showing its tab) makes it.

    Iterating gives every title offered, built or not; `on_built(title, widget)` is called
    once per page, when it is made, so a page's signals can be wired then.
    """

    def __init__(
        self,
        tabs: QTabWidget,
        margins: QMargins | None = None,
        on_built: Callable[[str, QWidget], None] | None = None,
    ) -> None:
        self._tabs = tabs
        self._margins = margins or QMargins(0, 0, 0, 0)
        self._on_built = on_built
        self._makers: dict[str, Make] = {}
        self._holders: dict[str, QWidget] = {}
        self._built: dict[str, QWidget] = {}
        tabs.currentChanged.connect(self._shown)

    def add(self, title: str, make: Make) -> None:
        """A tab called title, its page made by `make` when it is first shown."""
        holder = QWidget()
        layout = QVBoxLayout(holder)
        layout.setContentsMargins(self._margins)
        self._makers[title] = make
        self._holders[title] = holder
        self._tabs.addTab(holder, title)  # the first tab added is shown, so made, at once

    def __getitem__(self, title: str) -> QWidget:
        if title not in self._built:
            widget = self._makers[title]()
            layout = self._holders[title].layout()
            assert layout is not None
            layout.addWidget(widget)
            if self._holders[title].isVisible():  # else Qt shows it only on the next event loop
                widget.show()
            self._built[title] = widget
            if self._on_built is not None:
                self._on_built(title, widget)
        return self._built[title]

    def __iter__(self) -> Iterator[str]:
        return iter(self._makers)

    def __len__(self) -> int:
        return len(self._makers)

    def is_built(self, title: str) -> bool:
        return title in self._built

    def current_title(self) -> str | None:
        holder = self._tabs.currentWidget()
        return next((t for t, h in self._holders.items() if h is holder), None)

    def current(self) -> QWidget | None:
        """The page on show, made if need be."""
        title = self.current_title()
        return None if title is None else self[title]

    def _shown(self, _index: int) -> None:
        title = self.current_title()
        if title is not None:
            self[title]
