"""Pages of the support desk. Thin: parse, call one selector or service, render."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jetpm.core import actions, confirm, exports
from jetpm.core.calendar import fiscal_year_of
from jetpm.core.http import AuthedRequest
from jetpm.core.scoping import scope_of
from jetpm.core.views import forbid_unless, form_errors_to_messages, paginate
from jetpm.support import selectors, services
from jetpm.support.forms import (
    AssignForm,
    CaseFilterForm,
    ConsultationFilterForm,
    ConsultationForm,
    FaqForm,
    MessageForm,
    QuestionForm,
    YearForm,
)
from jetpm.support.permissions import (
    can_ask,
    can_export_consultations,
    can_open_consultation,
    can_see_consultation_figures,
    can_see_consultations,
    can_see_desk,
    can_see_desk_figures,
    has_own_questions_page,
)
from jetpm.support.states import CaseKind


def _case_url(case_id: int) -> str:
    return reverse("support:case", kwargs={"case_id": case_id})


def _filters(form: CaseFilterForm) -> dict[str, str]:
    data = form.cleaned_data if form.is_valid() else {}
    return {"status": data.get("status", ""), "category": data.get("category", ""), "text": data.get("q", "")}


@login_required
@require_GET
def desk(request: AuthedRequest) -> HttpResponse:
    """The missions' Q&A desk: their candidates' questions."""
    forbid_unless(can_see_desk(scope_of(request.user)))
    form = CaseFilterForm(request.GET or None)
    f = _filters(form)
    qs = selectors.questions_for(request.user, status=f["status"], category=f["category"], text=f["text"])
    return render(request, "support/desk.html", {"form": form, "page": paginate(request, qs)})


@login_required
@require_GET
def desk_export(request: AuthedRequest) -> HttpResponse:
    forbid_unless(can_see_desk(scope_of(request.user)))
    form = CaseFilterForm(request.GET or None)
    done = actions.perform(
        request, lambda: services.export_cases(actor=request.user, face="questions", **_filters(form))
    )
    if done.value is None:
        return redirect("support:desk")
    return exports.download(done.value, filename="questions.csv", content_type=exports.CSV_CONTENT_TYPE)


@login_required
@require_http_methods(["GET", "POST"])
def ask(request: AuthedRequest) -> HttpResponse:
    """A person's questions to their mission (as a candidate, read later as a participant too), the form to
    ask one (a candidate only), and the mission's FAQ."""
    scope = scope_of(request.user)
    forbid_unless(has_own_questions_page(scope))
    asking = can_ask(scope)
    forbid_unless(asking or request.method != "POST")
    form = QuestionForm(request.POST or None) if asking else None
    if request.method == "POST" and form is not None and form.is_valid():
        done = actions.perform_form(
            request,
            form,
            lambda: services.ask_question(actor=request.user, **form.cleaned_data),
            success=_("Your question was sent to your mission."),
        )
        if done.value is not None:
            return redirect(_case_url(done.value.pk))
    return render(
        request,
        "support/ask.html",
        {
            "form": form,
            "desk": selectors.for_person(request.user),
            "questions": list(selectors.own_cases(request.user, kind=CaseKind.QUESTION)[:100]),
            "can_consult": can_open_consultation(scope),
            "faq": list(selectors.faq_for(request.user)[:200]),
        },
    )


@login_required
@require_GET
def faq(request: AuthedRequest) -> HttpResponse:
    """The missions' FAQ (a mission's staff: their mission's, with a way to withdraw an entry)."""
    scope = scope_of(request.user)
    forbid_unless(can_see_desk(scope) or can_ask(scope))
    form = CaseFilterForm(request.GET or None)
    category = form.cleaned_data.get("category", "") if form.is_valid() else ""
    qs = selectors.faq_for(request.user, category=category)
    return render(
        request,
        "support/faq.html",
        {"form": form, "page": paginate(request, qs), "staff": can_see_desk(scope)},
    )


@login_required
@require_POST
def faq_withdraw(request: AuthedRequest, faq_id: int) -> HttpResponse:
    entry = selectors.access_faq_by_id(request.user, faq_id, action="withdraw")
    actions.perform(
        request,
        lambda: services.withdraw_faq(actor=request.user, faq_id=entry.pk),
        success=_("The entry was taken off the FAQ."),
    )
    return redirect("support:faq")


@login_required
@require_GET
def case(request: AuthedRequest, case_id: int) -> HttpResponse:
    found = selectors.access_case_by_id(request.user, case_id)
    page = selectors.case_page(request.user, found)
    return render(
        request,
        "support/case.html",
        {
            "p": page,
            "case": found,
            "message_form": MessageForm(),
            "assign_form": AssignForm(users=services.assignable(found)) if page.handles else None,
            "faq_form": FaqForm(initial={"category": found.category}) if page.can_publish else None,
        },
    )


def _message_step(request: AuthedRequest, case_id: int, step: str) -> HttpResponse:
    found = selectors.access_case_by_id(request.user, case_id, action=step)
    form = MessageForm(request.POST)
    service = services.answer_case if step == "answer" else services.follow_up_case
    if form.is_valid():
        actions.perform(
            request,
            lambda: service(actor=request.user, case_id=found.pk, body=form.cleaned_data["body"]),
            success=_("The answer was sent.") if step == "answer" else _("Your message was sent."),
        )
    return redirect(_case_url(found.pk))


