"""The JETAA support dashboard of a fiscal year (issue 13): the budget at each level (national budget →
mission envelopes → requested / approved / committed / spent / remaining) by mission, category and region,
as charts and tables, and the downloads in the layouts HQ and the missions use — HQ's workbook (one sheet by
mission, by category, by region) and the missions' line-by-line sheet. HQ and the national bodies see every
mission; a mission's staff their own (the records' scoping rules). Every download is audited; spreadsheets
neutralise formula-like text (core/exports)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views.decorators.http import require_GET

from jetpm.core import charts, exports
from jetpm.core.calendar import fiscal_year_label
from jetpm.core.http import AuthedRequest
from jetpm.core.scoping import scope_of, visible_to
from jetpm.core.views import forbid_unless
from jetpm.jetaa import selectors_pages as jetaa
from jetpm.jetaa.models import ProjectLine
from jetpm.jetaa.permissions import sees_everything
from jetpm.jetaa.states import LineStatus
from jetpm.stats import services
from jetpm.stats.permissions import can_see_jetaa_support_figures

FORMATS = [("xlsx", "XLSX"), ("csv", "CSV")]
TABLES = [
    ("missions", gettext_lazy("By mission")),
    ("categories", gettext_lazy("By category")),
    ("regions", gettext_lazy("By region")),
    ("lines", gettext_lazy("Project lines")),
]


class DashboardForm(forms.Form):
    fy = forms.TypedChoiceField(label=gettext_lazy("Fiscal year"), coerce=int, required=False)
    format = forms.ChoiceField(label=gettext_lazy("Format"), choices=FORMATS, required=False)
    table = forms.ChoiceField(label=gettext_lazy("Table"), choices=TABLES, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["fy"].choices = [(y, fiscal_year_label(y)) for y in jetaa.years_around()]  # type: ignore[attr-defined]


def _money_header() -> list[str]:
    return [
        _("Requested (yen)"),
        _("Approved (yen)"),
        _("Committed (yen)"),
        _("Spent (yen)"),
        _("Approved, not yet spent (yen)"),
    ]


def _money(m: Any) -> list[int]:
    return [m.requested, m.approved, m.committed, m.spent, m.approved_unspent]


def mission_rows(figures: jetaa.YearFigures) -> list[list[Any]]:
    header = [
        _("Fiscal year"),
        _("Mission"),
        _("Envelope (yen)"),
        _("Envelope left to approve (yen)"),
        _("Chapters"),
        _("Projects"),
        *_money_header(),
        _("Reported"),
        _("Evaluated"),
        pgettext("jetaa project", "Participants"),
        _("Cost per participant (yen)"),
    ]
    label = fiscal_year_label(figures.fiscal_year)
    rows: list[list[Any]] = [header]
    for r in figures.missions:
        rows.append(
            [
                label,
                str(r.mission),
                r.envelope if r.envelope is not None else "",
                r.envelope_left if r.envelope_left is not None else "",
                r.chapters,
                r.projects,
                *_money(r.money),
                r.reported,
                r.evaluated,
                r.participants,
                r.cost_per_participant if r.cost_per_participant is not None else "",
            ]
        )
    rows.append(
        [
            label,
            _("Total"),
            figures.envelopes_total,
            figures.envelopes_left,
            sum(r.chapters for r in figures.missions),
            sum(r.projects for r in figures.missions),
            *_money(figures.total),
            sum(r.reported for r in figures.missions),
            sum(r.evaluated for r in figures.missions),
            sum(r.participants for r in figures.missions),
            "",
        ]
    )
    return rows


def category_rows(figures: jetaa.YearFigures) -> list[list[Any]]:
    rows: list[list[Any]] = [[_("Category"), _("Projects"), *_money_header()]]
    rows += [[str(label), n, *_money(m)] for _code, label, m, n in figures.by_category]
    return rows


def region_rows(figures: jetaa.YearFigures) -> list[list[Any]]:
    rows: list[list[Any]] = [[_("Region"), _("Projects"), *_money_header()]]
    rows += [[name, n, *_money(m)] for name, m, n in figures.by_region]
    return rows


def line_rows(request: AuthedRequest, fiscal_year: int) -> list[list[Any]]:
    """The missions' layout: one row per project line of the year (current versions)."""
    header = [
        _("Mission"),
        _("Chapter"),
        _("Project"),
        _("Category"),
        _("Starts on"),
        _("Ends on"),
        _("Place"),
        _("Expected participants"),
        _("Currency"),
        _("Amount asked (in that currency)"),
        _("Rate used (yen per unit)"),
        _("Status"),
        *_money_header(),
        pgettext("jetaa project", "Participants"),
        _("Expenses (yen)"),
        _("Effect"),
        _("Support next year warranted"),
    ]
    lines = (
        jetaa.with_budget(
            visible_to(request.user, ProjectLine.objects.filter(plan__fiscal_year=fiscal_year)).exclude(
                status__in=(LineStatus.SUPERSEDED, LineStatus.WITHDRAWN)
            )
        )
        .select_related("plan__chapter", "plan__mission", "report", "evaluation")
        .order_by("plan__mission__code", "plan__chapter__code", "starts_on", "pk")
    )
    rows: list[list[Any]] = [header]
    for line in lines:
        report = getattr(line, "report", None)
        evaluation = getattr(line, "evaluation", None)
        m = jetaa.money_of([line])
        rows.append(
            [
                str(line.plan.mission),
                str(line.plan.chapter),
                line.title,
                line.get_category_display(),
                line.starts_on.isoformat(),
                line.ends_on.isoformat(),
                line.place,
                line.expected_participants,
                line.currency,
                float(line.amount_local),
                float(line.rate_to_yen),
                line.get_status_display(),
                *_money(m),
                report.participants if report else "",
                report.expenses_yen if report else "",
                evaluation.get_effect_display() if evaluation else "",
                (_("Yes") if evaluation.support_next_year else _("No")) if evaluation else "",
            ]
        )
    return rows


