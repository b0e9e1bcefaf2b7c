"""Pages of the local governments' voice: the organisations answer the year's survey; HQ reads the results
by prefecture and kind of organisation and exports them. Thin: parse, call a service or selector, render."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jetpm.core import actions, exports
from jetpm.core.calendar import fiscal_year_of
from jetpm.core.http import AuthedRequest
from jetpm.core.scoping import scope_of
from jetpm.core.views import forbid_unless, form_errors_to_messages, paginate
from jetpm.evaluation.permissions import can_start_voice_survey, sees_voice, sees_voice_results
from jetpm.evaluation.voice import selectors, services
from jetpm.evaluation.voice.forms import ResultsFilter, StartForm
from jetpm.questionnaires import selectors as engine
from jetpm.questionnaires.answers import AnswerForm
from jetpm.questionnaires.models import Questionnaire
from jetpm.questionnaires.states import QuestionnaireStatus, ResponseStatus
from jetpm.questionnaires.workflows import RESPONSE_ACTIONS


@login_required
def voice_home(request: AuthedRequest) -> HttpResponse:
    scope = scope_of(request.user)
    forbid_unless(sees_voice(scope))
    year = fiscal_year_of(timezone.localdate())
    may_start = can_start_voice_survey(scope)
    return render(
        request,
        "evaluation/voice/home.html",
        {
            "page": paginate(request, selectors.my_responses(request.user)),
            "sees_results": sees_voice_results(scope),
            "surveys": list(selectors.surveys_for(request.user)[:10]) if sees_voice_results(scope) else [],
            "start_form": StartForm(initial={"fiscal_year": year, "due_on": services.default_due(year)})
            if may_start
            else None,
        },
    )


@login_required
@require_POST
def voice_start(request: AuthedRequest) -> HttpResponse:
    forbid_unless(can_start_voice_survey(scope_of(request.user)))
    form = StartForm(request.POST)
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return redirect("evaluation:voice_home")
    outcome = actions.perform(
        request,
        lambda: services.start_survey(
            actor=request.user,
            fiscal_year=form.cleaned_data["fiscal_year"],
            due_on=form.cleaned_data["due_on"],
        ),
        success=_("The survey was sent to every contracting and host organisation."),
    )
    if outcome.value is None:
        return redirect("evaluation:voice_home")
    return redirect(f"{reverse('evaluation:voice_results')}?year={outcome.value.fiscal_year}")


@login_required
@require_http_methods(["GET", "POST"])
def voice_answer(request: AuthedRequest, response_id: int) -> HttpResponse:
    """The organisation's answers: saved (required questions may wait) or submitted (all required)."""
    response = selectors.access_response(request.user, response_id)
    may_answer = (
        response.status == ResponseStatus.OPEN
        and response.questionnaire.status == QuestionnaireStatus.OPEN
        and RESPONSE_ACTIONS.allows(request.user, response, "answer")
    )
    questions = engine.questions_of(response.questionnaire)
    submit = request.method == "POST" and "submit" in request.POST
    if request.method == "POST":
        forbid_unless(RESPONSE_ACTIONS.allows(request.user, response, "answer"))
    form = AnswerForm(
        request.POST if request.method == "POST" else None,
        questions=questions,
        answers=response.answers,
        required=submit,
        disabled=not may_answer,
    )
    if request.method == "POST" and form.is_valid():
        outcome = actions.perform_form(
            request,
            form,
            lambda: services.answer_survey(
                actor=request.user, response_id=response.pk, answers=form.answers(), submit=submit
            ),
            success=_("Your evaluation was submitted. Thank you.")
            if submit
            else _("Your answers were saved."),
        )
        if outcome.ok:
            return redirect("evaluation:voice_answer", response_id=response.pk)
    return render(
        request,
        "evaluation/voice/answer.html",
        {"response": response, "form": form, "may_answer": may_answer},
        status=400 if request.method == "POST" else 200,
    )


@dataclass(frozen=True)
class _Selection:
    survey: Questionnaire | None
    kind: str
    prefecture: int | None
    filters: ResultsFilter


def _selection(request: AuthedRequest) -> _Selection:
    forbid_unless(sees_voice_results(scope_of(request.user)))
    filters = ResultsFilter(request.GET or None)
    if request.GET and not filters.is_valid():
        raise Http404
    data = filters.cleaned_data if filters.is_bound else {}
    prefecture = data.get("prefecture")
    return _Selection(
        survey=selectors.survey_of(request.user, data.get("year")),
        kind=data.get("kind") or "",
        prefecture=prefecture.pk if prefecture is not None else None,
        filters=filters,
    )


@login_required
@require_GET
def voice_results(request: AuthedRequest) -> HttpResponse:
    sel = _selection(request)
    ctx: dict[str, Any] = {"survey": sel.survey, "filters": sel.filters}
    if sel.survey is not None:
        responses = selectors.filtered(request.user, sel.survey, kind=sel.kind, prefecture=sel.prefecture)
        ctx.update(
            breakdown=selectors.results_by_group(request.user, sel.survey, responses),
            results=selectors.results(sel.survey, responses),
            requests=paginate(request, selectors.requests_of(responses)),  # type: ignore[arg-type]
        )
    return render(request, "evaluation/voice/results.html", ctx)


@login_required
@require_GET
def voice_export(request: AuthedRequest, fmt: str) -> HttpResponse:
    sel = _selection(request)
    survey = sel.survey
    if survey is None:
        raise Http404
    outcome = actions.perform(
        request,
        lambda: services.export_survey(
            actor=request.user, questionnaire_id=survey.pk, fmt=fmt, kind=sel.kind, prefecture=sel.prefecture
        ),
    )
    if outcome.value is None:
        return redirect("evaluation:voice_results")
    content, content_type, filename = outcome.value
    return exports.download(content, filename=filename, content_type=content_type)
