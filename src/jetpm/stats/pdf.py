"""The statistics as PDF (ReportLab), in the embedded Japanese font of jetpm.core.pdf: what the page shows,
its charts drawn with ReportLab's own graphics and its tables sized to the page (A4 landscape). Column
widths come from the content; the font shrinks to fit, and a table still too wide at the smallest size is
split into column groups that each fit (the first column repeated), so no figure is ever cut off."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _
from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from jetpm.core import charts
from jetpm.core.calendar import fiscal_year_label
from jetpm.core.pdf import escape, japanese_font
from jetpm.stats import tables

PAGE = landscape(A4)
MARGIN = 12 * mm
WIDTH = PAGE[0] - 2 * MARGIN  # the frame's width
PADDING = 3  # points either side of a cell's text (ReportLab's default)
SIZES = (9.0, 8.0, 7.0, 6.5, 6.0, 5.5)  # the table font sizes tried, largest first
CHART_WIDTH = WIDTH * 0.58  # a chart on the left, its table on the right
GUTTER = 8 * mm


def _num(value: Any) -> str:
    if value is None:
        return ""
    return f"{value:,}" if isinstance(value, int) else str(value)


def _widths(rows: Sequence[Sequence[str]], font: str, size: float) -> list[float]:
    return [
        max(stringWidth(row[i], font, size) for row in rows) + 2 * PADDING + 2 for i in range(len(rows[0]))
    ]


def fit_tables(rows: Sequence[Sequence[Any]], font: str, width: float = WIDTH) -> list[Table]:
    """``rows`` (a header first) as tables no wider than ``width``: the largest font size at which the
    columns fit; at the smallest, column groups that each fit, with the first column in each."""
    text = [[_num(c) for c in row] for row in rows]
    size = SIZES[-1]
    for candidate in SIZES:
        if sum(_widths(text, font, candidate)) <= width:
            size = candidate
            break
    widths = _widths(text, font, size)
    groups: list[list[int]] = []
    current: list[int] = []
    for i in range(1, len(widths)):
        if current and widths[0] + sum(widths[j] for j in current) + widths[i] > width:
            groups.append(current)
            current = []
        current.append(i)
    groups.append(current)
    out = []
    for group in groups:
        columns = [0, *group]
        table = Table(
            [[row[i] for i in columns] for row in text],
            colWidths=[widths[i] for i in columns],
            repeatRows=1,
            hAlign="LEFT",
        )
        table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), font),
                    ("FONTSIZE", (0, 0), (-1, -1), size),
                    ("LEADING", (0, 0), (-1, -1), size * 1.25),
                    ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef5")),
                    ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
                ]
            )
        )
        out.append(table)
    return out


def _title(drawing: Drawing, text: str, font: str) -> None:
    drawing.initialFontName = font  # the renderer's default state would name Helvetica (never embedded)
    drawing.add(String(0, drawing.height - 12, text, fontName=font, fontSize=11, fillColor=colors.black))


def bars_drawing(title: str, bars: Sequence[tables.Bar], font: str) -> Drawing:
    """One horizontal bar per country (or Others), the largest at the top, its value at its end."""
    row_h = 16
    label_w = max([stringWidth(b.label, font, 8) for b in bars] + [40]) + 8
    height = 24 + row_h * max(len(bars), 1) + 24
    drawing = Drawing(CHART_WIDTH, height)
    _title(drawing, title, font)
    chart = HorizontalBarChart()
    chart.x, chart.y = label_w, 16
    chart.width, chart.height = CHART_WIDTH - label_w - 40, row_h * max(len(bars), 1)
    chart.data = [[b.participants for b in reversed(bars)] or [0]]
    chart.categoryAxis.categoryNames = [b.label for b in reversed(bars)] or [""]
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 8
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.bars[0].fillColor = colors.HexColor(charts.TOTAL)
    chart.barLabelFormat = "%d"
    chart.barLabels.fontName = font
    chart.barLabels.fontSize = 7
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 4
    drawing.add(chart)
    return drawing


def series_drawing(title: str, fig: tables.Figures, font: str) -> Drawing:
    """Grouped columns by fiscal year, one per series; a year without records has no column and says so."""
    names = tables.series_header(fig)[1:]
    height = 300
    drawing = Drawing(CHART_WIDTH, height)
    _title(drawing, title, font)
    chart = VerticalBarChart()
    chart.x, chart.y = 36, 24
    chart.width, chart.height = CHART_WIDTH - 44, 190
    data = [[tables.series_cells(fig, y)[i] for y in fig.series] for i in range(len(names))]
    chart.data = data
    chart.categoryAxis.categoryNames = [fiscal_year_label(y.fiscal_year) for y in fig.series]
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 7
    if len(fig.series) > 8:  # long year labels side by side would overlap
        chart.categoryAxis.labels.angle = 30
        chart.categoryAxis.labels.boxAnchor = "ne"
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.barLabelFormat = "%d"
    chart.barLabels.fontName = font
    chart.barLabels.fontSize = 5
    chart.barLabels.boxAnchor = "s"
    chart.barLabels.dy = 2
    chart.groupSpacing = 8
    for i, colour in enumerate(charts.SERIES_COLOURS[: len(names)]):
        chart.bars[i].fillColor = colors.HexColor(colour)
    drawing.add(chart)
    step = chart.width / max(len(fig.series), 1)
    for index, y in enumerate(fig.series):
        if all(v is None for v in tables.series_cells(fig, y)):  # no records: say so, draw nothing
            x = chart.x + step * (index + 0.5)
            drawing.add(
                String(x, chart.y + 4, _("no records"), fontName=font, fontSize=6, textAnchor="middle")
            )
    legend = Legend()
    legend.x, legend.y = chart.x, height - 24
    legend.fontName = font
    legend.fontSize = 8
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.deltax = max(stringWidth(n, font, 8) for n in names) + 28
    legend.colorNamePairs = [
        (colors.HexColor(c), n) for c, n in zip(charts.SERIES_COLOURS, names, strict=False)
    ]
    drawing.add(legend)
    return drawing


def beside(chart: Drawing, rows: Sequence[Sequence[Any]], font: str) -> Table:
    """The chart and its table side by side (the table fitted to the rest of the width)."""
    parts = fit_tables(rows, font, WIDTH - CHART_WIDTH - GUTTER)
    layout = Table([[chart, parts]], colWidths=[CHART_WIDTH + GUTTER, None], hAlign="LEFT")
    layout.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("FONTNAME", (0, 0), (-1, -1), font),  # a cell's default font is Helvetica
            ]
        )
    )
    return layout


def _series_rows(fig: tables.Figures) -> list[list[Any]]:
    """The series as the page's table: "no records" where there are none."""
    rows: list[list[Any]] = [tables.series_header(fig)]
    for y in fig.series:
        cells = [_("no records") if c is None else c for c in tables.series_cells(fig, y)]
        rows.append([fiscal_year_label(y.fiscal_year), *cells])
    return rows


