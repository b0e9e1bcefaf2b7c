"""Pages of core. Thin: parse, call one selector or service, render."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from jetpm.core import actions, confirm, privacy, selectors, services, services_chain
from jetpm.core.dashboard import tasks_for
from jetpm.core.forms import (
    AuditFilterForm,
    CycleDatesForm,
    CycleRulesForm,
    LanguageForm,
    MissionDatesForm,
    MissionTimeZoneForm,
    NewCycleForm,
    OrganisationFilterForm,
    PersonFilterForm,
)
from jetpm.core.forms_retention import HoldForm
from jetpm.core.http import AuthedRequest
from jetpm.core.middleware import CHOSEN_LANGUAGE
from jetpm.core.permissions import (
    can_edit_calendar,
    can_hold,
    can_manage_members,
    can_read_audit,
    can_set_mission_dates,
    can_set_time_zone,
    reads_all_audit,
)
from jetpm.core.scoping import scope_of
from jetpm.core.states import NATIONAL_KINDS, OrgKind
from jetpm.core.time_zones import utc_offset_label


def paginate(request: HttpRequest, qs: QuerySet, per_page: int | None = None) -> Page:
    return Paginator(qs, per_page or settings.JETPM_PAGE_SIZE).get_page(request.GET.get("page"))


def paginate_ids(request: HttpRequest, qs: QuerySet, per_page: int | None = None) -> Page:
    """:func:`paginate` for a list whose rows are costly (joins, counts, flags): the page is chosen on the
    ids alone (the database sorts plain rows), then only the page's rows are read with all they carry, in
    the same order. Two queries instead of one, each bounded; the costly part runs for 50 rows, not for
    every row of the list."""
    page = paginate(request, qs.values_list("pk", flat=True), per_page)
    ids = list(page.object_list)
    rows = {row.pk: row for row in qs.filter(pk__in=ids)}
    page.object_list = [rows[pk] for pk in ids if pk in rows]
    return page


def form_errors_to_messages(request: HttpRequest, form: Any) -> None:
    """A refused form on a page that redirects: each error as a message naming its field."""
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else str(error))


def forbid_unless(allowed: bool) -> None:
    """Pages a role has no business with answer 404, like records outside the user's scope."""
    if not allowed:
        raise Http404


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    today = timezone.localdate()
    windows = selectors.windows_on(request.user, today)
    memberships = list(selectors.user_memberships(request.user))
    return render(
        request,
        "core/home.html",
        {
            "today": today,
            "windows": windows,
            "upcoming": selectors.upcoming_on(request.user, today),
            "tasks": tasks_for(request.user, today, windows),
            "memberships": memberships,
            "openable_organisations": selectors.openable_organisation_ids(
                request.user, [m.organisation_id for m in memberships]
            ),
            "person": getattr(request.user, "person", None),
            "national_kinds": NATIONAL_KINDS,
        },
    )


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    form = LanguageForm(request.POST)
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        target = "/"
    response = HttpResponseRedirect(target)
    if not form.is_valid():
        messages.error(request, _("Unknown language."))
        return response
    language = form.cleaned_data["language"]
    if request.user.is_authenticated:
        services.set_user_language(actor=request.user, language=language)
    else:
        # chosen on the login page: applied to the account at the login that follows (UserLanguageMiddleware)
        request.session[CHOSEN_LANGUAGE] = language
    translation.activate(language)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=365 * 24 * 3600,
        samesite="Lax",
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=True,
    )
    return response


@login_required
def organisation_list(request: AuthedRequest) -> HttpResponse:
    form = OrganisationFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    prefecture = filters.get("prefecture")
    qs = selectors.organisations_for(
        request.user,
        kind=filters.get("kind", ""),
        prefecture=prefecture.code if prefecture else "",
        q=filters.get("q", ""),
    )
    return render(request, "core/organisation_list.html", {"form": form, "page": paginate(request, qs)})


@login_required
def organisation_detail(request: AuthedRequest, organisation_id: int) -> HttpResponse:
    org = selectors.access_organisation_by_id(request.user, organisation_id)
    scope = scope_of(request.user)
    return render(
        request,
        "core/organisation_detail.html",
        {
            "org": org,
            "members": selectors.organisation_members(org)
            if (scope.national or scope.acts_for(org.pk))
            else None,
            "can_manage_members": can_manage_members(scope, org.pk),
            "can_set_time_zone": org.kind == OrgKind.MISSION and can_set_time_zone(scope, org.pk),
            "time_zone_offset": utc_offset_label(org.time_zone) if org.time_zone else "",
            "people": paginate(request, selectors.persons_for(request.user, organisation=org), per_page=20),
            "area": paginate(
                request, selectors.organisations_for(request.user).filter(host_org=org), per_page=20
            )
            if org.kind == OrgKind.HOST_ORG
            else None,
        },
    )


