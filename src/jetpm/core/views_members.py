"""The members pages: an organisation's administrators (and the national administrators) invite people,
change their roles and remove them. Thin: parse, call one selector or service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from jetpm.core import actions
from jetpm.core import selectors_members as sel
from jetpm.core import services_members as services
from jetpm.core.forms_members import InviteForm, RoleForm
from jetpm.core.http import AuthedRequest
from jetpm.core.permissions import manages_all_members, manages_any_members
from jetpm.core.scoping import scope_of
from jetpm.core.states import Role
from jetpm.core.views import forbid_unless, paginate


@login_required
def member_home(request: AuthedRequest) -> HttpResponse:
    """The organisations whose members the user manages (straight to the one when there is only one)."""
    scope = scope_of(request.user)
    forbid_unless(manages_any_members(scope))
    q = (request.GET.get("q") or "").strip()
    organisations = sel.managed_organisations(request.user, q=q)
    if not q and not manages_all_members(scope) and organisations.count() == 1:
        only = organisations.get()
        return redirect("core:member_list", organisation_id=only.pk)
    return render(
        request,
        "core/members/home.html",
        {
            "page": paginate(request, organisations),
            "q": q,
            "can_search": manages_all_members(scope),
        },
    )


@login_required
def member_list(request: AuthedRequest, organisation_id: int) -> HttpResponse:
    organisation = sel.access_managed_organisation(request.user, organisation_id)
    return render(
        request,
        "core/members/list.html",
        {
            "org": organisation,
            "page": paginate(request, sel.members_of(request.user, organisation)),
            "me": request.user.pk,
            "admin_role": Role.ADMIN,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_invite(request: AuthedRequest, organisation_id: int) -> HttpResponse:
    organisation = sel.access_managed_organisation(request.user, organisation_id)
    form = InviteForm(request.POST or None, roles=sel.roles_of(organisation))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        invited = actions.perform_form(
            request,
            form,
            lambda: services.invite_member(
                actor=request.user,
                organisation_id=organisation.pk,
                email=d["email"],
                family_name=d["family_name"],
                given_name=d["given_name"],
                role=d["role"],
                language=d["language"],
            ),
        )
        if invited.ok and invited.value is not None:
            membership = invited.value
            messages.success(
                request,
                _("%(email)s is now %(role)s of %(organisation)s; an e-mail was sent to them.")
                % {
                    "email": membership.user.email,
                    "role": membership.get_role_display(),
                    "organisation": organisation.name,
                },
            )
            return redirect("core:member_list", organisation_id=organisation.pk)
    return render(
        request,
        "core/members/invite.html",
        {"org": organisation, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_role(request: AuthedRequest, organisation_id: int, membership_id: int) -> HttpResponse:
    organisation = sel.access_managed_organisation(request.user, organisation_id)
    membership = sel.access_membership(request.user, organisation, membership_id, action="manage")
    form = RoleForm(request.POST or None, roles=sel.roles_of(organisation), current=membership.role)
    if request.method == "POST" and form.is_valid():
        changed = actions.perform_form(
            request,
            form,
            lambda: services.change_member_role(
                actor=request.user, membership_id=membership.pk, role=form.cleaned_data["role"]
            ),
        )
        if changed.ok:
            messages.success(
                request,
                _("%(user)s is now %(role)s.")
                % {
                    "user": membership.user.get_full_name() or membership.user.get_username(),
                    "role": services.role_label(form.cleaned_data["role"]),
                },
            )
            return redirect("core:member_list", organisation_id=organisation.pk)
    return render(
        request,
        "core/members/role.html",
        {"org": organisation, "membership": membership, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_remove(request: AuthedRequest, organisation_id: int, membership_id: int) -> HttpResponse:
    """GET: what removing the member means, and the button; POST: the removal."""
    organisation = sel.access_managed_organisation(request.user, organisation_id)
    membership = sel.access_membership(request.user, organisation, membership_id, action="manage")
    status = 200
    if request.method == "POST":
        removed = actions.perform(
            request, lambda: services.remove_member(actor=request.user, membership_id=membership.pk)
        )
        status = 400
        if removed.ok:
            messages.success(
                request,
                _("%(user)s is no longer %(role)s of %(organisation)s.")
                % {
                    "user": membership.user.get_full_name() or membership.user.get_username(),
                    "role": membership.get_role_display(),
                    "organisation": organisation.name,
                },
            )
            return redirect("core:member_list", organisation_id=organisation.pk)
    return render(
        request,
        "core/members/remove.html",
        {
            "org": organisation,
            "membership": membership,
            "others": sel.other_memberships(membership),
            "yourself": membership.user_id == request.user.pk,
        },
        status=status,
    )
