"""Pages of the alumni stage: the return, the alumnus's own pages, the alumni registry, notable alumni,
chapters and their member lists. Thin: parse, call one selector or service, render."""

from __future__ import annotations

from collections.abc import Sequence
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

from jetpm.alumni import selectors, services
from jetpm.alumni.forms import (
    AddMemberForm,
    AlumniFilterForm,
    ChapterDetailsForm,
    ConsentForm,
    ImportMembersForm,
    MemberSearchForm,
    NotableForm,
    ProfileForm,
    RemoveMemberForm,
    ReturnForm,
    SectorFilterForm,
)
from jetpm.alumni.permissions import (
    can_flag_notable,
    can_keep_members,
    can_record_return,
    can_record_returns,
    can_see_notable_list,
    can_view_alumni,
    can_view_chapters,
    is_alumnus,
)
from jetpm.core import actions, confirm
from jetpm.core.errors import NotFound
from jetpm.core.http import AuthedRequest
from jetpm.core.models import Organisation
from jetpm.core.scoping import scope_of
from jetpm.core.views import forbid_unless, form_errors_to_messages, paginate

# --- the pages' shared steps ----------------------------------------------------------------------------


def _initial(record: Any, fields: Sequence[str], **extra: str) -> dict[str, Any]:
    """A form's initial values from a record's attributes (``fields`` by their name, ``extra`` as
    ``field="attribute"``), none when there is no record yet."""
    if record is None:
        return {}
    return {name: getattr(record, name) for name in fields} | {
        k: getattr(record, a) for k, a in extra.items()
    }


def _kept_chapter(request: AuthedRequest, chapter: Organisation) -> Organisation:
    """Only the chapter's member keepers edit it and its members (others: 404)."""
    if not can_keep_members(scope_of(request.user), chapter):
        raise NotFound(_("No such record."))
    return chapter


# --- the return ----------------------------------------------------------------------------------------


@login_required
def return_list(request: AuthedRequest) -> HttpResponse:
    forbid_unless(can_record_returns(scope_of(request.user)))
    return render(
        request,
        "alumni/return_list.html",
        {"page": paginate(request, selectors.returns_to_record(request.user))},
    )


@login_required
@require_http_methods(["GET", "POST"])
def return_record(request: AuthedRequest, participant_id: int) -> HttpResponse:
    participant, term = selectors.access_returning(request.user, participant_id)
    if term is None or not can_record_return(scope_of(request.user), term):
        raise NotFound(_("No such record."))
    attended = selectors.pre_return_attendance(participant)
    initial = {
        "returned_on": services.term_end(term),
        "orientation_attended": attended is not None,
        "orientation_on": attended.event.starts_on if attended is not None else None,
    }
    form = ReturnForm(request.POST or None, initial=initial)

    def ask(data: dict[str, Any]) -> HttpResponse | None:
        if services.return_problems(
            term,
            returned_on=data["returned_on"],
            orientation_attended=data["orientation_attended"],
            orientation_on=data["orientation_on"],
            travel_cost_yen=data["travel_cost_yen"],
            today=timezone.localdate(),
        ):
            return None  # nothing to confirm: the service refuses, naming every rule broken, on the form
        return confirm.ask(
            request,
            title=_("Record the return of %(person)s") % {"person": participant.person},
            consequences=[
                _("%(person)s leaves the programme and becomes an alumnus on %(day)s.")
                % {"person": participant.person, "day": date_format(data["returned_on"], "DATE_FORMAT")},
                _("Their contracting organisation no longer sees them among its participants."),
            ],
            confirm_label=_("Record the return"),
            cancel_url=request.path,
        )

    return actions.form_page(
        request,
        form,
        lambda **data: services.record_return(actor=request.user, participant_id=participant.pk, **data),
        ask=ask,
        success=_("The return was recorded: %(person)s is now an alumnus.") % {"person": participant.person},
        done=reverse("alumni:return_list"),
        template="alumni/return_form.html",
        context={"participant": participant, "term": term, "attended": attended},
    )


# --- the alumnus's own pages ---------------------------------------------------------------------------


