"""Settings › Retention (director): register entries past 6 years, and purging them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import QDialog, QHBoxLayout, QVBoxLayout, QWidget

from desktop_app.services.retention import (
    RETENTION_YEARS,
    RetentionSummary,
    expired_entries,
    purge_expired,
)
from desktop_app.views.common import labels, operations
from desktop_app.views.common.changes import Change, Kind
from desktop_app.views.common.confirm import Confirmation, confirm
from desktop_app.views.common.context import AppContext
from desktop_app.views.common.widgets import button, text_label

RULE = (
    f"Register entries are kept for {RETENTION_YEARS} years from the day they were made, then "
    "should be deleted. A mark changed more recently is kept until its newest change is "
    f"{RETENTION_YEARS} years old."
)


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def describe(summary: RetentionSummary) -> str:
    """'Entries older than 6 years: 12 marks and 3 amendments (the oldest from …).'"""
    if summary.marks == 0:
        return f"Nothing in the register is older than {RETENTION_YEARS} years."
    oldest = f", the oldest from {labels.long_date(summary.oldest)}" if summary.oldest else ""
    return (
        f"Entries older than {RETENTION_YEARS} years: {plural(summary.marks, 'mark')} and "
        f"{plural(summary.amendments, 'amendment')}, made before "
        f"{labels.long_date(summary.cutoff)}{oldest}."
    )


class RetentionPanel(QWidget):
    """How many entries are past retention, and Purge… behind a question naming the count.

    Counting reads every mark (over half a second on six years of register), so it runs on
    the thread pool when the tab is first shown, and again when shown after marks changed.
    """

    def __init__(
        self,
        context: AppContext,
        today: Callable[[], date] = date.today,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._context, self._today = context, today
        self.summary: RetentionSummary | None = None
        self.found = text_label("")
        self.purge_button = button("Purge…")
        self.purge_button.clicked.connect(self.ask_purge)
        self.message = text_label("", "muted")
        self.dialog: QDialog | None = None  # the one open now, for tests and screenshots
        row = QHBoxLayout()
        row.addWidget(self.purge_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addWidget(text_label(RULE, "muted"))
        layout.addWidget(self.found)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.loader = operations.Loader(self)
        self.refresher = operations.Refresher(self, self.refresh)
        self.refresher.stale = True  # counted when first shown
        context.changes.sig_marks_changed.connect(self.refresher.request)
        self.purge_button.setEnabled(False)

    def refresh(self) -> None:
        """Count the old entries again (off the GUI thread); Purge waits for the count."""
        context, today = self._context, self._today()
        self.summary = None
        self.purge_button.setEnabled(False)
        self.found.setText(f"Counting entries older than {RETENTION_YEARS} years…")
        self.loader.load(
            "count",
            lambda: expired_entries(context.db, context.user, today),
            self._counted,
            lambda message: self.found.setText(f"Could not count old entries: {message}"),
        )

    def _counted(self, summary: RetentionSummary) -> None:
        self.summary = summary
        self.found.setText(describe(summary))
        self.purge_button.setEnabled(summary.marks > 0)

    def ask_purge(self) -> Confirmation | None:
        summary = self.summary
        if summary is None or summary.marks == 0:
            return None
        marks = plural(summary.marks, "register mark")
        text = (
            f"Permanently delete {marks} and {plural(summary.amendments, 'amendment')} made "
            f"before {labels.long_date(summary.cutoff)}? This cannot be undone."
        )
        box = confirm(self, "Purge old entries", text, f"Delete {marks}", self.purge)
        self.dialog = box
        return box

    def purge(self) -> None:
        """Delete the old entries; every page showing marks hears that marks went (this one
        too, which counts again)."""
        context, today = self._context, self._today()
        done = operations.run(
            context,
            lambda: purge_expired(context.db, context.user, today),
            show=operations.to_status(self.message.setText, "Nothing was deleted: "),
            changed=[Change.of(Kind.MARKS)],
            wait_cursor=True,
        ).value
        if done is None:
            return
        self.message.setText(
            f"Deleted {plural(done.marks, 'mark')} and {plural(done.amendments, 'amendment')}. "
            "The audit log records the purge."
        )