@login_required
def person_list(request: AuthedRequest) -> HttpResponse:
    form = PersonFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = selectors.persons_for(request.user, kind=filters.get("kind", ""), q=filters.get("q", ""))
    return render(request, "core/person_list.html", {"form": form, "page": paginate(request, qs)})


@login_required
def person_detail(request: AuthedRequest, person_id: int) -> HttpResponse:
    person = selectors.access_person_by_id(request.user, person_id)
    holds = selectors.legal_holds_of(person)
    return render(
        request,
        "core/person_detail.html",
        {
            "person": person,
            "standing_hold": next((h for h in holds if h.lifted_at is None), None),
            "holds": holds,
            "can_hold": can_hold(scope_of(request.user)),
            "hold_form": HoldForm(),
        },
    )


@login_required
def cycle_list(request: AuthedRequest) -> HttpResponse:
    scope = scope_of(request.user)
    return render(
        request,
        "core/cycle_list.html",
        {
            "page": paginate(request, selectors.cycles_for(request.user)),
            "today": timezone.localdate(),
            "can_edit": can_edit_calendar(scope),
            "new_cycle_form": NewCycleForm(initial={"intake_year": selectors.next_intake_year()}),
        },
    )


@login_required
@require_POST
def cycle_create(request: AuthedRequest) -> HttpResponse:
    scope = scope_of(request.user)
    forbid_unless(can_edit_calendar(scope))
    form = NewCycleForm(request.POST)
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return redirect("core:cycle_list")
    created = actions.perform(
        request,
        lambda: services.create_cycle(actor=request.user, intake_year=form.cleaned_data["intake_year"]),
        success=_("The recruitment cycle was opened with the programme's default dates."),
    )
    if not created.ok or created.value is None:
        return redirect("core:cycle_list")
    return redirect("core:cycle_edit", cycle_id=created.value.pk)


