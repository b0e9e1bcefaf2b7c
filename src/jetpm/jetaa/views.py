"""JETAA support's pages, following the year's cycle: the chapter's plan (its officers), the mission's
execution plan (its staff), HQ's assessment line by line, support committed and paid, the chapter's report,
the mission's evaluation, HQ's evaluations side by side and next year's policy. Thin: parse, call one selector
or service, render. Records outside the user's scope answer 404 (selectors_pages.access_*)."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jetpm.core import actions, confirm, workflow
from jetpm.core import money as amounts
from jetpm.core.calendar import fiscal_year_label
from jetpm.core.http import AuthedRequest
from jetpm.core.models import Organisation
from jetpm.core.scoping import get_visible_or_404, scope_of, visible_to
from jetpm.core.views import forbid_unless, paginate
from jetpm.jetaa import permissions as perms
from jetpm.jetaa import selectors, services, services_support
from jetpm.jetaa import selectors_pages as sel
from jetpm.jetaa.forms import (
    AssessForm,
    ChapterPlanForm,
    CommitmentForm,
    EnvelopeForm,
    EvaluationForm,
    ExecutionPlanCreateForm,
    ExecutionPlanForm,
    HQEvaluationForm,
    LineForm,
    NextYearForm,
    PaymentForm,
    ReasonForm,
    ReportForm,
    RevisionForm,
    YearForm,
)
from jetpm.jetaa.models import ChapterPlan, ExecutionPlan, ProjectLine, SupportYear
from jetpm.jetaa.states import (
    SUPPORTED,
    ChapterPlanStatus,
    Decision,
    Effect,
    ExecutionPlanStatus,
    LineStatus,
    PolicyStatus,
    Rating,
)
from jetpm.jetaa.workflows import CHAPTER_PLANS, EXECUTION_PLANS, POLICY

# a refused form answers 422 on every page of JETAA support
_form_page = partial(actions.form_page, invalid_status=422)


def _year(request: AuthedRequest) -> tuple[int, YearForm]:
    form = YearForm(request.GET or None, years=sel.years_around())
    year = (form.cleaned_data.get("fy") if form.is_valid() else None) or sel.current_year()
    return int(year), form


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _plan_url(plan: ChapterPlan) -> str:
    return reverse("jetaa:chapter_plan", kwargs={"chapter_plan_id": plan.pk})


def _execution_url(plan: ExecutionPlan) -> str:
    return reverse("jetaa:execution_plan", kwargs={"execution_plan_id": plan.pk})


def _line_url(line: ProjectLine) -> str:
    return reverse("jetaa:line", kwargs={"jetaa_line_id": line.pk})


# --- the year at a glance ---------------------------------------------------------------------------------


@login_required
@require_GET
def home(request: AuthedRequest) -> HttpResponse:
    """The year of JETAA support as the user takes part in it: a chapter's plans, a mission's chapters'
    plans and execution plan, HQ's missions."""
    scope = scope_of(request.user)
    forbid_unless(perms.can_use_jetaa_support(scope))
    year, form = _year(request)
    figures = sel.year_figures(request.user, year)
    return render(
        request,
        "jetaa/home.html",
        {
            "year": year,
            "form": form,
            "figures": figures,
            "policy": figures.policy,
            "is_hq": perms.sees_everything(scope),
            "is_mission": bool(scope.mission_ids),
            "is_chapter": bool(scope.chapter_ids),
            "sees_missions_work": perms.sees_missions_work(scope),
            "page": paginate(request, sel.chapter_plans_for(request.user, year)),
            "own_plans": list(sel.chapter_plans_of_chapters(request.user, scope.chapter_ids)[:50])
            if scope.chapter_ids
            else [],
            "execution_plans": list(sel.execution_plans_for(request.user, year)),
            "start_chapters": _officer_chapters(request) if scope.chapter_ids else [],
            "can_start_execution": any(perms.is_mission_staff(scope, m) for m in scope.mission_ids),
        },
    )


# --- a chapter's plan ---------------------------------------------------------------------------------------


def _officer_chapters(request: AuthedRequest) -> list[Organisation]:
    """The chapters whose plans the user starts (their officer's)."""
    scope = scope_of(request.user)
    return [c for c in sel.chapter_choices(request.user) if perms.is_chapter_officer(scope, c.pk)]


