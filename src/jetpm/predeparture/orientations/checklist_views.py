"""Pages of the candidates' checklists: what is still due, per mission (paginated), and the visa paperwork
as the contracting organisation or CLAIR reports it."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from jetpm.core import actions
from jetpm.core.http import AuthedRequest
from jetpm.core.scoping import scope_of
from jetpm.core.views import forbid_unless, paginate
from jetpm.predeparture.orientations import selectors, services
from jetpm.predeparture.orientations.forms import ChecklistFilterForm, VisaForm
from jetpm.predeparture.orientations.permissions import can_manage_orientations, can_see_checklists
from jetpm.predeparture.orientations.views import current_intake_year, years


@login_required
def checklist_list(request: AuthedRequest) -> HttpResponse:
    scope = scope_of(request.user)
    forbid_unless(can_see_checklists(scope))
    form = ChecklistFilterForm(request.GET or None, years=years(), initial={"year": current_intake_year()})
    filters = form.cleaned_data if form.is_valid() else {}
    year = filters.get("year") or current_intake_year()
    missing_only = bool(filters.get("missing"))
    page = paginate(
        request, selectors.checklists_for(request.user, intake_year=year, missing_only=missing_only)
    )
    rows = [
        {
            "checklist": c,
            "missing": selectors.missing_of(c),
            "steps": selectors.visa_steps(request.user, c),
        }
        for c in page
    ]
    own = sorted(m for m in scope.mission_ids if can_manage_orientations(scope, m))
    to_open = {m: selectors.without_checklist(request.user, m, year) for m in own}
    return render(
        request,
        "predeparture/orientations/checklist_list.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "year": year,
            "missing_only": missing_only,
            "to_open": [(m, n) for m, n in to_open.items() if n],
            "visa_form": VisaForm(),
        },
    )


@login_required
def checklist_open(request: AuthedRequest) -> HttpResponse:
    scope = scope_of(request.user)
    forbid_unless(any(can_manage_orientations(scope, m) for m in scope.mission_ids) or scope.is_superuser)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    mission = request.POST.get("mission", "")
    year = request.POST.get("year", "")
    opened = actions.perform(
        request,
        lambda: services.open_checklists(
            actor=request.user,
            mission_id=int(mission) if mission.isdigit() else 0,
            intake_year=int(year) if year.isdigit() else 0,
        ),
    )
    if opened.ok:
        from django.contrib import messages

        messages.success(request, _("%(count)s checklists were opened.") % {"count": opened.value})
    return redirect(f"{reverse('predeparture:checklist_list')}?year={year}")


@login_required
def checklist_visa(request: AuthedRequest, checklist_id: int) -> HttpResponse:
    checklist = selectors.access_checklist(request.user, checklist_id, action="report")
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = VisaForm(request.POST)
    form.is_valid()
    actions.perform(
        request,
        lambda: services.report_visa(
            actor=request.user,
            checklist_id=checklist.pk,
            step=form.cleaned_data.get("step", "") or "",
            note=form.cleaned_data.get("note", "") or "",
        ),
        success=_("The visa paperwork was reported."),
    )
    return redirect(f"{reverse('predeparture:checklist_list')}?year={checklist.application.intake_year}")
