"""A recognition certificate: one landscape page per learner, the provision's name, the
learner's name, what they earned over the half-term, and who signed it."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph

from desktop_app.reports.base import LANDSCAPE, escape, fonts, gap, styles, write_pdf
from desktop_app.reports.fmt import span
from desktop_app.reports.progress import Progress
from desktop_app.services.recognition import Certificate, Certificates


def _style(name: str, size: float, bold: bool = False) -> ParagraphStyle:
    f = fonts()
    return ParagraphStyle(
        name, styles()["body"], fontName=f.bold if bold else f.regular, fontSize=size,
        leading=size * 1.3, alignment=TA_CENTER,
    )  # fmt: skip


def story(batch: Certificates, one: Certificate) -> list[Flowable]:
    figure = "" if one.percent is None else f" ({one.percent:.1f} % attendance)"
    awards = "<br/>".join(escape(a) for a in one.awards)
    return [
        gap(14),
        Paragraph(escape(batch.header.provision), _style("provision", 16)),
        gap(10),
        Paragraph("Certificate of Achievement", _style("title", 34, bold=True)),
        gap(12),
        Paragraph("awarded to", _style("to", 14)),
        gap(4),
        Paragraph(escape(one.name), _style("name", 30, bold=True)),
        gap(10),
        Paragraph(f"for {awards}", _style("award", 18)),
        gap(4),
        Paragraph(
            escape(f"{batch.term}: {span(batch.start, batch.end)}{figure}"), _style("term", 12)
        ),
        gap(24),
        Paragraph(escape(f"Signed: {batch.signatory}"), _style("signed", 12)),
    ]


def file_name(batch: Certificates, one: Certificate) -> str:
    slug = "".join(c if c.isalnum() else "-" for c in one.name).strip("-").lower()
    term = batch.term.lower().replace(" ", "-")
    return f"certificate-{term}-{slug or 'learner'}-{one.upn}.pdf"


def certificate_pdf(batch: Certificates, one: Certificate, path: Path, progress: Progress) -> Path:
    label = f"Certificate, {one.name}"
    return write_pdf(path, story(batch, one), batch.header, label, progress, LANDSCAPE, start=0)
