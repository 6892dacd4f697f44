"""Letters to families: the provision's letterhead, the addressee, the date, the subject, the
body from the template, and the signatory."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from desktop_app.reports.base import escape, gap, para, styles, write_pdf
from desktop_app.reports.fmt import long_day
from desktop_app.reports.progress import Progress
from desktop_app.services.report_data.common import ReportHeader
from desktop_app.services.report_data.letters import Letter, LetterBatch


def letterhead(header: ReportHeader, letter: Letter) -> Table:
    """The addressee on the left (for a window envelope) and the provision on the right."""
    ours = [header.provision, *header.address.splitlines()]
    ours += [f"Telephone {header.phone}"] if header.phone else []
    ours += [header.email] if header.email else []
    theirs = [letter.addressee, *letter.address]
    made = Table(
        [[para("\n".join(theirs), "letter"), para("\n".join(ours), "right")]],
        colWidths=[95 * mm, 78 * mm],
        hAlign="LEFT",
    )
    made.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return made


def body(text: str) -> list[Flowable]:
    """Paragraphs split at blank lines; single line breaks kept."""
    parts = [p.strip("\n") for p in text.replace("\r\n", "\n").split("\n\n")]
    return [para(p, "letter") for p in parts if p.strip()]


def letter_story(batch: LetterBatch, letter: Letter) -> list[Flowable]:
    subject = f"<b>{escape(letter.subject)}</b>"
    signed = [letter.signatory_name, letter.signatory_position]
    return [
        letterhead(batch.header, letter),
        gap(10),
        para(long_day(batch.today), "letter"),
        gap(2),
        Paragraph(subject, styles()["letter"]),
        *body(letter.body),
        gap(14),
        para("\n".join(line for line in signed if line), "letter"),
    ]


def letter_pdf(batch: LetterBatch, letter: Letter, path: Path, progress: Progress) -> Path:
    """Write one family's letter to path."""
    label = f"{batch.label} letter, {letter.learner}"
    return write_pdf(path, letter_story(batch, letter), batch.header, label, progress, start=0)
