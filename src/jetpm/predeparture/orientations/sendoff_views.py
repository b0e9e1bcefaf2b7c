"""Pages of the send-off evaluation: the mission writes and submits it; MOFA HQ reviews every mission's side
by side."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from jetpm.core.calendar import fiscal_year_of
from jetpm.core.desk_figures import DeskFigures
from jetpm.core.http import AuthedRequest
from jetpm.core.scoping import scope_of
from jetpm.core.views import forbid_unless, paginate
from jetpm.outreach import views_reports
from jetpm.outreach.forms import NewEvaluationForm, ReviewForm
from jetpm.predeparture.models_orientations import SendoffEvaluation
from jetpm.predeparture.orientations import selectors, services
from jetpm.predeparture.orientations.forms import SendoffForm, YearForm
from jetpm.predeparture.orientations.permissions import (
    can_draft_sendoff,
    can_see_sendoff,
    can_see_sendoff_review,
)


def _years() -> list[int]:
    now = fiscal_year_of(timezone.localdate())
    return list(range(now + 1, now - 5, -1))


def _this_year() -> int:
    return fiscal_year_of(timezone.localdate())


FIGURE_KEYS = (
    "orientations",
    "receptions",
    "planned",
    "cancelled",
    "invited",
    "attended",
    "attendance_rate",
    "feedback",
    "average_rating",
    "speakers",
)


def figure_rows(figures: dict[str, object]) -> list[tuple[str, object]]:
    labels = {
        "orientations": _("Orientations held"),
        "receptions": _("Receptions held"),
        "planned": _("Events still planned"),
        "cancelled": _("Events cancelled"),
        "invited": _("Candidates invited"),
        "attended": _("Candidates who attended"),
        "attendance_rate": _("Attendance rate (%)"),
        "feedback": _("Feedback received"),
        "average_rating": _("Average rating (1–5)"),
        "speakers": _("Alumni speakers"),
    }
    return [(labels[k], figures.get(k)) for k in FIGURE_KEYS]


def desk_rows(figures: DeskFigures) -> list[tuple[str, object]]:
    return [
        (_("Questions asked by the candidates"), figures.asked),
        (_("Questions answered"), figures.answered),
        (_("Median hours to the first answer"), hours(figures.median_hours)),
        (_("90th percentile of hours to the first answer"), hours(figures.p90_hours)),
    ]


def hours(value: float | None) -> str | None:
    return None if value is None else f"{value:.1f}"


@login_required
def sendoff_list(request: AuthedRequest) -> HttpResponse:
    scope = scope_of(request.user)
    forbid_unless(can_see_sendoff(scope))
    form = YearForm(request.GET or None, years=_years(), initial={"year": _this_year()})
    year = (form.cleaned_data.get("year") if form.is_valid() else None) or _this_year()
    own = sorted(m for m in scope.mission_ids if can_draft_sendoff(scope, m))
    existing = set(
        selectors.sendoffs_for(request.user, fiscal_year=year).values_list("mission_id", flat=True)
    )
    return render(
        request,
        "predeparture/orientations/sendoff_list.html",
        {
            "form": form,
            "year": year,
            "page": paginate(request, selectors.sendoffs_for(request.user)),
            "can_open": [m for m in own if m not in existing],
            "can_review_page": can_see_sendoff_review(scope),
        },
    )


@login_required
def sendoff_create(request: AuthedRequest) -> HttpResponse:
    scope = scope_of(request.user)
    forbid_unless(any(can_draft_sendoff(scope, m) for m in scope.mission_ids) or scope.is_superuser)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    return views_reports.create(
        request,
        NewEvaluationForm(request.POST, missions=selectors.missions_for(request.user)),
        open_draft=lambda mission_id, year: services.create_sendoff(
            actor=request.user, mission_id=mission_id, fiscal_year=year
        ),
        success=_("The send-off evaluation was opened as a draft."),
        back="predeparture:sendoff_list",
        edit=lambda evaluation: redirect("predeparture:sendoff_edit", sendoff_id=evaluation.pk),
    )


@login_required
def sendoff_detail(request: AuthedRequest, sendoff_id: int) -> HttpResponse:
    evaluation = selectors.access_sendoff(request.user, sendoff_id)
    desk = selectors.sendoff_desk_figures(evaluation)
    return render(
        request,
        "predeparture/orientations/sendoff_detail.html",
        {
            "evaluation": evaluation,
            "figure_rows": figure_rows(selectors.sendoff_figures(evaluation)),
            "desk_rows": desk_rows(desk.figures) if desk.figures is not None else None,
            "desk_frozen": desk.frozen,
            "sections": [
                (getattr(evaluation._meta.get_field(name), "verbose_name", name), getattr(evaluation, name))
                for name in services.SENDOFF_TEXT_FIELDS
            ],
            **selectors.sendoff_abilities(request.user, evaluation),
            "review_form": ReviewForm(),
            "can_review_page": can_see_sendoff_review(scope_of(request.user)),
        },
    )


def _detail(evaluation: SendoffEvaluation) -> str:
    return reverse("predeparture:sendoff_detail", kwargs={"sendoff_id": evaluation.pk})


@login_required
@require_http_methods(["GET", "POST"])
def sendoff_edit(request: AuthedRequest, sendoff_id: int) -> HttpResponse:
    evaluation = selectors.access_sendoff(request.user, sendoff_id, action="edit")
    form = SendoffForm(request.POST or None, instance=evaluation)
    return views_reports.edit(
        request,
        evaluation,
        form,
        kind=services.SENDOFF_REPORT,
        save=lambda: services.update_sendoff(
            actor=request.user,
            sendoff_id=evaluation.pk,
            texts={k: form.cleaned_data.get(k) or "" for k in services.SENDOFF_TEXT_FIELDS},
        ),
        success=_("The send-off evaluation was saved."),
        detail=_detail(evaluation),
        template="predeparture/orientations/sendoff_form.html",
    )


@login_required
def sendoff_submit(request: AuthedRequest, sendoff_id: int) -> HttpResponse:
    evaluation = selectors.access_sendoff(request.user, sendoff_id, action="submit")
    return views_reports.submit(
        request,
        submit=lambda: services.submit_sendoff(actor=request.user, sendoff_id=evaluation.pk),
        success=_("The send-off evaluation was submitted to MOFA."),
        detail=_detail(evaluation),
    )


@login_required
def sendoff_review(request: AuthedRequest, sendoff_id: int) -> HttpResponse:
    evaluation = selectors.access_sendoff(request.user, sendoff_id, action="review")
    return views_reports.review(
        request,
        review=lambda comment: services.review_sendoff(
            actor=request.user, sendoff_id=evaluation.pk, comment=comment
        ),
        missing=_("MOFA's comment: write a comment on the send-off evaluation."),
        success=_("The send-off evaluation was marked as reviewed."),
        detail=_detail(evaluation),
    )


@login_required
def sendoff_side_by_side(request: AuthedRequest) -> HttpResponse:
    forbid_unless(can_see_sendoff_review(scope_of(request.user)))
    form = YearForm(request.GET or None, years=_years(), initial={"year": _this_year()})
    year = (form.cleaned_data.get("year") if form.is_valid() else None) or _this_year()
    page = paginate(request, selectors.review_rows(request.user, year))
    desk = selectors.review_desk_figures(page, year)
    for m in page:
        m.status_label = selectors.review_status_label(m.sendoff_status)  # type: ignore[attr-defined]
        figures = None if desk is None else desk.get(m.pk)
        m.desk = figures  # type: ignore[attr-defined]
        m.desk_median = None if figures is None else hours(figures.median_hours)  # type: ignore[attr-defined]
    return render(
        request,
        "predeparture/orientations/sendoff_review.html",
        {"form": form, "year": year, "page": page, "desk": desk is not None},
    )
