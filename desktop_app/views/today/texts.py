"""When a register closes: the absent learners' families to text, with their numbers, and one
"Texts sent" step that writes one contact-log entry per family."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QTableView, QVBoxLayout, QWidget

from desktop_app.domain.codes import Session as RegisterSession
from desktop_app.services.worklist import TextToSend, record_texts_sent
from desktop_app.views.common import operations
from desktop_app.views.common.changes import Change, Kind
from desktop_app.views.common.context import AppContext
from desktop_app.views.common.rows_model import RowsModel
from desktop_app.views.common.widgets import button, text_label

LEARNER, FAMILY, NUMBER = range(3)


class TextsModel(RowsModel[TextToSend]):
    HEADERS = ("Learner", "Text to", "Number")  # the family member to text

    def cell(self, item: TextToSend, column: int, role: int) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return (item.learner, item.family, item.number)[column]


class TextsPanel(QWidget):
    """Hidden until a register has closed with absent learners whose families are not texted."""

    def __init__(
        self, ctx: AppContext, say: Callable[[str], None], parent: QWidget | None = None
    ) -> None:
        """`say` shows a sentence on the page's status line (this panel hides once done)."""
        super().__init__(parent)
        self.ctx, self.say = ctx, say
        self.model = TextsModel(self)
        self.title = text_label("", "subheading")
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setMaximumHeight(120)
        self.sent = button("Texts sent", primary=True)
        self.sent.setToolTip("Log one text per family listed, now")
        self.sent.clicked.connect(self.record_sent)
        bar = QHBoxLayout()
        bar.addWidget(self.title, 1)
        bar.addWidget(self.sent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.table)
        self.hide()

    def show_texts(self, texts: list[TextToSend], closed: RegisterSession | None) -> None:
        self.model.set_rows(texts)
        self.table.resizeColumnsToContents()
        self.title.setText(
            f"Texts to send: the {closed} register has closed ({len(texts)} families)"
        )
        self.setVisible(bool(texts))

    def record_sent(self) -> None:
        texts = [self.model.item(r) for r in range(self.model.rowCount())]
        ctx = self.ctx
        outcome = operations.run(
            ctx,
            lambda: record_texts_sent(ctx.db, ctx.user, texts, ctx.clock().astimezone()),
            show=operations.to_status(self.say, "Texts not recorded: "),
            changed=[Change.of(Kind.CONTACTS, learner_ids=[t.learner_id for t in texts])],
        )
        if outcome:
            n = outcome.value or 0
            self.say(f"{n} text{'' if n == 1 else 's'} logged in the contact log, one per family.")