@login_required
@require_GET
def jetaa_support_page(request: AuthedRequest) -> HttpResponse:
    forbid_unless(can_see_jetaa_support_figures(scope_of(request.user)))
    form = DashboardForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    year = data.get("fy") or jetaa.current_year()
    fmt, table = data.get("format") or "", data.get("table") or ""
    figures = jetaa.year_figures(request.user, year)
    if fmt:
        builders = {
            "missions": lambda: mission_rows(figures),
            "categories": lambda: category_rows(figures),
            "regions": lambda: region_rows(figures),
            "lines": lambda: line_rows(request, year),
        }
        titles = dict(TABLES)
        stem = f"jetpm-jetaa-support-{year}"
        if fmt == "csv" or table == "lines":
            name = table or "missions"
            rows = builders[name]()
            content, content_type = exports.table_bytes(fmt, str(titles[name]), rows)
            filename, count = f"{stem}-{name}.{fmt}", len(rows) - 1
        else:
            name = "hq"
            sheets = [(str(titles[key]), builders[key]()) for key in ("missions", "categories", "regions")]
            content, content_type = exports.xlsx_bytes(sheets), exports.XLSX_CONTENT_TYPE
            filename, count = f"{stem}.xlsx", sum(len(r) - 1 for _t, r in sheets)
        services.record_stats_export(
            actor=request.user,
            fmt=fmt,
            table=f"jetaa-support-{name}",
            from_fy=year,
            to_fy=year,
            fiscal_year=year,
            rows=count,
        )
        return exports.download(content, filename=filename, content_type=content_type)
    label = fiscal_year_label(year)
    category_chart = charts.horizontal_bars(
        "chart-jetaa-categories",
        title=_("Approved support by category, %(year)s (yen)") % {"year": label},
        desc=", ".join(
            _("%(category)s: ¥%(amount)s approved for %(projects)s projects")
            % {"category": lbl, "amount": f"{m.approved:,}", "projects": n}
            for _c, lbl, m, n in figures.by_category
        ),
        items=[(str(lbl), m.approved) for _c, lbl, m, _n in figures.by_category],
    )
    region_chart = charts.horizontal_bars(
        "chart-jetaa-regions",
        title=_("Approved support by region, %(year)s (yen)") % {"year": label},
        desc=", ".join(
            _("%(region)s: ¥%(amount)s approved for %(projects)s projects")
            % {"region": name, "amount": f"{m.approved:,}", "projects": n}
            for name, m, n in figures.by_region
        ),
        items=[(name, m.approved) for name, m, _n in figures.by_region],
    )
    mission_chart = charts.horizontal_bars(
        "chart-jetaa-missions",
        title=_("Spent by mission, %(year)s (yen)") % {"year": label},
        desc=", ".join(
            _("%(mission)s: ¥%(spent)s spent of ¥%(approved)s approved")
            % {"mission": r.mission, "spent": f"{r.money.spent:,}", "approved": f"{r.money.approved:,}"}
            for r in figures.missions
        ),
        items=[(str(r.mission), r.money.spent) for r in figures.missions],
    )
    return render(
        request,
        "stats/jetaa_support.html",
        {
            "form": form,
            "year": year,
            "figures": figures,
            "category_chart": category_chart,
            "region_chart": region_chart,
            "mission_chart": mission_chart,
            "is_hq": sees_everything(scope_of(request.user)),
        },
    )
