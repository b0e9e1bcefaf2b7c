"""The placement notice (配属先通知書) as PDF: the Japanese text and the English text one after the other,
so the participant, their mission and the contracting organisation hold the same document. The Japanese font
of jetpm.core.pdf is embedded, so every viewer renders it."""

from __future__ import annotations

import io
from typing import Any

from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import HRFlowable, Paragraph, SimpleDocTemplate, Spacer

from jetpm.core.calendar import fiscal_year_label
from jetpm.core.pdf import escape, japanese_font
from jetpm.placement.models import Placement

LANGUAGES = ("ja", "en")


def _section(placement: Placement, styles: dict[str, Any]) -> list[Any]:
    app = placement.application
    org = placement.contracting_org
    values = {
        "year": fiscal_year_label(app.intake_year),
        "name": app.display_name,
        "ref": app.reference,
        "org": org.name if org else "",
        "prefecture": org.prefecture.name if org and org.prefecture else "",
        "job": app.get_job_type_display(),
        "date": date_format(placement.run.published_at) if placement.run.published_at else "",
    }
    texts = [
        (_("JET Programme %(year)s: placement notice") % values, "h"),
        (_("Date: %(date)s") % values, "p"),
        (_("To: %(name)s") % values, "p"),
        (_("Application number: %(ref)s") % values, "p"),
        (_("Job type: %(job)s") % values, "p"),
        (_("You have been placed with %(org)s (%(prefecture)s).") % values, "p"),
        (
            _(
                "Your contracting organisation will contact you about your post. If you cannot take up the "
                "placement, decline it in the portal as soon as possible."
            ),
            "p",
        ),
        (_("CLAIR (Council of Local Authorities for International Relations), for the JET Programme"), "p"),
    ]
    out: list[Any] = []
    for i, (text, style) in enumerate(texts):
        out.append(Paragraph(escape(text), styles[style]))
        if i in (0, 4, 6):
            out.append(Spacer(1, 4 * mm))
    return out


def notice_pdf(placement: Placement) -> bytes:
    font = japanese_font()
    styles = {
        "h": ParagraphStyle("h", fontName=font, fontSize=14, leading=20),
        "p": ParagraphStyle("p", fontName=font, fontSize=10.5, leading=16, wordWrap="CJK"),
    }
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        title=f"JET placement {placement.application.reference}",
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=20 * mm,
        initialFontName=font,  # no page names a font that is not embedded (the default is Helvetica)
    )
    story: list[Any] = []
    for index, language in enumerate(LANGUAGES):
        if index:
            story += [Spacer(1, 8 * mm), HRFlowable(width="100%"), Spacer(1, 8 * mm)]
        with translation.override(language):
            story += _section(placement, styles)
    doc.build(story)
    return out.getvalue()
