"""The Calendar page (director): the academic year at a glance, and its terms and closures."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.calendar import Closure, Term, academic_year_start
from desktop_app.domain.term_files import TermRow
from desktop_app.services import calendar as calendar_service
from desktop_app.services import calendar_edit
from desktop_app.services.calendar_edit import KEEP, REPLACE, CalendarYear
from desktop_app.services.errors import ServiceError, StaleWrite
from desktop_app.views.calendar.dialogs import ClosureDialog, TermDialog, TermsPreview, chosen
from desktop_app.views.calendar.year_grid import YearGrid, YearScroll, legend
from desktop_app.views.common import operations
from desktop_app.views.common.changes import Change, Kind
from desktop_app.views.common.context import AppContext
from desktop_app.views.common.widgets import button, text_label

PURPOSE = (
    "Terms, half-term breaks, closures and England's bank holidays for the academic year. "
    "Registers are taken only on term days that are not closed."
)
FILE_TYPES = "Term dates (*.csv *.ics);;All files (*)"


def ask_about_marks(parent: QWidget, message: str) -> str | None:
    """Keep the marks, replace them with #, or cancel (None)."""
    box = QMessageBox(QMessageBox.Icon.Question, "Marks already recorded", message, parent=parent)
    keep = box.addButton("Keep the marks", QMessageBox.ButtonRole.AcceptRole)
    replace = box.addButton("Replace them with #", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    clicked = box.clickedButton()
    return KEEP if clicked is keep else REPLACE if clicked is replace else None


class CalendarPage(QWidget):
    """Year chooser, legend, the twelve months; terms and closures listed with their actions."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.year = academic_year_start(context.clock().date()).year
        self.data: CalendarYear | None = None
        self.chosen_day: date | None = None
        self.dialog: TermDialog | ClosureDialog | TermsPreview | None = None
        #: Asked when a closure falls on marks; tests replace it.
        self.ask_marks: Callable[[str], str | None] = lambda text: ask_about_marks(self, text)
        #: Asked for a term-dates file; tests replace it.
        self.choose_file: Callable[[], str] = self._file_dialog
        self.grid = YearGrid()
        self.grid.sig_day_chosen.connect(self._day_chosen)
        self.title = text_label("", "subheading")
        self.title.setWordWrap(False)
        self.status = text_label("", "muted")
        self.terms = QListWidget()
        self.closures = QListWidget()
        self.closures.itemActivated.connect(self._closure_activated)  # double-click, Enter
        self._make_buttons()
        self._lay_out()
        self.refresher = operations.Refresher(self, self.refresh)
        self.refresher.stale = True
        context.changes.sig_calendar_changed.connect(self.refresher.request)

    def _make_buttons(self) -> None:
        self.previous_button, self.next_button = button("◀ Year before"), button("Year after ▶")
        self.previous_button.clicked.connect(lambda: self.show_year(self.year - 1))
        self.next_button.clicked.connect(lambda: self.show_year(self.year + 1))
        self.add_term_button = button("Add term…", primary=True)
        self.edit_term_button = button("Change term…")
        self.remove_term_button = button("Remove term")
        self.add_closure_button = button("Close a day…")
        self.edit_closure_button = button("&Edit…")
        self.edit_closure_button.setToolTip("Change the chosen closure's day, sessions or reason")
        self.remove_closure_button = button("Remove closure")
        self.import_button = button("Import term dates…")
        self.copy_button = button("Copy last year's pattern…")
        for widget, slot in (
            (self.add_term_button, self.add_term),
            (self.edit_term_button, self.edit_term),
            (self.remove_term_button, self.remove_term),
            (self.add_closure_button, self.add_closure),
            (self.edit_closure_button, self.edit_closure),
            (self.remove_closure_button, self.remove_closure),
            (self.import_button, self.import_file),
            (self.copy_button, self.copy_last_year),
        ):
            widget.clicked.connect(slot)

    def _lay_out(self) -> None:
        top = QHBoxLayout()
        for widget in (self.previous_button, self.title, self.next_button):
            top.addWidget(widget)
        top.addStretch(1)
        top.addWidget(self.import_button)
        top.addWidget(self.copy_button)
        side = QGridLayout()
        side.addWidget(text_label("Terms", "subheading"), 0, 0, 1, 3)
        side.addWidget(self.terms, 1, 0, 1, 3)
        for column, widget in enumerate(
            (self.add_term_button, self.edit_term_button, self.remove_term_button)
        ):
            side.addWidget(widget, 2, column)
        side.addWidget(text_label("Closures", "subheading"), 3, 0, 1, 3)
        side.addWidget(self.closures, 4, 0, 1, 3)
        side.addWidget(self.add_closure_button, 5, 0)
        side.addWidget(self.edit_closure_button, 5, 1)
        side.addWidget(self.remove_closure_button, 5, 2)
        scroll = YearScroll(self.grid)  # four months across, or three; no sideways scroll
        body = QHBoxLayout()
        body.addWidget(scroll, 0)
        body.addLayout(side, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 20)
        layout.addWidget(text_label("Calendar", "heading"))
        layout.addWidget(text_label(PURPOSE, "muted"))
        layout.addLayout(top)
        layout.addWidget(legend())
        layout.addLayout(body, 1)
        layout.addWidget(self.status)

    # Reading

    def refresh(self) -> None:
        self.show_year(self.year)

    def show_year(self, start_year: int) -> None:
        self.year = start_year
        self.title.setText(f"{start_year}/{str(start_year + 1)[2:]}  (September to August)")
        shown = operations.run(
            self._context,
            lambda: calendar_edit.calendar_year(self._context.db, self._context.user, start_year),
            show=operations.to_status(self.status.setText),
        )
        if shown and shown.value is not None:
            self.data = shown.value
            self.grid.show_year(start_year, shown.value.states, shown.value.notes)
            self._fill_lists(shown.value)

    def _fill_lists(self, data: CalendarYear) -> None:
        first, last = date(data.start_year, 9, 1), date(data.start_year + 1, 8, 31)
        self.terms.clear()
        for term in data.terms:
            if first <= term.start <= last:
                item = QListWidgetItem(
                    f"{term.name}: {term.start:%a %d %b} – {term.end:%a %d %b %Y}"
                )
                item.setData(256, term)
                self.terms.addItem(item)
        self.closures.clear()
        for closure in data.closures:
            if first <= closure.day <= last:
                part = closure.session.value if closure.session else "whole day"
                item = QListWidgetItem(f"{closure.day:%a %d %b %Y} ({part}): {closure.reason}")
                item.setData(256, closure)
                self.closures.addItem(item)

    def _day_chosen(self, day: date) -> None:
        self.chosen_day = day
        self.grid.choose(day)
        if self.data is not None:
            note = self.data.notes.get(day, "")
            state = self.data.states[day].value
            self.status.setText(f"{day:%A %d %B %Y}: {state}" + (f" – {note}" if note else ""))

    def _selected(self, listing: QListWidget) -> object:
        item = listing.currentItem()
        return item.data(256) if item is not None else None

    # Terms

    def add_term(self) -> None:
        dialog = TermDialog(None, self.chosen_day or self._context.clock().date(), self)
        dialog.on_save = lambda: self._save_term(dialog, None)
        self._open(dialog)

    def edit_term(self) -> None:
        term = self._selected(self.terms)
        if not isinstance(term, Term):
            self.status.setText("Choose a term in the list first.")
            return
        dialog = TermDialog(term, term.start, self)
        dialog.on_save = lambda: self._save_term(dialog, term)
        self._open(dialog)

    def _save_term(self, dialog: TermDialog, term: Term | None) -> bool:
        db, user = self._context.db, self._context.user
        name, start, end = dialog.name.text(), chosen(dialog.start), chosen(dialog.end)
        today = self._context.clock().date()
        if term is None:
            call = lambda: calendar_service.add_term(db, user, name, start, end, today)  # noqa: E731
        else:
            call = lambda: calendar_service.edit_term(  # noqa: E731
                db, user, term.name, start, end, name, today
            )
        saved = self._run(call, operations.to_form(dialog.form))
        if saved:
            self.status.setText(f"Saved {name.strip()}: {start:%d %b %Y} to {end:%d %b %Y}.")
        return bool(saved)

    def remove_term(self) -> None:
        term = self._selected(self.terms)
        if not isinstance(term, Term):
            self.status.setText("Choose a term in the list first.")
            return
        db, user = self._context.db, self._context.user
        if self._run(lambda: calendar_service.remove_term(db, user, term.name), self._say):
            self.status.setText(f"Removed {term.name}.")

    # Closures

    def add_closure(self) -> None:
        dialog = ClosureDialog(self.chosen_day or self._context.clock().date(), self)
        dialog.on_save = lambda: self._save_closure(dialog)
        self._open(dialog)

    def _save_closure(self, dialog: ClosureDialog) -> bool:
        db, user, to = self._context.db, self._context.user, dialog.wanted()
        done = f"Closed {to.day:%a %d %b %Y}: {to.reason.strip()}."
        return self._settling(
            dialog,
            lambda marks: calendar_service.add_closure(
                db, user, to.day, to.session, to.reason, marks
            ),
            done,
        )

    def _closure_activated(self, _item: object) -> None:
        self.edit_closure()

    def edit_closure(self) -> None:
        closure = self._selected(self.closures)
        if not isinstance(closure, Closure):
            self.status.setText("Choose a closure in the list first.")
            return
        dialog = ClosureDialog(closure.day, self, closure)
        dialog.on_save = lambda: self._save_edit(dialog)
        self._open(dialog)

    def _save_edit(self, dialog: ClosureDialog) -> bool:
        """Change the closure as read (dialog.closure) to what the form shows."""
        db, user, was, to = self._context.db, self._context.user, dialog.closure, dialog.wanted()
        assert was is not None
        done = f"Changed the closure: {to.day:%a %d %b %Y}, {to.reason.strip()}."
        return self._settling(
            dialog,
            lambda marks: calendar_edit.edit_closure(
                db, user, was.day, was.session, to, marks, expected=was.reason
            ),
            done,
        )

    def _settling(
        self,
        dialog: ClosureDialog,
        call: Callable[[str | None], object],
        done: str,
        marks: str | None = None,
    ) -> bool:
        """Save a closure (`call` with the marks choice); if marks are in the sessions it
        closes, ask whether to keep or replace them and save again with the answer."""
        asked: list[str] = []

        def show(error: ServiceError) -> None:
            texts = operations.problem_texts(error, ["marks"])
            if "marks" in texts and marks is None:
                asked.append(texts["marks"])
                return
            operations.to_form(dialog.form)(error)
            if isinstance(error, StaleWrite):
                self._reload(dialog)

        if self._run(lambda: call(marks), show):
            self.status.setText(done)
            return True
        choice = self.ask_marks(asked[0]) if asked else None
        return choice is not None and self._settling(dialog, call, done, choice)

    def _reload(self, dialog: ClosureDialog) -> None:
        """After someone else changed the closure: the calendar as it is now, and the closure
        in the dialog as stored (or Save disabled if it is gone)."""
        was = dialog.closure
        self.refresh()
        if was is None:
            return
        db, user = self._context.db, self._context.user
        found = operations.run(
            self._context,
            lambda: calendar_edit.closure_on(db, user, was.day, was.session),
            show=lambda _error: None,
        )
        if found and found.value is not None:
            dialog.load(found.value)
        else:
            dialog.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(False)

    def remove_closure(self) -> None:
        closure = self._selected(self.closures)
        if not isinstance(closure, Closure):
            self.status.setText("Choose a closure in the list first.")
            return
        db, user = self._context.db, self._context.user
        call = lambda: calendar_edit.remove_closure(db, user, closure.day, closure.session)  # noqa: E731
        if self._run(call, self._say):
            self.status.setText(f"Removed the closure on {closure.day:%a %d %b %Y}.")

    # Terms from a file, or from last year

    def _file_dialog(self) -> str:
        return QFileDialog.getOpenFileName(self, "Term dates", "", FILE_TYPES)[0]

    def import_file(self) -> None:
        path = self.choose_file()
        if not path:
            return
        try:
            text = Path(path).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            self.status.setText(f"Could not read {path}: {error}")
            return
        db, user = self._context.db, self._context.user
        today = self._context.clock().date()
        call = lambda: calendar_edit.preview_terms_file(db, user, path, text, today)  # noqa: E731
        preview = operations.run(self._context, call, show=self._say)
        if preview and preview.value is not None:
            found = preview.value
            title = f"Term dates from {Path(path).name}"
            self._preview(TermsPreview(title, found.terms, found.problems, self))

    def copy_last_year(self) -> None:
        db, user, year = self._context.db, self._context.user, self.year - 1
        draft = operations.run(
            self._context, lambda: calendar_edit.copy_year_draft(db, user, year), show=self._say
        )
        if draft and draft.value is not None:
            self.show_year(self.year)
            title = f"Draft for {self.year}/{str(self.year + 1)[2:]}: check each date, then add"
            self._preview(TermsPreview(title, draft.value, [], self))

    def _preview(self, dialog: TermsPreview) -> None:
        dialog.on_save = lambda rows: self._save_rows(dialog, rows)
        self._open(dialog)

    def _save_rows(self, dialog: TermsPreview, rows: list[TermRow]) -> bool:
        db, user = self._context.db, self._context.user
        today = self._context.clock().date()
        show = lambda error: dialog.show_problems(  # noqa: E731
            [p.message for p in getattr(error, "problems", [])] or [str(error)]
        )
        saved = self._run(lambda: calendar_edit.save_terms(db, user, rows, today), show)
        if saved:
            self.status.setText(f"Added {len(rows)} terms.")
        return bool(saved)

    # Plumbing

    def _open(self, dialog: TermDialog | ClosureDialog | TermsPreview) -> None:
        self.dialog = dialog
        dialog.open()

    def _say(self, error: ServiceError) -> None:
        operations.to_status(self.status.setText)(error)

    def _run(self, call: Callable[[], object], show: operations.Show) -> bool:
        done = operations.run(
            self._context, call, show=show, changed=[Change.of(Kind.CALENDAR)], wait_cursor=True
        )
        return bool(done)
