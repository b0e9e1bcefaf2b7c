"""The statistics pages of the programme since FY1987 and of JETAA (formats/programme-figures.md: the same
figures as ``jetpm stats programme`` and ``jetpm stats jetaa``), as charts and tables, and as XLSX and CSV
downloads. Who may see them: as the other statistics pages (``can_see_figures``); the programme's figures
are those of the terms the user may see, JETAA's the national ones (jetpm.alumni.selectors_figures)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext

from jetpm.alumni import programme, selectors_figures
from jetpm.core import charts, exports
from jetpm.core.calendar import fiscal_year_label
from jetpm.core.figures import FIRST_FY, LAST_FY
from jetpm.core.http import AuthedRequest
from jetpm.core.models import JetaaRegion
from jetpm.core.scoping import scope_of
from jetpm.core.views import forbid_unless
from jetpm.stats import services
from jetpm.stats.permissions import can_see_figures

FORMATS = [("xlsx", "XLSX"), ("csv", "CSV")]
PROGRAMME_TABLES = [("series", gettext_lazy("By fiscal year")), ("as_of", gettext_lazy("As of the day"))]


class AsOfForm(forms.Form):
    """The day of the figures (``?as_of=2024-12-31``) and the download."""

    as_of = forms.DateField(label=gettext_lazy("As of"), required=False, input_formats=["%Y-%m-%d"])
    format = forms.ChoiceField(label=gettext_lazy("Format"), choices=FORMATS, required=False)
    table = forms.ChoiceField(label=gettext_lazy("Table"), choices=PROGRAMME_TABLES, required=False)

    def clean_as_of(self) -> date | None:
        day: date | None = self.cleaned_data.get("as_of")
        if day is not None and not FIRST_FY <= programme.programme_fiscal_year(day) <= LAST_FY:
            raise forms.ValidationError(
                _("The day must be in fiscal years %(first)s to %(last)s."),
                params={"first": fiscal_year_label(FIRST_FY), "last": fiscal_year_label(LAST_FY)},
            )
        return day


def _as_of(request: AuthedRequest, form: AsOfForm) -> tuple[date, str, str]:
    """(day, format, table): the query's, or today with a message naming what was wrong."""
    if not form.is_valid():
        for name, errors in form.errors.items():
            label = form.fields[name].label if name in form.fields else _("As of")
            for error in errors:
                messages.error(
                    request,
                    _("%(field)s: %(reason)s The defaults are shown.") % {"field": label, "reason": error},
                )
        return timezone.localdate(), "", ""
    data = form.cleaned_data
    return data["as_of"] or timezone.localdate(), data["format"] or "", data["table"] or ""


# --- the programme since FY1987 ---------------------------------------------------------------------------


def series_rows(series: list[programme.ProgrammeYear]) -> list[list[Any]]:
    header = [
        _("Fiscal year"),
        _("Participants to date"),
        _("Countries to date"),
        _("Serving"),
        _("Alumni"),
        _("New participants"),
    ]
    return [header] + [
        [
            fiscal_year_label(y.fiscal_year),
            y.participants_to_date,
            y.countries_to_date,
            y.serving,
            y.alumni,
            y.new_participants,
        ]
        for y in series
    ]


def as_of_rows(day: date, year: programme.ProgrammeYear) -> list[list[Any]]:
    header = [
        _("As of"),
        _("Fiscal year"),
        _("Participants to date"),
        _("Countries to date"),
        _("Serving"),
        _("Alumni"),
    ]
    cells = programme.programme_row(day, year)
    return [header, [cells[0], fiscal_year_label(year.fiscal_year), *cells[2:]]]