@login_required
@require_POST
def case_answer(request: AuthedRequest, case_id: int) -> HttpResponse:
    return _message_step(request, case_id, "answer")


@login_required
@require_POST
def case_follow_up(request: AuthedRequest, case_id: int) -> HttpResponse:
    return _message_step(request, case_id, "follow_up")


@login_required
@require_POST
def case_close(request: AuthedRequest, case_id: int) -> HttpResponse:
    found = selectors.access_case_by_id(request.user, case_id, action="close")
    if not confirm.confirmed(request):
        return confirm.ask(
            request,
            title=_("Close %(case)s") % {"case": found},
            consequences=selectors.close_consequences(request.user, found),
            confirm_label=_("Close the case"),
            cancel_url=_case_url(found.pk),
        )
    actions.perform(
        request,
        lambda: services.close_case(actor=request.user, case_id=found.pk),
        success=_("The case was closed."),
    )
    return redirect(_case_url(found.pk))


@login_required
@require_POST
def case_assign(request: AuthedRequest, case_id: int) -> HttpResponse:
    found = selectors.access_case_by_id(request.user, case_id, action="assign")
    form = AssignForm(request.POST, users=services.assignable(found))
    if not form.is_valid():
        form_errors_to_messages(request, form)
    else:
        actions.perform(
            request,
            lambda: services.assign_case(
                actor=request.user, case_id=found.pk, assignee_id=form.cleaned_data["assignee"] or 0
            ),
            success=_("The case was assigned."),
        )
    return redirect(_case_url(found.pk))


@login_required
@require_POST
def case_publish(request: AuthedRequest, case_id: int) -> HttpResponse:
    found = selectors.access_case_by_id(request.user, case_id, action="publish")
    form = FaqForm(request.POST)
    if form.is_valid():
        actions.perform(
            request,
            lambda: services.publish_faq(actor=request.user, case_id=found.pk, **form.cleaned_data),
            success=_("The question and its answer were published to the mission's FAQ."),
        )
    return redirect(_case_url(found.pk))


@login_required
@require_GET
def consultations(request: AuthedRequest) -> HttpResponse:
    scope = scope_of(request.user)
    forbid_unless(can_see_consultations(scope))
    form = ConsultationFilterForm(request.GET or None)
    kind = form.cleaned_data.get("kind", "") if form.is_valid() else ""
    qs = selectors.consultations_for(request.user, kind=kind, **_filters(form))
    return render(
        request,
        "support/consultations.html",
        {
            "form": form,
            "page": paginate(request, qs),
            "can_open": can_open_consultation(scope),
            "can_export": can_export_consultations(scope),
            "own_questions": selectors.has_own_questions(request.user),
        },
    )


@login_required
@require_GET
def consultations_export(request: AuthedRequest) -> HttpResponse:
    forbid_unless(can_export_consultations(scope_of(request.user)))
    form = ConsultationFilterForm(request.GET or None)
    done = actions.perform(
        request, lambda: services.export_cases(actor=request.user, face="consultations", **_filters(form))
    )
    if done.value is None:
        return redirect("support:consultations")
    return exports.download(done.value, filename="consultations.csv", content_type=exports.CSV_CONTENT_TYPE)


@login_required
@require_http_methods(["GET", "POST"])
def consultation_new(request: AuthedRequest) -> HttpResponse:
    scope = scope_of(request.user)
    forbid_unless(can_open_consultation(scope))
    participant = scope.person_id is not None and not scope.co_ids
    form = ConsultationForm(request.POST or None, counselling=participant)
    if request.method == "POST" and form.is_valid():
        organisation_id = None if participant else sorted(scope.co_ids)[0]
        done = actions.perform_form(
            request,
            form,
            lambda: services.open_consultation(
                actor=request.user, organisation_id=organisation_id, **form.cleaned_data
            ),
            success=_("Your consultation was sent to CLAIR."),
        )
        if done.value is not None:
            return redirect(_case_url(done.value.pk))
    return render(request, "support/consultation_new.html", {"form": form})


def _years() -> list[int]:
    now = fiscal_year_of(timezone.localdate())
    return list(range(now + 1, now - 5, -1))


@login_required
@require_GET
def figures(request: AuthedRequest) -> HttpResponse:
    """Response times of the desk per mission, and HQ's anonymised consultation figures by category."""
    scope = scope_of(request.user)
    desk_ok, hq_ok = can_see_desk_figures(scope), can_see_consultation_figures(scope)
    forbid_unless(desk_ok or hq_ok)
    form = YearForm(request.GET or None, years=_years())
    year = (form.cleaned_data.get("year") if form.is_valid() else None) or fiscal_year_of(
        timezone.localdate()
    )
    return render(
        request,
        "support/figures.html",
        {
            "form": form,
            "year": year,
            "response": selectors.desk_response_times(request.user, fiscal_year=year) if desk_ok else None,
            "months": selectors.consultation_figures(fiscal_year=year) if hq_ok else None,
            "totals": selectors.consultation_totals(fiscal_year=year) if hq_ok else None,
        },
    )
