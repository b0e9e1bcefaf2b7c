"""The statistics as PDF (ReportLab): one table per page, in the embedded Japanese font of
jetpm.core.pdf."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from jetpm.core.pdf import escape, japanese_font


def pdf_bytes(title: str, tables: Sequence[tuple[str, Sequence[Sequence[Any]]]]) -> bytes:
    """A document titled ``title`` with one page per (heading, rows); the first row of each is a header."""
    font = japanese_font()
    heading = ParagraphStyle("heading", fontName=font, fontSize=14, leading=18)
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=landscape(A4),
        title=title,
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=12 * mm,
        initialFontName=font,
    )
    story: list[Any] = []
    for index, (name, rows) in enumerate(tables):
        if index:
            story.append(PageBreak())
        story += [Paragraph(f"{escape(title)} — {escape(name)}", heading), Spacer(1, 6 * mm)]
        data = [["" if c is None else str(c) for c in row] for row in rows]
        table = Table(data, repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), font),
                    ("FONTSIZE", (0, 0), (-1, -1), 8),
                    ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef5")),
                    ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
                ]
            )
        )
        story.append(table)
    doc.build(story)
    return out.getvalue()