@login_required
def programme_page(request: AuthedRequest) -> HttpResponse:
    forbid_unless(can_see_figures(scope_of(request.user)))
    form = AsOfForm(request.GET)
    day, fmt, table = _as_of(request, form)
    fy = programme.programme_fiscal_year(day)
    counts = selectors_figures.programme_counts(request.user, to_fy=fy)
    series = programme.programme_series(
        first_terms=counts.first_terms,
        country_first_years=counts.country_first_years,
        serving=counts.serving,
        to_fy=fy,
    )
    year = series[-1]
    if fmt:
        sheets = [(_("By fiscal year"), series_rows(series)), (_("As of the day"), as_of_rows(day, year))]
        stem = f"jetpm-programme-{day.isoformat()}"
        if fmt == "csv":
            name = table or "series"
            rows = series_rows(series) if name == "series" else as_of_rows(day, year)
            content, content_type, filename = (
                exports.csv_bytes(rows),
                exports.CSV_CONTENT_TYPE,
                f"{stem}-{name}.csv",
            )
            count = len(rows) - 1
        else:
            name = "all"
            content, content_type = exports.xlsx_bytes(sheets), exports.XLSX_CONTENT_TYPE
            filename, count = f"{stem}.xlsx", sum(len(r) - 1 for _t, r in sheets)
        services.record_stats_export(
            actor=request.user,
            fmt=fmt,
            table=f"programme-{name}",
            from_fy=FIRST_FY,
            to_fy=fy,
            fiscal_year=fy,
            rows=count,
        )
        return exports.download(content, filename=filename, content_type=content_type)
    labels = [fiscal_year_label(y.fiscal_year) for y in series]
    chart = charts.lines(
        "chart-programme",
        title=_("Participants and alumni since %(first)s, to %(last)s")
        % {"first": labels[0], "last": labels[-1]},
        desc="; ".join(
            _("%(year)s: %(to_date)s participants to date, %(alumni)s alumni")
            % {"year": label, "to_date": y.participants_to_date, "alumni": y.alumni}
            for label, y in zip(labels, series, strict=True)
        ),
        labels=labels,
        series=[
            (_("Participants to date"), [y.participants_to_date for y in series]),
            (_("Alumni"), [y.alumni for y in series]),
            (_("Serving"), [y.serving for y in series]),
        ],
    )
    return render(
        request,
        "stats/programme.html",
        {
            "day": day,
            "year": year,
            "series": list(reversed(series)),
            "chart": chart,
            "query": f"as_of={day.isoformat()}",
            "tables": [(key, str(label)) for key, label in PROGRAMME_TABLES],
        },
    )


# --- JETAA ----------------------------------------------------------------------------------------------


def jetaa_rows(rows: list[programme.JetaaRow], names: dict[str, str]) -> list[list[Any]]:
    header = [_("Region"), _("Countries"), _("Chapters"), pgettext("jetaa", "Members")]
    return [header] + [[names.get(r.region, _("Total")), r.countries, r.chapters, r.members] for r in rows]


@login_required
def jetaa_page(request: AuthedRequest) -> HttpResponse:
    forbid_unless(can_see_figures(scope_of(request.user)))
    form = AsOfForm(request.GET)
    day, fmt, _table = _as_of(request, form)
    counts = selectors_figures.jetaa_counts(request.user, day=day)
    rows = programme.jetaa(chapters=counts.chapters, members=counts.members)
    names = {r.code: r.name for r in JetaaRegion.objects.all()}
    if fmt:
        table = jetaa_rows(rows, names)
        filename = f"jetpm-jetaa-{day.isoformat()}.{fmt}"
        if fmt == "csv":
            content, content_type = exports.csv_bytes(table), exports.CSV_CONTENT_TYPE
        else:
            content, content_type = exports.xlsx_bytes([(_("JETAA"), table)]), exports.XLSX_CONTENT_TYPE
        fy = programme.programme_fiscal_year(day)
        services.record_stats_export(
            actor=request.user,
            fmt=fmt,
            table="jetaa",
            from_fy=fy,
            to_fy=fy,
            fiscal_year=fy,
            rows=len(table) - 1,
        )
        return exports.download(content, filename=filename, content_type=content_type)
    regions = [(names.get(r.region, r.region), r) for r in rows[:-1]]
    chart = charts.horizontal_bars(
        "chart-jetaa",
        title=_("JETAA members by region, %(day)s") % {"day": date_format(day, "DATE_FORMAT")},
        desc=", ".join(
            ngettext(
                "%(region)s: %(members)s members in %(chapters)s chapter",
                "%(region)s: %(members)s members in %(chapters)s chapters",
                r.chapters,
            )
            % {"region": name, "members": f"{r.members:,}", "chapters": r.chapters}
            for name, r in regions
        ),
        items=[(name, r.members) for name, r in regions],
    )
    return render(
        request,
        "stats/jetaa.html",
        {
            "day": day,
            "regions": regions,
            "total": rows[-1],
            "chart": chart,
            "query": f"as_of={day.isoformat()}",
        },
    )
