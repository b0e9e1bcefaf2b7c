"""Pages of screening: home, the member's queue, panels, members and assignments. Thin: parse, call one
service or selector, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from jetpm.applications.permissions import is_hq
from jetpm.core.actions import perform
from jetpm.core.http import AuthedRequest
from jetpm.core.scoping import scope_of
from jetpm.core.views import forbid_unless, form_errors_to_messages, paginate
from jetpm.screening.forms.panels import (
    AddMemberForm,
    AssignForm,
    BulkAssignForm,
    ExternalMemberForm,
    PanelForm,
    PanelSettingsForm,
    UserIdForm,
)
from jetpm.screening.models import Panel
from jetpm.screening.permissions import (
    can_manage_panels,
    can_read_score_sheet,
    can_see_conflicts,
    can_use_screening,
)
from jetpm.screening.selectors import panels as selectors
from jetpm.screening.selectors import review as review_selectors
from jetpm.screening.services import panels as services
from jetpm.screening.states import REVIEWED_STAGES
from jetpm.screening.views._common import post_only


def _user_label(user) -> str:  # type: ignore[no-untyped-def]
    full = user.get_full_name()
    return f"{full} ({user.username})" if full else user.username


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    scope = scope_of(request.user)
    forbid_unless(can_use_screening(scope))
    managed = selectors.panels_for(request.user).filter(mission_id__in=scope.mission_ids)
    bulk_panels = [(p.pk, f"{p.name} ({p.intake_year})") for p in managed[:200]]
    return render(
        request,
        "screening/home.html",
        {
            "my_panels": selectors.my_panels(request.user),
            "queue_count": review_selectors.queue_for(request.user).count(),
            "page": paginate(request, selectors.panels_for(request.user)),
            "can_create": bool(scope.mission_ids),
            "is_hq": is_hq(scope),
            "panel_form": PanelForm(),
            "bulk_form": BulkAssignForm(panels=bulk_panels) if bulk_panels else None,
        },
    )


@login_required
def queue(request: AuthedRequest) -> HttpResponse:
    forbid_unless(can_use_screening(scope_of(request.user)))
    show_all = request.GET.get("show") == "all"
    qs = review_selectors.queue_for(request.user, open_only=not show_all)
    return render(request, "screening/queue.html", {"page": paginate(request, qs), "show_all": show_all})


@login_required
def panel_create(request: AuthedRequest) -> HttpResponse:
    scope = scope_of(request.user)
    forbid_unless(bool(scope.mission_ids))
    if (refused := post_only(request)) is not None:
        return refused
    form = PanelForm(request.POST)
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return redirect("screening:home")
    mission_id = min(scope.mission_ids)
    d = form.cleaned_data
    outcome = perform(
        request,
        lambda: services.create_panel(
            actor=request.user,
            mission_id=mission_id,
            intake_year=d["intake_year"],
            name=d["name"],
            job_type=d["job_type"],
            disagreement_threshold=d["disagreement_threshold"],
        ),
        success=_("The panel was created."),
    )
    if outcome.value is not None:
        return redirect("screening:panel_detail", panel_id=outcome.value.pk)
    return redirect("screening:home")


@login_required
def panel_detail(request: AuthedRequest, panel_id: int) -> HttpResponse:
    panel = selectors.access_panel_by_id(request.user, panel_id)
    scope = scope_of(request.user)
    manage = can_manage_panels(scope, panel.mission_id)
    members = selectors.panel_members(panel)
    ctx: dict[str, object] = {
        "panel": panel,
        "members": members,
        "can_manage": manage,
        "can_sheet": can_read_score_sheet(scope, panel),
        "stages": [(stage.value, stage.label) for stage in REVIEWED_STAGES],
        "conflicts": selectors.panel_conflicts(request.user, panel)[:100]
        if can_see_conflicts(scope, panel)
        else None,
    }
    if manage:
        ctx["settings_form"] = PanelSettingsForm(
            initial={"disagreement_threshold": panel.disagreement_threshold, "chair": panel.chair_id},
            members=[(m.user_id, _user_label(m.user)) for m in members],
        )
        candidates = [(u.pk, _user_label(u)) for u in services.eligible_member_users(panel)[:500]]
        ctx["add_form"] = AddMemberForm(users=candidates) if candidates else None
        ctx["external_form"] = ExternalMemberForm()
        ctx["assignable"] = paginate(
            request, selectors.assignable_applications(request.user, panel), per_page=20
        )
    return render(request, "screening/panel_detail.html", ctx)


def _managed_panel(request: AuthedRequest, panel_id: int) -> Panel:
    return selectors.access_panel_by_id(request.user, panel_id, action="manage")


@login_required
def panel_settings(request: AuthedRequest, panel_id: int) -> HttpResponse:
    panel = _managed_panel(request, panel_id)
    if (refused := post_only(request)) is not None:
        return refused
    members = [(m.user_id, m.user.username) for m in selectors.panel_members(panel)]
    form = PanelSettingsForm(request.POST, members=members)
    if form.is_valid():
        perform(
            request,
            lambda: services.update_panel(
                actor=request.user,
                panel_id=panel.pk,
                disagreement_threshold=form.cleaned_data["disagreement_threshold"],
                chair_id=form.cleaned_data["chair"],
            ),
            success=_("The panel was saved."),
        )
    else:
        form_errors_to_messages(request, form)
    return redirect("screening:panel_detail", panel_id=panel.pk)


@login_required
def member_add(request: AuthedRequest, panel_id: int) -> HttpResponse:
    panel = _managed_panel(request, panel_id)
    if (refused := post_only(request)) is not None:
        return refused
    form = UserIdForm({"user": request.POST.get("user")})
    if form.is_valid():
        perform(
            request,
            lambda: services.add_member(
                actor=request.user, panel_id=panel.pk, user_id=form.cleaned_data["user"]
            ),
            success=_("The member was added."),
        )
    else:
        form_errors_to_messages(request, form)
    return redirect("screening:panel_detail", panel_id=panel.pk)


@login_required
def member_external(request: AuthedRequest, panel_id: int) -> HttpResponse:
    panel = _managed_panel(request, panel_id)
    if (refused := post_only(request)) is not None:
        return refused
    form = ExternalMemberForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        perform(
            request,
            lambda: services.add_external_member(
                actor=request.user,
                panel_id=panel.pk,
                email=d["email"],
                family_name=d["family_name"],
                given_name=d["given_name"],
                kind=d["kind"],
                language=d["language"],
            ),
            success=_("The external member was added and invited by e-mail to set a password."),
        )
    else:
        form_errors_to_messages(request, form)
    return redirect("screening:panel_detail", panel_id=panel.pk)


@login_required
def member_remove(request: AuthedRequest, panel_id: int) -> HttpResponse:
    panel = _managed_panel(request, panel_id)
    if (refused := post_only(request)) is not None:
        return refused
    form = UserIdForm(request.POST)
    if form.is_valid():
        perform(
            request,
            lambda: services.remove_member(
                actor=request.user, panel_id=panel.pk, user_id=form.cleaned_data["user"]
            ),
            success=_("The member was removed from the panel."),
        )
    else:
        form_errors_to_messages(request, form)
    return redirect("screening:panel_detail", panel_id=panel.pk)


@login_required
def assign(request: AuthedRequest, panel_id: int) -> HttpResponse:
    panel = _managed_panel(request, panel_id)
    if (refused := post_only(request)) is not None:
        return refused
    form = AssignForm(request.POST)
    if form.is_valid():
        perform(
            request,
            lambda: services.assign(
                actor=request.user, panel_id=panel.pk, application_id=form.cleaned_data["application"]
            ),
            success=_("The application was assigned to the panel."),
        )
    else:
        form_errors_to_messages(request, form)
    return redirect("screening:panel_detail", panel_id=panel.pk)


@login_required
def assign_bulk(request: AuthedRequest) -> HttpResponse:
    scope = scope_of(request.user)
    forbid_unless(bool(scope.mission_ids))
    if (refused := post_only(request)) is not None:
        return refused
    panels = list(selectors.panels_for(request.user).filter(mission_id__in=scope.mission_ids)[:200])
    form = BulkAssignForm(request.POST, panels=[(p.pk, p.name) for p in panels])
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return redirect("screening:home")
    chosen = [p for p in panels if p.pk in form.cleaned_data["panels"]]
    outcome = perform(
        request,
        lambda: services.assign_unassigned(
            actor=request.user,
            mission_id=chosen[0].mission_id,
            intake_year=chosen[0].intake_year,
            job_type=form.cleaned_data["job_type"],
            panel_ids=[p.pk for p in chosen],
        ),
        success=_("The unassigned eligible applications were shared among the panels."),
    )
    if outcome.ok:
        n = outcome.value or 0
        messages.info(
            request, ngettext("%(n)s application assigned.", "%(n)s applications assigned.", n) % {"n": n}
        )
    return redirect("screening:home")
