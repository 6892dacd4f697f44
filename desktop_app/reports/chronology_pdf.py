"""A learner's chronology on paper: OFFICIAL-SENSITIVE, one row per entry, oldest first."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from desktop_app.reports.base import para, table, title_block, write_pdf
from desktop_app.reports.fmt import span
from desktop_app.reports.progress import Progress
from desktop_app.services.chronology import Chronology

TITLE = "Chronology"
KIND_WORDS = {
    "absence": "Absence",
    "contact": "Contact",
    "letter": "Letter",
    "sending": "Email",
    "plan": "Support plan",
    "plan_review": "Plan review",
    "meeting": "Meeting",
    "escalation": "Stage",
    "referral": "Referral",
    "request": "Request",
    "rag": "RAG",
    "risk_assessment": "Risk assessment",
    "absconding": "Left site",
}


def rows(chronology: Chronology) -> list[Flowable]:
    body: list[list[object]] = [["Date", "What", "Entry", "By"]]
    for entry in chronology.entries:
        body.append(
            [
                f"{entry.on:%d %b %Y}",
                KIND_WORDS.get(entry.kind, entry.kind),
                para(entry.summary, "cell"),
                para(entry.by or "–", "cell"),
            ]
        )
    if len(body) == 1:
        return [para("Nothing is recorded for this learner in the period.", "body")]
    return [table(body, [22 * mm, 24 * mm, 100 * mm, 32 * mm])]


def chronology_pdf(chronology: Chronology, path: Path, progress: Progress) -> Path:
    subtitle = f"{chronology.name} ({chronology.upn}): {span(chronology.start, chronology.end)}"
    shown = sorted(KIND_WORDS.get(k, k).lower() for k in chronology.kinds)
    story: list[Flowable] = title_block(chronology.header, TITLE, subtitle)
    story.append(para(f"Includes: {', '.join(shown)}.", "small"))
    story += rows(chronology)
    return write_pdf(path, story, chronology.header, f"{TITLE}, {chronology.name}", progress)
