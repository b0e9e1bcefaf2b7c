"""Pages of appointments: participants and their terms (the reappointment round: reappointment/views.py)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jetpm.appointments import selectors, services
from jetpm.appointments.forms import EndTermForm, ParticipantFilterForm
from jetpm.appointments.permissions import (
    can_view_participants,
)
from jetpm.appointments.reappointment.forms import IntentionForm
from jetpm.appointments.reappointment.selectors import is_final
from jetpm.appointments.reappointment.views import post_and_back
from jetpm.appointments.states import TermStatus
from jetpm.appointments.workflows import TERM_ACTIONS
from jetpm.core.http import AuthedRequest
from jetpm.core.scoping import scope_of
from jetpm.core.views import forbid_unless, paginate


@login_required
def participant_list(request: AuthedRequest) -> HttpResponse:
    forbid_unless(can_view_participants(scope_of(request.user)))
    form = ParticipantFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    country = filters.get("country")
    qs = selectors.participant_list(
        request.user,
        fiscal_year=filters.get("fiscal_year"),
        job_type=filters.get("job_type", ""),
        country=country.code if country else "",
        status=filters.get("status", ""),
    )
    return render(
        request, "appointments/participant_list.html", {"form": form, "page": paginate(request, qs)}
    )


@login_required
def participant_detail(request: AuthedRequest, participant_id: int) -> HttpResponse:
    participant = selectors.access_participant_by_id(request.user, participant_id)
    terms = list(selectors.participant_terms(request.user, participant))
    salaries = selectors.salaries(request.user, terms)
    for t in terms:
        t.salary = salaries.get(t.pk)  # type: ignore[attr-defined]
        t.decided = is_final(getattr(t, "reappointment", None))  # type: ignore[attr-defined]
    scope = scope_of(request.user)
    current = next((t for t in reversed(terms) if t.status == TermStatus.SERVING), None)
    decision = getattr(current, "reappointment", None) if current is not None else None
    can_intend = (
        current is not None
        and not is_final(decision)
        and TERM_ACTIONS.allows(request.user, current, "intention")
    )
    can_end = current is not None and bool(TERM_ACTIONS.permission("end")(scope, current))
    return render(
        request,
        "appointments/participant_detail.html",
        {
            "end_form": EndTermForm(initial={"term": current.pk})
            if can_end and current is not None
            else None,
            "participant": participant,
            "terms": terms,
            "current": current,
            "decision": decision,
            "intention_form": IntentionForm(
                initial={"term": current.pk, "intention": decision.intention if decision else ""}
            )
            if can_intend and current is not None
            else None,
        },
    )


@login_required
@require_POST
def term_end(request: AuthedRequest) -> HttpResponse:
    def run(data: dict[str, Any]) -> str:
        services.end_term(
            actor=request.user,
            term_id=data["term"],
            status=data["status"],
            ended_on=data["ended_on"],
            reason=data["reason"],
        )
        return _("The end of the term was recorded.")

    return post_and_back(request, EndTermForm(request.POST), run)