@login_required
def me(request: AuthedRequest) -> HttpResponse:
    forbid_unless(is_alumnus(scope_of(request.user)))
    person = selectors.own_person(request.user)
    memberships = list(selectors.memberships_of(request.user, person))
    return render(
        request,
        "alumni/me.html",
        {
            "person": person,
            "profile": selectors.own_profile(request.user),
            "history": selectors.programme_history(request.user, person),
            "memberships": memberships,
            "current": next((m for m in memberships if m.left_on is None), None),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def me_profile(request: AuthedRequest) -> HttpResponse:
    forbid_unless(is_alumnus(scope_of(request.user)))
    profile = selectors.own_profile(request.user)
    initial = _initial(profile, ["country", "city", "sector", "organisation", "japan_related_work"])
    if profile is not None:
        initial["languages"] = list(profile.languages.all())
    return actions.form_page(
        request,
        ProfileForm(request.POST or None, initial=initial),
        lambda **data: services.update_own_profile(actor=request.user, **data),
        success=_("Your profile was saved."),
        done=reverse("alumni:me"),
        template="alumni/me_profile.html",
        context={},
    )


@login_required
@require_http_methods(["GET", "POST"])
def me_consent(request: AuthedRequest) -> HttpResponse:
    forbid_unless(is_alumnus(scope_of(request.user)))
    profile = selectors.own_profile(request.user)
    initial = _initial(
        profile,
        [],
        news="consents_to_news",
        events="consents_to_events",
        recruitment="consents_to_recruitment",
        share_with_chapter="consents_to_share_with_chapter",
    )
    return actions.form_page(
        request,
        ConsentForm(request.POST or None, initial=initial),
        lambda **data: services.update_own_consent(actor=request.user, **data),
        success=_("Your consent was saved."),
        done=reverse("alumni:me"),
        template="alumni/me_consent.html",
        context={"profile": profile},
        invalid_status=200,
    )


# --- the registry --------------------------------------------------------------------------------------


@login_required
def alumnus_list(request: AuthedRequest) -> HttpResponse:
    forbid_unless(can_view_alumni(scope_of(request.user)))
    form = AlumniFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    country = filters.get("country")
    qs = selectors.alumni_list(
        request.user,
        q=(filters.get("q") or "").strip(),
        sector=filters.get("sector", ""),
        country=country.code if country else "",
        notable=True if filters.get("notable") else None,
    )
    return render(request, "alumni/alumnus_list.html", {"form": form, "page": paginate(request, qs)})


@login_required
def alumnus_detail(request: AuthedRequest, alumnus_profile_id: int) -> HttpResponse:
    profile = selectors.access_alumnus(request.user, alumnus_profile_id)
    scope = scope_of(request.user)
    shows = bool(getattr(profile, "shows_details", False))
    return render(
        request,
        "alumni/alumnus_detail.html",
        {
            "profile": profile,
            "shows_details": shows,
            "history": selectors.programme_history(request.user, profile.person) if shows else None,
            "memberships": list(selectors.memberships_of(request.user, profile.person)),
            "notable_form": NotableForm(
                initial={"notable": profile.notable, "reason": profile.notable_reason}
            )
            if can_flag_notable(scope, profile)
            else None,
        },
    )


@login_required
@require_POST
def alumnus_notable(request: AuthedRequest, alumnus_profile_id: int) -> HttpResponse:
    profile = selectors.access_alumnus(request.user, alumnus_profile_id)
    form = NotableForm(request.POST)
    if not form.is_valid():
        form_errors_to_messages(request, form)
    else:
        actions.perform(
            request,
            lambda: services.set_notable(
                actor=request.user,
                alumnus_profile_id=profile.pk,
                notable=form.cleaned_data["notable"],
                reason=form.cleaned_data["reason"],
            ),
            success=_("The notable flag was saved."),
        )
    return redirect("alumni:alumnus_detail", alumnus_profile_id=profile.pk)


@login_required
def notable_list(request: AuthedRequest) -> HttpResponse:
    forbid_unless(can_see_notable_list(scope_of(request.user)))
    form = SectorFilterForm(request.GET or None)
    sector = form.cleaned_data.get("sector", "") if form.is_valid() else ""
    qs = selectors.notable_list(request.user, sector=sector)
    return render(request, "alumni/notable_list.html", {"form": form, "page": paginate(request, qs)})


# --- chapters ------------------------------------------------------------------------------------------


@login_required
def chapter_list(request: AuthedRequest) -> HttpResponse:
    forbid_unless(can_view_chapters(scope_of(request.user)) or is_alumnus(scope_of(request.user)))
    return render(
        request, "alumni/chapter_list.html", {"page": paginate(request, selectors.chapters(request.user))}
    )


@login_required
def chapter_detail(request: AuthedRequest, chapter_id: int) -> HttpResponse:
    chapter = selectors.access_chapter(request.user, chapter_id)
    scope = scope_of(request.user)
    keeps = can_keep_members(scope, chapter)
    sees_members = keeps or can_view_alumni(scope)
    form = MemberSearchForm(request.GET or None)
    q = (form.cleaned_data.get("q") or "").strip() if form.is_valid() else ""
    return render(
        request,
        "alumni/chapter_detail.html",
        {
            "chapter": chapter,
            "details": selectors.chapter_details(chapter),
            "officers": selectors.chapter_officers(chapter),
            "keeps": keeps,
            "search": form,
            "page": paginate(request, selectors.chapter_members(request.user, chapter, q=q))
            if sees_members
            else None,
            "add_form": AddMemberForm() if keeps else None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def chapter_edit(request: AuthedRequest, chapter_id: int) -> HttpResponse:
    chapter = _kept_chapter(request, selectors.access_chapter(request.user, chapter_id))
    details = selectors.chapter_details(chapter)
    return actions.form_page(
        request,
        ChapterDetailsForm(
            request.POST or None, initial=_initial(details, ["contact_email", "website", "description"])
        ),
        lambda **data: services.update_chapter_details(actor=request.user, chapter_id=chapter.pk, **data),
        success=_("The chapter's details were saved."),
        done=reverse("alumni:chapter_detail", kwargs={"chapter_id": chapter.pk}),
        template="alumni/chapter_edit.html",
        context={"chapter": chapter},
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_add(request: AuthedRequest, chapter_id: int) -> HttpResponse:
    chapter = _kept_chapter(request, selectors.access_chapter(request.user, chapter_id))
    return actions.form_page(
        request,
        AddMemberForm(request.POST or None),
        lambda **data: services.add_member(actor=request.user, chapter_id=chapter.pk, **data),
        success=lambda member: _("%(person)s was added to the members.") % {"person": member.person},
        done=reverse("alumni:chapter_detail", kwargs={"chapter_id": chapter.pk}),
        template="alumni/member_add.html",
        context={"chapter": chapter},
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_import(request: AuthedRequest, chapter_id: int) -> HttpResponse:
    chapter = _kept_chapter(request, selectors.access_chapter(request.user, chapter_id))
    form = ImportMembersForm(request.POST or None, request.FILES or None)
    rows: list[services.RowReport] = []
    imported = False
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        fmt = "xlsx" if upload.name.lower().endswith(".xlsx") else "csv"
        content = upload.read()
        done = actions.perform_form(
            request,
            form,
            lambda: services.import_members(
                actor=request.user, chapter_id=chapter.pk, content=content, fmt=fmt
            ),
        )
        if done.ok and done.value is not None:
            rows, imported = done.value, True
            messages.success(request, _("%(n)s members were added.") % {"n": len(rows)})
        elif isinstance(done.error, services.ImportRefused):
            rows = done.error.rows
    return render(
        request,
        "alumni/member_import.html",
        {"form": form, "chapter": chapter, "rows": rows, "imported": imported},
        status=400 if request.method == "POST" and not imported else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_remove(request: AuthedRequest, chapter_membership_id: int) -> HttpResponse:
    membership = selectors.access_membership(request.user, chapter_membership_id)
    _kept_chapter(request, membership.chapter)

    def ask(data: dict[str, Any]) -> HttpResponse:
        return confirm.ask(
            request,
            title=_("Remove %(person)s from %(chapter)s")
            % {"person": membership.person, "chapter": membership.chapter},
            consequences=[
                _(
                    "%(person)s leaves the member list of %(chapter)s on %(day)s; "
                    "the membership stays on record."
                )
                % {
                    "person": membership.person,
                    "chapter": membership.chapter,
                    "day": date_format(data["left_on"], "DATE_FORMAT"),
                },
            ],
            confirm_label=_("Remove the member"),
            cancel_url=request.path,
        )

    return actions.form_page(
        request,
        RemoveMemberForm(request.POST or None),
        lambda **data: services.remove_member(actor=request.user, membership_id=membership.pk, **data),
        ask=ask,
        success=_("%(person)s was removed from the members.") % {"person": membership.person},
        done=reverse("alumni:chapter_detail", kwargs={"chapter_id": membership.chapter_id}),
        template="alumni/member_remove.html",
        context={"membership": membership},
    )
