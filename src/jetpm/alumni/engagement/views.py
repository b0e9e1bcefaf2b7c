"""Pages of the alumni's engagement: the records, the search of consenting alumni, the recording form."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from jetpm.alumni.engagement import selectors, services
from jetpm.alumni.engagement.forms import EngagementForm, SearchForm
from jetpm.alumni.outreach_permissions import can_search_alumni, can_see_engagement
from jetpm.core import actions
from jetpm.core.http import AuthedRequest
from jetpm.core.scoping import scope_of
from jetpm.core.views import forbid_unless, paginate


@login_required
def index(request: AuthedRequest) -> HttpResponse:
    scope = scope_of(request.user)
    forbid_unless(can_see_engagement(scope))
    return render(
        request,
        "alumni/engagement/index.html",
        {
            "page": paginate(request, selectors.engagements_for(request.user)),
            "can_search": can_search_alumni(scope),
            "own": scope.person_id is not None and not scope.roles,
        },
    )


@login_required
def find(request: AuthedRequest) -> HttpResponse:
    forbid_unless(can_search_alumni(scope_of(request.user)))
    form = SearchForm(request.GET or None, countries=selectors.search_countries(request.user))
    filters = form.cleaned_data if form.is_valid() else {}
    language = filters.get("language")
    qs = selectors.find_alumni(
        request.user,
        country=filters.get("country"),
        city=filters.get("city", ""),
        sector=filters.get("sector", ""),
        language_id=language.pk if language else None,
    )
    return render(
        request,
        "alumni/engagement/find.html",
        {
            "form": form,
            "page": paginate(request, qs),
            "can_record": selectors.recording_missions(request.user).exists(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def create(request: AuthedRequest) -> HttpResponse:
    missions = selectors.recording_missions(request.user)
    forbid_unless(missions.exists())
    raw = request.POST.get("person") if request.method == "POST" else request.GET.get("person")
    try:
        person_id = int(raw or "")
    except ValueError:
        person_id = 0
    profile = selectors.consenting_alumnus(request.user, person_id)
    forbid_unless(profile is not None)
    form = EngagementForm(
        request.POST or None,
        missions=missions,
        activities=selectors.activities_of(missions),
        panels=selectors.panels_of(missions),
        initial={
            "person": person_id,
            "date": timezone.localdate(),
            "mission": missions.first() if missions.count() == 1 else None,
        },
    )
    if request.method == "POST" and form.is_valid():
        done = actions.perform_form(
            request,
            form,
            lambda: services.record_engagement(
                actor=request.user, mission_id=form.cleaned_data["mission"].pk, data=form.engagement_input()
            ),
            success=_("The engagement was recorded."),
        )
        if done.value is not None:
            return redirect("alumni:engagement:detail", engagement_id=done.value.pk)
    return render(
        request,
        "alumni/engagement/form.html",
        {"form": form, "profile": profile},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def detail(request: AuthedRequest, engagement_id: int) -> HttpResponse:
    engagement = selectors.access_engagement(request.user, engagement_id)
    return render(request, "alumni/engagement/detail.html", {"e": engagement})
