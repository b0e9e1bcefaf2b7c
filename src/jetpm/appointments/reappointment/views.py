"""Pages of the reappointment round (再任用): the organisations' list, the national progress, the intention,
the assessment and the final decision."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jetpm.appointments import selectors as appointment_selectors
from jetpm.appointments.permissions import (
    can_manage_reappointment,
    can_see_reappointment_progress,
)
from jetpm.appointments.reappointment import selectors, services
from jetpm.appointments.reappointment.forms import AssessmentForm, DecideForm, IntentionForm, RoundForm
from jetpm.appointments.states import Assessment, Intention
from jetpm.core import actions
from jetpm.core.calendar import fiscal_year_label, fiscal_year_of
from jetpm.core.confirm import ask, confirmed
from jetpm.core.http import AuthedRequest
from jetpm.core.scoping import scope_of
from jetpm.core.views import forbid_unless, form_errors_to_messages, paginate_ids


def _round_year(request: AuthedRequest) -> int:
    form = RoundForm(request.GET or None)
    if form.is_valid() and form.cleaned_data.get("fiscal_year"):
        return int(form.cleaned_data["fiscal_year"])
    return fiscal_year_of(timezone.localdate())


def _back(request: AuthedRequest) -> HttpResponse:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("appointments:reappointment_list")


@login_required
def reappointment_list(request: AuthedRequest) -> HttpResponse:
    forbid_unless(can_manage_reappointment(scope_of(request.user)))
    fiscal_year = _round_year(request)
    page = paginate_ids(request, selectors.reappointment_terms(request.user, fiscal_year=fiscal_year))
    for t in page:
        t.decided = selectors.is_final(getattr(t, "reappointment", None))  # type: ignore[attr-defined]
    return render(
        request,
        "appointments/reappointment_list.html",
        {
            "fiscal_year": fiscal_year,
            "round_form": RoundForm(initial={"fiscal_year": fiscal_year}),
            "rules": services.round_rules(fiscal_year),
            "page": page,
            "intentions": Intention.choices,
            "assessments": Assessment.choices,
        },
    )


@login_required
def reappointment_progress(request: AuthedRequest) -> HttpResponse:
    forbid_unless(can_see_reappointment_progress(scope_of(request.user)))
    fiscal_year = _round_year(request)
    rows = selectors.reappointment_progress(request.user, fiscal_year=fiscal_year)
    totals = {
        k: sum(r[k] for r in rows) for k in ("total", "decided", "pending", "reappointed", "not_reappointed")
    }
    return render(
        request,
        "appointments/reappointment_progress.html",
        {
            "fiscal_year": fiscal_year,
            "round_form": RoundForm(initial={"fiscal_year": fiscal_year}),
            "rules": services.round_rules(fiscal_year),
            "rows": rows,
            "totals": totals,
        },
    )


def post_and_back(
    request: AuthedRequest, form: forms.Form, run: Callable[[dict[str, Any]], str]
) -> HttpResponse:
    """A POST action: validate the form, run one service, say what happened, go back to the list."""
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return _back(request)
    done = actions.perform(request, lambda: run(form.cleaned_data))
    if done.ok:
        messages.success(request, str(done.value))
    return _back(request)


@login_required
@require_POST
def reappointment_intention(request: AuthedRequest) -> HttpResponse:
    def run(data: dict[str, Any]) -> str:
        services.record_intention(actor=request.user, term_id=data["term"], intention=data["intention"])
        return _("The intention was recorded.")

    return post_and_back(request, IntentionForm(request.POST), run)


@login_required
@require_POST
def reappointment_assess(request: AuthedRequest) -> HttpResponse:
    def run(data: dict[str, Any]) -> str:
        services.record_assessment(
            actor=request.user, term_id=data["term"], assessment=data["assessment"], reason=data["reason"]
        )
        return _("The assessment was recorded.")

    return post_and_back(request, AssessmentForm(request.POST), run)


def _ask_decide(request: AuthedRequest, term_id: int) -> HttpResponse | None:
    """The confirmation page of a reappointment decision: what it does to whom (None when there is nothing
    to confirm yet: the service then says what is missing)."""
    # never allowed to decide → 404; allowed, but not available now → the service says why, without asking
    term = appointment_selectors.access_term_by_id(request.user, term_id, action="decide")
    decision = getattr(term, "reappointment", None)
    if decision is None or "decide" not in selectors.steps(request.user, decision):
        return None
    # a decision the rules refuse is refused at once, without asking
    reappointed = services.decidable(term, decision, timezone.localdate())
    if reappointed is None:
        return None
    values = {
        "person": str(term.participant.person),
        "id": term.participant.jet_id,
        "org": str(term.contracting_org),
        "next": fiscal_year_label(term.fiscal_year + 1),
        "n": term.year_on_programme + 1,
        "intention": decision.get_intention_display(),
        "assessment": decision.get_assessment_display() or "—",
    }
    outcome = (
        _(
            "%(person)s (%(id)s) is reappointed: a term of %(next)s (year %(n)s on the programme) is created "
            "at %(org)s."
        )
        if reappointed
        else _("%(person)s (%(id)s) is NOT reappointed: their appointment at %(org)s ends with this term.")
    ) % values
    return ask(
        request,
        title=_("Decide the reappointment of %(person)s") % values,
        consequences=[
            outcome,
            _("Recorded intention: %(intention)s; assessment: %(assessment)s.") % values,
            _("The decision is final: it cannot be changed afterwards."),
        ],
        confirm_label=_("Decide (final)"),
        cancel_url=_back(request)["Location"],
    )


@login_required
@require_POST
def reappointment_decide(request: AuthedRequest) -> HttpResponse:
    form = DecideForm(request.POST)
    if form.is_valid() and not confirmed(request):
        page = _ask_decide(request, form.cleaned_data["term"])
        if page is not None:
            return page

    def run(data: dict[str, Any]) -> str:
        decision = services.decide(actor=request.user, term_id=data["term"])
        if decision.reappointed:
            return _("Reappointed: next year's term was created.")
        return _("Decided: not reappointed.")

    return post_and_back(request, form, run)
