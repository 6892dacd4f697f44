"""Learners › Import from a file: the file's columns matched to fields, a preview, every bad row.

A combo box above each column says which learner field it holds ("(ignore)" leaves it out).
Every change of a match checks the whole file again with the import's own checks, writing
nothing; "Import N learners" is on only when every row passes, and adds them all at once.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.services.errors import Problem, ServiceError, ValidationFailed
from desktop_app.services.learner_file import (
    FIELDS,
    LearnerCheck,
    LearnerFile,
    check_learners,
    import_learner_rows,
)
from desktop_app.views.common import operations
from desktop_app.views.common.changes import Change, Kind
from desktop_app.views.common.context import AppContext
from desktop_app.views.common.widgets import button, error_label, set_error, text_label

IGNORE = "(ignore)"
PREVIEW_ROWS = 50
REQUIRED = "Needed: upn, surname, forename, date_of_birth and start_date (dates as YYYY-MM-DD)."


def where(problem: Problem) -> str:
    """'Row 3, date_of_birth: …' — the row of the file and the field, then what is wrong."""
    parts = [f"Row {problem.row}" if problem.row else "", problem.field or ""]
    place = ", ".join(p for p in parts if p)
    return f"{place}: {problem.message}" if place else problem.message


class LearnerImportDialog(QDialog):
    """Accepted once the learners are imported (`imported` says how many)."""

    def __init__(self, ctx: AppContext, file: LearnerFile, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.file = ctx, file
        self.imported = 0
        self.check: LearnerCheck | None = None
        self.setWindowTitle(f"Import learners from {file.name}")
        self.combos = [self._combo(guess) for guess in file.guessed]
        self.table = self._preview()
        self.problems = QListWidget()
        self.problems.setObjectName("importProblems")
        self.summary = text_label("", "muted")
        self.error = error_label("formError")
        self.import_button = button("Import", primary=True)
        self.import_button.clicked.connect(self.run_import)
        self.cancel_button = button("Cancel")
        self.cancel_button.clicked.connect(self.reject)
        self._lay_out()
        for combo in self.combos:
            combo.currentIndexChanged.connect(self.recheck)
        self.resize(980, 640)
        self.recheck()

    def _combo(self, guess: str | None) -> QComboBox:
        combo = QComboBox()
        combo.addItems([IGNORE, *FIELDS])
        combo.setCurrentText(guess or IGNORE)
        return combo

    def _preview(self) -> QTableWidget:
        rows = self.file.rows[:PREVIEW_ROWS]
        table = QTableWidget(len(rows), len(self.file.header))
        table.setHorizontalHeaderLabels(list(self.file.header))
        table.setVerticalHeaderLabels([str(line) for line, _values in rows])
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        for r, (_line, values) in enumerate(rows):
            for c, value in enumerate(values[: len(self.file.header)]):
                table.setItem(r, c, QTableWidgetItem(value))
        table.resizeColumnsToContents()
        return table

    def _lay_out(self) -> None:
        matches = QGridLayout()
        matches.setHorizontalSpacing(10)
        for column, (name, combo) in enumerate(zip(self.file.header, self.combos, strict=True)):
            caption = QLabel(name or f"Column {column + 1}")
            caption.setBuddy(combo)
            matches.addWidget(caption, column // 4, (column % 4) * 2)
            matches.addWidget(combo, column // 4, (column % 4) * 2 + 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.summary, 1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.import_button)
        layout = QVBoxLayout(self)
        layout.addWidget(text_label("Match each column of the file to a field", "subheading"))
        layout.addWidget(text_label(REQUIRED, "muted"))
        layout.addLayout(matches)
        shown = min(PREVIEW_ROWS, len(self.file.rows))
        layout.addWidget(text_label(f"The first {shown} of {len(self.file.rows)} rows:", "muted"))
        layout.addWidget(self.table, 2)
        layout.addWidget(text_label("Problems (nothing is saved until there are none):", "muted"))
        layout.addWidget(self.problems, 1)
        layout.addWidget(self.error)
        layout.addLayout(buttons)

    def fields(self) -> list[str | None]:
        return [None if c.currentText() == IGNORE else c.currentText() for c in self.combos]

    def recheck(self) -> None:
        """Check the file as now matched (nothing written) and show what was found."""
        ctx, file, fields = self.ctx, self.file, self.fields()
        set_error(self.error, "")
        outcome = operations.run(
            ctx,
            lambda: check_learners(ctx.db, ctx.user, file, fields),
            show=self._refused,
        )
        if outcome.value is not None:
            self._show_check(outcome.value)

    def _show_check(self, check: LearnerCheck) -> None:
        self.check = check
        self.problems.clear()
        self.problems.addItems([where(p) for p in check.problems])
        more = check.total_problems - len(check.problems)
        if more > 0:
            self.problems.addItem(f"and {more} more problems")
        if check.ok:
            self.summary.setText(f"All {check.learners} rows pass the checks.")
        else:
            self.summary.setText(
                f"{check.total_problems} problem{'s' if check.total_problems != 1 else ''}: "
                "correct the file (or the matches) and choose it again."
            )
        plural = "learner" if check.learners == 1 else "learners"
        self.import_button.setText(f"Import {check.learners} {plural}" if check.ok else "Import")
        self.import_button.setEnabled(check.ok)

    def run_import(self) -> None:
        ctx, file, fields = self.ctx, self.file, self.fields()
        outcome = operations.run(
            ctx,
            lambda: import_learner_rows(ctx.db, ctx.user, file, fields),
            show=self._refused,
            changed=[Change.of(Kind.LEARNERS)],
            wait_cursor=True,
        )
        if outcome.value is not None:
            self.imported = outcome.value.imported
            self.accept()

    def _refused(self, error: ServiceError) -> None:
        if isinstance(error, ValidationFailed):  # found since the check: someone added a UPN
            self.problems.clear()
            self.problems.addItems([where(p) for p in error.problems])
            self.import_button.setEnabled(False)
        set_error(self.error, f"Nothing was imported: {error}".splitlines()[0])