@login_required
@require_http_methods(["GET", "POST"])
def chapter_plan_new(request: AuthedRequest) -> HttpResponse:
    """An officer starts a plan of one of their chapters (``?chapter=``, the first by default; another
    chapter's answers 404)."""
    chapters = _officer_chapters(request)
    wanted = request.GET.get("chapter", str(chapters[0].pk) if chapters else "")
    chapter = next((c for c in chapters if str(c.pk) == wanted), None)
    if chapter is None:  # an officer of no chapter, or not of this one
        raise Http404
    years = sel.years_around()[:3]
    year, closed = sel.year_to_plan(years, "chapter_plans")
    form = ChapterPlanForm(
        request.POST or None,
        years=years,
        missions=services.missions_of_chapter(chapter),
        initial={"fiscal_year": year},
    )
    return _form_page(
        request,
        form,
        lambda fiscal_year, **values: services.create_chapter_plan(
            actor=request.user, chapter_id=chapter.pk, fiscal_year=fiscal_year or sel.current_year(), **values
        ),
        success=_("The plan was started: add its projects, then submit it to the mission."),
        done=_plan_url,
        template="jetaa/chapter_plan_new.html",
        context={"chapter": chapter, "chapters": chapters if len(chapters) > 1 else [], "closed": closed},
    )


def _chapter_plan_page(
    request: AuthedRequest, plan: ChapterPlan, *, return_form: ReasonForm | None = None, status: int = 200
) -> HttpResponse:
    scope = scope_of(request.user)
    lines = sel.lines_of_chapter_plan(plan)
    editable = perms.can_keep_chapter_plan(scope, plan) and plan.status in (
        ChapterPlanStatus.DRAFT,
        ChapterPlanStatus.RETURNED,
    )
    steps = {t.name for t in workflow.available(CHAPTER_PLANS, request.user, plan)}
    current = [line for line in lines if line.status not in (LineStatus.SUPERSEDED, LineStatus.WITHDRAWN)]
    return render(
        request,
        "jetaa/chapter_plan.html",
        {
            "plan": plan,
            "lines": lines,
            "money": sel.money_of(current),
            "editable": editable,
            "can_submit": "submit" in steps,
            "can_include": "include" in steps,
            "can_return": "return" in steps,
            "return_form": return_form or ReasonForm(),
            "policy": sel.policy_of(request.user, plan.fiscal_year),
            "sees_missions_work": perms.sees_missions_work(scope),
        },
        status=status,
    )


@login_required
@require_GET
def chapter_plan(request: AuthedRequest, chapter_plan_id: int) -> HttpResponse:
    return _chapter_plan_page(request, sel.access_chapter_plan(request.user, chapter_plan_id))


@login_required
@require_POST
def chapter_plan_submit(request: AuthedRequest, chapter_plan_id: int) -> HttpResponse:
    plan = sel.access_chapter_plan(request.user, chapter_plan_id)
    forbid_unless(perms.can_keep_chapter_plan(scope_of(request.user), plan))

    def ask() -> HttpResponse:
        return confirm.ask(
            request,
            title=_("Submit the plan to the mission"),
            consequences=[
                _(
                    "%(chapter)s's plan for %(year)s goes to %(mission)s, which includes it in its "
                    "execution plan."
                )
                % {
                    "chapter": plan.chapter,
                    "year": fiscal_year_label(plan.fiscal_year),
                    "mission": plan.mission,
                },
                _(
                    "The plan's lines can no longer be edited: a change after HQ's assessment is a new "
                    "version."
                ),
            ],
            confirm_label=_("Submit to the mission"),
            cancel_url=_plan_url(plan),
        )

    return actions.button_step(
        request,
        lambda: services.submit_chapter_plan(actor=request.user, plan_id=plan.pk),
        ask=ask,
        success=_("The plan was submitted to the mission."),
        done=_plan_url(plan),
    )


@login_required
@require_POST
def chapter_plan_include(request: AuthedRequest, chapter_plan_id: int) -> HttpResponse:
    plan = sel.access_chapter_plan(request.user, chapter_plan_id)
    return actions.button_step(
        request,
        lambda: services.include_chapter_plan(actor=request.user, chapter_plan_id=plan.pk),
        success=_("The chapter's plan is in the mission's execution plan."),
        done=lambda included: (
            _execution_url(included.execution_plan)
            if included is not None and included.execution_plan_id
            else _plan_url(plan)
        ),
    )


