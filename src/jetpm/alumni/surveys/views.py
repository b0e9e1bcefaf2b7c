"""Pages of the alumni surveys. Thin: parse, call one selector or service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from jetpm.alumni.outreach_permissions import can_define_surveys, can_see_surveys
from jetpm.alumni.surveys import selectors, services
from jetpm.alumni.surveys.defaults import SurveyPurpose
from jetpm.alumni.surveys.forms import NewSurveyForm, RegionForm, RemindForm, SendForm
from jetpm.core import actions, confirm, exports, workflow
from jetpm.core.calendar import fiscal_year_of
from jetpm.core.http import AuthedRequest
from jetpm.core.scoping import scope_of
from jetpm.core.views import forbid_unless, form_errors_to_messages, paginate
from jetpm.questionnaires import selectors as engine
from jetpm.questionnaires import services as engine_services
from jetpm.questionnaires.answers import AnswerForm
from jetpm.questionnaires.states import QuestionnaireStatus, ResponseStatus
from jetpm.questionnaires.workflows import QUESTIONNAIRES, RESPONSE_ACTIONS


def _years() -> list[int]:
    now = fiscal_year_of(timezone.localdate())
    return list(range(now + 1, now - 3, -1))


@login_required
def index(request: AuthedRequest) -> HttpResponse:
    scope = scope_of(request.user)
    forbid_unless(can_see_surveys(scope))
    managing = scope.is_superuser or scope.national or bool(scope.mission_ids)
    return render(
        request,
        "alumni/surveys/index.html",
        {
            "surveys": selectors.surveys_for(request.user) if managing else [],
            "managing": managing,
            "mine": selectors.my_surveys(request.user)[:50],
            "can_define": can_define_surveys(scope),
            "form": NewSurveyForm(years=_years()) if can_define_surveys(scope) else None,
        },
    )


@login_required
@require_POST
def create(request: AuthedRequest) -> HttpResponse:
    forbid_unless(can_define_surveys(scope_of(request.user)))
    form = NewSurveyForm(request.POST, years=_years())
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return redirect("alumni:surveys:index")
    made = actions.perform(
        request,
        lambda: services.define_survey(
            actor=request.user,
            purpose=form.cleaned_data["purpose"],
            fiscal_year=form.cleaned_data["fiscal_year"],
        ),
        success=_("The survey was prepared with its default questions."),
    )
    if made.value is None:
        return redirect("alumni:surveys:index")
    return redirect("alumni:surveys:detail", questionnaire_id=made.value.pk)


@login_required
def detail(request: AuthedRequest, questionnaire_id: int) -> HttpResponse:
    user = request.user
    q = selectors.access_survey(user, questionnaire_id)
    scope = scope_of(user)
    forbid_unless(scope.is_superuser or scope.national or bool(scope.mission_ids))
    region_form = RegionForm(request.GET or None, regions=selectors.regions())
    region = region_form.cleaned_data.get("region") if region_form.is_valid() else None
    responses = selectors.responses(user, q, region_id=region.pk if region else None)
    missions = selectors.sending_missions(user)
    steps = {t.name: t for t in workflow.available(QUESTIONNAIRES, user, q)}
    return render(
        request,
        "alumni/surveys/detail.html",
        {
            "q": q,
            "questions": engine.questions_of(q),
            "steps": steps,
            "totals": engine.totals(responses),
            "by_mission": selectors.progress_by_mission(user, q),
            "by_region": selectors.progress_by_region(user, q),
            "results": engine.results(q, responses),
            "region_form": region_form,
            "region": region,
            "page": paginate(request, responses),
            "send_form": SendForm(missions=missions)
            if missions.exists() and q.status == QuestionnaireStatus.OPEN
            else None,
            "remind_form": RemindForm(missions=missions)
            if missions.exists() and q.status == QuestionnaireStatus.OPEN
            else None,
        },
    )


def _step(request: AuthedRequest, questionnaire_id: int, name: str) -> HttpResponse:
    q = selectors.access_survey(request.user, questionnaire_id, action=name)
    if not confirm.confirmed(request):
        consequence = (
            _(
                "The missions are instructed to send “%(title)s” to their chapters or alumni; its questions "
                "can no longer change."
            )
            if name == "open"
            else _("“%(title)s” is closed: nobody can answer or submit it any more.")
        )
        return confirm.ask(
            request,
            title=str(QUESTIONNAIRES.get(name).label),
            consequences=[consequence % {"title": q.title}],
            confirm_label=str(QUESTIONNAIRES.get(name).label),
            cancel_url=reverse("alumni:surveys:detail", kwargs={"questionnaire_id": q.pk}),
        )
    service = engine_services.open_questionnaire if name == "open" else engine_services.close_questionnaire
    actions.perform(
        request,
        lambda: service(actor=request.user, questionnaire_id=q.pk),
        success=_("The missions were instructed.") if name == "open" else _("The survey was closed."),
    )
    return redirect("alumni:surveys:detail", questionnaire_id=q.pk)


@login_required
@require_POST
def open_survey(request: AuthedRequest, questionnaire_id: int) -> HttpResponse:
    return _step(request, questionnaire_id, "open")


@login_required
@require_POST
def close_survey(request: AuthedRequest, questionnaire_id: int) -> HttpResponse:
    return _step(request, questionnaire_id, "close")


@login_required
@require_POST
def send(request: AuthedRequest, questionnaire_id: int) -> HttpResponse:
    q = selectors.access_survey(request.user, questionnaire_id)
    missions = selectors.sending_missions(request.user)
    forbid_unless(missions.exists())
    form = SendForm(request.POST, missions=missions)
    if not form.is_valid():
        form_errors_to_messages(request, form)
    elif not confirm.confirmed(request):
        values = {
            "survey": q.title,
            "mission": form.cleaned_data["mission"],
            "day": date_format(form.cleaned_data["due_on"], "DATE_FORMAT"),
        }
        return confirm.ask(
            request,
            title=_("Send the survey"),
            consequences=[
                (
                    _(
                        "“%(survey)s” goes by e-mail to every chapter of %(mission)s, each with its own page "
                        "to answer on by %(day)s."
                    )
                    if q.purpose == SurveyPurpose.MEMBERSHIP
                    else _(
                        "“%(survey)s” goes by e-mail to the alumni in the countries of %(mission)s, each "
                        "with their own page to answer on by %(day)s."
                    )
                )
                % values,
                _("The e-mails cannot be called back; those already sent it are not sent it again."),
            ],
            confirm_label=_("Send"),
            cancel_url=reverse("alumni:surveys:detail", kwargs={"questionnaire_id": q.pk}),
        )
    else:
        done = actions.perform(
            request,
            lambda: services.send_survey(
                actor=request.user,
                questionnaire_id=q.pk,
                mission_id=form.cleaned_data["mission"].pk,
                due_on=form.cleaned_data["due_on"],
            ),
        )
        if done.ok:
            messages.success(
                request, _("The survey was sent to %(count)s respondents.") % {"count": done.value}
            )
    return redirect("alumni:surveys:detail", questionnaire_id=q.pk)


@login_required
@require_POST
def remind(request: AuthedRequest, questionnaire_id: int) -> HttpResponse:
    q = selectors.access_survey(request.user, questionnaire_id)
    missions = selectors.sending_missions(request.user)
    forbid_unless(missions.exists())
    form = RemindForm(request.POST, missions=missions)
    if not form.is_valid():
        form_errors_to_messages(request, form)
    else:
        done = actions.perform(
            request,
            lambda: services.remind_mission(
                actor=request.user, questionnaire_id=q.pk, mission_id=form.cleaned_data["mission"].pk
            ),
        )
        if done.ok:
            messages.success(request, _("%(count)s respondents were reminded.") % {"count": done.value})
    return redirect("alumni:surveys:detail", questionnaire_id=q.pk)


@login_required
def export(request: AuthedRequest, questionnaire_id: int) -> HttpResponse:
    user = request.user
    q = selectors.access_survey(user, questionnaire_id)
    scope = scope_of(user)
    forbid_unless(scope.is_superuser or scope.national or bool(scope.mission_ids))
    fmt = "csv" if request.GET.get("format") == "csv" else "xlsx"
    what = "results" if request.GET.get("what") == "results" else "answers"
    region_form = RegionForm(request.GET or None, regions=selectors.regions())
    region = region_form.cleaned_data.get("region") if region_form.is_valid() else None
    responses = selectors.responses(user, q, region_id=region.pk if region else None)
    if what == "results":
        rows = list(
            engine.result_rows(
                engine.results(q, responses),
                headers=[_("Question"), _("Answered"), _("Choice"), _("Count"), _("Total"), _("Average")],
            )
        )
    else:
        rows = list(engine.answer_rows(q, responses, headers=[_("Respondent"), _("Sent by"), _("Submitted")]))
    services.record_export(actor=user, questionnaire_id=q.pk, what=what, rows=len(rows) - 1)
    content, content_type = exports.table_bytes(fmt, q.title, rows)
    return exports.download(
        content, filename=f"{q.purpose}-{q.fiscal_year}-{what}.{fmt}", content_type=content_type
    )


@login_required
@require_http_methods(["GET", "POST"])
def answer(request: AuthedRequest, response_id: int) -> HttpResponse:
    """The respondent's own page: save the answers, or submit them (every required one at once)."""
    user = request.user
    response = selectors.access_answer(user, response_id)
    q = response.questionnaire
    may_answer = RESPONSE_ACTIONS.allows(user, response, "answer")
    editable = may_answer and response.status == ResponseStatus.OPEN and q.status == QuestionnaireStatus.OPEN
    submitting = request.method == "POST" and "submit" in request.POST
    form = AnswerForm(
        request.POST if request.method == "POST" else None,
        questions=engine.questions_of(q),
        answers=response.answers,
        required=submitting,
        disabled=not editable,
    )
    if request.method == "POST":
        forbid_unless(editable)
        if form.is_valid():
            done = actions.perform_form(
                request,
                form,
                lambda: engine_services.answer(
                    actor=user, response_id=response.pk, answers=form.answers(), submit=submitting
                ),
                success=_("Your answers were submitted. Thank you.")
                if submitting
                else _("Your answers were saved."),
            )
            if done.ok:
                return redirect("alumni:surveys:answer", response_id=response.pk)
    return render(
        request,
        "alumni/surveys/answer.html",
        {"response": response, "q": q, "form": form, "editable": editable},
        status=400 if request.method == "POST" else 200,
    )
