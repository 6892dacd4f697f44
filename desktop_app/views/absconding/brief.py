"""The learner's brief beside the absconding forms: photo, age, RAG, home and care, health,
risks, contacts, places."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from desktop_app import palette
from desktop_app.services.absconding_data import Contact, LearnerBrief
from desktop_app.views.absconding.common import photo_pixmap
from desktop_app.views.common.widgets import text_label
from desktop_app.views.learners.widgets import RAG_COLOURS

PHOTO_SIZE = (120, 150)


def contact_html(contact: Contact) -> str:
    """'<b>Kim Hughes</b> (Mother, PR) · Mobile 07700 900123 · …'."""
    about = contact.relationship + (
        ", parental responsibility" if contact.parental_responsibility else ""
    )
    phones = " · ".join(f"{p.label} <b>{escape(p.number)}</b>" for p in contact.phones)
    extra = "" if contact.may_collect else " · <i>may not collect</i>"
    notes = (
        f"<br><span style='color:{palette.MUTED}'>{escape(contact.notes)}</span>"
        if contact.notes
        else ""
    )
    return (
        f"<b>{escape(contact.name)}</b> ({escape(about)})<br>{phones or 'no number'}{extra}{notes}"
    )


def home_html(brief: LearnerBrief) -> str:
    """Home address, looked-after status, social worker, medical needs and medication."""
    rows = (
        ("Home", brief.home_address or "not recorded"),
        ("Care", brief.care_status),
        ("Social worker", "; ".join(brief.social_workers) or "none recorded"),
        ("Medical needs", brief.medical_needs or "none recorded"),
        ("Medication", brief.medication or "none recorded"),
    )
    return "<br>".join(f"<b>{label}:</b> {escape(value)}" for label, value in rows)


def _list_html(items: list[str], empty: str) -> str:
    if not items:
        return (
            f"<p style='margin:0 0 6px 0'><i style='color:{palette.MUTED}'>{escape(empty)}</i></p>"
        )
    return "".join(f"<p style='margin:0 0 6px 0'>{item}</p>" for item in items)


class BriefPanel(QScrollArea):
    """Everything about the learner someone searching for them needs, read-only."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setMinimumWidth(360)
        self.photo = QLabel()
        self.photo.setFixedSize(*PHOTO_SIZE)
        self.photo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.name = text_label("", "subheading")
        self.name.setTextFormat(Qt.TextFormat.PlainText)
        self.facts = text_label("")
        self.facts.setTextFormat(Qt.TextFormat.RichText)
        self.rag = QLabel()
        self.police = text_label("", "muted")
        self.police.setTextFormat(Qt.TextFormat.PlainText)
        self.sections: dict[str, QLabel] = {}
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 8, 4)
        layout.setSpacing(6)
        top = QHBoxLayout()
        top.addWidget(self.photo, 0, Qt.AlignmentFlag.AlignTop)
        about = QVBoxLayout()
        for widget in (self.name, self.facts, self.rag, self.police):
            about.addWidget(widget)
        about.addStretch(1)
        top.addLayout(about, 1)
        layout.addLayout(top)
        titles = ("Description", "Home, care and health", "Emergency contacts", "Known risks")
        for title in (*titles, "Places they may go"):
            layout.addWidget(text_label(title, "subheading"))
            self.sections[title] = text_label("")
            self.sections[title].setTextFormat(Qt.TextFormat.RichText)
            self.sections[title].setTextInteractionFlags(
                Qt.TextInteractionFlag.TextSelectableByMouse
            )
            layout.addWidget(self.sections[title])
        layout.addStretch(1)
        self.setWidget(body)
        self.show_brief(None)

    def show_brief(self, brief: LearnerBrief | None) -> None:
        """Fill the panel for this learner, or say to choose one."""
        self.photo.setPixmap(photo_pixmap(brief.photo if brief else None, *PHOTO_SIZE))
        if brief is None:
            self.name.setText("Choose the learner")
            for label in (self.facts, self.rag, self.police, *self.sections.values()):
                label.setText("")
            return
        self.name.setText(brief.name)
        self.facts.setText(
            f"Age {brief.age} · born {brief.date_of_birth:%d/%m/%Y}"
            + (f" · {escape(brief.group)}" if brief.group else "")
            + (f"<br>Commissioner: {escape(brief.commissioner)}" if brief.commissioner else "")
        )
        self._show_rag(brief)
        self.police.setText(brief.police_reason)
        self._fill_sections(brief)

    def _show_rag(self, brief: LearnerBrief) -> None:
        colour = RAG_COLOURS.get((brief.rating or "").lower(), palette.MUTED)
        reasons = "; ".join(brief.rating_reasons)
        self.rag.setText(
            f"<span style='background:{colour}; color:white; padding:2px 6px'>"
            f"&nbsp;RAG {escape(brief.rating or 'not rated')}&nbsp;</span>"
            + (f" <span style='color:{palette.MUTED}'>{escape(reasons)}</span>" if reasons else "")
            + (" · <b>marked vulnerable</b>" if brief.marked_vulnerable else "")
        )
        self.rag.setWordWrap(True)

    def show_description(self, text: str) -> None:
        """The description as typed on the start form or kept on the incident (the record's
        own only when nothing was typed)."""
        self.sections["Description"].setText(
            escape(text.strip()).replace("\n", "<br>")
            or f"<i style='color:{palette.MUTED}'>No description on record</i>"
        )

    def _fill_sections(self, brief: LearnerBrief) -> None:
        self.show_description(brief.description)
        self.sections["Home, care and health"].setText(home_html(brief))
        self.sections["Emergency contacts"].setText(
            _list_html([contact_html(c) for c in brief.contacts], "No emergency contacts on record")
        )
        risks = [
            f"<b>{r.band}</b> ({r.score}) {escape(r.risk)}"
            for r in sorted(brief.risks, key=lambda r: -r.score)
        ]
        self.sections["Known risks"].setText(
            _list_html(risks, "No risks recorded") + f"<i style='color:{palette.MUTED}'>"
            f"{escape(brief.assessment_note)}</i>"
        )
        places = [
            f"<b>{escape(p.name)}</b>{' (person)' if p.kind == 'person' else ''}"
            + (f": {escape(p.detail)}" if p.detail else "")
            for p in brief.places
        ]
        self.sections["Places they may go"].setText(_list_html(places, "None recorded"))
