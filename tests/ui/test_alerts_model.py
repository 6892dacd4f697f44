"""The worklist model on its own, from hand-made rows (one test per role): sections with their
counts, rows under them, the RAG chip's colours, and resetting."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor, QFont
from pytestqt.qtbot import QtBot

from desktop_app.domain.codes import Session
from desktop_app.domain.rag import Rating
from desktop_app.domain.watches import MISSING_REGISTER, UNRESOLVED_N
from desktop_app.services.worklist import WorkRow, WorkSection
from desktop_app.views.learners.widgets import RAG_COLOURS
from desktop_app.views.today.worklist_model import (
    GROUP,
    HEADERS,
    NAME,
    RAG,
    ROW_ROLE,
    SINCE,
    WHAT,
    WorklistModel,
)

REGISTER = WorkRow(
    MISSING_REGISTER, "Kestrel AM", "3 learners unmarked; usually Tom Tutor", date(2025, 9, 8),
    group="Kestrel", alert_ids=("a1", "a2", "a3"), group_id=1, day=date(2025, 9, 8),
    session=Session.AM,
)  # fmt: skip
N_ROW = WorkRow(
    UNRESOLVED_N, "Ann Ahmed", "N for 2025-09-01 AM not replaced", date(2025, 9, 8), 7,
    "Kestrel", Rating.RED, ("b1",), 1, date(2025, 9, 1), Session.AM, 5,
)  # fmt: skip
SECTIONS = [
    WorkSection("registers", "Registers not taken", (REGISTER,)),
    WorkSection("n_codes", "N codes to resolve", (N_ROW,)),
    WorkSection("records", "Risk assessments", ()),
]


def model() -> WorklistModel:
    made = WorklistModel()
    made.set_sections(SECTIONS)
    return made


def test_sections_are_top_level_with_their_counts_in_order() -> None:
    m = model()
    assert m.rowCount() == 3
    assert [m.index(i, NAME).data() for i in range(3)] == [
        "Registers not taken (1)",
        "N codes to resolve (1)",
        "Risk assessments (0)",
    ]
    assert isinstance(m.index(0, NAME).data(Qt.ItemDataRole.FontRole), QFont)
    assert m.index(0, NAME).data(Qt.ItemDataRole.FontRole).bold()


def test_rows_sit_under_their_section_and_carry_their_work_row() -> None:
    m = model()
    section = m.index(1, 0)
    assert m.rowCount(section) == 1
    row = m.index(0, NAME, section)
    assert row.parent() == section
    assert m.work_row(row) == N_ROW == row.data(ROW_ROLE)
    assert m.work_row(section) is None


def test_display_gives_name_group_rag_since_and_what() -> None:
    m = model()
    parent = m.index(1, 0)
    cells = [m.index(0, c, parent).data() for c in range(len(HEADERS))]
    assert cells[NAME] == "Ann Ahmed" and cells[GROUP] == "Kestrel" and cells[RAG] == "RED"
    assert cells[SINCE] == "Mon 1 Sep 2025 (5 school days)"
    assert cells[WHAT] == "N not resolved: N for 2025-09-01 AM not replaced"


def test_the_rag_cell_is_a_chip_in_the_rating_colour() -> None:
    m = model()
    cell = m.index(0, RAG, m.index(1, 0))
    assert cell.data(Qt.ItemDataRole.BackgroundRole) == QColor(RAG_COLOURS["red"])
    assert cell.data(Qt.ItemDataRole.ForegroundRole) == QColor("#ffffff")
    register_rag = m.index(0, RAG, m.index(0, 0))
    assert register_rag.data() == "" and register_rag.data(Qt.ItemDataRole.BackgroundRole) is None


def test_tooltip_reads_the_row_in_full() -> None:
    m = model()
    tip = m.index(0, NAME, m.index(0, 0)).data(Qt.ItemDataRole.ToolTipRole)
    assert tip == "Missing register: 3 learners unmarked; usually Tom Tutor"


def test_set_sections_resets_and_finds_a_section_by_key(qtbot: QtBot) -> None:
    m = model()
    with qtbot.waitSignal(m.modelReset):
        m.set_sections(SECTIONS[:1])
    assert m.rowCount() == 1 and m.rowCount(m.index(0, 0)) == 1
    assert m.section_index("registers").row() == 0
    assert not m.section_index("n_codes").isValid()
    assert m.data(QModelIndex()) is None


def test_model_tester_on_handmade_rows(qtmodeltester: object) -> None:
    qtmodeltester.check(model())  # type: ignore[attr-defined]
