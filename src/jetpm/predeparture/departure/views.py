"""Pages of departure groups and arrival: the groups (mission, CLAIR, national bodies), one group with its
participants and history, who arrives when (the CO, CLAIR), the arrival figures (XLSX/CSV), one's own
departure. Thin: parse, call one service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from jetpm.core import actions
from jetpm.core.calendar import fiscal_year_label, fiscal_year_of
from jetpm.core.confirm import ask, confirmed
from jetpm.core.exports import download, table_bytes
from jetpm.core.http import AuthedRequest
from jetpm.core.scoping import scope_of
from jetpm.core.states import PersonKind
from jetpm.core.views import forbid_unless, form_errors_to_messages, paginate
from jetpm.predeparture.departure import arrivals, selectors, services
from jetpm.predeparture.departure.forms import (
    ArrivalFilterForm,
    ArrivalForm,
    AssignForm,
    GroupChangeForm,
    GroupCreateForm,
    MoveForm,
    ReasonForm,
    YearForm,
)
from jetpm.predeparture.departure.permissions import (
    can_confirm_arrival,
    can_manage_groups,
    can_record_withdrawal,
    can_see_arrival_figures,
    can_view_arrivals,
    can_view_groups,
    is_clair_staff,
)
from jetpm.predeparture.departure.states import DepartureStatus, GroupCode
from jetpm.predeparture.models import DepartureAssignment, DepartureGroup


def _year(request: AuthedRequest, default: int | None = None) -> int:
    form = YearForm(request.GET or None)
    if form.is_valid() and form.cleaned_data.get("fiscal_year"):
        return int(form.cleaned_data["fiscal_year"])
    return default if default is not None else fiscal_year_of(timezone.localdate())


def _mission_ids(request: AuthedRequest) -> set[int] | None:
    scope = scope_of(request.user)
    return None if is_clair_staff(scope) else set(scope.mission_ids)


def _fields(data: dict[str, Any]) -> services.GroupFields:
    return services.GroupFields(
        departure_date=data["departure_date"],
        arrival_date=data["arrival_date"],
        airport=data["airport"],
        flight=data.get("flight") or "",
    )


@login_required
@require_http_methods(["GET", "POST"])
def group_list(request: AuthedRequest) -> HttpResponse:
    scope = scope_of(request.user)
    forbid_unless(can_view_groups(scope))
    year = _year(request, default=fiscal_year_of(timezone.localdate()))
    can_create = can_manage_groups(scope)
    form = GroupCreateForm(
        request.POST if request.method == "POST" else None,
        mission_ids=_mission_ids(request),
        initial={"fiscal_year": year},
    )
    if request.method == "POST":
        forbid_unless(can_create)
        if form.is_valid():
            d = form.cleaned_data
            created = actions.perform_form(
                request,
                form,
                lambda: services.create_group(
                    actor=request.user,
                    intake_year=d["fiscal_year"],
                    mission_id=d["mission"].pk,
                    code=d["code"],
                    fields=_fields(d),
                ),
                success=_("The departure group was created."),
            )
            if created.ok and created.value is not None:
                return redirect("predeparture:group_detail", departure_group_id=created.value.pk)
    groups = selectors.groups_for(request.user, intake_year=year)
    return render(
        request,
        "predeparture/departure/group_list.html",
        {
            "year": year,
            "year_form": YearForm(initial={"fiscal_year": year}),
            "page": paginate(request, groups),
            "form": form if can_create else None,
            "years": selectors.intake_years(request.user),
        },
        status=400 if request.method == "POST" else 200,
    )


def _group_context(request: AuthedRequest, group: DepartureGroup, **forms: Any) -> dict[str, Any]:
    scope = scope_of(request.user)
    manages = can_manage_groups(scope, group.mission_id)
    page = paginate(request, selectors.group_members(request.user, group))
    others = [
        (g.pk, g.get_code_display())
        for g in DepartureGroup.objects.filter(intake_year=group.intake_year, mission_id=group.mission_id)
        .exclude(pk=group.pk)
        .order_by("arrival_date")
    ]
    for a in page:
        a.can_move = manages and a.status == DepartureStatus.ASSIGNED  # type: ignore[attr-defined]
        a.can_withdraw = a.status == DepartureStatus.ASSIGNED and can_record_withdrawal(scope, a)  # type: ignore[attr-defined]
        a.can_arrive = a.status == DepartureStatus.ASSIGNED and can_confirm_arrival(scope, a)  # type: ignore[attr-defined]
    candidates = (
        [
            (t.participant.person_id, f"{t.participant.jet_id} {t.participant.person}")
            for t in services.unassigned_placed(group)
        ]
        if manages
        else []
    )
    return {
        "group": group,
        "manages": manages,
        "page": page,
        "history": list(selectors.group_history(request.user, group)[:50]),
        "change_form": forms.get("change_form")
        or GroupChangeForm(
            initial={
                "departure_date": group.departure_date,
                "arrival_date": group.arrival_date,
                "airport": group.airport,
                "flight": group.flight,
            }
        ),
        "assign_form": forms.get("assign_form") or AssignForm(candidates=candidates),
        "candidates": len(candidates),
        "move_groups": others,
        "sees_group_list": can_view_groups(scope),
    }


@login_required
def group_detail(request: AuthedRequest, departure_group_id: int) -> HttpResponse:
    group = selectors.access_group_by_id(request.user, departure_group_id)
    return render(request, "predeparture/departure/group_detail.html", _group_context(request, group))


@login_required
@require_POST
def group_change(request: AuthedRequest, departure_group_id: int) -> HttpResponse:
    group = selectors.access_group_by_id(request.user, departure_group_id, action="manage")
    form = GroupChangeForm(request.POST)
    if form.is_valid():
        done = actions.perform_form(
            request,
            form,
            lambda: services.update_group(
                actor=request.user,
                group_id=group.pk,
                fields=_fields(form.cleaned_data),
                reason=form.cleaned_data["reason"],
            ),
            success=_("The group's travel was changed."),
        )
        if done.ok:
            return redirect("predeparture:group_detail", departure_group_id=group.pk)
    return render(
        request,
        "predeparture/departure/group_detail.html",
        _group_context(request, group, change_form=form),
        status=400,
    )


@login_required
@require_POST
def group_assign(request: AuthedRequest, departure_group_id: int) -> HttpResponse:
    group = selectors.access_group_by_id(request.user, departure_group_id, action="manage")
    if request.POST.get("all") == "yes":
        done = actions.perform(request, lambda: services.assign_all(actor=request.user, group_id=group.pk))
        if done.ok:
            messages.success(request, _("%(n)s placed candidates were put in the group.") % {"n": done.value})
        return redirect("predeparture:group_detail", departure_group_id=group.pk)
    person = request.POST.get("person", "")
    if not person.isdigit():
        messages.error(request, _("Choose a placed candidate."))
    else:
        actions.perform(
            request,
            lambda: services.assign(actor=request.user, group_id=group.pk, person_id=int(person)),
            success=_("The candidate was put in the group."),
        )
    return redirect("predeparture:group_detail", departure_group_id=group.pk)


def _back(request: AuthedRequest, assignment: DepartureAssignment) -> HttpResponse:
    target = request.POST.get("next", "")
    if target == "arrivals":
        return redirect(reverse("predeparture:arrival_list") + f"?fiscal_year={assignment.intake_year}")
    return redirect("predeparture:group_detail", departure_group_id=assignment.group_id)


@login_required
@require_POST
def departure_move(request: AuthedRequest, departure_id: int) -> HttpResponse:
    assignment = selectors.access_departure_by_id(request.user, departure_id, action="move")
    form = MoveForm(request.POST, groups=[(int(g), "") for g in request.POST.getlist("group") if g.isdigit()])
    if not form.is_valid():
        form_errors_to_messages(request, form)
    else:
        actions.perform(
            request,
            lambda: services.move(
                actor=request.user,
                departure_id=assignment.pk,
                group_id=form.cleaned_data["group"],
                reason=form.cleaned_data["reason"],
            ),
            success=_("The participant was moved to another group."),
        )
    return _back(request, assignment)


@login_required
@require_POST
def departure_arrive(request: AuthedRequest, departure_id: int) -> HttpResponse:
    assignment = selectors.access_departure_by_id(request.user, departure_id, action="confirm_arrival")
    form = ArrivalForm(request.POST)
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return _back(request, assignment)
    arrived_on = form.cleaned_data["arrived_on"]
    errors = services.arrival_errors(assignment, arrived_on, timezone.localdate())
    if not errors and not confirmed(request):
        start = arrived_on + services.ONE_DAY
        return ask(
            request,
            title=_("Confirm arrival"),
            consequences=[
                _("%(person)s arrived on %(day)s.")
                % {"person": assignment.person, "day": date_format(arrived_on, "DATE_FORMAT")},
                _("Their first term starts the next day, %(day)s, and its end follows the term-date rules.")
                % {"day": date_format(start, "DATE_FORMAT")},
            ],
            confirm_label=_("Confirm arrival"),
            cancel_url=reverse("predeparture:arrival_list"),
        )
    actions.perform(
        request,
        lambda: services.confirm_arrival(
            actor=request.user, departure_id=assignment.pk, arrived_on=arrived_on
        ),
        success=_("The arrival was confirmed; the first term starts the next day."),
    )
    return _back(request, assignment)


def _reopen(
    request: AuthedRequest, assignment: DepartureAssignment, step: str, title: str, call: Any
) -> HttpResponse:
    form = ReasonForm(request.POST)
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return _back(request, assignment)
    reason = form.cleaned_data["reason"]
    if not confirmed(request):
        return ask(
            request,
            title=title,
            consequences=[
                _("%(person)s: %(step)s (reason: %(reason)s).")
                % {"person": assignment.person, "step": title, "reason": reason},
                _(
                    "Their appointment is removed and their application withdrawn; the seat reopens for "
                    "placement's next correction run and, before the cut-off, for the next alternate."
                ),
            ],
            confirm_label=title,
            cancel_url=reverse(
                "predeparture:group_detail", kwargs={"departure_group_id": assignment.group_id}
            ),
        )
    done = actions.perform(
        request, lambda: call(actor=request.user, departure_id=assignment.pk, reason=reason)
    )
    if done.ok and done.value is not None:
        messages.success(request, services.describe(done.value) or _("Recorded."))
    return _back(request, assignment)


@login_required
@require_POST
def departure_no_show(request: AuthedRequest, departure_id: int) -> HttpResponse:
    assignment = selectors.access_departure_by_id(request.user, departure_id, action="no_show")
    return _reopen(request, assignment, "no_show", _("Did not arrive"), services.record_no_show)


@login_required
@require_POST
def departure_withdraw(request: AuthedRequest, departure_id: int) -> HttpResponse:
    assignment = selectors.access_departure_by_id(request.user, departure_id, action="withdraw")
    return _reopen(
        request, assignment, "withdraw", _("Withdrew before departure"), services.record_withdrawal
    )


@login_required
def arrival_list(request: AuthedRequest) -> HttpResponse:
    scope = scope_of(request.user)
    forbid_unless(can_view_arrivals(scope))
    form = ArrivalFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    year = filters.get("fiscal_year") or fiscal_year_of(timezone.localdate())
    page = paginate(
        request, selectors.arrivals_for(request.user, intake_year=year, status=filters.get("status", ""))
    )
    for a in page:
        a.can_arrive = a.status == DepartureStatus.ASSIGNED and can_confirm_arrival(scope, a)  # type: ignore[attr-defined]
    return render(
        request,
        "predeparture/departure/arrival_list.html",
        {
            "year": year,
            "form": ArrivalFilterForm(initial={"fiscal_year": year, "status": filters.get("status", "")}),
            "page": page,
            "today": timezone.localdate(),
        },
    )


@login_required
def departure_detail(request: AuthedRequest, departure_id: int) -> HttpResponse:
    assignment = selectors.access_departure_by_id(request.user, departure_id)
    return render(
        request,
        "predeparture/departure/departure_detail.html",
        {"a": assignment, "history": list(selectors.departure_history(request.user, assignment)[:50])},
    )


@login_required
def arrival_figures(request: AuthedRequest) -> HttpResponse:
    forbid_unless(can_see_arrival_figures(scope_of(request.user)))
    year = _year(request)
    rows = selectors.arrival_rows(request.user, fiscal_year=year)
    fmt = request.GET.get("format", "")
    if fmt in ("csv", "xlsx"):
        content, content_type = table_bytes(
            fmt, f"arrivals {year}", [list(arrivals.ARRIVALS_COLUMNS), *(r.cells() for r in rows)]
        )
        return download(content, filename=f"arrivals_{year}.{fmt}", content_type=content_type)
    names = selectors.mission_names([r.mission for r in rows])
    return render(
        request,
        "predeparture/departure/arrival_figures.html",
        {
            "year": year,
            "year_label": fiscal_year_label(year),
            "year_form": YearForm(initial={"fiscal_year": year}),
            "rows": [
                (r, dict(GroupCode.choices).get(r.group, r.group), names.get(r.mission, r.mission))
                for r in rows
            ],
            "totals": arrivals.totals(rows),
        },
    )


@login_required
def my_departure(request: AuthedRequest) -> HttpResponse:
    own = selectors.for_person(request.user)
    serving = scope_of(request.user).person_kind == PersonKind.PARTICIPANT
    return render(request, "predeparture/departure/my_departure.html", {"own": own, "serving": serving})
