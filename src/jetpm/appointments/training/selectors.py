"""Reads of training, scoped (jetpm.core.scoping): lists paginate over a bounded number of queries."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, OuterRef, QuerySet, Subquery

from jetpm.appointments.models import AppointmentTerm, Participant, TrainingEvent, TrainingInvitation
from jetpm.appointments.permissions import EVENT_ACTIONS, INVITATION_ACTIONS
from jetpm.core.access import access
from jetpm.core.models import User
from jetpm.core.scoping import scope_of, visible_to


def events_for(user: User, *, fiscal_year: int | None = None, kind: str = "") -> QuerySet[TrainingEvent]:
    qs = visible_to(user, TrainingEvent.objects.select_related("organiser")).annotate(
        invited=Count("invitations")
    )
    if fiscal_year:
        qs = qs.filter(fiscal_year=fiscal_year)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("-starts_on", "pk")


def access_event_by_id(user: User, event_id: Any, *, action: str | None = None) -> TrainingEvent:
    """One event the user may see and take ``action`` on (``EVENT_ACTIONS``); ``NotFound`` otherwise."""
    return access(
        user,
        TrainingEvent.objects.select_related("organiser"),
        action=action,
        actions=EVENT_ACTIONS,
        pk=event_id,
    )


def event_invitations(user: User, event: TrainingEvent) -> QuerySet[TrainingInvitation]:
    """The invitees of an event the user may see, with the contracting organisation of their term in the
    event's fiscal year (``co_id``, ``co_name_ja``, ``co_name_en``): one query per page."""
    term = AppointmentTerm.objects.filter(
        participant_id=OuterRef("participant_id"), fiscal_year=event.fiscal_year
    )
    return (
        visible_to(user, TrainingInvitation.objects.filter(event=event))
        .select_related("participant__person")
        .annotate(
            co_id=Subquery(term.values("contracting_org_id")[:1]),
            co_name_ja=Subquery(term.values("contracting_org__name_ja")[:1]),
            co_name_en=Subquery(term.values("contracting_org__name_en")[:1]),
        )
        .order_by("participant__jet_id")
    )


def attendance_counts(user: User, event: TrainingEvent) -> dict[str, int]:
    rows = (
        visible_to(user, TrainingInvitation.objects.filter(event=event))
        .order_by()
        .values_list("attendance")
        .annotate(n=Count("id"))
    )
    return {a or "": n for a, n in rows}


def my_invitations(user: User) -> QuerySet[TrainingInvitation]:
    """The signed-in participant's own invitations."""
    person_id = scope_of(user).person_id
    if person_id is None:
        return TrainingInvitation.objects.none()
    return (
        visible_to(user, TrainingInvitation.objects.filter(participant__person_id=person_id))
        .select_related("event__organiser", "participant")
        .order_by("-event__starts_on")
    )


def participant_training(user: User, participant: Participant) -> QuerySet[TrainingInvitation]:
    """A participant's training record: the invitations the user may see, with their event."""
    return (
        visible_to(user, TrainingInvitation.objects.filter(participant=participant))
        .select_related("event__organiser")
        .order_by("-event__starts_on")
    )


def access_invitation_by_id(
    user: User, invitation_id: Any, *, action: str | None = None
) -> TrainingInvitation:
    """One invitation the user may see and take ``action`` on (``INVITATION_ACTIONS``); ``NotFound``
    otherwise."""
    return access(
        user,
        TrainingInvitation.objects.select_related("event__organiser", "participant__person"),
        action=action,
        actions=INVITATION_ACTIONS,
        pk=invitation_id,
    )
