"""Pages of the orientations and receptions. Thin: parse, call one selector or service, render."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from jetpm.core import actions, confirm
from jetpm.core.http import AuthedRequest
from jetpm.core.scoping import scope_of
from jetpm.core.views import forbid_unless, paginate
from jetpm.predeparture.orientations import selectors, services
from jetpm.predeparture.orientations.forms import (
    CancelForm,
    EventFilterForm,
    EventForm,
    FeedbackForm,
    InviteForm,
    InviteGroupForm,
    MaterialForm,
    SpeakerForm,
)
from jetpm.predeparture.orientations.permissions import (
    can_manage_orientations,
    can_see_checklists,
    can_see_orientations,
    can_see_sendoff,
)


def intake_year_of(day: date) -> int:
    """The intake year whose candidates a mission prepares on this day (the window of
    ``services.event_window``: October to September)."""
    return day.year + 1 if day.month >= 10 else day.year


def current_intake_year() -> int:
    return intake_year_of(timezone.localdate())


def years(*extra: int) -> list[int]:
    now = current_intake_year()
    return sorted(set(range(now - 4, now + 2)) | set(extra), reverse=True)


def _managed_missions(request: AuthedRequest) -> Any:
    scope = scope_of(request.user)
    missions = selectors.missions_for(request.user)
    return missions.filter(
        pk__in=[m for m in missions.values_list("pk", flat=True) if can_manage_orientations(scope, m)]
    )


def _detail(event_id: int) -> str:
    return reverse("predeparture:orientation_detail", kwargs={"orientation_id": event_id})


@login_required
def event_list(request: AuthedRequest) -> HttpResponse:
    scope = scope_of(request.user)
    forbid_unless(can_see_orientations(scope))
    missions = selectors.missions_for(request.user)
    form = EventFilterForm(
        request.GET or None, years=years(), missions=missions, initial={"year": current_intake_year()}
    )
    filters = form.cleaned_data if form.is_valid() else {}
    year = filters.get("year") or current_intake_year()
    mission = filters.get("mission")
    qs = selectors.events_for(
        request.user,
        intake_year=year,
        mission_id=mission.pk if mission else None,
        kind=filters.get("kind", ""),
    )
    return render(
        request,
        "predeparture/orientations/event_list.html",
        {
            "form": form,
            "page": paginate(request, qs),
            "year": year,
            "national": scope.national or scope.is_superuser,
            "can_add": _managed_missions(request).exists(),
            "can_see_checklists": can_see_checklists(scope),
            "can_see_sendoff": can_see_sendoff(scope),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def event_create(request: AuthedRequest) -> HttpResponse:
    missions = _managed_missions(request)
    forbid_unless(missions.exists())
    form = EventForm(
        request.POST or None,
        missions=missions,
        years=years(),
        groups=selectors.groups_for_events(
            request.user, list(missions.values_list("pk", flat=True)), years()
        ),
        initial={"intake_year": current_intake_year()},
    )
    if request.method == "POST" and form.is_valid():
        created = actions.perform_form(
            request,
            form,
            lambda: services.create_event(
                actor=request.user, mission_id=form.cleaned_data["mission"].pk, data=form.event_input()
            ),
            success=_("The event was saved."),
        )
        if created.value is not None:
            return redirect(_detail(created.value.pk))
    return render(
        request,
        "predeparture/orientations/event_form.html",
        {"form": form, "event": None},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def event_edit(request: AuthedRequest, orientation_id: int) -> HttpResponse:
    event = selectors.access_event(request.user, orientation_id, action="manage")
    form = EventForm(
        request.POST or None,
        instance=event,
        missions=selectors.missions_for(request.user),
        years=years(event.intake_year),
        groups=selectors.groups_for_events(request.user, [event.mission_id], years(event.intake_year)),
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and actions.perform_form(
            request,
            form,
            lambda: services.update_event(actor=request.user, event_id=event.pk, data=form.event_input()),
            success=_("The event was saved."),
        ).ok
    ):
        return redirect(_detail(event.pk))
    return render(
        request,
        "predeparture/orientations/event_form.html",
        {"form": form, "event": event},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def event_detail(request: AuthedRequest, orientation_id: int) -> HttpResponse:
    event = selectors.access_event(request.user, orientation_id)
    abilities = selectors.event_abilities(request.user, event)
    candidates = list(selectors.uninvited(event)) if abilities["can_invite"] else []
    groups = list(selectors.groups_of_event(request.user, event)) if abilities["can_invite"] else []
    return render(
        request,
        "predeparture/orientations/event_detail.html",
        {
            "event": event,
            **abilities,
            "invitations": list(selectors.invitations_of(event)),
            "invite_form": InviteForm(candidates=candidates),
            "groups": groups,
            "group_form": InviteGroupForm(
                groups=selectors.groups_of_event(request.user, event),
                initial={"departure_group": event.departure_group_id},
            ),
            "candidates": candidates,
            "materials": list(event.materials.all()),
            "material_form": MaterialForm(),
            "speakers": list(event.speakers.select_related("person")),
            "speaker_form": SpeakerForm() if abilities["can_manage"] else None,
            "cancel_form": CancelForm(),
            "feedback": selectors.feedback_summary(event),
            "today": timezone.localdate(),
        },
    )


def _post_only(request: AuthedRequest) -> HttpResponse | None:
    return None if request.method == "POST" else HttpResponseNotAllowed(["POST"])


@login_required
def event_invite(request: AuthedRequest, orientation_id: int) -> HttpResponse:
    event = selectors.access_event(request.user, orientation_id, action="manage")
    if (refused := _post_only(request)) is not None:
        return refused
    everyone = request.POST.get("all") == "yes"
    chosen: list[int] | None = None
    if not everyone:
        chosen = [int(x) for x in request.POST.getlist("applications") if x.isdigit()]
    outcome = actions.perform(
        request, lambda: services.invite(actor=request.user, event_id=event.pk, application_ids=chosen)
    )
    if outcome.ok:
        messages.success(request, _("%(count)s candidates were invited.") % {"count": outcome.value})
    return redirect(_detail(event.pk))


@login_required
def event_invite_group(request: AuthedRequest, orientation_id: int) -> HttpResponse:
    """Invite a departure group: its members of the mission not invited yet."""
    event = selectors.access_event(request.user, orientation_id, action="manage")
    if (refused := _post_only(request)) is not None:
        return refused
    raw = request.POST.get("departure_group", "")
    outcome = actions.perform(
        request,
        lambda: services.invite_group(
            actor=request.user, event_id=event.pk, group_id=int(raw) if raw.isdigit() else None
        ),
    )
    if outcome.ok:
        messages.success(request, _("%(count)s candidates were invited.") % {"count": outcome.value})
    return redirect(_detail(event.pk))


@login_required
def event_attendance(request: AuthedRequest, orientation_id: int) -> HttpResponse:
    event = selectors.access_event(request.user, orientation_id, action="manage")
    if (refused := _post_only(request)) is not None:
        return refused
    attended = {int(x) for x in request.POST.getlist("attended") if x.isdigit()}
    actions.perform(
        request,
        lambda: services.record_attendance(actor=request.user, event_id=event.pk, attended_ids=attended),
        success=_("The attendance was recorded."),
    )
    return redirect(_detail(event.pk))


@login_required
def event_hold(request: AuthedRequest, orientation_id: int) -> HttpResponse:
    event = selectors.access_event(request.user, orientation_id, action="hold")
    if (refused := _post_only(request)) is not None:
        return refused
    actions.perform(
        request,
        lambda: services.hold_event(actor=request.user, event_id=event.pk),
        success=_("The event was marked as held."),
    )
    return redirect(_detail(event.pk))


@login_required
def event_cancel(request: AuthedRequest, orientation_id: int) -> HttpResponse:
    event = selectors.access_event(request.user, orientation_id, action="cancel")
    if (refused := _post_only(request)) is not None:
        return refused
    form = CancelForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for cancelling the event."))
        return redirect(_detail(event.pk))
    if not confirm.confirmed(request):
        invited = event.invitations.count()
        return confirm.ask(
            request,
            title=_("Cancel “%(title)s”?") % {"title": event.title},
            consequences=[
                _("The event of %(date)s is cancelled; this cannot be undone.")
                % {"date": date_format(event.date, "DATE_FORMAT")},
                _("Its %(count)s invited candidates no longer see it on their pages.") % {"count": invited},
            ],
            confirm_label=_("Cancel the event"),
            cancel_url=_detail(event.pk),
        )
    actions.perform(
        request,
        lambda: services.cancel_event(
            actor=request.user, event_id=event.pk, reason=form.cleaned_data["reason"]
        ),
        success=_("The event was cancelled."),
    )
    return redirect(_detail(event.pk))


@login_required
def material_add(request: AuthedRequest, orientation_id: int) -> HttpResponse:
    event = selectors.access_event(request.user, orientation_id, action="manage")
    if (refused := _post_only(request)) is not None:
        return refused
    form = MaterialForm(request.POST, request.FILES)
    form.is_valid()
    data = form.cleaned_data
    actions.perform(
        request,
        lambda: services.add_material(
            actor=request.user,
            event_id=event.pk,
            language=data.get("language", "") or "",
            title=data.get("title", "") or "",
            upload=request.FILES.get("file"),
        ),
        success=_("The material was uploaded."),
    )
    return redirect(_detail(event.pk))


@login_required
def material_download(request: AuthedRequest, material_id: int) -> FileResponse:
    material = selectors.access_material(request.user, material_id)
    try:
        handle = material.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle, content_type=material.content_type, as_attachment=True, filename=material.original_name
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@login_required
def material_remove(request: AuthedRequest, material_id: int) -> HttpResponse:
    material = selectors.access_material(request.user, material_id)
    selectors.access_event(request.user, material.event_id, action="manage")
    if (refused := _post_only(request)) is not None:
        return refused
    actions.perform(
        request,
        lambda: services.remove_material(actor=request.user, material_id=material.pk),
        success=_("The material was removed."),
    )
    return redirect(_detail(material.event_id))


@login_required
def speaker_add(request: AuthedRequest, orientation_id: int) -> HttpResponse:
    event = selectors.access_event(request.user, orientation_id, action="manage")
    if (refused := _post_only(request)) is not None:
        return refused
    jet_id = request.POST.get("jet_id", "").strip()
    person = selectors.alumnus_by_jet_id(request.user, jet_id)
    if jet_id and person is None:
        messages.error(
            request, _("No alumnus you may see has the JET number %(number)s.") % {"number": jet_id}
        )
        return redirect(_detail(event.pk))
    actions.perform(
        request,
        lambda: services.add_speaker(
            actor=request.user,
            event_id=event.pk,
            person_id=person.pk if person is not None else None,
            topic=request.POST.get("topic", ""),
        ),
        success=_("The speaker was added."),
    )
    return redirect(_detail(event.pk))


@login_required
def speaker_remove(request: AuthedRequest, speaker_id: int) -> HttpResponse:
    speaker = selectors.access_speaker(request.user, speaker_id, action="manage")
    if (refused := _post_only(request)) is not None:
        return refused
    actions.perform(
        request,
        lambda: services.remove_speaker(actor=request.user, speaker_id=speaker.pk),
        success=_("The speaker was removed."),
    )
    return redirect(_detail(speaker.event_id))


# --- the candidate's own invitation -------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def my_invitation(request: AuthedRequest, orientation_invitation_id: int) -> HttpResponse:
    invitation = selectors.access_invitation(request.user, orientation_invitation_id, action="feedback")
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = actions.perform_form(
            request,
            form,
            lambda: services.give_feedback(
                actor=request.user,
                invitation_id=invitation.pk,
                rating=form.cleaned_data["rating"],
                comment=form.cleaned_data.get("comment") or "",
            ),
            success=_("Thank you: your feedback was recorded."),
        )
        if done.ok:
            return redirect("predeparture:my_invitation", orientation_invitation_id=invitation.pk)
    return render(
        request,
        "predeparture/orientations/my_invitation.html",
        {
            "invitation": invitation,
            "event": invitation.event,
            "materials": list(invitation.event.materials.all()),
            "form": form,
            "may_give_feedback": invitation.status == "attended" and invitation.feedback_at is None,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def my_invitations(request: AuthedRequest) -> HttpResponse:
    forbid_unless(scope_of(request.user).person_id is not None)
    return render(
        request,
        "predeparture/orientations/my_invitations.html",
        {"invitations": selectors.my_invitations(request.user)},
    )
