"""Pages of outreach. Thin: parse, call one selector or service, render."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from jetpm.core import actions, exports
from jetpm.core.calendar import fiscal_year_of
from jetpm.core.http import AuthedRequest
from jetpm.core.scoping import scope_of
from jetpm.core.views import forbid_unless, paginate
from jetpm.outreach import selectors, services, views_reports
from jetpm.outreach.forms import (
    ActivityFilterForm,
    ActivityForm,
    EvaluationForm,
    NewEvaluationForm,
    ReviewFilterForm,
    ReviewForm,
)
from jetpm.outreach.permissions import (
    can_draft_evaluation,
    can_edit_activities,
    can_see_outreach,
    can_see_review,
)


def _this_year() -> int:
    return fiscal_year_of(timezone.localdate())


def _years(*extra: int) -> list[int]:
    """The fiscal years offered in the menus: next year back to five years ago (and any year in use)."""
    now = _this_year()
    return sorted(set(range(now - 5, now + 2)) | set(extra), reverse=True)


def _editable_missions(request: AuthedRequest) -> Any:
    scope = scope_of(request.user)
    missions = selectors.missions_for(request.user)
    return missions.filter(
        pk__in=[m for m in missions.values_list("pk", flat=True) if can_edit_activities(scope, m)]
    )


@login_required
def activity_list(request: AuthedRequest) -> HttpResponse:
    scope = scope_of(request.user)
    forbid_unless(can_see_outreach(scope))
    missions = selectors.missions_for(request.user)
    form = ActivityFilterForm(
        request.GET or None, years=_years(), missions=missions, initial={"year": _this_year()}
    )
    filters = form.cleaned_data if form.is_valid() else {}
    year = filters.get("year") or _this_year()
    mission = filters.get("mission")
    qs = selectors.activities_for(
        request.user,
        fiscal_year=year,
        mission_id=mission.pk if mission else None,
        kind=filters.get("kind", ""),
        status=filters.get("status", ""),
        audience=filters.get("audience", ""),
    )
    own = sorted(scope.mission_ids)
    editable = {m for m in own if can_edit_activities(scope, m)}
    evaluation = selectors.evaluation_of(request.user, own[0], year) if len(own) == 1 else None
    return render(
        request,
        "outreach/activity_list.html",
        {
            "form": form,
            "page": paginate(request, qs),
            "totals": selectors.activity_totals(qs),
            "year": year,
            "national": scope.national or scope.is_superuser,
            "can_add": bool(editable) or scope.is_superuser,
            "editable_ids": editable,
            "can_review_page": can_see_review(scope),
            "own_mission_id": own[0] if len(own) == 1 else None,
            "evaluation": evaluation,
            "can_open_evaluation": len(own) == 1 and can_draft_evaluation(scope, own[0]),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def activity_create(request: AuthedRequest) -> HttpResponse:
    missions = _editable_missions(request)
    forbid_unless(missions.exists())
    form = ActivityForm(
        request.POST or None,
        missions=missions,
        years=_years(),
        initial={"fiscal_year": _this_year(), "date": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        created = actions.perform_form(
            request,
            form,
            lambda: services.create_activity(
                actor=request.user, mission_id=form.cleaned_data["mission"].pk, data=form.activity_input()
            ),
            success=_("The activity was saved."),
        )
        if created.value is not None:
            return redirect(f"{reverse('outreach:activity_list')}?year={created.value.fiscal_year}")
    return render(
        request,
        "outreach/activity_form.html",
        {"form": form, "activity": None},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def activity_edit(request: AuthedRequest, activity_id: int) -> HttpResponse:
    activity = selectors.access_activity_by_id(request.user, activity_id, action="edit")
    form = ActivityForm(
        request.POST or None,
        instance=activity,
        missions=selectors.missions_for(request.user),
        years=_years(activity.fiscal_year),
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and actions.perform_form(
            request,
            form,
            lambda: services.update_activity(
                actor=request.user, activity_id=activity.pk, data=form.activity_input()
            ),
            success=_("The activity was saved."),
        ).ok
    ):
        return redirect(f"{reverse('outreach:activity_list')}?year={form.cleaned_data['fiscal_year']}")
    return render(
        request,
        "outreach/activity_form.html",
        {"form": form, "activity": activity},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def activity_delete(request: AuthedRequest, activity_id: int) -> HttpResponse:
    activity = selectors.access_activity_by_id(request.user, activity_id, action="edit")
    if request.method == "POST":
        actions.perform(
            request,
            lambda: services.delete_activity(actor=request.user, activity_id=activity.pk),
            success=_("The activity was deleted."),
        )
        return redirect(f"{reverse('outreach:activity_list')}?year={activity.fiscal_year}")
    return render(request, "outreach/activity_delete.html", {"activity": activity})


# --- self-evaluations ------------------------------------------------------------------------------------


@login_required
@require_POST
def evaluation_create(request: AuthedRequest) -> HttpResponse:
    scope = scope_of(request.user)
    missions = selectors.missions_for(request.user)
    forbid_unless(any(can_draft_evaluation(scope, m) for m in scope.mission_ids) or scope.is_superuser)
    return views_reports.create(
        request,
        NewEvaluationForm(request.POST, missions=missions),
        open_draft=lambda mission_id, year: services.create_evaluation(
            actor=request.user, mission_id=mission_id, fiscal_year=year
        ),
        success=_("The self-evaluation was opened as a draft."),
        back="outreach:activity_list",
        edit=lambda evaluation: redirect("outreach:evaluation_edit", evaluation_id=evaluation.pk),
    )


@login_required
def evaluation_detail(request: AuthedRequest, evaluation_id: int) -> HttpResponse:
    evaluation = selectors.access_evaluation_by_id(request.user, evaluation_id)
    current = selectors.evaluation_figures(evaluation)
    previous = selectors.previous_year_figures(evaluation)
    return render(
        request,
        "outreach/evaluation_detail.html",
        {
            "evaluation": evaluation,
            "figures": current,
            "rows": selectors.figure_rows(current, previous),
            **selectors.evaluation_abilities(request.user, evaluation),
            "review_form": ReviewForm(),
            "can_review_page": can_see_review(scope_of(request.user)),
        },
    )


def _detail(evaluation: Any) -> str:
    return reverse("outreach:evaluation_detail", kwargs={"evaluation_id": evaluation.pk})


@login_required
@require_http_methods(["GET", "POST"])
def evaluation_edit(request: AuthedRequest, evaluation_id: int) -> HttpResponse:
    evaluation = selectors.access_evaluation_by_id(request.user, evaluation_id, action="edit")
    form = EvaluationForm(request.POST or None, instance=evaluation)
    return views_reports.edit(
        request,
        evaluation,
        form,
        kind=services.EVALUATION,
        save=lambda: services.update_evaluation(
            actor=request.user,
            evaluation_id=evaluation.pk,
            what_worked=form.cleaned_data["what_worked"],
            what_did_not_work=form.cleaned_data["what_did_not_work"],
            changes_next_year=form.cleaned_data["changes_next_year"],
        ),
        success=_("The self-evaluation was saved."),
        detail=_detail(evaluation),
        template="outreach/evaluation_form.html",
    )


@login_required
def evaluation_submit(request: AuthedRequest, evaluation_id: int) -> HttpResponse:
    # 404 (out of scope, or not theirs to submit) before 405
    evaluation = selectors.access_evaluation_by_id(request.user, evaluation_id, action="submit")
    return views_reports.submit(
        request,
        submit=lambda: services.submit_evaluation(actor=request.user, evaluation_id=evaluation.pk),
        success=_("The self-evaluation was submitted to MOFA."),
        detail=_detail(evaluation),
    )


@login_required
def evaluation_review(request: AuthedRequest, evaluation_id: int) -> HttpResponse:
    # 404 (out of scope, or not theirs to review) before 405
    evaluation = selectors.access_evaluation_by_id(request.user, evaluation_id, action="review")
    return views_reports.review(
        request,
        review=lambda comment: services.review_evaluation(
            actor=request.user, evaluation_id=evaluation.pk, comment=comment
        ),
        missing=_("MOFA's comment: write a comment on the self-evaluation."),
        success=_("The self-evaluation was marked as reviewed."),
        detail=_detail(evaluation),
    )


# --- MOFA HQ's review -----------------------------------------------------------------------------------


def _review_filters(request: AuthedRequest) -> tuple[ReviewFilterForm, int, str]:
    form = ReviewFilterForm(request.GET or None, years=_years(), initial={"year": _this_year()})
    filters = form.cleaned_data if form.is_valid() else {}
    return form, filters.get("year") or _this_year(), filters.get("sort") or "mission"


@login_required
def review(request: AuthedRequest) -> HttpResponse:
    forbid_unless(can_see_review(scope_of(request.user)))
    form, year, sort = _review_filters(request)
    columns = [
        ("mission", _("Mission")),
        ("activities", _("Activities")),
        ("change", _("Change")),
        ("attendance", _("Attendance")),
        ("attendance_change", _("Change")),
        ("cost", _("Cost (yen)")),
        ("alumni", _("Alumni involved")),
        ("applicants", _("Applicants")),
        ("status", _("Self-evaluation")),
    ]
    headers = [
        {
            "key": key,
            "label": label,
            "sort": f"-{key}" if sort == key else key,
            "current": "ascending" if sort == key else "descending" if sort == f"-{key}" else "",
        }
        for key, label in columns
    ]
    return render(
        request,
        "outreach/review.html",
        {
            "form": form,
            "year": year,
            "sort": sort,
            "headers": headers,
            "page": paginate(request, selectors.review_rows(request.user, year, sort)),
            "totals": selectors.review_totals(request.user, year),
        },
    )


@login_required
def review_export(request: AuthedRequest) -> HttpResponse:
    forbid_unless(can_see_review(scope_of(request.user)))
    _form, year, sort = _review_filters(request)
    fmt = request.GET.get("format", "xlsx")
    exported = actions.perform(
        request, lambda: services.export_review(actor=request.user, fiscal_year=year, fmt=fmt, sort=sort)
    )
    if exported.value is None:
        return redirect(f"{reverse('outreach:review')}?year={year}")
    content, content_type, name = exported.value
    return exports.download(content, filename=name, content_type=content_type)