@login_required
@require_POST
def chapter_plan_return(request: AuthedRequest, chapter_plan_id: int) -> HttpResponse:
    plan = sel.access_chapter_plan(request.user, chapter_plan_id)
    return actions.form_page(
        request,
        ReasonForm(request.POST),
        lambda reason: services.return_chapter_plan(
            actor=request.user, chapter_plan_id=plan.pk, reason=reason or ""
        ),
        success=_("The plan was returned to the chapter."),
        done=_plan_url(plan),
        invalid=lambda form: _chapter_plan_page(request, plan, return_form=form, status=422),
    )


# --- a chapter's project lines ------------------------------------------------------------------------------


def _line_form(request: AuthedRequest, plan: ChapterPlan, initial: dict[str, Any]) -> LineForm:
    return LineForm(
        request.POST or None,
        earlier=sel.earlier_lines_of_chapter(plan.chapter_id, plan.fiscal_year),
        initial=initial,
        problems=partial(services.line_problems, plan),
    )


def _line_form_page(
    request: AuthedRequest, form: LineForm, save: Any, *, success: str, done: Any, **context: Any
) -> HttpResponse:
    return _form_page(
        request, form, save, success=success, done=done, template="jetaa/line_form.html", context=context
    )


@login_required
@require_http_methods(["GET", "POST"])
def line_add(request: AuthedRequest, chapter_plan_id: int) -> HttpResponse:
    plan = sel.access_chapter_plan(request.user, chapter_plan_id)
    forbid_unless(perms.can_keep_chapter_plan(scope_of(request.user), plan))
    return _line_form_page(
        request,
        _line_form(request, plan, {}),  # the currency chosen, not shown as if it were
        lambda **values: services.add_line(actor=request.user, plan_id=plan.pk, **values),
        success=_("The project was added to the plan."),
        done=_plan_url(plan),
        plan=plan,
        title=_("Add a project"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def line_edit(request: AuthedRequest, jetaa_line_id: int) -> HttpResponse:
    line = sel.access_line(request.user, jetaa_line_id)
    plan = line.plan
    forbid_unless(perms.can_keep_chapter_plan(scope_of(request.user), plan))
    initial = {name: getattr(line, name) for name in services.LINE_FIELDS}
    return _line_form_page(
        request,
        _line_form(request, plan, initial | {"carried_from": line.carried_from_id}),
        lambda **values: services.update_line(actor=request.user, line_id=line.pk, **values),
        success=_("The project was changed."),
        done=_plan_url(plan),
        plan=plan,
        line=line,
        title=_("Change a project"),
    )


@login_required
@require_POST
def line_delete(request: AuthedRequest, jetaa_line_id: int) -> HttpResponse:
    line = sel.access_line(request.user, jetaa_line_id)
    return actions.button_step(
        request,
        lambda: services.delete_line(actor=request.user, line_id=line.pk),
        success=_("The project was removed from the plan."),
        done=_plan_url(line.plan),
    )


@login_required
@require_http_methods(["GET", "POST"])
def line_revise(request: AuthedRequest, jetaa_line_id: int) -> HttpResponse:
    """A change during the year: a new version of the line, assessed again by HQ."""
    line = sel.access_line(request.user, jetaa_line_id)
    forbid_unless(perms.can_revise_line(scope_of(request.user), line))
    initial = {name: getattr(line, name) for name in services.LINE_FIELDS}
    form = RevisionForm(
        request.POST or None, initial=initial, problems=partial(services.revision_problems, line)
    )
    return _line_form_page(
        request,
        form,
        lambda **values: services.revise_line(actor=request.user, line_id=line.pk, **values),
        success=_(
            "The change was sent to HQ for assessment; the approved version stays in force until then."
        ),
        done=_line_url,
        plan=line.plan,
        line=line,
        title=_("Change a project during the year"),
    )


# --- one project: assessment, support, report, evaluation ---------------------------------------------------


def _line_page(request: AuthedRequest, line: ProjectLine, status: int = 200, **forms: Any) -> HttpResponse:
    scope = scope_of(request.user)
    line = (
        sel.with_budget(ProjectLine.objects.filter(pk=line.pk))
        .select_related(
            "plan__chapter", "plan__mission", "plan__execution_plan", "carried_from__plan", "previous"
        )
        .get()
    )
    money = sel.money_of([line])
    report = getattr(line, "report", None)
    evaluation = getattr(line, "evaluation", None)
    execution = line.plan.execution_plan
    supported = line.status in SUPPORTED
    commitments = sel.commitments_of(line)
    can_assess = (
        perms.can_assess(scope)
        and line.status == LineStatus.PENDING
        and execution is not None
        and execution.status == ExecutionPlanStatus.SUBMITTED
    )
    can_support = supported and perms.can_record_support(scope, line)
    can_report = supported and report is None and perms.can_report(scope, line)
    can_evaluate = report is not None and evaluation is None and perms.can_evaluate_project(scope, line)
    can_revise = (
        perms.can_revise_line(scope, line)
        and line.plan.status == ChapterPlanStatus.INCLUDED
        and line.status in (LineStatus.APPROVED, LineStatus.REDUCED, LineStatus.REJECTED)
        and report is None
    )
    return render(
        request,
        "jetaa/line.html",
        {
            "line": line,
            "plan": line.plan,
            "sees_missions_work": perms.sees_missions_work(scope),
            "money": money,
            "assessment": getattr(line, "assessment", None),
            "report": report,
            "photos": list(report.photos.all()) if report is not None else [],
            "evaluation": evaluation,
            "last_year": getattr(line.carried_from, "evaluation", None) if line.carried_from else None,
            "versions": sel.line_versions(line),
            "commitments": commitments,
            "assess_form": forms.get("assess_form") or AssessForm() if can_assess else None,
            "commit_form": forms.get("commit_form") or CommitmentForm() if can_support else None,
            "pay_form": (forms.get("pay_form") or PaymentForm(commitments=commitments))
            if can_support and commitments
            else None,
            "report_form": forms.get("report_form") or ReportForm() if can_report else None,
            "evaluation_form": forms.get("evaluation_form") or EvaluationForm() if can_evaluate else None,
            "can_revise": can_revise,
            "can_withdraw": line.status == LineStatus.PENDING
            and line.previous_id is not None
            and perms.can_revise_line(scope, line),
            "is_hq": perms.sees_everything(scope),
        },
        status=status,
    )


@login_required
@require_GET
def line(request: AuthedRequest, jetaa_line_id: int) -> HttpResponse:
    return _line_page(request, sel.access_line(request.user, jetaa_line_id))


@login_required
@require_POST
def line_assess(request: AuthedRequest, jetaa_line_id: int) -> HttpResponse:
    found = sel.access_line(request.user, jetaa_line_id)
    forbid_unless(perms.can_assess(scope_of(request.user)))

    def ask(values: dict[str, Any]) -> HttpResponse:
        decision = values["decision"]
        if decision == Decision.APPROVE:
            what = _("“%(title)s” is approved for the %(amount)s asked.") % {
                "title": found.title,
                "amount": amounts.yen(found.requested_yen),
            }
        elif decision == Decision.REDUCE:
            what = _("“%(title)s” is reduced from %(asked)s to %(amount)s.") % {
                "title": found.title,
                "asked": amounts.yen(found.requested_yen),
                "amount": amounts.yen(values.get("approved_yen")),
            }
        else:
            what = _("“%(title)s” is rejected: nothing is paid for it.") % {"title": found.title}
        return confirm.ask(
            request,
            title=_("Assess a project"),
            consequences=[
                what,
                _(
                    "%(mission)s and %(chapter)s see the decision and its reason; it is not changed "
                    "afterwards "
                    "(a changed project is a new version, assessed again)."
                )
                % {"chapter": found.plan.chapter, "mission": found.plan.mission},
            ],
            confirm_label=str(Decision(decision).label),
            cancel_url=_line_url(found),
        )

    execution = found.plan.execution_plan
    return actions.form_page(
        request,
        AssessForm(request.POST, problems=partial(services.assessment_problems, found)),
        lambda **values: services.assess_line(actor=request.user, line_id=found.pk, **values),
        ask=ask,
        success=_("The decision was recorded."),
        done=_execution_url(execution) if execution else _line_url(found),
        invalid=lambda form: _line_page(request, found, status=422, assess_form=form),
    )


@login_required
@require_POST
def line_commit(request: AuthedRequest, jetaa_line_id: int) -> HttpResponse:
    found = sel.access_line(request.user, jetaa_line_id)
    forbid_unless(perms.can_record_support(scope_of(request.user), found))
    return actions.form_page(
        request,
        CommitmentForm(request.POST, problems=partial(services_support.commitment_problems, found)),
        lambda **values: services_support.record_commitment(actor=request.user, line_id=found.pk, **values),
        success=_("The commitment was recorded."),
        done=_line_url(found),
        invalid=lambda form: _line_page(request, found, status=422, commit_form=form),
    )


@login_required
@require_POST
def line_pay(request: AuthedRequest, jetaa_line_id: int) -> HttpResponse:
    found = sel.access_line(request.user, jetaa_line_id)
    forbid_unless(perms.can_record_support(scope_of(request.user), found))
    commitments = {c.pk: c for c in sel.commitments_of(found)}

    def problems(commitment_id: int | None = None, **values: Any) -> Any:
        return services_support.payment_problems(commitments.get(commitment_id or 0), **values)

    return actions.form_page(
        request,
        PaymentForm(request.POST, commitments=list(commitments.values()), problems=problems),
        lambda **values: services_support.record_payment(actor=request.user, line_id=found.pk, **values),
        success=_("The payment was recorded."),
        done=_line_url(found),
        invalid=lambda form: _line_page(request, found, status=422, pay_form=form),
    )


@login_required
@require_POST
def line_report(request: AuthedRequest, jetaa_line_id: int) -> HttpResponse:
    found = sel.access_line(request.user, jetaa_line_id)
    return actions.form_page(
        request,
        ReportForm(
            request.POST,
            request.FILES,
            # the report's own rules all at once; a project not to be reported is the service's to say
            problems=partial(services_support.report_problems, found)
            if found.status in SUPPORTED and not hasattr(found, "report")
            else None,
        ),
        lambda **values: services_support.submit_report(actor=request.user, line_id=found.pk, **values),
        success=_("The report was sent to the mission."),
        done=_line_url(found),
        invalid=lambda form: _line_page(request, found, status=422, report_form=form),
    )


@login_required
@require_POST
def line_evaluate(request: AuthedRequest, jetaa_line_id: int) -> HttpResponse:
    found = sel.access_line(request.user, jetaa_line_id)

    def ask(values: dict[str, Any]) -> HttpResponse | None:
        complete = values.get("effect") and values.get("reason")
        if not complete or values.get("support_next_year") is None:
            return None  # the service names what is missing
        return confirm.ask(
            request,
            title=_("Evaluate a project"),
            consequences=[
                _("“%(title)s” of %(chapter)s is evaluated: effect %(effect)s; %(next)s.")
                % {
                    "title": found.title,
                    "chapter": found.plan.chapter,
                    "effect": Effect(values["effect"]).label,
                    "next": _("support next year warranted")
                    if values["support_next_year"]
                    else _("support next year not warranted"),
                },
                _(
                    "%(chapter)s and HQ see the evaluation beside next year's line that continues the "
                    "project; it is not changed afterwards."
                )
                % {"chapter": found.plan.chapter},
            ],
            confirm_label=_("Record the evaluation"),
            cancel_url=_line_url(found),
        )

    return actions.form_page(
        request,
        EvaluationForm(request.POST),
        lambda **values: services_support.evaluate_project(actor=request.user, line_id=found.pk, **values),
        ask=ask,
        success=_(
            "The evaluation was recorded; it shows beside next year's line that continues the project."
        ),
        done=_line_url(found),
        invalid=lambda form: _line_page(request, found, status=422, evaluation_form=form),
    )


@login_required
@require_POST
def line_withdraw(request: AuthedRequest, jetaa_line_id: int) -> HttpResponse:
    found = sel.access_line(request.user, jetaa_line_id)
    reason = str(request.POST.get("reason") or "")
    return actions.button_step(
        request,
        lambda: services.withdraw_line(actor=request.user, line_id=found.pk, reason=reason),
        success=_("The change was withdrawn."),
        done=_line_url(found.previous) if found.previous else _line_url(found),
    )


@login_required
@require_GET
def photo(request: AuthedRequest, jetaa_photo_id: int) -> FileResponse:
    found = sel.access_photo(request.user, jetaa_photo_id)
    response = FileResponse(found.file.open("rb"), content_type=found.content_type)
    response["Content-Disposition"] = f'inline; filename="{found.pk}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- a mission's execution plan -----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def execution_plan_new(request: AuthedRequest) -> HttpResponse:
    scope = scope_of(request.user)
    missions = [m for m in sel.mission_choices(request.user) if perms.is_mission_staff(scope, m.pk)]
    forbid_unless(bool(missions))
    years = sel.years_around()[:3]
    year, closed = sel.year_to_plan(years, "mission_plans")
    form = ExecutionPlanCreateForm(
        request.POST or None,
        years=years,
        missions=missions,
        initial={"fiscal_year": year},
    )
    return _form_page(
        request,
        form,
        lambda fiscal_year, mission, **values: services.create_execution_plan(
            actor=request.user,
            mission_id=mission or missions[0].pk,
            fiscal_year=fiscal_year or sel.current_year(),
            **values,
        ),
        success=_("The execution plan was started."),
        done=_execution_url,
        template="jetaa/execution_plan_new.html",
        context={"closed": closed},
    )


def _execution_page(
    request: AuthedRequest,
    plan: ExecutionPlan,
    *,
    edit_form: ExecutionPlanForm | None = None,
    hq_form: HQEvaluationForm | None = None,
    status: int = 200,
) -> HttpResponse:
    scope = scope_of(request.user)
    lines = sel.lines_of_execution_plan(plan)
    current = [line for line in lines if line.status not in (LineStatus.SUPERSEDED, LineStatus.WITHDRAWN)]
    steps = {t.name for t in workflow.available(EXECUTION_PLANS, request.user, plan)}
    keeps = perms.can_keep_execution_plan(scope, plan)
    figures = sel.year_figures(request.user, plan.fiscal_year)
    row = next((r for r in figures.missions if r.mission.pk == plan.mission_id), None)
    waiting = (
        list(
            sel.chapter_plans_for(request.user, plan.fiscal_year).filter(
                mission_id=plan.mission_id, status=ChapterPlanStatus.SUBMITTED
            )
        )
        if keeps
        else []
    )
    hq_evaluation = getattr(plan, "hq_evaluation", None)
    return render(
        request,
        "jetaa/execution_plan.html",
        {
            "plan": plan,
            "lines": current,
            "money": sel.money_of(current),
            "row": row,
            "chapter_plans": list(plan.chapter_plans.select_related("chapter").order_by("chapter__code")),
            "waiting": waiting,
            "edit_form": edit_form
            or ExecutionPlanForm(
                initial={
                    "requests_to_jetaa": plan.requests_to_jetaa,
                    "contact_arrangements": plan.contact_arrangements,
                }
            )
            if keeps and plan.status == ExecutionPlanStatus.DRAFT
            else None,
            "can_submit": "submit" in steps,
            "can_complete": "complete" in steps,
            "pending": sum(1 for line in current if line.status == LineStatus.PENDING),
            "all_assessed": plan.status == ExecutionPlanStatus.SUBMITTED
            and bool(current)
            and not any(line.status == LineStatus.PENDING for line in current),
            "is_hq": perms.can_assess(scope),
            "hq_evaluation": hq_evaluation,
            "hq_form": hq_form or HQEvaluationForm()
            if perms.can_assess(scope)
            and plan.status == ExecutionPlanStatus.ASSESSED
            and hq_evaluation is None
            else None,
        },
        status=status,
    )


@login_required
@require_GET
def execution_plan(request: AuthedRequest, execution_plan_id: int) -> HttpResponse:
    return _execution_page(request, sel.access_execution_plan(request.user, execution_plan_id))


@login_required
@require_POST
def execution_plan_edit(request: AuthedRequest, execution_plan_id: int) -> HttpResponse:
    plan = sel.access_execution_plan(request.user, execution_plan_id)
    return actions.form_page(
        request,
        ExecutionPlanForm(request.POST),
        lambda **values: services.update_execution_plan(actor=request.user, plan_id=plan.pk, **values),
        success=_("The execution plan was saved."),
        done=_execution_url(plan),
        invalid=lambda form: _execution_page(request, plan, edit_form=form, status=422),
    )


@login_required
@require_POST
def execution_plan_submit(request: AuthedRequest, execution_plan_id: int) -> HttpResponse:
    plan = sel.access_execution_plan(request.user, execution_plan_id)
    forbid_unless(perms.can_keep_execution_plan(scope_of(request.user), plan))

    def ask() -> HttpResponse:
        return confirm.ask(
            request,
            title=_("Submit the execution plan to HQ"),
            consequences=[
                _(
                    "%(mission)s's execution plan for %(year)s goes to HQ (MOFA), which assesses each "
                    "project line."
                )
                % {"mission": plan.mission, "year": fiscal_year_label(plan.fiscal_year)},
                _(
                    "The chapters' plans in it are fixed from now on: a change is a new version of a line, "
                    "assessed again."
                ),
            ],
            confirm_label=str(EXECUTION_PLANS.get("submit").label),
            cancel_url=_execution_url(plan),
        )

    return actions.button_step(
        request,
        lambda: services.submit_execution_plan(actor=request.user, plan_id=plan.pk),
        ask=ask,
        success=_("The execution plan was submitted to HQ."),
        done=_execution_url(plan),
    )


@login_required
@require_POST
def execution_plan_complete(request: AuthedRequest, execution_plan_id: int) -> HttpResponse:
    plan = sel.access_execution_plan(request.user, execution_plan_id)
    forbid_unless(perms.can_assess(scope_of(request.user)))

    def ask() -> HttpResponse:
        return confirm.ask(
            request,
            title=_("Complete the assessment"),
            consequences=[
                _(
                    "%(mission)s is told that its execution plan for %(year)s is assessed; its chapters "
                    "see the "
                    "decisions on their projects and the mission may commit the approved amounts."
                )
                % {"mission": plan.mission, "year": fiscal_year_label(plan.fiscal_year)},
            ],
            confirm_label=str(EXECUTION_PLANS.get("complete").label),
            cancel_url=_execution_url(plan),
        )

    return actions.button_step(
        request,
        lambda: services.complete_assessment(actor=request.user, plan_id=plan.pk),
        ask=ask,
        success=_("The assessment is complete."),
        done=_execution_url(plan),
    )


@login_required
@require_POST
def execution_plan_evaluate(request: AuthedRequest, execution_plan_id: int) -> HttpResponse:
    plan = sel.access_execution_plan(request.user, execution_plan_id)

    def ask(values: dict[str, Any]) -> HttpResponse | None:
        if not (values.get("effectiveness") and values.get("efficiency") and values.get("comment")):
            return None  # the service names what is missing
        return confirm.ask(
            request,
            title=_("Evaluate the mission's year"),
            consequences=[
                _(
                    "%(mission)s's JETAA support in %(year)s is evaluated: effectiveness %(effectiveness)s, "
                    "efficiency %(efficiency)s."
                )
                % {
                    "mission": plan.mission,
                    "year": fiscal_year_label(plan.fiscal_year),
                    "effectiveness": Rating(values["effectiveness"]).label,
                    "efficiency": Rating(values["efficiency"]).label,
                },
                _("%(mission)s sees HQ's evaluation; it is not changed afterwards.")
                % {"mission": plan.mission},
            ],
            confirm_label=_("Record the evaluation"),
            cancel_url=_execution_url(plan),
        )

    return actions.form_page(
        request,
        HQEvaluationForm(request.POST),
        lambda **values: services_support.evaluate_mission_year(
            actor=request.user, plan_id=plan.pk, **values
        ),
        ask=ask,
        success=_("HQ's evaluation of the mission's year was recorded."),
        done=_execution_url(plan),
        invalid=lambda form: _execution_page(request, plan, hq_form=form, status=422),
    )


# --- HQ: the evaluations side by side, the year's policy ------------------------------------------------


@login_required
@require_GET
def evaluations(request: AuthedRequest) -> HttpResponse:
    """The missions' evaluations of the year side by side (HQ: every mission; a mission: its own)."""
    scope = scope_of(request.user)
    forbid_unless(perms.sees_missions_work(scope))
    year, form = _year(request)
    lines = ProjectLine.objects.filter(plan__fiscal_year=year, status__in=SUPPORTED)
    mission = _int(request.GET.get("mission"))
    if mission is not None:
        lines = lines.filter(plan__mission_id=mission)
    lines = (
        sel.with_budget(visible_to(request.user, lines))
        .select_related("plan__chapter", "plan__mission", "report", "evaluation")
        .order_by("plan__mission__code", "plan__chapter__code", "starts_on", "pk")
    )
    return render(
        request,
        "jetaa/evaluations.html",
        {
            "year": year,
            "form": form,
            "figures": sel.year_figures(request.user, year),
            "page": paginate(request, lines),
            "mission": mission,
        },
    )


@login_required
@require_GET
def policy(request: AuthedRequest) -> HttpResponse:
    scope = scope_of(request.user)
    forbid_unless(perms.can_use_jetaa_support(scope))
    year, form = _year(request)
    return _policy_page(request, year, form)


def _policy_page(
    request: AuthedRequest,
    year: int,
    form: YearForm,
    next_form: NextYearForm | None = None,
    status: int = 200,
    envelope_form: EnvelopeForm | None = None,
) -> HttpResponse:
    scope = scope_of(request.user)
    if envelope_form is None and perms.can_set_envelopes(scope):
        envelope_form = EnvelopeForm(missions=list(selectors.missions_for_envelopes()))
    versions = sel.policy_versions(request.user, year)
    current = sel.policy_of(request.user, year)
    approved = next((v for v in versions if v.status == PolicyStatus.APPROVED), None)
    draft = next((v for v in versions if v.status == PolicyStatus.DRAFT), None)
    can_keep = perms.can_keep_policy(scope)
    return render(
        request,
        "jetaa/policy.html",
        {
            "year": year,
            "form": form,
            "policy": current,
            "versions": versions,
            "draft": draft,
            "can_approve": draft is not None
            and any(t.name == "approve" for t in workflow.available(POLICY, request.user, draft)),
            "next_form": next_form or NextYearForm(years=[year + 1], initial=_next_initial(approved))
            if can_keep and approved is not None
            else None,
            "figures": sel.year_figures(request.user, year),
            "categories": _caps(current),
            "envelopes": selectors.envelopes(request.user, year).order_by("mission__code"),
            "envelope_form": envelope_form if current is not None else None,
            "envelope_action": reverse("jetaa:envelope_set") + f"?fy={year}",
        },
        status=status,
    )


@login_required
@require_POST
def envelope_set(request: AuthedRequest) -> HttpResponse:
    """HQ sets (or changes) one mission's envelope of the year's budget."""
    forbid_unless(perms.can_set_envelopes(scope_of(request.user)))
    year, year_form = _year(request)
    return actions.form_page(
        request,
        EnvelopeForm(request.POST, missions=list(selectors.missions_for_envelopes())),
        lambda mission, amount_yen: services.set_envelope(
            actor=request.user, mission_id=mission, fiscal_year=year, amount_yen=amount_yen
        ),
        success=_("The mission's envelope was saved."),
        done=reverse("jetaa:policy") + f"?fy={year}#envelopes",
        invalid=lambda form: _policy_page(request, year, year_form, status=422, envelope_form=form),
    )


def _next_initial(year: SupportYear | None) -> dict[str, Any]:
    """Next year's form starts from this year's calendar, a year on."""
    if year is None:
        return {}
    initial: dict[str, Any] = {"fiscal_year": year.fiscal_year + 1}
    for name in services.WINDOW_FIELDS:
        day = getattr(year, name)
        try:
            initial[name] = day.replace(year=day.year + 1)
        except ValueError:  # 29 February
            initial[name] = day.replace(year=day.year + 1, day=28)
    return initial


def _caps(year: Any) -> list[tuple[str, int]]:
    from jetpm.jetaa.states import Category

    if year is None:
        return []
    labels = dict(Category.choices)
    return [(str(labels.get(k, k)), int(v)) for k, v in (year.category_caps or {}).items()]


@login_required
@require_POST
def policy_approve(request: AuthedRequest, support_year_id: int) -> HttpResponse:
    found = get_visible_or_404(request.user, SupportYear.objects.all(), pk=support_year_id)
    forbid_unless(perms.can_approve_policy(scope_of(request.user), found))
    url = reverse("jetaa:policy") + f"?fy={found.fiscal_year}"

    def ask() -> HttpResponse:
        return confirm.ask(
            request,
            title=_("Approve the year's policy"),
            consequences=[
                _(
                    "The JETAA support policy of %(year)s (version %(version)s) is in force for every "
                    "mission and "
                    "chapter; it is never edited afterwards (a change is a revision)."
                )
                % {"year": fiscal_year_label(found.fiscal_year), "version": found.version},
            ],
            confirm_label=str(POLICY.get("approve").label),
            cancel_url=url,
        )

    return actions.button_step(
        request,
        lambda: services.approve_support_year(actor=request.user, year_id=found.pk),
        ask=ask,
        success=_("The policy was approved."),
        done=url,
    )


@login_required
@require_POST
def policy_next_year(request: AuthedRequest, support_year_id: int) -> HttpResponse:
    """HQ revises the guidelines and the assessment policy for next year, from this year's."""
    found = get_visible_or_404(request.user, SupportYear.objects.all(), pk=support_year_id)
    forbid_unless(perms.can_keep_policy(scope_of(request.user)))
    year_form = YearForm({"fy": found.fiscal_year}, years=sel.years_around())
    return actions.form_page(
        request,
        NextYearForm(request.POST, years=[found.fiscal_year + 1]),
        lambda fiscal_year=found.fiscal_year + 1, revision_note="", **values: services.start_next_year(
            actor=request.user,
            year_id=found.pk,
            fiscal_year=fiscal_year,
            revision_note=revision_note,
            **values,
        ),
        success=_("Next year's policy was drafted from this year's; approve it to put it in force."),
        done=lambda drafted: reverse("jetaa:policy") + f"?fy={drafted.fiscal_year}",
        invalid=lambda form: _policy_page(request, found.fiscal_year, year_form, next_form=form, status=422),
    )
