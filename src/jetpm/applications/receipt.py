"""The applicant's receipt (受付票) as PDF, in the language of the page (ReportLab, in the embedded
Japanese font of jetpm.core.pdf)."""

from __future__ import annotations

import io
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from jetpm.applications.models import Application, Document, Referee
from jetpm.core.calendar import fiscal_year_label
from jetpm.core.pdf import escape, japanese_font


def receipt_pdf(application: Application, documents: list[Document], referees: list[Referee]) -> bytes:
    font = japanese_font()
    heading = ParagraphStyle("heading", fontName=font, fontSize=16, leading=22)
    sub = ParagraphStyle("sub", fontName=font, fontSize=11, leading=16, spaceBefore=8)
    body = ParagraphStyle("body", fontName=font, fontSize=9, leading=13)
    title = _("Receipt of application %(ref)s") % {"ref": application.reference}
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out, pagesize=A4, title=title, leftMargin=18 * mm, rightMargin=18 * mm, initialFontName=font
    )

    def cell(text: Any) -> Paragraph:
        return Paragraph(escape("" if text is None else str(text)), body)

    def table(rows: list[list[Any]], widths: list[float] | None = None) -> Table:
        t = Table([[cell(c) for c in row] for row in rows], colWidths=widths)
        t.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), font),
                    ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        return t

    submitted = (
        date_format(timezone.localtime(application.submitted_at), "DATETIME_FORMAT")
        if application.submitted_at
        else ""
    )
    facts = [
        [_("Application number"), application.reference],
        [_("Name"), application.display_name],
        [_("Intake"), fiscal_year_label(application.intake_year)],
        [_("Mission"), application.mission.name],
        [_("Job type"), application.get_job_type_display()],
        [_("Submitted"), submitted],
        [_("Status"), application.get_status_display()],
    ]
    story: list[Any] = [
        Paragraph(escape(title), heading),
        Spacer(1, 4 * mm),
        table(facts, [50 * mm, 120 * mm]),
    ]
    story.append(Paragraph(escape(_("Documents")), sub))
    doc_rows = [[_("Kind"), _("File name"), _("Uploaded")]] + [
        [
            d.get_kind_display(),
            d.original_name,
            date_format(timezone.localtime(d.uploaded_at), "SHORT_DATE_FORMAT"),
        ]
        for d in documents
    ]
    story.append(table(doc_rows, [60 * mm, 75 * mm, 35 * mm]))
    story.append(Paragraph(escape(_("Referees")), sub))
    ref_rows = [[_("Referee"), _("Name"), _("Letter received")]] + [
        [
            str(r.order),
            r.name,
            date_format(timezone.localtime(r.received_at), "SHORT_DATE_FORMAT") if r.received_at else "—",
        ]
        for r in referees
    ]
    story.append(table(ref_rows, [25 * mm, 90 * mm, 55 * mm]))
    story.append(Spacer(1, 6 * mm))
    story.append(
        Paragraph(
            escape(_("Keep this receipt. Quote the application number in any message to the mission.")), body
        )
    )
    doc.build(story)
    return out.getvalue()
