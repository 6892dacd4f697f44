"""Issue 20 point 2: the register's first paint, made cheaper, draws and says the same.

Each faster path is checked against the plain way it replaced: the legend (one widget now)
against the grid of swatch widgets and labels it was; the names' kept pictures against drawing
each name; the kept header data against working it out; the name column's kept widths against
measuring again; the version read skipped only when no week is kept to check against it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import timedelta

import pytest
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, Qt
from PySide6.QtGui import QImage, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from desktop_app import resources
from desktop_app.views.register import legend as register_legend
from desktop_app.views.register import model as rm
from desktop_app.views.register import screen as register_screen
from desktop_app.views.register import view as register_view
from desktop_app.views.register.delegate import NameDelegate
from desktop_app.views.register.legend import SAMPLES, Legend, Sample, paint_swatch
from desktop_app.views.register.screen import RegisterScreen
from tests.ui.register_fixtures import TUE, Clock, at, clock, learners, make_screen, settle

__all__ = ["clock", "learners", "make_screen"]
Make = Callable[..., RegisterScreen]
ROLES = (
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.FontRole,
    Qt.ItemDataRole.DecorationRole,
    Qt.ItemDataRole.TextAlignmentRole,
    Qt.ItemDataRole.SizeHintRole,
    rm.TODAY_ROLE,
)


def picture(widget: QWidget) -> QImage:
    return widget.grab().toImage().convertToFormat(QImage.Format.Format_ARGB32)


class OldSwatch(QWidget):
    """The legend's swatch as it was, a widget of its own (the reference)."""

    def __init__(self, sample: Sample, parent: QWidget) -> None:
        super().__init__(parent)
        self.sample = sample
        metrics = self.fontMetrics()
        self.setFixedSize(metrics.horizontalAdvance("N O U G") + 18, round(metrics.height() * 1.6))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRect(0, 0, self.width() - 1, self.height() - 1)
        paint_swatch(painter, rect, self.sample, self.font())
        painter.end()


def old_legend(parent: QWidget) -> QWidget:
    """The legend as it was: ten swatch widgets and ten labels in a grid, two rows of five."""
    legend = QWidget(parent)
    layout = QGridLayout(legend)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setHorizontalSpacing(6)
    layout.setVerticalSpacing(4)
    for i, sample in enumerate(SAMPLES):
        row, column = divmod(i, Legend.PER_ROW)
        label = QLabel(sample.label, legend)
        label.setObjectName("muted")
        layout.addWidget(OldSwatch(sample, legend), row, column * 2)
        layout.addWidget(label, row, column * 2 + 1)
    layout.setColumnStretch(Legend.PER_ROW * 2, 1)
    return legend


