"""Writes of training: events, invitations by cohort / job type / prefecture, attendance and feedback."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from jetpm.appointments.models import TRAINING_ORGANISERS, AppointmentTerm, TrainingEvent, TrainingInvitation
from jetpm.appointments.permissions import can_organise_training, can_record_attendance
from jetpm.appointments.states import Attendance, TermStatus, TrainingKind
from jetpm.core import audit
from jetpm.core.calendar import fiscal_year_bounds
from jetpm.core.errors import DomainError, PermissionDenied
from jetpm.core.models import Organisation, User
from jetpm.core.scoping import get_visible, scope_of
from jetpm.core.states import JobType, OrgKind

MAX_COMMENT = 2000


@dataclass(frozen=True)
class EventFields:
    kind: str
    title_ja: str
    title_en: str
    fiscal_year: int
    starts_on: date
    ends_on: date
    place: str
    capacity: int | None = None


def _check(fields: EventFields) -> dict[str, Any]:
    if fields.kind not in TrainingKind.values:
        raise DomainError(_("Choose the kind of training."), field="kind")
    values: dict[str, Any] = {
        "kind": fields.kind,
        "title_ja": fields.title_ja.strip(),
        "title_en": fields.title_en.strip(),
        "fiscal_year": fields.fiscal_year,
        "starts_on": fields.starts_on,
        "ends_on": fields.ends_on,
        "place": fields.place.strip(),
        "capacity": fields.capacity,
    }
    for name in ("title_ja", "title_en", "place"):
        if not values[name]:
            raise DomainError(_("This field is required."), field=name)
    if fields.ends_on < fields.starts_on:
        raise DomainError(_("The event cannot end before it starts."), field="ends_on")
    first, last = fiscal_year_bounds(fields.fiscal_year)
    if not (first <= fields.starts_on <= last and first <= fields.ends_on <= last):
        raise DomainError(
            _("The event must fall within its fiscal year (%(first)s to %(last)s).")
            % {
                "first": formats.date_format(first, "DATE_FORMAT"),
                "last": formats.date_format(last, "DATE_FORMAT"),
            },
            field="starts_on",
        )
    if fields.capacity is not None and fields.capacity < 1:
        raise DomainError(_("The capacity must be at least 1."), field="capacity")
    return values


@transaction.atomic
def create_event(*, actor: User, organiser_id: int, fields: EventFields) -> TrainingEvent:
    """A new training event organised by CLAIR, MEXT or a host organisation the actor acts for."""
    organiser = Organisation.objects.filter(pk=organiser_id, kind__in=TRAINING_ORGANISERS).first()
    if organiser is None:
        raise DomainError(_("Choose an organiser: CLAIR, MEXT or a host organisation."), field="organiser")
    if not can_organise_training(scope_of(actor), organiser.pk):
        raise PermissionDenied(_("You may not organise training for %(org)s.") % {"org": organiser})
    values = _check(fields)
    event = TrainingEvent.objects.create(organiser=organiser, **values)
    audit.record(
        actor=actor,
        action="training_event.create",
        obj=event,
        organisation=organiser.pk,
        changes={k: [None, str(v) if v is not None else None] for k, v in values.items()},
    )
    return event


def _locked_event(actor: User, event_id: int) -> TrainingEvent:
    event = get_visible(actor, TrainingEvent.objects.select_for_update(of=("self",)), pk=event_id)
    if not can_organise_training(scope_of(actor), event.organiser_id):
        raise PermissionDenied(_("You may not manage this event."))
    return event


@transaction.atomic
def update_event(*, actor: User, event_id: int, fields: EventFields) -> TrainingEvent:
    """Change an event's details (its organiser stays). The capacity cannot drop below the invitations."""
    event = _locked_event(actor, event_id)
    values = _check(fields)
    invited = event.invitations.count()
    if values["capacity"] is not None and values["capacity"] < invited:
        raise DomainError(
            _("%(count)s participants are invited already: the capacity cannot be smaller.")
            % {"count": invited},
            field="capacity",
        )
    changes = {k: [str(getattr(event, k)), str(v)] for k, v in values.items() if getattr(event, k) != v}
    for k, v in values.items():
        setattr(event, k, v)
    event.save()
    audit.record(
        actor=actor,
        action="training_event.update",
        obj=event,
        organisation=event.organiser_id,
        changes=changes,
    )
    return event


@dataclass(frozen=True)
class InviteResult:
    matched: int
    invited: int
    already: int


