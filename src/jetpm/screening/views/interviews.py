"""Pages of interviews: scheduling (one or in bulk), rescheduling, and the calendar file."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from jetpm.core.actions import perform, perform_form
from jetpm.core.http import AuthedRequest
from jetpm.core.scoping import scope_of
from jetpm.core.views import form_errors_to_messages, paginate
from jetpm.screening.forms.interviews import BulkSlotForm, SlotForm
from jetpm.screening.ics import interview_ics as build_ics
from jetpm.screening.permissions import can_decide
from jetpm.screening.selectors import interviews as selectors
from jetpm.screening.selectors import panels as panel_selectors
from jetpm.screening.selectors import review as review_selectors
from jetpm.screening.services import interviews as services
from jetpm.screening.views._common import post_only


def _slot(d: dict) -> services.Slot:  # type: ignore[type-arg]
    return services.Slot(
        starts_at=d["starts_at"], minutes=d["minutes"], mode=d["mode"], place=d["place"], message=d["message"]
    )


@login_required
def panel_interviews(request: AuthedRequest, panel_id: int) -> HttpResponse:
    # reading: the score sheet's readers; scheduling (POST): the mission's staff
    action = "decide" if request.method == "POST" else "read_sheet"
    panel = panel_selectors.access_panel_by_id(request.user, panel_id, action=action)
    decide = can_decide(scope_of(request.user), panel.mission_id)
    waiting = list(selectors.waiting_for_interview(request.user, panel)[:300])
    choices = [(a.pk, f"{a.reference} {a.display_name}") for a in waiting]
    form = BulkSlotForm(request.POST or None, applications=choices) if decide else None
    if request.method == "POST" and form is not None:
        if form.is_valid():
            d = form.cleaned_data
            if perform(
                request,
                lambda: services.schedule_bulk(
                    actor=request.user,
                    panel_id=panel.pk,
                    application_ids=d["applications"],
                    first=_slot(d),
                    gap_minutes=d["gap"],
                ),
                success=_("The interviews were scheduled and the applicants invited."),
            ).ok:
                return redirect("screening:panel_interviews", panel_id=panel.pk)
        else:
            form_errors_to_messages(request, form)
    return render(
        request,
        "screening/interviews.html",
        {
            "panel": panel,
            "page": paginate(request, selectors.interviews_for(request.user, panel)),
            "form": form if choices else None,
            "can_decide": decide,
        },
    )


@login_required
def schedule(request: AuthedRequest, application_id: int) -> HttpResponse:
    app = review_selectors.access_application_by_id(request.user, application_id, action="decide")
    if (refused := post_only(request)) is not None:
        return refused
    form = SlotForm(request.POST)
    if form.is_valid():
        perform(
            request,
            lambda: services.schedule(
                actor=request.user, application_id=app.pk, slot=_slot(form.cleaned_data)
            ),
            success=_("The interview was scheduled and the applicant invited."),
        )
    else:
        form_errors_to_messages(request, form)
    return redirect("screening:application", application_id=app.pk)


@login_required
def interview_edit(request: AuthedRequest, interview_id: int) -> HttpResponse:
    interview = selectors.access_interview_by_id(request.user, interview_id, action="decide")
    form = SlotForm(
        request.POST or None,
        initial={
            "starts_at": interview.starts_at,
            "minutes": interview.minutes,
            "mode": interview.mode,
            "place": interview.place,
            "message": interview.message,
        },
    )
    done = (
        request.method == "POST"
        and form.is_valid()
        and perform_form(
            request,
            form,
            lambda: services.reschedule(
                actor=request.user, interview_id=interview.pk, slot=_slot(form.cleaned_data)
            ),
            success=_("The interview was rescheduled and the applicant notified."),
        ).ok
    )
    if done:
        return redirect("screening:panel_interviews", panel_id=interview.panel_id)
    return render(
        request,
        "screening/interview_edit.html",
        {"interview": interview, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def interview_ics(request: AuthedRequest, interview_id: int) -> HttpResponse:
    """The calendar file: the applicant (their own interview) and the mission's staff and panel."""
    interview = selectors.access_interview_by_id(request.user, interview_id, action="calendar")
    response = HttpResponse(build_ics(interview, domain=request.get_host()), content_type="text/calendar")
    response["Content-Disposition"] = (
        f'attachment; filename="interview-{interview.application.reference}.ics"'
    )
    return response
