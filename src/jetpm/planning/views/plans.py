"""Pages of the country recruitment plan. Thin: parse, call one service or selector, render.

Writes are POST-only; the plan is looked up (404 outside the user's scope) before the method is checked, so
a foreign plan answers 404 whatever the method."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Sum
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from jetpm.core import exports
from jetpm.core.actions import domain_error_to_form
from jetpm.core.calendar import fiscal_year_label
from jetpm.core.confirm import ask as render_confirmation
from jetpm.core.confirm import confirmed
from jetpm.core.errors import DomainError
from jetpm.core.http import AuthedRequest
from jetpm.core.scoping import scope_of
from jetpm.core.views import forbid_unless, form_errors_to_messages, paginate
from jetpm.planning.forms.plans import WEIGHT_CHOICES, LineForm, NewPlanForm, ParametersForm, SendBackForm
from jetpm.planning.models import CountryPlan, PlanLine
from jetpm.planning.permissions import (
    can_read_plans,
    can_view_demand,
    is_council_approver,
    is_drafter,
)
from jetpm.planning.selectors import plans as selectors
from jetpm.planning.services import plans as services
from jetpm.planning.states import PlanStatus


def _plan(request: AuthedRequest, plan_id: int) -> CountryPlan:
    forbid_unless(can_read_plans(scope_of(request.user)))
    return selectors.access_plan_by_id(request.user, plan_id)


@login_required
def plan_list(request: AuthedRequest) -> HttpResponse:
    scope = scope_of(request.user)
    forbid_unless(can_read_plans(scope))
    return render(
        request,
        "planning/plans/plan_list.html",
        {
            "page": paginate(request, selectors.plans_for(request.user)),
            "is_drafter": is_drafter(scope),
            "new_plan_form": NewPlanForm(),
        },
    )


@login_required
def plan_create(request: AuthedRequest) -> HttpResponse:
    forbid_unless(is_drafter(scope_of(request.user)))
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = NewPlanForm(request.POST)
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return redirect("planning:plan_list")
    try:
        plan = services.create_plan(actor=request.user, intake_year=form.cleaned_data["intake_year"])
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("planning:plan_list")
    messages.success(request, _("A draft plan was created: set its parameters and compute a proposal."))
    return redirect("planning:plan_detail", plan_id=plan.pk)


def _render_detail(
    request: AuthedRequest, plan: CountryPlan, params_form: ParametersForm | None = None, status: int = 200
) -> HttpResponse:
    scope = scope_of(request.user)
    editable = plan.status == PlanStatus.DRAFT and is_drafter(scope)
    if editable and params_form is None:
        params_form = ParametersForm(instance=plan)
    return render(
        request,
        "planning/plans/plan_detail.html",
        {
            "plan": plan,
            "o": selectors.plan_overview(request.user, plan),
            "params_form": params_form if editable else None,
            "editable": editable,
            "can_propose": plan.status == PlanStatus.DRAFT and is_drafter(scope),
            "can_decide": plan.status == PlanStatus.PROPOSED and is_council_approver(scope),
            "can_new_version": plan.status == PlanStatus.APPROVED and is_drafter(scope),
            "national": can_view_demand(scope),
            "send_back_form": SendBackForm(),
            "weight_label": dict(WEIGHT_CHOICES).get(plan.weight_source, plan.weight_source),
        },
        status=status,
    )


@login_required
def plan_detail(request: AuthedRequest, plan_id: int) -> HttpResponse:
    return _render_detail(request, _plan(request, plan_id))


@login_required
def plan_parameters(request: AuthedRequest, plan_id: int) -> HttpResponse:
    plan = _plan(request, plan_id)
    forbid_unless(is_drafter(scope_of(request.user)))
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = ParametersForm(request.POST, instance=plan)
    if form.is_valid():
        d = form.cleaned_data
        params = {
            "method": d["method"],
            "weight_source": d["weight_source"],
            "min_per_country": d["min_per_country"],
            "max_per_country": d["max_per_country"],
            "note": d.get("note") or "",
        }
        try:
            if "compute" in request.POST:  # save and compute at once: both or neither
                proposal = services.update_and_compute(actor=request.user, plan_id=plan.pk, **params)
            else:
                services.update_parameters(actor=request.user, plan_id=plan.pk, **params)
        except DomainError as exc:
            domain_error_to_form(request, form, exc)
        else:
            if "compute" in request.POST:
                _computed(request, proposal)
            else:
                messages.success(request, _("The parameters were saved."))
            return redirect("planning:plan_detail", plan_id=plan.pk)
    plan.refresh_from_db()
    return _render_detail(request, plan, params_form=form, status=400)


@login_required
def plan_compute(request: AuthedRequest, plan_id: int) -> HttpResponse:
    plan = _plan(request, plan_id)
    forbid_unless(is_drafter(scope_of(request.user)))
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        proposal = services.compute_proposal(actor=request.user, plan_id=plan.pk)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        _computed(request, proposal)
    return redirect("planning:plan_detail", plan_id=plan.pk)


def _computed(request: AuthedRequest, proposal: Any) -> None:
    messages.success(
        request,
        _("The proposal was computed: %(lines)s lines, %(seats)s new participants.")
        % {"lines": len(proposal.seats), "seats": sum(proposal.seats.values())},
    )
    for skipped in proposal.skipped:
        messages.error(request, skipped.message)
    if proposal.ties:
        messages.warning(
            request,
            _("Exact ties were broken by country code: %(ties)s") % {"ties": "; ".join(proposal.ties)},
        )


@dataclass
class LineRow:
    line: PlanLine
    form_id: str
    seats: Any
    reason: str
    error: str = ""


def _line_saved(line: PlanLine) -> str:
    return _("%(country)s %(job)s %(language)s: %(seats)s new participants saved.") % {
        "country": line.country.code,
        "job": line.job_type,
        "language": line.language.code,
        "seats": line.seats,
    }


def _posted_lines(request: AuthedRequest, plan: CountryPlan) -> dict[int, tuple[Any, str]]:
    """The seats and reasons of the editor's one form, by line id (a number that is not one is passed on as
    typed, for the service to refuse with the others)."""
    values: dict[int, tuple[Any, str]] = {}
    for line_id in plan.lines.values_list("pk", flat=True):
        raw = request.POST.get(f"seats-{line_id}")
        if raw is not None:
            seats = int(raw) if raw.strip().isdigit() else raw
            values[line_id] = (seats, request.POST.get(f"reason-{line_id}", ""))
    return values


@login_required
def plan_lines(request: AuthedRequest, plan_id: int) -> HttpResponse:
    """The lines of a draft, each editable (seats and reason), and a form to add a line."""
    plan = _plan(request, plan_id)
    forbid_unless(is_drafter(scope_of(request.user)))
    posted: LineForm | None = None
    error_key: tuple[str, str, str] | None = None
    error = ""
    refused: dict[int, str] = {}  # the one Save of every line: line id -> why it was refused
    if request.method == "POST" and "save_lines" in request.POST:
        try:
            values = _posted_lines(request, plan)
            saved = services.save_lines(actor=request.user, plan_id=plan.pk, values=values)
        except services.LinesRefused as exc:
            refused = exc.errors
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect("planning:plan_lines", plan_id=plan.pk)
        else:
            for line in saved:
                if line is None:
                    messages.success(request, _("The line was removed."))
                else:
                    messages.success(request, _line_saved(line))
            if not saved:
                messages.info(request, _("No line was changed."))
            return redirect("planning:plan_lines", plan_id=plan.pk)
        for message in refused.values():
            messages.error(request, message)
    elif request.method == "POST":
        posted = LineForm(request.POST)
        if posted.is_valid():
            d = posted.cleaned_data
            try:
                line = services.save_line(
                    actor=request.user,
                    plan_id=plan.pk,
                    country_code=d["country"].code,
                    job_type=d["job_type"],
                    language_code=d["language"].code,
                    seats=d["seats"],
                    reason=d.get("reason") or "",
                )
            except DomainError as exc:
                error = exc.message
                if exc.field in posted.fields:
                    posted.add_error(exc.field, exc.message)
            else:
                if line is None:
                    messages.success(request, _("The line was removed."))
                else:
                    messages.success(request, _line_saved(line))
                return redirect("planning:plan_lines", plan_id=plan.pk)
        else:
            form_errors_to_messages(request, posted)
        if error:
            messages.error(request, error)
        error_key = (
            request.POST.get("country", ""),
            request.POST.get("job_type", ""),
            request.POST.get("language", ""),
        )
    elif request.method != "GET":
        return HttpResponseNotAllowed(["GET", "POST"])
    o = selectors.plan_overview(request.user, plan)
    groups = []
    for g in o.groups:
        rows = []
        for line in g.lines:
            key = (line.country.code, line.job_type, line.language.code)
            row = LineRow(line, f"line-{line.pk}", line.seats, line.reason)
            if refused:  # what was typed is kept, and each refused line says why
                row.seats = request.POST.get(f"seats-{line.pk}", line.seats)
                row.reason = request.POST.get(f"reason-{line.pk}", line.reason)
                row.error = refused.get(line.pk, "")
            if posted is not None and key == error_key:
                row.seats = request.POST.get("seats", "")
                row.reason = request.POST.get("reason", "")
                row.error = "; ".join(str(e) for errs in posted.errors.values() for e in errs) or error
            rows.append(row)
        groups.append((g, rows))
    existing = {(line.country.code, line.job_type, line.language.code) for g in o.groups for line in g.lines}
    add_form = posted if posted is not None and error_key not in existing else LineForm()
    return render(
        request,
        "planning/plans/plan_lines.html",
        {
            "plan": plan,
            "o": o,
            "groups": groups,
            "add_form": add_form,
            "editable": plan.status == PlanStatus.DRAFT,
        },
        status=400 if posted is not None or refused else 200,
    )


def _ask_approve(request: AuthedRequest, plan: CountryPlan) -> HttpResponse:
    totals = plan.lines.aggregate(
        lines=Count("pk"), seats=Sum("seats"), countries=Count("country", distinct=True)
    )
    values = {
        "year": fiscal_year_label(plan.intake_year),
        "v": plan.version,
        "seats": totals["seats"] or 0,
        "countries": totals["countries"],
    }
    return render_confirmation(
        request,
        title=_("Approve the country plan of %(year)s, version %(v)s") % values,
        consequences=[
            _(
                "Approving fixes %(seats)s new participants across %(countries)s countries for %(year)s: the "
                "missions recruit and the final selection short-lists to these numbers."
            )
            % values,
            _(
                "The approved plan cannot be changed (an approved earlier version is superseded); a "
                "correction is a new version."
            ),
        ],
        confirm_label=_("Approve"),
        cancel_url=reverse("planning:plan_detail", kwargs={"plan_id": plan.pk}),
    )


def _transition(request: AuthedRequest, plan_id: int, allowed: bool, action: str) -> HttpResponse:
    plan = _plan(request, plan_id)
    forbid_unless(allowed)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        if action == "propose":
            services.propose_plan(actor=request.user, plan_id=plan.pk)
            messages.success(request, _("The plan was proposed to the Council."))
        elif action == "approve":
            if not confirmed(request):
                return _ask_approve(request, plan)
            services.approve_plan(actor=request.user, plan_id=plan.pk)
            messages.success(request, _("The plan was approved."))
        elif action == "send_back":
            form = SendBackForm(request.POST)
            if not form.is_valid():
                form_errors_to_messages(request, form)
                return redirect("planning:plan_detail", plan_id=plan.pk)
            services.send_back_plan(actor=request.user, plan_id=plan.pk, reason=form.cleaned_data["reason"])
            messages.success(request, _("The plan was sent back to the planners."))
        else:
            new = services.new_version(actor=request.user, plan_id=plan.pk)
            messages.success(
                request, _("Version %(version)s was created as a draft.") % {"version": new.version}
            )
            return redirect("planning:plan_detail", plan_id=new.pk)
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("planning:plan_detail", plan_id=plan.pk)


@login_required
def plan_propose(request: AuthedRequest, plan_id: int) -> HttpResponse:
    return _transition(request, plan_id, is_drafter(scope_of(request.user)), "propose")


@login_required
def plan_approve(request: AuthedRequest, plan_id: int) -> HttpResponse:
    return _transition(request, plan_id, is_council_approver(scope_of(request.user)), "approve")


@login_required
def plan_send_back(request: AuthedRequest, plan_id: int) -> HttpResponse:
    return _transition(request, plan_id, is_council_approver(scope_of(request.user)), "send_back")


@login_required
def plan_new_version(request: AuthedRequest, plan_id: int) -> HttpResponse:
    return _transition(request, plan_id, is_drafter(scope_of(request.user)), "new_version")


@login_required
def plan_export(request: AuthedRequest, plan_id: int, fmt: str) -> HttpResponse:
    plan = _plan(request, plan_id)
    rows = selectors.export_rows(plan)
    name = f"country-plan-{plan.intake_year}-v{plan.version}"
    content, content_type = exports.table_bytes(fmt, f"{plan.intake_year} v{plan.version}", rows)
    services.record_export(actor=request.user, plan=plan, fmt=fmt, rows=len(rows) - 1)
    return exports.download(content, filename=f"{name}.{fmt}", content_type=content_type)