def _retention_rows(fig: tables.Figures) -> list[list[str]]:
    """The matrix as the page shows it: one column per fiscal year, "participants (rate %)"."""
    rows: list[list[str]] = [[_("Cohort"), *(fiscal_year_label(y) for y in fig.matrix.fiscal_years)]]
    for r in fig.matrix.rows:
        cells = [
            "–"
            if c is None
            else f"{c.participants:,}"
            + ("" if c.retention_rate_pct is None else f" ({c.retention_rate_pct}%)")
            for c in r.cells
        ]
        rows.append([fiscal_year_label(r.cohort_year), *cells])
    rows.append([_("Total"), *(f"{n:,}" if n else "–" for n in fig.matrix.totals)])
    return rows


def pdf_bytes(title: str, fig: tables.Figures) -> bytes:
    """The page as a document: the retention matrix, the series, participants and ALTs by country and
    participants by job type, each with its chart, in the active language."""
    font = japanese_font()
    heading = ParagraphStyle("heading", fontName=font, fontSize=14, leading=18)
    note = ParagraphStyle("note", fontName=font, fontSize=8, leading=11)
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=PAGE,
        title=title,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        initialFontName=font,
    )
    year = fiscal_year_label(fig.fiscal_year)
    no_terms, no_applicants = tables.missing_years(fig)
    notes = []
    if no_terms:
        notes.append(
            _("No participant records for %(years)s: these years are not counted.")
            % {"years": tables.year_ranges(no_terms)}
        )
    if no_applicants:
        notes.append(
            _("No application records for %(years)s: these years have no applicants counted.")
            % {"years": tables.year_ranges(no_applicants)}
        )
    span = {"first": fiscal_year_label(fig.series[0].fiscal_year), "last": fiscal_year_label(fig.to_fy)}
    sections: list[tuple[str, list[Any]]] = [
        (_("Participants and retention by cohort"), [*fit_tables(_retention_rows(fig), font)]),
        (
            _("Participants and applicants since %(first)s") % {"first": span["first"]},
            [
                *(Paragraph(escape(n), note) for n in notes),
                beside(
                    series_drawing(_("Participants and applicants, %(first)s to %(last)s") % span, fig, font),
                    _series_rows(fig),
                    font,
                ),
            ],
        ),
        (
            _("Participants by country, %(year)s") % {"year": year},
            [
                beside(
                    bars_drawing(
                        _("Participants by country, %(year)s") % {"year": year}, fig.by_country, font
                    ),
                    tables.country_table(fig)[1],
                    font,
                ),
            ],
        ),
        (
            _("ALTs by country, %(year)s") % {"year": year},
            [
                beside(
                    bars_drawing(_("ALTs by country, %(year)s") % {"year": year}, fig.alt_by_country, font),
                    tables.alt_country_table(fig)[1],
                    font,
                ),
            ],
        ),
        (
            _("Participants by job type, %(year)s") % {"year": year},
            [
                beside(
                    bars_drawing(
                        _("Participants by job type, %(year)s") % {"year": year}, fig.by_job_type, font
                    ),
                    tables.job_type_table(fig)[1],
                    font,
                ),
            ],
        ),
    ]
    story: list[Any] = []
    for index, (name, flowables) in enumerate(sections):
        if index:
            story.append(PageBreak())
        story += [Paragraph(f"{escape(title)} — {escape(name)}", heading), Spacer(1, 4 * mm)]
        for flowable in flowables:
            story += [KeepTogether([flowable]), Spacer(1, 4 * mm)]
    doc.build(story)
    return out.getvalue()
