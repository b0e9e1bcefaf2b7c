"""The statistics pages: the figures of jetpm.appointments (scoped to the user) as charts and tables, and
as XLSX, CSV and PDF downloads."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from jetpm.appointments import retention
from jetpm.appointments import selectors as appointments
from jetpm.core import charts, exports
from jetpm.core.calendar import fiscal_year_label
from jetpm.core.http import AuthedRequest
from jetpm.core.scoping import scope_of
from jetpm.core.views import forbid_unless
from jetpm.stats import pdf, selectors, services, tables
from jetpm.stats.forms import TABLE_CHOICES, StatsFilterForm
from jetpm.stats.permissions import can_see_figures

YEARS_SHOWN = 3


def _current_fiscal_year() -> int:
    today = timezone.localdate()
    return today.year if today.month >= 4 else today.year - 1


def _years(request: AuthedRequest, form: StatsFilterForm) -> tuple[int, int, int]:
    """(from, to, breakdown year): the query's, or defaults from the data with a message for bad input."""
    span = selectors.fiscal_year_span(request.user)
    # Terms already created for next year (reappointments decided in the round) do not make it "the latest
    # year": the default ends with the current fiscal year.
    last = min(span[1], _current_fiscal_year()) if span else _current_fiscal_year()
    first = max(span[0], last - YEARS_SHOWN + 1) if span else last
    first = min(first, last)
    if not form.is_valid():
        for name, errors in form.errors.items():
            field = form.fields[name].label if name in form.fields else _("Fiscal years")
            for error in errors:
                messages.error(
                    request,
                    _("%(field)s: %(reason)s The defaults are shown.") % {"field": field, "reason": error},
                )
        return first, last, last
    data = form.cleaned_data
    from_fy = data["from_fy"] if data["from_fy"] is not None else first
    to_fy = data["to_fy"] if data["to_fy"] is not None else max(last, from_fy)
    if from_fy > to_fy:
        from_fy = to_fy
    fy = data["fy"] if data["fy"] is not None else to_fy
    return from_fy, to_fy, fy


def _figures(request: AuthedRequest, from_fy: int, to_fy: int, fy: int) -> tables.Figures:
    counts = appointments.retention_counts(request.user, from_fy=from_fy, to_fy=to_fy)
    participant_rows = retention.participants(
        appointments.participant_counts(request.user, fiscal_year=fy), fiscal_year=fy
    )
    names = selectors.country_names(sorted({r.country for r in participant_rows}))
    first = min(tables.SERIES_FROM, from_fy)
    return tables.figures(
        retention_rows=retention.retention(counts, from_fy=from_fy, to_fy=to_fy),
        participant_rows=participant_rows,
        country_names=names,
        from_fy=from_fy,
        to_fy=to_fy,
        fiscal_year=fy,
        yearly=appointments.yearly_counts(request.user, from_fy=first, to_fy=to_fy),
        applicants=selectors.applicant_counts(request.user, from_fy=first, to_fy=to_fy),
        counts_applicants=selectors.counts_applicants(request.user),
    )


def _bars_chart(chart_id: str, title: str, bars: list[tables.Bar]) -> Any:
    return charts.horizontal_bars(
        chart_id,
        title=title,
        desc=", ".join(f"{b.label}: {b.participants}" for b in bars),
        items=[(b.label, b.participants) for b in bars],
    )


def _series_text(fig: tables.Figures, y: tables.SeriesYear) -> str:
    """One year of the series in words (the chart's description), "no records" where there are none."""
    parts = [
        f"{label}: {_('no records') if value is None else value}"
        for label, value in zip(tables.series_header(fig)[1:], tables.series_cells(fig, y), strict=True)
    ]
    return f"{fiscal_year_label(y.fiscal_year)}: " + ", ".join(parts)


def _charts(fig: tables.Figures) -> dict[str, Any]:
    year = fiscal_year_label(fig.fiscal_year)
    span = {"first": fiscal_year_label(fig.series[0].fiscal_year), "last": fiscal_year_label(fig.to_fy)}
    return {
        "country": _bars_chart(
            "chart-country", _("Participants by country, %(year)s") % {"year": year}, fig.by_country
        ),
        "alt_country": _bars_chart(
            "chart-alt-country", _("ALTs by country, %(year)s") % {"year": year}, fig.alt_by_country
        ),
        "job_type": charts.vertical_bars(
            "chart-job-type",
            title=_("Participants by job type, %(year)s") % {"year": year},
            desc=", ".join(f"{b.label}: {b.participants}" for b in fig.by_job_type),
            items=[(b.key, b.participants) for b in fig.by_job_type],
        ),
        "years": charts.grouped_bars(
            "chart-years",
            title=_("Participants and applicants, %(first)s to %(last)s") % span,
            desc="; ".join(_series_text(fig, y) for y in fig.series),
            series=tables.series_header(fig)[1:],
            items=[(fiscal_year_label(y.fiscal_year), tables.series_cells(fig, y)) for y in fig.series],
            missing=_("no records"),
        ),
    }


def _download(request: AuthedRequest, fig: tables.Figures, fmt: str, table: str) -> HttpResponse:
    stem = f"jetpm-statistics-{fig.from_fy}-{fig.to_fy}-{fig.fiscal_year}"
    if fmt == "csv":
        name = table or "retention"
        _title, rows = tables.TABLES[name](fig)
        content, content_type = exports.csv_bytes(rows), exports.CSV_CONTENT_TYPE
        filename, count = f"{stem}-{name}.csv", len(rows) - 1
    else:
        name = "all"
        sheets = tables.all_tables(fig)
        count = sum(len(rows) - 1 for _t, rows in sheets)
        if fmt == "pdf":
            content, content_type = pdf.pdf_bytes(_("Participant statistics"), fig), "application/pdf"
        else:
            content, content_type = exports.xlsx_bytes(sheets), exports.XLSX_CONTENT_TYPE
        filename = f"{stem}.{fmt}"
    services.record_stats_export(
        actor=request.user,
        fmt=fmt,
        table=name,
        from_fy=fig.from_fy,
        to_fy=fig.to_fy,
        fiscal_year=fig.fiscal_year,
        rows=count,
    )
    return exports.download(content, filename=filename, content_type=content_type)


@login_required
def index(request: AuthedRequest) -> HttpResponse:
    forbid_unless(can_see_figures(scope_of(request.user)))
    form = StatsFilterForm(request.GET)
    from_fy, to_fy, fy = _years(request, form)
    fig = _figures(request, from_fy, to_fy, fy)
    fmt = form.cleaned_data.get("format") if form.is_valid() else ""
    if fmt:
        return _download(request, fig, fmt, form.cleaned_data.get("table") or "")
    query = f"from={from_fy}&to={to_fy}&fy={fy}"
    no_terms, no_applicants = tables.missing_years(fig)
    return render(
        request,
        "stats/index.html",
        {
            "fig": fig,
            "charts": _charts(fig),
            "no_terms": tables.year_ranges(no_terms),
            "no_applicants": tables.year_ranges(no_applicants),
            "query": query,
            "table_choices": [(key, str(label)) for key, label in TABLE_CHOICES],
        },
    )