@pytest.mark.parametrize("styled", [True, False], ids=["app style sheet", "no style sheet"])
def test_the_legend_draws_what_its_twenty_widgets_drew(
    qtbot: QtBot, styled: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(register_legend, "_PICTURES", {})  # the swatches drawn afresh first
    host = QWidget()
    qtbot.addWidget(host)
    if styled:
        host.setStyleSheet(resources.stylesheet())
    layout = QVBoxLayout(host)
    before, after = old_legend(host), Legend(host)
    layout.addWidget(before)
    layout.addWidget(after)
    layout.addStretch(1)  # as on the screen: the grid below takes the height to spare
    host.resize(1200, 200)
    host.show()
    qtbot.waitExposed(host)
    assert after.sizeHint() == before.sizeHint() == before.minimumSizeHint()
    assert after.size() == before.size()
    if styled:  # (unstyled, a QLabel#muted is not muted: the legend's names always are)
        assert picture(after) == picture(before)
        assert picture(after) == picture(before)  # drawn again from the kept swatches
    assert after.accessibleName() == "Legend"
    assert all(s.label in after.accessibleDescription() for s in SAMPLES)


class DirectNames(NameDelegate):
    """The name column as it was drawn, every part of it straight onto the view."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        row, missing = index.data(rm.ROW_ROLE), index.data(rm.ROW_MISSING_ROLE) or 0
        rect: QRect = option.rect
        painter.save()
        chip, badge = self._paint_ground(painter, rect, option, row, missing)
        painter.restore()
        self._paint_name(painter, rect, option, row.name, chip, badge)


def test_kept_name_pictures_show_what_drawing_each_name_shows(
    qtbot: QtBot, make_screen: Make, clock: Clock
) -> None:
    clock.now = at(TUE, 16, 0)  # Monday's and Tuesday's registers closed: missing-mark badges
    screen = make_screen()
    names, model = screen.names, screen.model
    assert any(model.missing_in_row(r) for r in range(model.rowCount()))
    names.selectRow(1)
    names.setItemDelegateForColumn(rm.NAME, NameDelegate(names))  # no pictures kept yet
    drawn = picture(names.viewport())
    assert picture(names.viewport()) == drawn  # the second paint, from the kept pictures
    names.setItemDelegateForColumn(rm.NAME, DirectNames(names))
    assert picture(names.viewport()) == drawn


def test_kept_header_data_is_what_working_it_out_gives(qtbot: QtBot, make_screen: Make) -> None:
    screen = make_screen()
    model = screen.model
    for _ in range(2):  # this week, then the next: the headers kept for the first are forgotten
        week = model.week
        assert week is not None
        for section in range(rm.COLUMN_COUNT + 1):
            for role in ROLES:
                kept = model.headerData(section, Qt.Orientation.Horizontal, role)
                assert kept == model._header(section, role)
                assert model.headerData(section, Qt.Orientation.Horizontal, role) == kept
        first = model.headerData(rm.FIRST_SESSION, Qt.Orientation.Horizontal)
        assert first == rm.column_label(*week.columns[0])
        screen.go_to_week(week.monday + timedelta(days=7))
        settle(qtbot, screen)
        assert model.week is not None and model.week.monday == week.monday + timedelta(days=7)


def test_cells_are_enabled_and_selectable_and_nothing_else(make_screen: Make) -> None:
    model = make_screen().model
    flags = model.flags(model.index(0, rm.FIRST_SESSION))
    assert flags & Qt.ItemFlag.ItemIsEnabled and flags & Qt.ItemFlag.ItemIsSelectable
    assert not flags & (Qt.ItemFlag.ItemIsEditable | Qt.ItemFlag.ItemIsUserCheckable)
    assert model.flags(QModelIndex()) == Qt.ItemFlag.NoItemFlags


def test_the_name_column_fits_the_longest_name_measured_again(
    make_screen: Make, monkeypatch: pytest.MonkeyPatch
) -> None:
    screen = make_screen()
    model, names = screen.model, screen.names
    week = model.week
    assert week is not None
    before = names.columnWidth(rm.NAME)
    longer = week.rows[0]._replace(name="Bartholomew Featherstonehaugh-Smythe")
    model.set_week(dataclasses.replace(week, rows=[longer, *week.rows[1:]]))
    assert names.columnWidth(rm.NAME) > before
    fitted = names.columnWidth(rm.NAME)
    monkeypatch.setattr(register_view, "_NAME_WIDTHS", {})  # every name measured afresh
    names._widest = None
    names.fit_columns()
    assert names.columnWidth(rm.NAME) == fitted
    model.set_week(week)
    assert names.columnWidth(rm.NAME) == before


def test_the_version_is_read_only_to_check_a_kept_week(
    qtbot: QtBot, make_screen: Make, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[object] = []
    real = register_screen.register_version
    monkeypatch.setattr(
        register_screen, "register_version", lambda db: asked.append(db) or real(db)
    )
    screen = make_screen()
    assert asked == []  # the screen's first week: nothing kept, nothing to check
    screen.refresh()
    assert len(asked) == 1 and not screen.loader.busy("week")  # kept and still true: at once
    settle(qtbot, screen)
