"""The Reports page: the tabs each role may use, a report made on the worker thread and opened,
Cancel, errors, and the letter-template editor."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QDate, Qt, QUrl
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from desktop_app.config import database_url
from desktop_app.domain import letters as rules
from desktop_app.models.engine import Database
from desktop_app.reports.progress import Progress
from desktop_app.services import report_jobs as jobs
from desktop_app.services.database import open_database
from desktop_app.services.report_data.letter_templates import letter_templates
from desktop_app.services.report_jobs import Written
from desktop_app.views.common import options, paper
from desktop_app.views.common.context import AppContext
from desktop_app.views.reports.forms import CommissionerForm, LearnerForm, TermlyForm
from desktop_app.views.reports.letter_form import LettersForm
from desktop_app.views.reports.page import TEMPLATES_TAB, ReportsPage
from tests.reports.conftest import NOW, TERM, template, user  # noqa: F401 (a fixture)

ALL_TABS = [
    "Termly report",
    "Learner attendance",
    "Register",
    "Commissioners",
    "Letters",
    "Certificates",
    TEMPLATES_TAB,
]


@pytest.fixture
def demo_db(template: Path, tmp_path: Path) -> Iterator[Database]:  # noqa: F811
    path = tmp_path / "demo.sqlite"
    shutil.copyfile(template, path)
    db = open_database(database_url(str(path)))
    yield db
    db.dispose()


class Opened:
    """Stands in for QDesktopServices.openUrl: records what would have been opened."""

    def __init__(self) -> None:
        self.urls: list[QUrl] = []
        self.answer = True  # False: as when no program is set up to open the file

    def __call__(self, url: QUrl) -> bool:
        self.urls.append(url)
        return self.answer


def make_page(
    qtbot: QtBot, db: Database, username: str, out: Path | None, opened: Opened
) -> ReportsPage:
    context = AppContext(db, user(db, username), "Demo", "/somewhere", clock=lambda: NOW)
    page = ReportsPage(
        context,
        open_url=opened,
        choose_file=lambda _parent, _caption, suggested, _filter: out,
        choose_folder=lambda _parent, _caption, suggested: out,
    )
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    return page


def tabs(page: ReportsPage) -> list[str]:
    return [page.tabs.tabText(i) for i in range(page.tabs.count())]


def click(qtbot: QtBot, widget: QWidget) -> None:
    assert widget.isVisible() and widget.isEnabled()
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


@pytest.mark.parametrize(
    ("username", "expected"),
    [
        ("director", ALL_TABS),
        ("officer", [t for t in ALL_TABS if t != "Termly report"]),
        ("tutor1", ["Register"]),
    ],
)
def test_each_role_sees_the_reports_it_may_print(
    qtbot: QtBot, demo_db: Database, username: str, expected: list[str]
) -> None:
    assert tabs(make_page(qtbot, demo_db, username, None, Opened())) == expected


def test_the_termly_report_is_made_off_the_gui_thread_and_opened(
    qtbot: QtBot, demo_db: Database, tmp_path: Path
) -> None:
    out, opened = tmp_path / "termly.pdf", Opened()
    page = make_page(qtbot, demo_db, "director", out, opened)
    form = page.current_form()
    assert isinstance(form, TermlyForm) and form.term_box.currentData() == TERM
    with qtbot.waitSignal(page.sig_report_finished, timeout=30_000) as finished:
        click(qtbot, page.generate_button)
        assert not page.generate_button.isEnabled() and page.cancel_button.isEnabled()
    written = finished.args[0]
    assert isinstance(written, Written) and written.files == [out]
    assert opened.urls == [QUrl.fromLocalFile(str(out))]
    assert TERM in PdfReader(out).pages[0].extract_text()
    assert page.status.text() == f"Wrote {out}."
    assert page.generate_button.isEnabled() and not page.progress.isVisible()


def test_cancel_stops_the_report_and_opens_nothing(
    qtbot: QtBot, demo_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def endless(*_args: object, **_kwargs: object) -> Written:
        progress = next(a for a in (*_args, *_kwargs.values()) if isinstance(a, Progress))
        while True:  # stands for a long report: only Cancel ends it
            progress.update(10, "Working")
            time.sleep(0.01)

    monkeypatch.setattr(jobs, "termly_job", endless)
    opened = Opened()
    page = make_page(qtbot, demo_db, "director", tmp_path / "t.pdf", opened)
    with qtbot.waitSignal(page.runner.sig_report_progress, timeout=10_000):
        click(qtbot, page.generate_button)
    assert page.progress.isVisible()
    with qtbot.waitSignal(page.runner.sig_report_cancelled, timeout=10_000):
        click(qtbot, page.cancel_button)
    assert page.status.text() == "Cancelled: nothing was written."
    assert opened.urls == [] and not (tmp_path / "t.pdf").exists()
    assert page.generate_button.isEnabled() and not page.cancel_button.isEnabled()


def test_a_refused_report_shows_why(qtbot: QtBot, demo_db: Database, tmp_path: Path) -> None:
    opened = Opened()
    page = make_page(qtbot, demo_db, "officer", tmp_path / "l.pdf", opened)
    page.show_tab("Learner attendance")
    form = page.current_form()
    assert isinstance(form, LearnerForm)
    form.from_edit.setDate(QDate(2025, 12, 18))
    form.to_edit.setDate(QDate(2025, 9, 3))
    with qtbot.waitSignal(page.runner.sig_report_failed, timeout=10_000):
        click(qtbot, page.generate_button)
    assert "is before" in page.problem.text() and page.problem.isVisible()
    assert opened.urls == []


def test_a_learner_must_be_chosen_from_the_list(qtbot: QtBot, demo_db: Database) -> None:
    page = make_page(qtbot, demo_db, "officer", None, Opened())
    page.show_tab("Learner attendance")
    form = page.current_form()
    assert isinstance(form, LearnerForm)
    form.learner_box.setEditText("Nobody at all")
    click(qtbot, page.generate_button)
    assert page.problem.text() == "Choose a learner from the list."
    assert not page.runner.running


def test_closing_the_save_dialog_makes_nothing(qtbot: QtBot, demo_db: Database) -> None:
    page = make_page(qtbot, demo_db, "director", None, Opened())
    click(qtbot, page.generate_button)
    assert not page.runner.running and page.generate_button.isEnabled()


def test_a_batch_of_letters_is_written_and_its_folder_opened(
    qtbot: QtBot, demo_db: Database, tmp_path: Path
) -> None:
    opened = Opened()
    page = make_page(qtbot, demo_db, "officer", tmp_path, opened)
    page.show_tab("Letters")
    form = page.current_form()
    assert isinstance(form, LettersForm)
    form.stage_box.setCurrentIndex(form.stage_box.findData(rules.PERSISTENT_ABSENCE))
    assert not form.meeting_edit.isEnabled() and not form.learner_box.isEnabled()
    with qtbot.waitSignal(page.sig_report_finished, timeout=30_000) as finished:
        click(qtbot, page.generate_button)
    written: Written = finished.args[0]
    folder = tmp_path / f"letters-persistent-absence-{date(2025, 12, 19)}"
    assert written.files and all(p.parent == folder and p.exists() for p in written.files)
    assert opened.urls == [QUrl.fromLocalFile(str(folder))]
    assert page.status.text().startswith(f"Wrote {len(written.files)} files in {folder}")


def test_the_template_editor_checks_previews_and_saves(qtbot: QtBot, demo_db: Database) -> None:
    page = make_page(qtbot, demo_db, "officer", None, Opened())
    page.show_tab(TEMPLATES_TAB)
    editor = page.template_editor
    assert editor is not None and not page.bar.isVisible()
    editor.body_edit.setPlainText("Dear {parnet_name},\n\n")
    assert (
        editor.problem.isVisible() and "{parnet_name} is not a merge field" in editor.problem.text()
    )
    editor.body_edit.setPlainText("Dear ")
    editor.body_edit.moveCursor(editor.body_edit.textCursor().MoveOperation.End)
    item = editor.fields.findItems("{parent_name}", Qt.MatchFlag.MatchExactly)[0]
    editor.fields.itemDoubleClicked.emit(item)
    assert editor.body_edit.toPlainText() == "Dear {parent_name}"
    assert not editor.problem.isVisible()
    assert editor.preview.toPlainText().split("\n\n")[1] == "Dear Ms Sam Example"
    editor.signatory_edit.setText("Kim Head")
    click(qtbot, editor.save_button)
    assert editor.status.text() == "Saved the initial concern letter."
    [saved] = [t for t in letter_templates(demo_db, user(demo_db, "officer")) if t.edited]
    assert (saved.stage, saved.body, saved.signatory_name) == (
        rules.INITIAL_CONCERN,
        "Dear {parent_name}",
        "Kim Head",
    )


def test_the_editor_will_not_save_a_bad_template(qtbot: QtBot, demo_db: Database) -> None:
    page = make_page(qtbot, demo_db, "officer", None, Opened())
    page.show_tab(TEMPLATES_TAB)
    editor = page.template_editor
    assert editor is not None
    editor.subject_edit.setText("About {learner}")
    click(qtbot, editor.save_button)
    assert "{learner} is not a merge field" in editor.problem.text()
    assert not [t for t in letter_templates(demo_db, user(demo_db, "officer")) if t.edited]


# --- issue 11: where PDFs go, Print, what is shared, unsaved wording ------------------------


def test_print_makes_the_pdf_in_the_last_folder_and_sends_it_to_the_printer(
    qtbot: QtBot, demo_db: Database, tmp_path: Path
) -> None:
    options.put(options.PAPER_FOLDER, str(tmp_path))
    printed: list[Path] = []

    def print_file(_parent: QWidget, path: Path) -> str:
        printed.append(path)
        return f"Sent to Office laser. The PDF is kept at {path}."

    context = AppContext(demo_db, user(demo_db, "director"), "Demo", "/x", clock=lambda: NOW)
    opened = Opened()
    page = ReportsPage(context, open_url=opened, print_file=print_file)
    qtbot.addWidget(page)
    page.show()
    with qtbot.waitSignal(page.sig_report_finished, timeout=30_000):
        click(qtbot, page.print_button)
    assert printed == [tmp_path / "termly-report-autumn-2-2025.pdf"]
    assert printed[0].read_bytes().startswith(b"%PDF") and not opened.urls
    assert page.status.text().endswith(f"Sent to Office laser. The PDF is kept at {printed[0]}.")


def test_only_a_pdf_can_be_printed(qtbot: QtBot, demo_db: Database) -> None:
    page = make_page(qtbot, demo_db, "officer", None, Opened())
    page.show_tab("Commissioners")
    form = page.current_form()
    assert isinstance(form, CommissionerForm)
    form.format_box.setCurrentIndex(form.format_box.findData(".csv"))
    click(qtbot, page.print_button)
    assert page.problem.text() == "Only a PDF can be printed: choose PDF, or save the file."
    assert not page.runner.running


def test_with_no_pdf_viewer_the_page_says_where_the_report_is(
    qtbot: QtBot, demo_db: Database, tmp_path: Path
) -> None:
    out = tmp_path / "chosen" / "termly.pdf"
    out.parent.mkdir()
    opened = Opened()
    opened.answer = False
    page = make_page(qtbot, demo_db, "director", out, opened)
    with qtbot.waitSignal(page.sig_report_finished, timeout=30_000):
        click(qtbot, page.generate_button)
    assert page.status.text() == f"Wrote {out}.\n" + paper.NO_VIEWER.format(path=out)
    assert paper.start_folder() == out.parent  # offered first next time


def test_the_commissioner_tab_says_what_will_be_shared(qtbot: QtBot, demo_db: Database) -> None:
    page = make_page(qtbot, demo_db, "officer", None, Opened())
    page.show_tab("Commissioners")
    form = page.current_form()
    assert isinstance(form, CommissionerForm) and form.shared.isVisible()
    words = form.shared.text()
    assert "MISSING" in words and "not yet due" in words and "For the commissioner" in words
    assert "notes are never included" in words


def test_changing_stage_asks_before_losing_edited_wording(qtbot: QtBot, demo_db: Database) -> None:
    page = make_page(qtbot, demo_db, "officer", None, Opened())
    page.show_tab(TEMPLATES_TAB)
    editor = page.template_editor
    assert editor is not None
    editor.subject_edit.setText("Changed subject")
    editor.stage_box.setCurrentIndex(1)
    question = editor.question
    assert question is not None and question.isVisible()
    assert editor.stage == rules.INITIAL_CONCERN  # still on the edited stage
    qtbot.mouseClick(question.cancel_button, Qt.MouseButton.LeftButton)
    assert editor.subject_edit.text() == "Changed subject"
    with qtbot.waitSignal(page.context.changes.sig_settings_changed):
        click(qtbot, editor.save_button)  # saved: the settings change is announced
    editor.stage_box.setCurrentIndex(1)  # nothing unsaved now: no question
    assert editor.stage != rules.INITIAL_CONCERN and not editor.has_unsaved_edits()
    editor.subject_edit.setText("Another")
    editor.stage_box.setCurrentIndex(0)
    assert editor.question is not None
    qtbot.mouseClick(editor.question.confirm_button, Qt.MouseButton.LeftButton)
    assert editor.stage == rules.INITIAL_CONCERN
    assert editor.subject_edit.text() == "Changed subject"  # as saved
