"""The learner panel's Risk assessment tab: the versions on the left, the chosen one's form."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop_app import palette
from desktop_app.domain.permissions import Action, Role, allowed
from desktop_app.services import risk_assessments as service
from desktop_app.services.errors import ServiceError, StaleWrite, ValidationFailed
from desktop_app.services.risk_assessments import Assessment, Status, VersionSummary
from desktop_app.views.common import operations
from desktop_app.views.common.changes import Change, Kind
from desktop_app.views.common.confirm import Confirmation, confirm
from desktop_app.views.common.context import AppContext
from desktop_app.views.common.field_form import sentence
from desktop_app.views.common.unsaved import ask_to_discard
from desktop_app.views.common.widgets import button, error_label, set_error, text_label
from desktop_app.views.risk.form import RiskAssessmentForm
from desktop_app.views.risk.widgets import STYLE, day_text

NOT_ALLOWED = "Only the DSL and director can see risk assessments."
READING = "Reading the risk assessments…"
NO_VERSION = (
    "There is no risk assessment for this learner yet. Every RED learner needs one: start it "
    "here, and the DSL signs it once it is complete."
)
MOST_PROBLEMS_LISTED = 6


def version_text(line: VersionSummary) -> str:
    """'Version 2 – in force', when it was written or signed, and when it is due for review."""
    when = f"Signed {day_text(line.dsl_signed_on)}" if line.dsl_signed_on else "Not signed yet"
    review = "Review overdue" if line.overdue else f"Review by {day_text(line.review_date)}"
    return f"Version {line.version} – {line.status.value}\n{when}\n{review}"


class RiskAssessmentTab(QWidget):
    """Start, fill in, sign and review a learner's risk assessment (DSL and director only).

    Starting, saving and signing announce a RISK change: the learner's RAG flags may change."""

    def __init__(self, ctx: AppContext, learner_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx, self.learner_id = ctx, learner_id
        self.current: Assessment | None = None
        self.summaries: list[VersionSummary] = []
        self.dirty = False
        self.confirmation: Confirmation | None = None
        self._loaded = False
        self.loader = operations.Loader(self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 10)
        if not allowed(ctx.user.role, Action.SAFEGUARDING):
            self.refused = text_label(NOT_ALLOWED, "muted")
            layout.addWidget(self.refused, 0, Qt.AlignmentFlag.AlignTop)
            return
        self.setStyleSheet(STYLE)
        self._build(layout)

    def showEvent(self, event: QShowEvent) -> None:
        """Read the versions when the tab is first shown: opening them is audited as a view."""
        super().showEvent(event)
        if not self._loaded and hasattr(self, "form"):
            self._loaded = True
            self._read_first()

    # --- building -----------------------------------------------------------------------

    def _build(self, layout: QHBoxLayout) -> None:
        self.versions = QListWidget()
        self.versions.setFixedWidth(220)
        self.versions.setSpacing(3)
        self.versions.setWordWrap(True)
        self.versions.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.versions.currentItemChanged.connect(self._version_chosen)
        self.start_button = button("Start risk assessment", primary=True)
        self.start_button.clicked.connect(self.start)
        self.review_button = button("Start review")
        self.review_button.clicked.connect(self.review)
        self.save_button = button("Save", primary=True)
        self.save_button.clicked.connect(self.save)
        self.title = text_label("", "heading")
        self.banner = self._hidden_label("riskBanner")
        self.signed_notice = self._hidden_label("signedNotice")
        self.message = error_label("formError")
        self.notice = self._hidden_label("notice")
        self.empty = text_label(READING, "muted")  # until the first read is here
        for waiting in (self.start_button, self.review_button, self.save_button):
            waiting.hide()
        self.form = RiskAssessmentForm()
        self.form.sig_edited.connect(self._edited)
        self.form.sign_writer_button.clicked.connect(self.sign_as_writer)
        self.form.sign_dsl_button.clicked.connect(self.ask_to_sign_as_dsl)
        if self._ctx.user.role is not Role.DSL:
            self.form.sign_dsl_button.setEnabled(False)
            self.form.sign_dsl_button.setToolTip("Only the designated safeguarding lead signs.")
        self.scroller = QScrollArea()
        self.scroller.setObjectName("formScroller")
        self.scroller.setWidgetResizable(True)
        self.scroller.setFrameShape(QFrame.Shape.NoFrame)
        self.scroller.setWidget(self.form)
        self.scroller.hide()  # shown with the version the first read opens
        left = QVBoxLayout()
        left.addWidget(text_label("Versions", "subheading"))
        left.addWidget(self.versions, 1)
        left.addWidget(self.start_button)
        left.addWidget(self.review_button)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignTop)
        right = QVBoxLayout()
        right.setSpacing(8)
        right.addLayout(top)
        for label in (self.banner, self.signed_notice, self.message, self.notice, self.empty):
            right.addWidget(label)
        right.addWidget(self.scroller, 1)
        layout.setSpacing(16)
        layout.addLayout(left)
        layout.addLayout(right, 1)

    def _hidden_label(self, role: str) -> QLabel:
        label = text_label("", role)
        label.hide()
        return label

    def today(self) -> date:
        return self._ctx.clock().date()

    # --- showing ------------------------------------------------------------------------

    def _read_first(self) -> None:
        """The first read, on the thread pool (it is audited, so it writes): the versions and
        the one to open; the form shows once both are here."""
        ctx, learner_id, today = self._ctx, self.learner_id, self.today()

        def read() -> tuple[list[VersionSummary], Assessment | None]:
            summaries = service.list_versions(ctx.db, ctx.user, learner_id, today)
            wanted = _to_open(summaries, None)
            if wanted is None:
                return summaries, None
            return summaries, service.get_assessment(ctx.db, ctx.user, wanted, today)

        self.loader.load("first", read, self._first_read, self._say)

    def _first_read(self, read: tuple[list[VersionSummary], Assessment | None]) -> None:
        summaries, assessment = read
        self._list(summaries)
        if assessment is not None:
            self._select(assessment.id)
        self._show(assessment)

    def refresh(self, choose: int | None = None) -> None:
        """Read the versions again and open `choose` (else the draft, else the one in force)."""
        ctx = self._ctx
        outcome = operations.run(
            ctx,
            lambda: service.list_versions(ctx.db, ctx.user, self.learner_id, self.today()),
            show=operations.to_status(self._say),
        )
        if not outcome or outcome.value is None:
            return
        self._list(outcome.value)
        wanted = _to_open(self.summaries, choose)
        if wanted is None:
            self._show(None)
            return
        self._select(wanted)
        self.open(wanted)

    def _list(self, summaries: list[VersionSummary]) -> None:
        self.summaries = summaries
        self.versions.blockSignals(True)
        self.versions.clear()
        for line in self.summaries:
            item = QListWidgetItem(version_text(line))
            item.setData(Qt.ItemDataRole.UserRole, line.id)
            if line.overdue:
                item.setForeground(QColor(palette.ALARM))
            self.versions.addItem(item)
        self.versions.blockSignals(False)

    def _select(self, assessment_id: int) -> None:
        self.versions.blockSignals(True)
        for row in range(self.versions.count()):
            if self.versions.item(row).data(Qt.ItemDataRole.UserRole) == assessment_id:
                self.versions.setCurrentRow(row)
        self.versions.blockSignals(False)

    def open(self, assessment_id: int) -> None:
        ctx = self._ctx
        outcome = operations.run(
            ctx,
            lambda: service.get_assessment(ctx.db, ctx.user, assessment_id, self.today()),
            show=operations.to_status(self._say),
        )
        if outcome:
            self._show(outcome.value)

    def _show(self, assessment: Assessment | None) -> None:
        self.current, self.dirty = assessment, False
        has_draft = any(v.status is Status.DRAFT for v in self.summaries)
        self.start_button.setVisible(not self.summaries)
        self.empty.setText(NO_VERSION)
        self.empty.setVisible(assessment is None)
        self.scroller.setVisible(assessment is not None)
        self._say("")
        if assessment is None:
            self.title.setText("Risk assessment")
            for widget in (self.review_button, self.save_button, self.signed_notice):
                widget.hide()
            self._show_banner(None)
            return
        self.form.load(assessment)
        status = assessment.status.value
        self.title.setText(f"Risk assessment – version {assessment.version}, {status}")
        in_force = assessment.status is Status.IN_FORCE
        self.review_button.setVisible(in_force and not has_draft)
        self.save_button.setVisible(assessment.editable)
        self._show_signed(assessment)
        self._show_banner(assessment)

    def _show_signed(self, assessment: Assessment) -> None:
        signed = assessment.dsl
        self.signed_notice.setVisible(signed is not None)
        if signed is None:
            return
        words = f"Signed by {signed.name} on {day_text(signed.on)} – read-only."
        if assessment.status is Status.SUPERSEDED:
            words += " A later version has replaced it."
        self.signed_notice.setText(words)

    def _show_banner(self, assessment: Assessment | None) -> None:
        lines = []
        active = next((v for v in self.summaries if v.status is Status.IN_FORCE), None)
        if active is not None and active.overdue:
            due = day_text(active.review_date)
            draft = next((v for v in self.summaries if v.status is Status.DRAFT), None)
            then = (
                f"finish and sign the review (version {draft.version})"
                if draft
                else "start a review"
            )
            lines.append(f"Review overdue: version {active.version} was due on {due}; {then}.")
        if assessment is not None and assessment.editable:
            review = assessment.content.review_date
            if review <= self.today():
                lines.append(
                    f"This draft's review date, {day_text(review)}, has passed: "
                    "set a new one before the DSL signs."
                )
        self.banner.setText("\n".join(lines))
        self.banner.setVisible(bool(lines))

    def _say(self, problem: str = "", done: str = "") -> None:
        set_error(self.message, problem)
        self.notice.setText(done)
        self.notice.setVisible(bool(done))

    # --- actions ------------------------------------------------------------------------

    def _edited(self) -> None:
        self.dirty = True
        self.notice.hide()

    def _version_chosen(self, item: QListWidgetItem | None, previous: QListWidgetItem) -> None:
        if item is None:
            return
        chosen = int(item.data(Qt.ItemDataRole.UserRole))
        if not self.dirty or self.current is None:
            self.open(chosen)
            return
        self._select(self.current.id)  # stay until the person agrees to lose their changes
        self.confirmation = ask_to_discard(
            self,
            lambda: self._discard_and_open(chosen),
            f"The changes to version {self.current.version}",
        )

    def _discard_and_open(self, assessment_id: int) -> None:
        self._select(assessment_id)
        self.open(assessment_id)

    def _run(self, action: Callable[[], Assessment], refused: str) -> Assessment | None:
        """Call the service; show its problems (nothing was changed) or announce the change."""
        change = Change.of(Kind.RISK, learner_ids=[self.learner_id])
        outcome = operations.run(
            self._ctx, action, show=lambda error: self._refused(error, refused), changed=[change]
        )
        return outcome.value if outcome else None

    def _refused(self, error: ServiceError, refused: str) -> None:
        """The problems listed at the top and each marked where it belongs in the form."""
        if isinstance(error, StaleWrite) and self.current is not None:
            self.open(self.current.id)  # someone else saved it: show their newer version
        if not isinstance(error, ValidationFailed):
            self._say(f"{refused} {sentence(error)}")
            return
        self.form.show_problems(error.problems)
        listed = [f"• {p.message}" for p in error.problems[:MOST_PROBLEMS_LISTED]]
        more = len(error.problems) - len(listed)
        if more > 0:
            listed.append(f"• and {more} more, marked below")
        self._say("\n".join([f"{refused} Fix these and try again:", *listed]))

    def start(self) -> None:
        ctx = self._ctx
        result = self._run(
            lambda: service.start_assessment(ctx.db, ctx.user, self.learner_id, self.today()),
            "The risk assessment was not started.",
        )
        if result is not None:
            self.refresh(result.id)
            self._say(done="Version 1 started. Fill in each part, then save.")

    def save(self) -> None:
        if self.current is None:
            return
        ctx, content, current = self._ctx, self.form.content(), self.current
        result = self._run(
            lambda: service.save_assessment(
                ctx.db, ctx.user, current.id, content, self.today(), current.row_version
            ),
            "Nothing was saved.",
        )
        if result is None:
            return
        self._show(result)
        self._update_line(result)
        done = f"Version {result.version} saved."
        if result.writer_signature_cleared:
            done += " The writing changed after the writer signed, so the writer signs again."
        self._say(done=done)

    def _update_line(self, result: Assessment) -> None:
        """The saved version's dates in the list, without reading (and auditing) it again."""
        for index, line in enumerate(self.summaries):
            if line.id == result.id:
                content = result.content
                new = VersionSummary(
                    line.id,
                    line.version,
                    content.date_written,
                    content.compiled_by,
                    content.review_date,
                    line.dsl_signed_on,
                    line.dsl_signature,
                    line.status,
                    line.overdue,
                )
                self.summaries[index] = new
                self.versions.item(index).setText(version_text(new))

    def sign_as_writer(self) -> None:
        if self.current is None:
            return
        ctx, content, current = self._ctx, self.form.content(), self.current
        result = self._run(
            lambda: service.sign_as_writer(ctx.db, ctx.user, current.id, self.today(), content),
            "Not signed, and nothing was saved.",
        )
        if result is not None:
            self._show(result)
            self._update_line(result)
            self._say(done=f"Signed as writer by {ctx.user.full_name} and saved.")

    def ask_to_sign_as_dsl(self) -> None:
        if self.current is None:
            return
        self.confirmation = confirm(
            self,
            "Sign as DSL",
            f"Sign version {self.current.version} as DSL? It is saved as it is now, comes into "
            "force, and can no longer be changed: later changes need a review.",
            "Sign as DSL",
            self.sign_as_dsl,
        )

    def sign_as_dsl(self) -> None:
        if self.current is None:
            return
        ctx, content, current = self._ctx, self.form.content(), self.current
        result = self._run(
            lambda: service.sign_as_dsl(ctx.db, ctx.user, current.id, self.today(), content),
            "Not signed, and nothing was saved.",
        )
        if result is not None:
            self.refresh(result.id)
            self._say(done=f"Version {result.version} is signed and now in force.")

    def review(self) -> None:
        if self.current is None:
            return
        ctx, current = self._ctx, self.current
        result = self._run(
            lambda: service.start_review(ctx.db, ctx.user, current.id, self.today()),
            "The review was not started.",
        )
        if result is not None:
            self.refresh(result.id)
            self._say(done=f"Version {result.version} started as a copy of the one in force.")


def _to_open(summaries: list[VersionSummary], choose: int | None) -> int | None:
    """The version to open: `choose`, else the draft, else the one in force."""
    return choose or next((v.id for v in summaries if v.status is not Status.SUPERSEDED), None)