@login_required
def cycle_detail(request: AuthedRequest, cycle_id: int) -> HttpResponse:
    cycle = selectors.access_cycle_by_id(request.user, cycle_id)
    scope = scope_of(request.user)
    today = timezone.localdate()
    return render(
        request,
        "core/cycle_detail.html",
        {
            "cycle": cycle,
            "milestones": selectors.cycle_milestones(cycle),
            "overrides": paginate(request, selectors.cycle_overrides(request.user, cycle)),
            "today": today,
            "open": selectors.windows_on(request.user, today),
            "can_edit": can_edit_calendar(scope),
            # the missions whose own dates this user may set (an approver sees the calendar, edits nothing)
            "my_missions": sorted(m for m in scope.mission_ids if can_set_mission_dates(scope, m)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def cycle_edit(request: AuthedRequest, cycle_id: int) -> HttpResponse:
    cycle = selectors.access_cycle_by_id(request.user, cycle_id, action="edit")
    initial = {m.kind: (m.starts_on, m.ends_on) for m in selectors.cycle_milestones(cycle)}
    rules_form = CycleRulesForm(request.POST or None, instance=cycle, prefix="rules")
    dates_form = CycleDatesForm(request.POST or None, initial_dates=initial, prefix="dates")
    if request.method == "POST" and rules_form.is_valid() and dates_form.is_valid():
        saved = actions.perform(
            request,
            lambda: services.update_cycle(
                actor=request.user,
                cycle_id=cycle.pk,
                rules=rules_form.cleaned_data,
                milestones=dates_form.milestone_dates(),
            ),
            success=_("The calendar was saved."),
        )
        if saved.ok:
            return redirect("core:cycle_detail", cycle_id=cycle.pk)
    return render(
        request,
        "core/cycle_edit.html",
        {"cycle": cycle, "rules_form": rules_form, "dates_form": dates_form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def mission_dates_edit(request: AuthedRequest, cycle_id: int, mission_id: int) -> HttpResponse:
    cycle = selectors.access_cycle_by_id(request.user, cycle_id)
    mission = selectors.access_mission_by_id(request.user, mission_id, action="set_dates")
    milestones = selectors.cycle_milestones(cycle)
    current = selectors.mission_overrides(cycle, mission)
    forms_ = [
        (
            m,
            MissionDatesForm(
                request.POST or None,
                prefix=f"m{m.pk}",
                initial={
                    "starts_on": current[m.pk].starts_on if m.pk in current else None,
                    "ends_on": current[m.pk].ends_on if m.pk in current else None,
                },
            ),
        )
        for m in milestones
    ]
    if request.method == "POST":
        if all(f.is_valid() for _m, f in forms_):

            def save_changed() -> None:
                for m, f in forms_:
                    if f.has_changed():
                        services.set_mission_dates(
                            actor=request.user,
                            milestone_id=m.pk,
                            mission_id=mission.pk,
                            starts_on=f.cleaned_data["starts_on"],
                            ends_on=f.cleaned_data["ends_on"],
                        )

            saved = actions.perform(request, save_changed, success=_("The mission's dates were saved."))
            if saved.ok:
                return redirect("core:cycle_detail", cycle_id=cycle.pk)
        status = 400
    else:
        status = 200
    return render(
        request,
        "core/mission_dates_edit.html",
        {"cycle": cycle, "mission": mission, "forms": forms_},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def mission_time_zone_edit(request: AuthedRequest, organisation_id: int) -> HttpResponse:
    mission = selectors.access_mission_by_id(request.user, organisation_id, action="set_time_zone")
    return actions.form_page(
        request,
        MissionTimeZoneForm(request.POST or None, current=mission.time_zone),
        lambda time_zone: services.set_mission_time_zone(
            actor=request.user, mission_id=mission.pk, time_zone=time_zone
        ),
        done=reverse("core:organisation_detail", kwargs={"organisation_id": mission.pk}),
        template="core/mission_time_zone_edit.html",
        context={"org": mission},
        success=_("The mission's time zone was saved."),
    )


@login_required
def audit_list(request: AuthedRequest) -> HttpResponse:
    scope = scope_of(request.user)
    forbid_unless(can_read_audit(scope))
    form = AuditFilterForm(request.GET or None, object_types=selectors.audit_object_types(request.user))
    f = selectors.AuditFilter()
    if form.is_valid():
        d = form.cleaned_data
        f = selectors.AuditFilter(
            organisation_id=d.get("organisation"),
            person_id=d.get("person"),
            actor=d.get("actor") or "",
            object_type=d.get("object_type") or "",
            object_id=d.get("object_id") or "",
            date_from=d.get("date_from"),
            date_to=d.get("date_to"),
        )
    return render(
        request,
        "core/audit_list.html",
        {
            "form": form,
            "page": paginate(request, selectors.audit_events_for(request.user, f)),
            "can_verify": reads_all_audit(scope),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def my_data(request: AuthedRequest) -> HttpResponse:
    """The signed-in person's own data (APPI / GDPR subject access): a page, and the ZIP on POST."""
    person_id = scope_of(request.user).person_id
    forbid_unless(person_id is not None)
    assert person_id is not None
    if request.method == "POST":
        response = HttpResponse(content_type="application/zip")
        response["Content-Disposition"] = 'attachment; filename="jetpm-my-data.zip"'
        privacy.export_person(
            actor=request.user, person_id=person_id, target=response, language=request.LANGUAGE_CODE
        )
        return response
    return render(request, "core/my_data.html", {"schedules": selectors.retention_schedules()})


@login_required
@require_http_methods(["GET", "POST"])
def audit_chain(request: AuthedRequest) -> HttpResponse:
    """The state of the audit log's hash chain (national staff and superusers): the recorded verifications
    and the newest events checked now; POST asks the background worker for a full verification."""
    forbid_unless(reads_all_audit(scope_of(request.user)))
    if request.method == "POST":
        events = selectors.chain_length()
        if events > selectors.CONFIRM_VERIFICATION_ABOVE and not confirm.confirmed(request):
            return confirm.ask(
                request,
                title=_("Verify the whole audit log now?"),
                heading=_("Please confirm: this takes a while"),
                consequences=[
                    _(
                        "The hash of every one of the %(events)s events is recomputed from the first: on a "
                        "log this long it takes a while, and it runs in the background."
                    )
                    % {"events": f"{events:,}"},
                    _("Its outcome appears in the list of verifications on this page when it has finished."),
                ],
                confirm_label=_("Verify now"),
                cancel_url=reverse("core:audit_chain"),
            )
        actions.perform(
            request,
            lambda: services_chain.request_verification(actor=request.user),
            success=_(
                "The full verification was asked for: the background worker runs it, and its outcome "
                "appears in the list below."
            ),
        )
        return redirect("core:audit_chain")
    return render(
        request,
        "core/audit_chain.html",
        {
            "state": selectors.audit_chain_state(request.user),
            "page": paginate(request, selectors.chain_verifications(request.user)),
        },
    )


@login_required
def audit_detail(request: AuthedRequest, event_id: int) -> HttpResponse:
    event = selectors.access_audit_event_by_id(request.user, event_id)
    return render(request, "core/audit_detail.html", {"event": event})
