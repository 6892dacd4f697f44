"""Saving and printing OFFICIAL-SENSITIVE PDFs (issue 11, point 11): Documents/Provision Register
first, then the last folder used; Print beside Save; and a plain sentence when no PDF viewer or
printer is set up, instead of nothing happening."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QStandardPaths, Qt
from pytestqt.qtbot import QtBot

from desktop_app import APP_NAME
from desktop_app.models.engine import Database
from desktop_app.services.absconding_queries import incident_detail
from desktop_app.services.audit import audit_log
from desktop_app.services.auth import StaffUser
from desktop_app.views.absconding.paper import PaperButtons
from desktop_app.views.common import paper
from tests.services.test_incidents import add_learner
from tests.ui.test_absconding_timer import T0, Clock, begin, context_with


@pytest.fixture(autouse=True)
def documents(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The user's Documents folder, kept in tmp_path for the test."""
    folder = tmp_path / "Documents"
    real = QStandardPaths.writableLocation

    def location(kind: QStandardPaths.StandardLocation) -> str:
        if kind == QStandardPaths.StandardLocation.DocumentsLocation:
            return str(folder)
        return real(kind)

    monkeypatch.setattr(paper.QStandardPaths, "writableLocation", location)
    yield folder


class Printer:
    """Stands in for the print dialog and the printing system."""

    def __init__(self, problem: str = "") -> None:
        self.printed: list[Path] = []
        self.problem = problem

    def choose(self, _parent: object) -> paper.PrintJob:
        if self.problem:
            raise paper.PrintProblem(self.problem)
        return paper.PrintJob("Office laser", 1)

    def send(self, path: Path, job: paper.PrintJob) -> None:
        assert path.read_bytes().startswith(b"%PDF")
        self.printed.append(path)


@pytest.fixture
def printer(monkeypatch: pytest.MonkeyPatch) -> Printer:
    fake = Printer()
    monkeypatch.setattr(paper, "choose_printer", fake.choose)
    monkeypatch.setattr(paper, "send_to_printer", fake.send)
    return fake


def test_pdfs_are_offered_in_documents_then_the_last_folder(
    documents: Path, tmp_path: Path
) -> None:
    assert paper.start_folder() == documents / APP_NAME
    assert paper.print_path("x.pdf") == documents / APP_NAME / "x.pdf"
    assert (documents / APP_NAME).is_dir()  # made when first needed
    elsewhere = tmp_path / "safeguarding"
    elsewhere.mkdir()
    paper.remember(elsewhere / "report.pdf")
    assert paper.start_folder() == elsewhere
    elsewhere.rmdir()  # gone (a USB stick taken out): back to Documents
    assert paper.start_folder() == documents / APP_NAME


def test_with_no_pdf_viewer_the_person_is_told_where_the_file_is(tmp_path: Path) -> None:
    path = tmp_path / "x.pdf"
    assert paper.open_file(path, lambda _url: True) == ""
    said = paper.open_file(path, lambda _url: False)
    assert said.startswith("No program for opening PDFs is set up") and str(path) in said


def test_with_no_printer_the_person_is_told_so(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(paper.QPrinterInfo, "availablePrinters", staticmethod(lambda: []))
    said = paper.print_file(None, tmp_path / "x.pdf")  # type: ignore[arg-type]
    assert said.startswith("No printer is set up") and str(tmp_path / "x.pdf") in said


def _buttons(qtbot: QtBot, db: Database, director: StaffUser) -> PaperButtons:
    alex = add_learner(db, "Alex", "Hughes", date(2011, 3, 1))
    incident = begin(db, director, alex)
    context = context_with(db, director, Clock(T0))
    buttons = PaperButtons(context, lambda: incident_detail(db, director, incident))
    qtbot.addWidget(buttons)
    buttons.show()
    return buttons


def test_the_missing_learner_sheet_prints_from_the_usual_folder(
    qtbot: QtBot, db: Database, director: StaffUser, documents: Path, printer: Printer
) -> None:
    buttons = _buttons(qtbot, db, director)
    qtbot.mouseClick(buttons.print_sheet_button, Qt.MouseButton.LeftButton)
    [printed] = printer.printed
    assert printed.parent == documents / APP_NAME
    assert printed.name == "missing-learner-Alex-Hughes-2025-09-08-1000.pdf"
    assert buttons.status.text() == f"Sent to Office laser. The PDF is kept at {printed}."
    printed_entries = [e for e in audit_log(db, director) if "missing-learner sheet" in str(e)]
    assert printed_entries


def test_saving_the_sheet_remembers_the_folder_and_says_when_it_cannot_open_it(
    qtbot: QtBot,
    db: Database,
    director: StaffUser,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    buttons = _buttons(qtbot, db, director)
    chosen = tmp_path / "chosen" / "sheet.pdf"
    chosen.parent.mkdir()
    offered: list[str] = []

    def save_dialog(_parent: object, _caption: str, name: str, _filter: str) -> Path:
        offered.append(name)
        return chosen

    monkeypatch.setattr(paper, "ask_save_path", save_dialog)
    monkeypatch.setattr(paper.QDesktopServices, "openUrl", staticmethod(lambda _u: False))
    qtbot.mouseClick(buttons.sheet_button, Qt.MouseButton.LeftButton)
    assert offered == ["missing-learner-Alex-Hughes-2025-09-08-1000.pdf"]
    assert chosen.read_bytes().startswith(b"%PDF")
    assert paper.start_folder() == chosen.parent
    assert buttons.status.text() == paper.NO_VIEWER.format(path=chosen)
