"""Pages of the country recruitment plan. Thin: parse, call one service or selector, render.

Writes are POST-only; the plan is looked up (404 outside the user's scope) before the method is checked, so
a foreign plan answers 404 whatever the method."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Sum
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from jetpm.core import actions, exports
from jetpm.core.calendar import fiscal_year_label
from jetpm.core.confirm import ask as render_confirmation
from jetpm.core.confirm import confirmed
from jetpm.core.http import AuthedRequest
from jetpm.core.scoping import scope_of
from jetpm.core.views import forbid_unless, form_errors_to_messages, paginate
from jetpm.planning.forms.plans import (
    WEIGHT_CHOICES,
    LineForm,
    NewPlanForm,
    ParametersForm,
    SendBackForm,
    posted_lines,
)
from jetpm.planning.models import CountryPlan, PlanLine
from jetpm.planning.permissions import can_read_plans, can_view_demand, is_drafter
from jetpm.planning.selectors import plans as selectors
from jetpm.planning.services import plans as services


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
    outcome = actions.perform(
        request,
        lambda: services.create_plan(actor=request.user, intake_year=form.cleaned_data["intake_year"]),
        success=_("A draft plan was created: set its parameters and compute a proposal."),
    )
    if outcome.value is None:
        return redirect("planning:plan_list")
    return redirect("planning:plan_detail", plan_id=outcome.value.pk)


def _render_detail(
    request: AuthedRequest, plan: CountryPlan, params_form: ParametersForm | None = None, status: int = 200
) -> HttpResponse:
    abilities = selectors.plan_abilities(request.user, plan)
    if abilities.editable and params_form is None:
        params_form = ParametersForm(instance=plan)
    return render(
        request,
        "planning/plans/plan_detail.html",
        {
            "plan": plan,
            "o": selectors.plan_overview(request.user, plan),
            "params_form": params_form if abilities.editable else None,
            "editable": abilities.editable,
            "can_propose": abilities.can_propose,
            "can_decide": abilities.can_decide,
            "can_new_version": abilities.can_new_version,
            "national": can_view_demand(scope_of(request.user)),
            "send_back_form": SendBackForm(),
            "weight_label": dict(WEIGHT_CHOICES).get(plan.weight_source, plan.weight_source),
        },
        status=status,
    )


@login_required
def plan_detail(request: AuthedRequest, plan_id: int) -> HttpResponse:
    return _render_detail(request, selectors.access_plan_by_id(request.user, plan_id))


@login_required
def plan_parameters(request: AuthedRequest, plan_id: int) -> HttpResponse:
    plan = selectors.access_plan_by_id(request.user, plan_id, action="edit")
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    refusal = selectors.draft_refusal(plan)
    if refusal:  # a page left open while the plan moved on: say why, not a form the page no longer shows
        messages.error(request, refusal)
        return redirect("planning:plan_detail", plan_id=plan.pk)
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
        if "compute" in request.POST:  # save and compute at once: both or neither
            computed = actions.perform_form(
                request,
                form,
                lambda: services.update_and_compute(actor=request.user, plan_id=plan.pk, **params),
            )
            if computed.ok and computed.value is not None:
                _computed(request, computed.value)
                return redirect("planning:plan_detail", plan_id=plan.pk)
        elif actions.perform_form(
            request,
            form,
            lambda: services.update_parameters(actor=request.user, plan_id=plan.pk, **params),
            success=_("The parameters were saved."),
        ).ok:
            return redirect("planning:plan_detail", plan_id=plan.pk)
    plan.refresh_from_db()
    return _render_detail(request, plan, params_form=form, status=400)


@login_required
def plan_compute(request: AuthedRequest, plan_id: int) -> HttpResponse:
    plan = selectors.access_plan_by_id(request.user, plan_id, action="edit")
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    outcome = actions.perform(request, lambda: services.compute_proposal(actor=request.user, plan_id=plan.pk))
    if outcome.value is not None:
        _computed(request, outcome.value)
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


def _saved(request: AuthedRequest, saved: list[PlanLine | None]) -> None:
    for line in saved:
        if line is None:
            messages.success(request, _("The line was removed."))
        else:
            messages.success(
                request,
                _("%(country)s %(job)s %(language)s: %(seats)s new participants saved.")
                % {
                    "country": line.country.code,
                    "job": line.job_type,
                    "language": line.language.code,
                    "seats": line.seats,
                },
            )


@login_required
def plan_lines(request: AuthedRequest, plan_id: int) -> HttpResponse:
    """The lines of a draft, each editable (seats and reason) in one form, and a form to add a line."""
    plan = selectors.access_plan_by_id(request.user, plan_id, action="edit")
    if request.method == "GET":
        return _render_lines(request, plan, selectors.lines_editor(request.user, plan), LineForm())
    if request.method != "POST":
        return HttpResponseNotAllowed(["GET", "POST"])
    if "save_lines" in request.POST:  # the editor's one Save: every line at once, or none
        values = posted_lines(request.POST, selectors.line_ids(plan))
        outcome = actions.perform(
            request, lambda: services.save_lines(actor=request.user, plan_id=plan.pk, values=values)
        )
        if isinstance(outcome.error, services.LinesRefused):
            refused = outcome.error.by_line
            typed = {
                pk: selectors.Typed(
                    request.POST.get(f"seats-{pk}", ""),
                    request.POST.get(f"reason-{pk}", ""),
                    refused.get(pk, ""),
                )
                for pk in values
            }
            editor = selectors.lines_editor(request.user, plan, typed=typed)
            return _render_lines(request, plan, editor, LineForm(), status=400)
        if outcome.ok:
            _saved(request, outcome.value or [])
            if not outcome.value:
                messages.info(request, _("No line was changed."))
        return redirect("planning:plan_lines", plan_id=plan.pk)
    posted = LineForm(request.POST)  # one line added (or changed) by country, job type and language
    if posted.is_valid():
        d = posted.cleaned_data
        added = actions.perform_form(
            request,
            posted,
            lambda: services.save_line(
                actor=request.user,
                plan_id=plan.pk,
                country_code=d["country"].code,
                job_type=d["job_type"],
                language_code=d["language"].code,
                seats=d["seats"],
                reason=d.get("reason") or "",
            ),
        )
        if added.ok:
            _saved(request, [added.value])
            return redirect("planning:plan_lines", plan_id=plan.pk)
    else:
        form_errors_to_messages(request, posted)
    key = (
        request.POST.get("country", ""),
        request.POST.get("job_type", ""),
        request.POST.get("language", ""),
    )
    error = "; ".join(str(e) for errs in posted.errors.values() for e in errs)
    typed_at = {key: selectors.Typed(request.POST.get("seats", ""), request.POST.get("reason", ""), error)}
    editor = selectors.lines_editor(request.user, plan, typed_at=typed_at)
    add_form = LineForm() if key in editor.keys else posted
    return _render_lines(request, plan, editor, add_form, status=400)


def _render_lines(
    request: AuthedRequest,
    plan: CountryPlan,
    editor: selectors.LinesEditor,
    add_form: LineForm,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "planning/plans/plan_lines.html",
        {
            "plan": plan,
            "o": editor.overview,
            "groups": editor.groups,
            "add_form": add_form,
            "editable": editor.editable,
        },
        status=status,
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


def _transition(request: AuthedRequest, plan_id: int, action: str) -> HttpResponse:
    plan = selectors.access_plan_by_id(request.user, plan_id, action=action)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if action == "propose":
        actions.perform(
            request,
            lambda: services.propose_plan(actor=request.user, plan_id=plan.pk),
            success=_("The plan was proposed to the Council."),
        )
    elif action == "approve":
        if not confirmed(request):
            return _ask_approve(request, plan)
        actions.perform(
            request,
            lambda: services.approve_plan(actor=request.user, plan_id=plan.pk),
            success=_("The plan was approved."),
        )
    elif action == "send_back":
        form = SendBackForm(request.POST)
        if not form.is_valid():
            form_errors_to_messages(request, form)
        else:
            actions.perform(
                request,
                lambda: services.send_back_plan(
                    actor=request.user, plan_id=plan.pk, reason=form.cleaned_data["reason"]
                ),
                success=_("The plan was sent back to the planners."),
            )
    else:
        new = actions.perform(request, lambda: services.new_version(actor=request.user, plan_id=plan.pk))
        if new.value is not None:
            messages.success(
                request, _("Version %(version)s was created as a draft.") % {"version": new.value.version}
            )
            return redirect("planning:plan_detail", plan_id=new.value.pk)
    return redirect("planning:plan_detail", plan_id=plan.pk)


@login_required
def plan_propose(request: AuthedRequest, plan_id: int) -> HttpResponse:
    return _transition(request, plan_id, "propose")


@login_required
def plan_approve(request: AuthedRequest, plan_id: int) -> HttpResponse:
    return _transition(request, plan_id, "approve")


@login_required
def plan_send_back(request: AuthedRequest, plan_id: int) -> HttpResponse:
    return _transition(request, plan_id, "send_back")


@login_required
def plan_new_version(request: AuthedRequest, plan_id: int) -> HttpResponse:
    return _transition(request, plan_id, "new_version")


@login_required
def plan_export(request: AuthedRequest, plan_id: int, fmt: str) -> HttpResponse:
    plan = selectors.access_plan_by_id(request.user, plan_id)
    rows = selectors.export_rows(plan)
    name = f"country-plan-{plan.intake_year}-v{plan.version}"
    content, content_type = exports.table_bytes(fmt, f"{plan.intake_year} v{plan.version}", rows)
    services.record_export(actor=request.user, plan=plan, fmt=fmt, rows=len(rows) - 1)
    return exports.download(content, filename=f"{name}.{fmt}", content_type=content_type)
