"""The next step for a request chosen on the Case work tab: a leave request still waiting for
the home school is decided, a part-time timetable that has not ended is reviewed.

Each button is offered only while the chosen request needs it (the requests box is built only
for roles that may do case work); Enter on the row (or a double-click) does whichever it needs,
and goes no further. The dialogs save through their services and announce the change; the
status line then says what the save did."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QHBoxLayout, QListWidget

from desktop_app.domain import casework as rules
from desktop_app.reports.fmt import day
from desktop_app.services.case_file import RequestRow
from desktop_app.views.common.widgets import button
from desktop_app.views.learners import request_dialogs as dialogs

#: Opens a dialog made with the learner (and the request) and returns it (CaseWorkTab._open).
OpenDialog = Callable[..., QDialog]


def may_decide(request: RequestRow) -> bool:
    """A leave request still waiting for the home school (a decided one cannot be decided)."""
    return request.kind == rules.RequestKind.LEAVE.value and not request.decision


def may_review(request: RequestRow, today: date) -> bool:
    """A part-time timetable that has not ended."""
    ends = request.end_on
    return request.kind == rules.RequestKind.PART_TIME.value and ends is not None and ends >= today


def request_text(request: RequestRow) -> str:
    """The request's line: a part-time timetable adds its last review and the next."""
    text = f"{day(request.received_on)}  {request.label}: {request.summary}"
    if request.kind != rules.RequestKind.PART_TIME.value:
        return text
    reviewed = f"; reviewed {day(request.reviewed_on)}" if request.reviewed_on else ""
    due = f"next review {day(request.review_on)}" if request.review_on else "no review set"
    return f"{text}{reviewed}; {due}"


#: The keys that act on the chosen request.
ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class RequestActions(QObject):
    """The two buttons under the requests list, kept to what the chosen request needs."""

    def __init__(
        self, requests: QListWidget, open_dialog: OpenDialog, say: Callable[[str], None],
        today: Callable[[], date],
    ) -> None:  # fmt: skip
        super().__init__(requests)
        self._list, self._open, self._say, self._today = requests, open_dialog, say, today
        self.decide_button = button("Record the &decision…")
        self.review_button = button("Record a re&view…")
        self.row = QHBoxLayout()
        for widget, slot in ((self.decide_button, self.decide), (self.review_button, self.review)):
            widget.setEnabled(False)  # until a request that needs it is chosen
            widget.clicked.connect(slot)
            self.row.addWidget(widget)
        self.row.addStretch(1)
        requests.currentItemChanged.connect(lambda *_: self.offer())
        requests.itemDoubleClicked.connect(lambda _item: self.act())
        requests.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter on the list acts on the chosen request, and goes no further."""
        if (
            watched is self._list and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent) and event.key() in ENTER
            and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ):  # fmt: skip
            self.act()
            return True
        return super().eventFilter(watched, event)

    def chosen(self) -> RequestRow | None:
        item = self._list.currentItem()
        found = None if item is None else item.data(Qt.ItemDataRole.UserRole)
        return found if isinstance(found, RequestRow) else None

    def keep(self, before: RequestRow | None, rows: list[RequestRow]) -> None:
        """After the list is filled again: the same request stays chosen (by id)."""
        ids = [r.id for r in rows]
        if before is not None and before.id in ids:
            self._list.setCurrentRow(ids.index(before.id))
        self.offer()

    def offer(self) -> None:
        """Enable only what the chosen request still needs."""
        chosen = self.chosen()
        self.decide_button.setEnabled(chosen is not None and may_decide(chosen))
        self.review_button.setEnabled(chosen is not None and may_review(chosen, self._today()))

    def act(self) -> None:
        """Enter on a request: decide it or review it, whichever it needs."""
        if self.decide_button.isEnabled():
            self.decide()
        elif self.review_button.isEnabled():
            self.review()
        else:
            self._say("Nothing is owed on this request.")

    def decide(self) -> None:
        chosen = self.chosen()
        if chosen is None or not may_decide(chosen):
            self._say("Choose a leave request still waiting for the home school.")
            return
        self._told(self._open(dialogs.DecisionDialog, chosen))

    def review(self) -> None:
        chosen = self.chosen()
        if chosen is None or not may_review(chosen, self._today()):
            self._say("Choose a part-time timetable that has not ended.")
            return
        self._told(self._open(dialogs.PartTimeReviewDialog, chosen))

    def _told(self, dialog: QDialog) -> None:
        assert isinstance(dialog, dialogs.DecisionDialog | dialogs.PartTimeReviewDialog)
        dialog.accepted.connect(lambda: self._say(dialog.outcome()))
