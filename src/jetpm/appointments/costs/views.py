"""Pages of costs: this year's costs and next year's estimate, per organisation, per area, nationally."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from jetpm.appointments.costs import selectors, services
from jetpm.appointments.costs.estimate import Breakdown
from jetpm.appointments.costs.forms import CostRatesForm, CostYearForm
from jetpm.appointments.models import CostRates
from jetpm.appointments.permissions import can_edit_cost_rates, can_export_costs, can_view_costs
from jetpm.core import actions
from jetpm.core.calendar import fiscal_year_label, fiscal_year_of
from jetpm.core.exports import download, table_bytes
from jetpm.core.http import AuthedRequest
from jetpm.core.scoping import scope_of
from jetpm.core.views import forbid_unless


def _year(request: AuthedRequest) -> int:
    form = CostYearForm(request.GET or None)
    if form.is_valid() and form.cleaned_data.get("fiscal_year"):
        return int(form.cleaned_data["fiscal_year"])
    return fiscal_year_of(timezone.localdate())


def _context(report: selectors.CostReport) -> dict[str, object]:
    return {
        "report": report,
        "fiscal_year": report.fiscal_year,
        "next_year": report.fiscal_year + 1,
        "year_form": CostYearForm(initial={"fiscal_year": report.fiscal_year}),
    }


@login_required
def cost_overview(request: AuthedRequest) -> HttpResponse:
    scope = scope_of(request.user)
    forbid_unless(can_view_costs(scope))
    fiscal_year = _year(request)
    report = selectors.cost_report(
        request.user, fiscal_year=fiscal_year, group=selectors.default_group(request.user)
    )
    return render(
        request,
        "appointments/costs/overview.html",
        {
            **_context(report),
            "can_export": can_export_costs(scope),
            "can_edit_rates": can_edit_cost_rates(scope),
        },
    )


@login_required
def cost_organisation(request: AuthedRequest, organisation_id: int) -> HttpResponse:
    organisation = selectors.access_cost_organisation(request.user, organisation_id, action="view")
    report = selectors.cost_report(
        request.user, fiscal_year=_year(request), group=selectors.ORGANISATION, organisation=organisation
    )
    return render(
        request, "appointments/costs/organisation.html", {**_context(report), "organisation": organisation}
    )


def _amount(value: int | None) -> int | str:
    return "" if value is None else value


def _cells(b: Breakdown) -> list[int | str]:
    return [
        b.participants,
        _amount(b.salary_yen),
        _amount(b.travel_arrival_yen),
        _amount(b.travel_return_yen),
        _amount(b.insurance_yen),
        _amount(b.total_yen),
    ]


@login_required
def cost_export(request: AuthedRequest) -> HttpResponse:
    scope = scope_of(request.user)
    forbid_unless(can_export_costs(scope))
    fmt = "csv" if request.GET.get("format") == "csv" else "xlsx"
    fiscal_year = _year(request)
    report = selectors.cost_report(request.user, fiscal_year=fiscal_year, group=selectors.PREFECTURE)
    parts = [
        _("participants"),
        _("salary"),
        _("travel (arrivals)"),
        _("travel (returns)"),
        _("insurance"),
        _("total"),
    ]
    estimate = _("estimate")
    header: list[object] = [
        _("Prefecture code"),
        _("Prefecture"),
        *[f"{fiscal_year_label(fiscal_year)} {p}" for p in parts],
        *[f"{fiscal_year_label(fiscal_year + 1)} {estimate} {p}" for p in parts],
    ]
    rows: list[list[object]] = [header]
    for r in report.rows:
        rows.append([r.key, r.name, *_cells(r.current), *_cells(r.estimate)])
    rows.append(["", _("National total"), *_cells(report.total), *_cells(report.total_estimate)])
    services.record_cost_export(actor=request.user, fiscal_year=fiscal_year, fmt=fmt, rows=len(report.rows))
    content, content_type = table_bytes(fmt, _("Costs"), rows)
    return download(content, filename=f"costs-fy{fiscal_year}.{fmt}", content_type=content_type)


@login_required
@require_http_methods(["GET", "POST"])
def cost_rates_edit(request: AuthedRequest) -> HttpResponse:
    forbid_unless(can_edit_cost_rates(scope_of(request.user)))
    fiscal_year = _year(request)
    row = CostRates.objects.filter(fiscal_year=fiscal_year).first()
    initial = (
        {
            "travel_arrival_yen": row.travel_arrival_yen,
            "travel_return_yen": row.travel_return_yen,
            "insurance_yen": row.insurance_yen,
        }
        if row
        else {}
    )
    form = CostRatesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = actions.perform_form(
            request,
            form,
            lambda: services.set_cost_rates(actor=request.user, fiscal_year=fiscal_year, **form.cleaned_data),
            success=_("The cost rates were saved."),
        )
        if saved.ok:
            return redirect(reverse("appointments:cost_rates") + f"?fiscal_year={fiscal_year}")
    return render(
        request,
        "appointments/costs/rates.html",
        {
            "form": form,
            "fiscal_year": fiscal_year,
            "year_form": CostYearForm(initial={"fiscal_year": fiscal_year}),
            "saved": row is not None,
            "rates": CostRates.objects.order_by("fiscal_year"),
        },
        status=400 if request.method == "POST" else 200,
    )