@transaction.atomic
def invite(
    *,
    actor: User,
    event_id: int,
    cohort_year: int | None = None,
    job_type: str = "",
    prefecture_id: int | None = None,
) -> InviteResult:
    """Invite every participant serving in the event's fiscal year who matches the criteria (cohort: fiscal
    year of first appointment; job type; prefecture of the contracting organisation). A host organisation
    invites only from its area. Idempotent: those invited already are counted, not invited twice. Three
    queries and one bulk insert whatever the number of participants."""
    event = _locked_event(actor, event_id)
    if job_type and job_type not in JobType.values:
        raise DomainError(_("Choose a job type."), field="job_type")
    terms = AppointmentTerm.objects.filter(fiscal_year=event.fiscal_year, status=TermStatus.SERVING)
    if cohort_year:
        terms = terms.filter(participant__cohort_year=cohort_year)
    if job_type:
        terms = terms.filter(job_type=job_type)
    if prefecture_id:
        terms = terms.filter(contracting_org__prefecture_id=prefecture_id)
    organiser_kind = Organisation.objects.filter(pk=event.organiser_id).values_list("kind", flat=True).get()
    if organiser_kind == OrgKind.HOST_ORG:
        terms = terms.filter(contracting_org__host_org_id=event.organiser_id)
    matched = set(terms.values_list("participant_id", flat=True))
    already = set(
        TrainingInvitation.objects.filter(event=event, participant_id__in=matched).values_list(
            "participant_id", flat=True
        )
    )
    new = sorted(matched - already)
    if event.capacity is not None:
        total = event.invitations.count() + len(new)
        if total > event.capacity:
            raise DomainError(
                _("%(count)s more participants would exceed the capacity of %(capacity)s.")
                % {"count": len(new), "capacity": event.capacity}
            )
    TrainingInvitation.objects.bulk_create(
        [TrainingInvitation(event=event, participant_id=pid) for pid in new], batch_size=2000
    )
    audit.record(
        actor=actor,
        action="training_event.invite",
        obj=event,
        organisation=event.organiser_id,
        changes={
            "criteria": [
                None,
                {"cohort_year": cohort_year, "job_type": job_type, "prefecture": prefecture_id},
            ],
            "invited": [None, len(new)],
            "already_invited": [None, len(already)],
        },
    )
    return InviteResult(matched=len(matched), invited=len(new), already=len(already))


def term_co_id(invitation: TrainingInvitation) -> int | None:
    """The contracting organisation of the invitee's term in the event's fiscal year."""
    return (
        AppointmentTerm.objects.filter(
            participant_id=invitation.participant_id, fiscal_year=invitation.event.fiscal_year
        )
        .values_list("contracting_org_id", flat=True)
        .first()
    )


@transaction.atomic
def record_attendance(
    *, actor: User, invitation_id: int, attendance: str, today: date | None = None
) -> TrainingInvitation:
    """The organiser, or the participant's contracting organisation, records whether they attended (from the
    first day of the event)."""
    today = today or timezone.localdate()
    if attendance not in Attendance.values:
        raise DomainError(_("Choose the attendance."), field="attendance")
    invitation = get_visible(
        actor,
        TrainingInvitation.objects.select_for_update(of=("self",)).select_related("event", "participant"),
        pk=invitation_id,
    )
    if not can_record_attendance(scope_of(actor), invitation.event.organiser_id, term_co_id(invitation)):
        raise PermissionDenied(_("You may not record this participant's attendance."))
    if today < invitation.event.starts_on:
        raise DomainError(
            _("Attendance is recorded from the first day of the event (%(day)s).")
            % {"day": formats.date_format(invitation.event.starts_on)},
            field="attendance",
        )
    before = invitation.attendance
    invitation.attendance = attendance
    invitation.attendance_recorded_by = actor
    invitation.save(update_fields=["attendance", "attendance_recorded_by"])
    audit.record(
        actor=actor,
        action="training_invitation.attendance",
        obj=invitation,
        organisation=invitation.event.organiser_id,
        person=invitation.participant.person_id,
        changes={"attendance": [before, attendance]},
    )
    return invitation


def can_give_feedback(user: User, invitation: TrainingInvitation, today: date) -> bool:
    scope = scope_of(user)
    return (
        scope.person_id is not None
        and scope.person_id == invitation.participant.person_id
        and invitation.feedback_at is None
        and invitation.attendance != Attendance.ABSENT
        and today >= invitation.event.ends_on
    )


@transaction.atomic
def give_feedback(
    *, actor: User, invitation_id: int, rating: int, comment: str = "", today: date | None = None
) -> TrainingInvitation:
    """The participant rates the event (1–5) and comments, once, from its last day."""
    today = today or timezone.localdate()
    invitation = get_visible(
        actor,
        TrainingInvitation.objects.select_for_update(of=("self",)).select_related("event", "participant"),
        pk=invitation_id,
    )
    scope = scope_of(actor)
    if scope.person_id is None or scope.person_id != invitation.participant.person_id:
        raise PermissionDenied(_("Only the participant gives feedback on their training."))
    if invitation.feedback_at is not None:
        raise DomainError(_("You have given your feedback on this event already."))
    if invitation.attendance == Attendance.ABSENT:
        raise DomainError(_("You were absent from this event."))
    if today < invitation.event.ends_on:
        raise DomainError(
            _("Feedback opens on the last day of the event (%(day)s).")
            % {"day": formats.date_format(invitation.event.ends_on, "DATE_FORMAT")}
        )
    if not 1 <= rating <= 5:
        raise DomainError(_("Rate the event from 1 to 5."), field="rating")
    comment = comment.strip()
    if len(comment) > MAX_COMMENT:
        raise DomainError(
            _("The comment must be at most %(max)s characters.") % {"max": MAX_COMMENT}, field="comment"
        )
    invitation.rating = rating
    invitation.comment = comment
    invitation.feedback_at = timezone.now()
    invitation.save(update_fields=["rating", "comment", "feedback_at"])
    audit.record(
        actor=actor,
        action="training_invitation.feedback",
        obj=invitation,
        organisation=invitation.event.organiser_id,
        person=invitation.participant.person_id,
        changes={"rating": [None, rating], "comment": [None, comment]},
    )
    return invitation
