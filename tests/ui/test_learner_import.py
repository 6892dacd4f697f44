"""Learners › Import from a file: columns matched (and changed), every bad row listed with its
row and field, nothing saved unless every row passes."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from desktop_app.domain.upn import make_upn
from desktop_app.models import Learner
from desktop_app.models.engine import Database
from desktop_app.views.common.changes import Change, Kind
from desktop_app.views.common.context import AppContext
from desktop_app.views.learners.import_dialog import IGNORE, LearnerImportDialog
from desktop_app.views.learners.page import LearnersPage

A, B, C = (make_upn(f"82030000000{n}") for n in (1, 2, 3))
HEADER = "UPN,Legal Surname,First name,DOB,Start,Notes,Group\n"


def learners(db: Database) -> int:
    with db.reading() as session:
        return int(session.scalar(select(func.count()).select_from(Learner)) or 0)


def open_import(
    qtbot: QtBot, context: AppContext, path: Path
) -> tuple[LearnersPage, LearnerImportDialog]:
    """The Learners page and its import dialog for this file. The caller keeps the page: qtbot
    holds it weakly, and a page collected mid-test deletes its dialog with it."""
    page = LearnersPage(context)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: not page.loader.busy(), timeout=20000)
    page.choose_file = lambda: str(path)  # type: ignore[method-assign]
    page.import_button.click()
    dialog = page.import_dialog
    qtbot.waitExposed(dialog)
    return page, dialog


def test_a_good_file_is_matched_checked_and_imported_whole(
    qtbot: QtBot, context: AppContext, tmp_path: Path
) -> None:
    good = tmp_path / "from-the-la.csv"
    good.write_text(
        HEADER
        + f"{A},Ahmed,Ann,2012-01-05,2026-09-07,quiet,Kestrel\n"
        + f"{B},Brown,Ben,2011-03-02,2026-09-07,,Kestrel\n",
        encoding="utf-8",
    )
    _page, dialog = open_import(qtbot, context, good)
    assert dialog.fields() == [
        "upn",
        "surname",
        "forename",
        "date_of_birth",
        "start_date",
        None,
        "group",
    ]
    assert dialog.table.item(1, 1).text() == "Brown"
    # "Start" was guessed; unmatch it and the import is refused until matched again
    dialog.combos[4].setCurrentText(IGNORE)
    assert not dialog.import_button.isEnabled()
    assert "start_date: no column of the file is matched to it" in [
        dialog.problems.item(i).text() for i in range(dialog.problems.count())
    ]
    dialog.combos[4].setCurrentText("start_date")
    assert dialog.problems.count() == 0
    assert dialog.import_button.text() == "Import 2 learners"
    with qtbot.waitSignal(context.changes.sig_learners_changed) as heard:
        dialog.import_button.click()
    assert isinstance(heard.args[0], Change) and heard.args[0].kind is Kind.LEARNERS
    assert dialog.imported == 2 and learners(context.db) == 2


def test_a_bad_file_lists_every_bad_row_and_saves_nothing(
    qtbot: QtBot, context: AppContext, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(
        HEADER
        + f"{A},Ahmed,Ann,2012-01-05,2026-09-07,,\n"
        + f"{B},Brown,Ben,05/03/2011,2026-09-07,,\n"
        + f"{A},Cole,Cara,2012-06-01,2026-09-07,,\n"
        + f"{C},,Dan,2012-06-01,2026-09-07\n",
        encoding="utf-8",
    )
    _page, dialog = open_import(qtbot, context, bad)
    found = [dialog.problems.item(i).text() for i in range(dialog.problems.count())]
    assert found[0].startswith("Row 3, date_of_birth:")
    assert found[1] == f"Row 4, upn: {A} is also on row 2"
    assert found[2] == "Row 5, row: has 5 values but the header has 7 columns"
    assert len(found) == 3
    assert not dialog.import_button.isEnabled()
    dialog.import_button.click()  # disabled: nothing happens
    assert learners(context.db) == 0
