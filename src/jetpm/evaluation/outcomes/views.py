"""The outcomes of the entrance for HQ and the Council: the funnel of an intake year by breakdown (table,
chart, CSV of the breakdown = ``jetpm stats outcomes``, XLSX of every breakdown) and the series since FY2019.
National views only (404 to anyone else)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from jetpm.core import charts, exports
from jetpm.core.calendar import fiscal_year_label
from jetpm.core.http import AuthedRequest
from jetpm.core.scoping import scope_of
from jetpm.core.views import forbid_unless
from jetpm.evaluation.outcomes import funnel, labels, selectors, services
from jetpm.evaluation.outcomes.forms import BREAKDOWN_CHOICES, OutcomesForm
from jetpm.evaluation.permissions import can_see_outcomes


def parse(request: AuthedRequest) -> tuple[int, str, str]:
    """The intake year (the newest decided one by default), the breakdown and the download format."""
    form = OutcomesForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    fy = data.get("fy") or selectors.default_year(request.user) or timezone.localdate().year
    return int(fy), data.get("by") or "country", data.get("format") or ""


def stage_header() -> list[str]:
    return [
        _("Applicants"),
        _("Eligible"),
        _("Interviewed"),
        _("Selected"),
        _("Alternates"),
        _("Placed"),
        _("Selection rate (%)"),
    ]


def _sheet(rows: list[funnel.Row], names: dict[str, str], by_label: str) -> list[list[Any]]:
    out: list[list[Any]] = [[_("Intake fiscal year"), by_label, *stage_header()]]
    for r in rows:
        rate = r.selection_rate_pct
        out.append(
            [
                fiscal_year_label(r.fiscal_year),
                labels.label(names, r.group),
                *r.counts(),
                "" if rate is None else rate,
            ]
        )
    return out


def _series_sheet(series: list[funnel.SeriesYear]) -> list[list[Any]]:
    out: list[list[Any]] = [[_("Fiscal year"), *series_header(), _("Source of the figures")]]
    for y in series:
        sources = {c.source for c in y.cells if c.source}
        out.append(
            [
                fiscal_year_label(y.fiscal_year),
                *["" if c.value is None else c.value for c in y.cells],
                " / ".join(source_label(s) for s in sorted(sources)),
            ]
        )
    return out


def series_header() -> list[str]:
    return [_("Applicants"), _("New participants"), _("ALTs"), _("Participants")]


def source_label(source: str | None) -> str:
    if source == funnel.RECORDS:
        return _("records")
    if source == funnel.PUBLISHED_SOURCE:
        return _("published figure (not in the records)")
    return _("no records")


@login_required
def outcomes(request: AuthedRequest) -> HttpResponse:
    forbid_unless(can_see_outcomes(scope_of(request.user)))
    fy, by, fmt = parse(request)
    records = selectors.records(request.user, fiscal_year=fy)
    by_label = str(dict(BREAKDOWN_CHOICES)[by])
    if fmt == "csv":  # the breakdown on the page: the columns of `jetpm stats outcomes`
        rows = funnel.funnel(records, fiscal_year=fy, by=by)
        content = exports.csv_bytes([list(funnel.COLUMNS), *[r.cells() for r in rows]])
        services.record_export(
            actor=request.user, page="outcomes", fmt="csv", fiscal_year=fy, by=by, rows=len(rows)
        )
        return exports.download(
            content, filename=f"jetpm-outcomes-{fy}-{by}.csv", content_type=exports.CSV_CONTENT_TYPE
        )
    last = max(fy, funnel.SERIES_FROM)
    series = funnel.series(
        selectors.yearly_participants(request.user, from_fy=funnel.SERIES_FROM, to_fy=last),
        selectors.applicant_counts(request.user, from_fy=funnel.SERIES_FROM, to_fy=last),
        to_fy=last,
    )
    if fmt == "xlsx":  # every breakdown, one sheet each, and the series
        sheets = []
        count = 0
        for key, name in BREAKDOWN_CHOICES:
            rows = funnel.funnel(records, fiscal_year=fy, by=key)
            names = labels.group_labels(key, [r.group for r in rows])
            sheets.append((str(name)[:31], _sheet(rows, names, str(name))))
            count += len(rows)
        sheets.append((_("Since FY2019")[:31], _series_sheet(series)))
        services.record_export(
            actor=request.user, page="outcomes", fmt="xlsx", fiscal_year=fy, by="all", rows=count
        )
        return exports.download(
            exports.xlsx_bytes(sheets),
            filename=f"jetpm-outcomes-{fy}.xlsx",
            content_type=exports.XLSX_CONTENT_TYPE,
        )
    rows = funnel.funnel(records, fiscal_year=fy, by=by)
    names = labels.group_labels(by, [r.group for r in rows])
    total = rows[-1]
    stages = list(zip(stage_header()[:-1], total.counts(), strict=True))
    year = fiscal_year_label(fy)
    chart = charts.horizontal_bars(
        "chart-funnel",
        title=_("The entrance of %(year)s, stage by stage") % {"year": year},
        desc=", ".join(f"{label}: {n}" for label, n in stages),
        items=stages,
        label_width=220,
        clip=30,
    )
    rate_items = [(labels.label(names, r.group), r.selection_rate_pct or 0) for r in rows[:-1]][:40]
    rate_chart = charts.horizontal_bars(
        "chart-rates",
        title=_("Selection rate (%%) by %(breakdown)s, %(year)s") % {"breakdown": by_label, "year": year},
        desc=", ".join(f"{label}: {n}%" for label, n in rate_items),
        items=rate_items,
        label_width=220,
        clip=30,
    )
    series_chart = charts.grouped_bars(
        "chart-series",
        title=_("Applicants and participants since %(year)s")
        % {"year": fiscal_year_label(funnel.SERIES_FROM)},
        desc="; ".join(
            f"{fiscal_year_label(y.fiscal_year)}: "
            + ", ".join(
                f"{h}: {_('no records') if c.value is None else c.value}"
                for h, c in zip(series_header(), y.cells, strict=True)
            )
            for y in series
        ),
        series=series_header(),
        items=[(fiscal_year_label(y.fiscal_year), [c.value for c in y.cells]) for y in series],
        missing=_("no records"),
    )
    return render(
        request,
        "evaluation/outcomes.html",
        {
            "fy": fy,
            "by": by,
            "by_label": by_label,
            "years": selectors.intake_years(request.user),
            "breakdowns": BREAKDOWN_CHOICES,
            "rows": [(r, labels.label(names, r.group)) for r in rows[:-1]],
            "total": total,
            "header": stage_header(),
            "series": [(y, [(c, source_label(c.source)) for c in y.cells]) for y in series],
            "series_header": series_header(),
            "published_used": any(c.source == funnel.PUBLISHED_SOURCE for y in series for c in y.cells),
            "charts": {"funnel": chart, "rates": rate_chart, "series": series_chart},
        },
    )
