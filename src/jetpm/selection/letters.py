"""The result letter (合否通知書) as PDF: one letter with the Japanese text and the English text one after
the other, so the applicant and the mission hold the same document. The Japanese font of jetpm.core.pdf is
embedded, so every viewer renders it."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import HRFlowable, Paragraph, SimpleDocTemplate, Spacer

from jetpm.applications.states import ApplicationStatus
from jetpm.core.calendar import fiscal_year_label
from jetpm.core.pdf import escape, japanese_font
from jetpm.selection.models import SelectionEntry

LANGUAGES = ("ja", "en")


def _result_text(entry: SelectionEntry, deadline: date | None) -> str:
    app = entry.application
    values = {"rank": entry.alternate_rank or "", "date": date_format(deadline) if deadline else ""}
    if app.status in (
        ApplicationStatus.SHORTLISTED,
        ApplicationStatus.ACCEPTED,
        ApplicationStatus.CLEARED,
    ) or (entry.result == "shortlisted"):
        text = _("We are pleased to inform you that you have been short-listed for the programme.")
        if deadline:
            text += (
                " " + _("Please reply to the offer by %(date)s with the reply form in the portal.") % values
            )
        return text
    if entry.result == "alternate":
        return (
            _("You have been placed on the list of alternates, at rank %(rank)s.") % values
            + " "
            + _("If a place becomes free, it will be offered to the next alternate.")
        )
    return _("We regret to inform you that you have not been selected for the programme.")


def _section(entry: SelectionEntry, deadline: date | None, issued: date, styles: dict[str, Any]) -> list[Any]:
    app = entry.application
    year = fiscal_year_label(app.intake_year)
    lines = [
        Paragraph(
            escape(_("JET Programme %(year)s: result of your application") % {"year": year}), styles["h"]
        ),
        Spacer(1, 4 * mm),
        Paragraph(escape(_("Date: %(date)s") % {"date": date_format(issued)}), styles["p"]),
        Paragraph(escape(_("To: %(name)s") % {"name": app.display_name}), styles["p"]),
        Paragraph(escape(_("Application number: %(ref)s") % {"ref": app.reference}), styles["p"]),
        Paragraph(
            escape(
                _("Country and job type: %(country)s, %(job)s")
                % {"country": entry.selection.country, "job": entry.selection.get_job_type_display()}
            ),
            styles["p"],
        ),
        Spacer(1, 4 * mm),
        Paragraph(escape(_result_text(entry, deadline)), styles["p"]),
        Spacer(1, 4 * mm),
        Paragraph(escape(_("%(mission)s, for the JET Programme") % {"mission": app.mission}), styles["p"]),
    ]
    return lines


def letter_pdf(entry: SelectionEntry, *, deadline: date | None, issued: date) -> bytes:
    """The letter of one published decision, in Japanese then English."""
    font = japanese_font()
    styles = {
        "h": ParagraphStyle("h", fontName=font, fontSize=14, leading=20),
        "p": ParagraphStyle("p", fontName=font, fontSize=10.5, leading=16, wordWrap="CJK"),
    }
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        title=f"JET {entry.application.reference}",
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
            story += _section(entry, deadline, issued, styles)
    doc.build(story)
    return out.getvalue()
