"""Pages of training: events, invitations, attendance and the participants' feedback."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from jetpm.appointments.permissions import (
    can_organise_training,
    can_record_attendance,
    can_view_training,
    training_organiser_ids,
)
from jetpm.appointments.states import Attendance
from jetpm.appointments.training import selectors, services
from jetpm.appointments.training.forms import (
    AttendanceForm,
    EventForm,
    FeedbackForm,
    InviteForm,
    TrainingFilterForm,
)
from jetpm.core import actions
from jetpm.core.http import AuthedRequest
from jetpm.core.scoping import scope_of
from jetpm.core.views import forbid_unless, form_errors_to_messages, paginate


@login_required
def training_list(request: AuthedRequest) -> HttpResponse:
    scope = scope_of(request.user)
    forbid_unless(can_view_training(scope))
    form = TrainingFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    events = selectors.events_for(
        request.user, fiscal_year=filters.get("fiscal_year"), kind=filters.get("kind", "")
    )
    today = timezone.localdate()
    invitations = list(selectors.my_invitations(request.user)[:50]) if scope.person_id else []
    for inv in invitations:
        inv.can_feedback = services.can_give_feedback(request.user, inv, today)  # type: ignore[attr-defined]
    return render(
        request,
        "appointments/training/event_list.html",
        {
            "form": form,
            "page": paginate(request, events),
            "can_create": can_organise_training(scope),
            "invitations": invitations,
        },
    )


def _fields(data: dict) -> services.EventFields:  # type: ignore[type-arg]
    return services.EventFields(
        kind=data["kind"],
        title_ja=data["title_ja"],
        title_en=data["title_en"],
        fiscal_year=data["fiscal_year"],
        starts_on=data["starts_on"],
        ends_on=data["ends_on"],
        place=data["place"],
        capacity=data.get("capacity"),
    )


def _organiser_ids(request: AuthedRequest) -> set[int] | None:
    scope = scope_of(request.user)
    return None if scope.is_superuser else training_organiser_ids(scope)


@login_required
@require_http_methods(["GET", "POST"])
def training_event_create(request: AuthedRequest) -> HttpResponse:
    forbid_unless(can_organise_training(scope_of(request.user)))
    form = EventForm(request.POST or None, organiser_ids=_organiser_ids(request))
    if request.method == "POST" and form.is_valid():
        created = actions.perform_form(
            request,
            form,
            lambda: services.create_event(
                actor=request.user,
                organiser_id=form.cleaned_data["organiser"].pk,
                fields=_fields(form.cleaned_data),
            ),
            success=_("The training event was created."),
        )
        if created.ok and created.value is not None:
            return redirect("appointments:training_event_detail", training_event_id=created.value.pk)
    return render(
        request,
        "appointments/training/event_form.html",
        {"form": form, "event": None},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def training_event_edit(request: AuthedRequest, training_event_id: int) -> HttpResponse:
    event = selectors.access_event_by_id(request.user, training_event_id, action="manage")
    initial = {
        "kind": event.kind,
        "title_ja": event.title_ja,
        "title_en": event.title_en,
        "fiscal_year": event.fiscal_year,
        "starts_on": event.starts_on,
        "ends_on": event.ends_on,
        "place": event.place,
        "capacity": event.capacity,
        "organiser": event.organiser_id,
    }
    form = EventForm(request.POST or None, initial=initial, organiser_ids={event.organiser_id})
    form.fields["organiser"].disabled = True
    if request.method == "POST" and form.is_valid():
        saved = actions.perform_form(
            request,
            form,
            lambda: services.update_event(
                actor=request.user, event_id=event.pk, fields=_fields(form.cleaned_data)
            ),
            success=_("The training event was saved."),
        )
        if saved.ok:
            return redirect("appointments:training_event_detail", training_event_id=event.pk)
    return render(
        request,
        "appointments/training/event_form.html",
        {"form": form, "event": event},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def training_event_detail(request: AuthedRequest, training_event_id: int) -> HttpResponse:
    event = selectors.access_event_by_id(request.user, training_event_id)
    scope = scope_of(request.user)
    manages = can_organise_training(scope, event.organiser_id)
    page = paginate(request, selectors.event_invitations(request.user, event))
    for inv in page:
        inv.can_record = can_record_attendance(scope, event.organiser_id, inv.co_id)  # type: ignore[attr-defined]
    counts = selectors.attendance_counts(request.user, event)
    return render(
        request,
        "appointments/training/event_detail.html",
        {
            "event": event,
            "page": page,
            "manages": manages,
            "invite_form": InviteForm() if manages else None,
            "attendance_choices": Attendance.choices,
            "counts": counts,
            "invited_total": sum(counts.values()),
        },
    )


@login_required
@require_POST
def training_invite(request: AuthedRequest, training_event_id: int) -> HttpResponse:
    event = selectors.access_event_by_id(request.user, training_event_id, action="manage")
    form = InviteForm(request.POST)
    if not form.is_valid():
        form_errors_to_messages(request, form)
    else:
        data = form.cleaned_data
        invited = actions.perform(
            request,
            lambda: services.invite(
                actor=request.user,
                event_id=event.pk,
                cohort_year=data.get("cohort_year"),
                job_type=data.get("job_type", ""),
                prefecture_id=data["prefecture"].pk if data.get("prefecture") else None,
            ),
        )
        if invited.ok and invited.value is not None:
            messages.success(
                request,
                _("%(invited)s participants invited (%(already)s were invited already).")
                % {"invited": invited.value.invited, "already": invited.value.already},
            )
    return redirect("appointments:training_event_detail", training_event_id=event.pk)


@login_required
@require_POST
def training_attendance(request: AuthedRequest, invitation_id: int) -> HttpResponse:
    invitation = selectors.access_invitation_by_id(request.user, invitation_id)
    form = AttendanceForm(request.POST)
    if not form.is_valid():
        form_errors_to_messages(request, form)
    else:
        actions.perform(
            request,
            lambda: services.record_attendance(
                actor=request.user, invitation_id=invitation.pk, attendance=form.cleaned_data["attendance"]
            ),
            success=_("The attendance was recorded."),
        )
    return redirect("appointments:training_event_detail", training_event_id=invitation.event_id)


@login_required
@require_http_methods(["GET", "POST"])
def training_feedback(request: AuthedRequest, invitation_id: int) -> HttpResponse:
    invitation = selectors.access_invitation_by_id(request.user, invitation_id, action="feedback")
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        given = actions.perform_form(
            request,
            form,
            lambda: services.give_feedback(
                actor=request.user,
                invitation_id=invitation.pk,
                rating=form.cleaned_data["rating"],
                comment=form.cleaned_data["comment"],
            ),
            success=_("Thank you: your feedback was recorded."),
        )
        if given.ok:
            return redirect("appointments:training_list")
    return render(
        request,
        "appointments/training/feedback_form.html",
        {
            "form": form,
            "invitation": invitation,
            "open": services.can_give_feedback(request.user, invitation, timezone.localdate()),
        },
        status=400 if request.method == "POST" else 200,
    )
