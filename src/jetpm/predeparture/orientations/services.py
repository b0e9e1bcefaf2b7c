"""Every write of the orientations, the checklists and the send-off evaluations. Keyword-only, typed,
``actor`` required, atomic, audited in the same transaction."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jetpm.applications.models import Application
from jetpm.core import audit, workflow
from jetpm.core.calendar import fiscal_year_label
from jetpm.core.errors import DomainError, NotFound, PermissionDenied, raise_all
from jetpm.core.models import Person, User
from jetpm.core.scoping import scope_of, visible_to
from jetpm.core.states import PersonKind
from jetpm.core.uploads import check_upload
from jetpm.outreach import services_reports
from jetpm.predeparture.departure.states import DepartureStatus
from jetpm.predeparture.models import DepartureGroup
from jetpm.predeparture.models_orientations import (
    CandidateChecklist,
    OrientationEvent,
    OrientationInvitation,
    OrientationMaterial,
    OrientationSpeaker,
    SendoffEvaluation,
)
from jetpm.predeparture.orientations import selectors
from jetpm.predeparture.orientations.permissions import (
    can_manage_orientations,
    is_own_invitation,
)
from jetpm.predeparture.orientations.states import (
    FEEDBACK_RATINGS,
    Attendance,
    EventKind,
    EventStatus,
    MaterialLanguage,
)
from jetpm.predeparture.orientations.workflows import ATTENDANCE, EVENTS, SENDOFF, VISA

EVENT_FIELDS = ["intake_year", "kind", "title", "date", "place", "departure_group", "notes"]
SENDOFF_TEXT_FIELDS = list(SendoffEvaluation.text_fields)


_mission = services_reports.mission_by_id


def _require_manager(actor: User, mission_id: int) -> None:
    if not can_manage_orientations(scope_of(actor), mission_id):
        raise PermissionDenied(_("Only the mission's staff may manage its orientations."))


# --- events ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EventInput:
    intake_year: int
    kind: str
    title: str
    date: date
    place: str
    departure_group_id: int | None = None  # the departure group the event is for (None: every candidate)
    notes: str = ""


def event_window(intake_year: int) -> tuple[date, date]:
    """Rule: an orientation for the candidates of an intake year falls between the October before (the
    first offers) and the end of September of that year (the last departures)."""
    return date(intake_year - 1, 10, 1), date(intake_year, 9, 30)


def _group_error(mission_id: int, data: EventInput) -> str | None:
    """Rule: an event's departure group is one of the mission's groups of the event's intake year."""
    if data.departure_group_id is None:
        return None
    group = DepartureGroup.objects.filter(pk=data.departure_group_id).first()
    if group is not None and group.mission_id == mission_id and group.intake_year == data.intake_year:
        return None
    return _("The departure group must be one of the mission's groups for %(year)s.") % {
        "year": fiscal_year_label(data.intake_year)
    }


def validate_event(data: EventInput, *, mission_id: int) -> None:
    """Raise naming every field that breaks a rule of an event."""
    errors: list[tuple[str | None, str]] = []
    if (group_error := _group_error(mission_id, data)) is not None:
        errors.append(("departure_group", group_error))
    if data.kind not in EventKind.values:
        errors.append(("kind", _("Choose an orientation or a reception.")))
    if not data.title.strip():
        errors.append(("title", _("Give the title of the event.")))
    if not data.place.strip():
        errors.append(("place", _("Give the place of the event.")))
    if data.intake_year < 1987:
        errors.append(("intake_year", _("Choose an intake year of the programme.")))
    else:
        start, end = event_window(data.intake_year)
        if not start <= data.date <= end:
            errors.append(
                (
                    "date",
                    _(
                        "The date must fall between %(start)s and %(end)s for the candidates of %(year)s "
                        "(before their departure)."
                    )
                    % {
                        "start": date_format(start, "DATE_FORMAT"),
                        "end": date_format(end, "DATE_FORMAT"),
                        "year": fiscal_year_label(data.intake_year),
                    },
                )
            )
    raise_all(errors)


def _clean(data: EventInput) -> dict[str, object]:
    values = asdict(data)
    for name in ("title", "place", "notes"):
        values[name] = str(values[name]).strip()
    return values


@transaction.atomic
def create_event(*, actor: User, mission_id: int, data: EventInput) -> OrientationEvent:
    mission = _mission(mission_id)
    _require_manager(actor, mission.pk)
    validate_event(data, mission_id=mission.pk)
    event = OrientationEvent.objects.create(mission=mission, **_clean(data))
    audit.record(
        actor=actor,
        action="orientation_event.create",
        obj=event,
        organisation=mission,
        changes={k: [None, v] for k, v in audit.snapshot(event, EVENT_FIELDS).items()},
    )
    return event


def _locked_event(event_id: int) -> OrientationEvent:
    try:
        return OrientationEvent.objects.select_for_update(of=("self",)).get(pk=event_id)
    except OrientationEvent.DoesNotExist as exc:
        raise NotFound(_("No such record.")) from exc


def _require_planned(event: OrientationEvent) -> None:
    if event.status != EventStatus.PLANNED:
        raise DomainError(
            _("The event is “%(status)s”: only a planned event can be changed.")
            % {"status": event.get_status_display()},
            field="status",
        )


@transaction.atomic
def update_event(*, actor: User, event_id: int, data: EventInput) -> OrientationEvent:
    event = _locked_event(event_id)
    _require_manager(actor, event.mission_id)
    _require_planned(event)
    validate_event(data, mission_id=event.mission_id)
    if data.intake_year != event.intake_year and event.invitations.exists():
        raise DomainError(
            _("The intake year cannot change once candidates are invited."), field="intake_year"
        )
    audit.save_changes(
        event,
        _clean(data),
        fields=EVENT_FIELDS,
        actor=actor,
        action="orientation_event.update",
        organisation=event.mission_id,
    )
    return event


@transaction.atomic
def hold_event(*, actor: User, event_id: int) -> OrientationEvent:
    """The event took place (its day has come)."""
    return workflow.perform(EVENTS, _locked_event(event_id), "hold", actor=actor)  # type: ignore[no-any-return]


@transaction.atomic
def cancel_event(*, actor: User, event_id: int, reason: str) -> OrientationEvent:
    return workflow.perform(  # type: ignore[no-any-return]
        EVENTS, _locked_event(event_id), "cancel", actor=actor, reason=reason
    )


# --- invitations and attendance ---------------------------------------------------------------------------


@transaction.atomic
def invite(*, actor: User, event_id: int, application_ids: list[int] | None = None) -> int:
    """Invite candidates to a planned event: the ones named, or (``None``) every candidate of the mission for
    the event's intake year not invited yet. Each one must be the mission's candidate of that year (the
    offer accepted, or cleared for placement). Returns how many were invited."""
    event = _locked_event(event_id)
    _require_manager(actor, event.mission_id)
    if event.status != EventStatus.PLANNED:
        raise DomainError(_("Candidates are invited while the event is planned."), field="status")
    eligible = selectors.eligible_candidates(event.mission_id, event.intake_year)
    if application_ids is None:
        chosen = list(
            eligible.exclude(orientation_invitations__event=event).only("pk", "person_id", "reference")
        )
    else:
        if not application_ids:
            raise DomainError(_("Choose the candidates to invite."), field="applications")
        chosen = list(eligible.filter(pk__in=application_ids).only("pk", "person_id", "reference"))
        unknown = set(application_ids) - {a.pk for a in chosen}
        if unknown:
            refs = sorted(Application.objects.filter(pk__in=unknown).values_list("reference", flat=True)) or [
                str(pk) for pk in sorted(unknown)
            ]
            raise DomainError(
                _(
                    "Not a candidate of this mission for %(year)s (an accepted offer, or cleared for "
                    "placement): %(refs)s."
                )
                % {"year": fiscal_year_label(event.intake_year), "refs": ", ".join(refs)},
                field="applications",
            )
        already = set(
            event.invitations.filter(application_id__in=application_ids).values_list(
                "application_id", flat=True
            )
        )
        chosen = [a for a in chosen if a.pk not in already]
    return _create_invitations(actor, event, chosen)


def _create_invitations(actor: User, event: OrientationEvent, chosen: list[Application]) -> int:
    """Invite the applications chosen (each audited under the mission and the person)."""
    created = OrientationInvitation.objects.bulk_create(
        [OrientationInvitation(event=event, application_id=a.pk) for a in chosen]
    )
    if len(created) and created[0].pk is None:  # a database that returns no keys from a bulk insert
        created = list(event.invitations.filter(application_id__in=[a.pk for a in chosen]))
    person_of = {a.pk: a.person_id for a in chosen}
    audit.record_many(
        [
            audit.event(
                actor=actor,
                action="orientation_invitation.create",
                obj=inv,
                organisation=event.mission_id,
                person=person_of[inv.application_id],
                changes={"event": [None, event.pk], "application": [None, inv.application_id]},
            )
            for inv in created
        ]
    )
    return len(created)


def group_invitees(event: OrientationEvent, group: DepartureGroup) -> list[Application]:
    """The members of a departure group an event would invite: the group's travellers (not withdrawn, not a
    no-show) whose application is a candidate of the event's mission and year, not invited yet."""
    return list(
        selectors.eligible_candidates(event.mission_id, event.intake_year)
        .filter(
            departures__group=group,
            departures__status__in=[DepartureStatus.ASSIGNED, DepartureStatus.ARRIVED],
        )
        .exclude(orientation_invitations__event=event)
        .only("pk", "person_id", "reference")
        .distinct()
    )


@transaction.atomic
def invite_group(*, actor: User, event_id: int, group_id: int | None) -> int:
    """Invite a departure group to a planned event: its members of the mission (the group's travellers who
    are the mission's candidates of the event's year) not invited yet. The group must be one of the event's
    mission's groups of its intake year. Returns how many were invited."""
    event = _locked_event(event_id)
    _require_manager(actor, event.mission_id)
    if event.status != EventStatus.PLANNED:
        raise DomainError(_("Candidates are invited while the event is planned."), field="status")
    group = DepartureGroup.objects.filter(pk=group_id or 0).first()
    if group is None:
        raise DomainError(_("Choose the departure group to invite."), field="departure_group")
    if group.mission_id != event.mission_id or group.intake_year != event.intake_year:
        raise DomainError(
            _("Only the mission's own departure groups of %(year)s can be invited to this event.")
            % {"year": fiscal_year_label(event.intake_year)},
            field="departure_group",
        )
    return _create_invitations(actor, event, group_invitees(event, group))


@transaction.atomic
def record_attendance(*, actor: User, event_id: int, attended_ids: set[int]) -> dict[str, int]:
    """Record who came (the invitations named) and who did not (every other invitation of the event), once
    the event's day has come. Each change is a step of the attendance workflow, audited."""
    event = _locked_event(event_id)
    _require_manager(actor, event.mission_id)
    rows = list(
        OrientationInvitation.objects.select_for_update(of=("self",))
        .select_related("event", "application")
        .filter(event=event)
        .order_by("pk")
    )
    unknown = set(attended_ids) - {r.pk for r in rows}
    if unknown:
        raise DomainError(_("Only the event's invitations can be marked as attended."), field="attended")
    came = [r for r in rows if r.pk in attended_ids and r.status != Attendance.ATTENDED]
    missed = [r for r in rows if r.pk not in attended_ids and r.status != Attendance.ABSENT]
    workflow.perform_bulk(ATTENDANCE, came, "attend", actor=actor)
    workflow.perform_bulk(ATTENDANCE, missed, "absent", actor=actor)
    return {"attended": len(came), "absent": len(missed)}


@transaction.atomic
def give_feedback(
    *, actor: User, invitation_id: int, rating: int | None, comment: str
) -> OrientationInvitation:
    """The candidate who attended rates the event (1–5) and may comment; once."""
    try:
        inv = (
            OrientationInvitation.objects.select_for_update(of=("self",))
            .select_related("event", "application")
            .get(pk=invitation_id)
        )
    except OrientationInvitation.DoesNotExist as exc:
        raise NotFound(_("No such record.")) from exc
    if not is_own_invitation(scope_of(actor), inv):
        raise NotFound(_("No such record."))
    errors: list[tuple[str | None, str]] = []
    if inv.status != Attendance.ATTENDED:
        errors.append((None, _("Feedback is given by those who attended the event.")))
    if inv.feedback_at is not None:
        errors.append((None, _("You have already given your feedback on this event.")))
    if rating not in FEEDBACK_RATINGS:
        errors.append(("rating", _("Rate the event from 1 (poor) to 5 (excellent).")))
    if len(comment) > 2000:
        errors.append(("comment", _("The comment is limited to 2,000 characters.")))
    raise_all(errors)
    inv.feedback_rating = rating
    inv.feedback_comment = comment.strip()
    inv.feedback_at = timezone.now()
    inv.save(update_fields=["feedback_rating", "feedback_comment", "feedback_at", "updated_at"])
    audit.record(
        actor=actor,
        action="orientation_invitation.feedback",
        obj=inv,
        organisation=inv.event.mission_id,
        person=inv.application.person_id,
        changes={"rating": [None, rating], "comment": [None, inv.feedback_comment]},
    )
    return inv


# --- materials and speakers -------------------------------------------------------------------------------


@transaction.atomic
def add_material(
    *, actor: User, event_id: int, language: str, title: str, upload: UploadedFile | None
) -> OrientationMaterial:
    """A handout in Japanese or English: checked by its content (PDF, JPEG or PNG) and size, stored outside
    the static files."""
    event = _locked_event(event_id)
    _require_manager(actor, event.mission_id)
    errors: list[tuple[str | None, str]] = []
    if language not in MaterialLanguage.values:
        errors.append(("language", _("Choose Japanese or English.")))
    if not title.strip():
        errors.append(("title", _("Give the title of the material.")))
    checked = None
    try:
        checked = check_upload(upload)
    except DomainError as exc:
        errors.append((exc.field, exc.message))
    raise_all(errors)
    assert checked is not None
    material = OrientationMaterial(
        event=event,
        language=language,
        title=title.strip(),
        original_name=checked.name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=actor,
    )
    material.file.save(checked.name, ContentFile(checked.content), save=False)
    name, storage = material.file.name, material.file.storage
    try:
        material.save()
    except Exception:
        storage.delete(name)
        raise
    audit.record(
        actor=actor,
        action="orientation_material.upload",
        obj=material,
        organisation=event.mission_id,
        changes={"language": language, "size": material.size, "sha256": material.sha256},
    )
    return material


@transaction.atomic
def remove_material(*, actor: User, material_id: int) -> None:
    material = (
        OrientationMaterial.objects.select_related("event")
        .select_for_update(of=("self",))
        .get(pk=material_id)
    )
    _require_manager(actor, material.event.mission_id)
    audit.record(
        actor=actor,
        action="orientation_material.remove",
        obj=material,
        organisation=material.event.mission_id,
        changes={"title": [material.title, None], "sha256": material.sha256},
    )
    name, storage = material.file.name, material.file.storage
    material.delete()
    transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def add_speaker(*, actor: User, event_id: int, person_id: int | None, topic: str) -> OrientationSpeaker:
    """An alumnus who speaks at the event."""
    event = _locked_event(event_id)
    _require_manager(actor, event.mission_id)
    errors: list[tuple[str | None, str]] = []
    person = visible_to(actor, Person).filter(pk=person_id or 0).first()
    if person is None:
        errors.append(("person", _("Choose the speaker.")))
    elif person.kind != PersonKind.ALUMNUS:
        errors.append(("person", _("A speaker is an alumnus of the programme.")))
    elif event.speakers.filter(person=person).exists():
        errors.append(("person", _("This alumnus already speaks at the event.")))
    if not topic.strip():
        errors.append(("topic", _("Give the topic of the talk.")))
    raise_all(errors)
    assert person is not None
    speaker = OrientationSpeaker.objects.create(event=event, person=person, topic=topic.strip())
    audit.record(
        actor=actor,
        action="orientation_speaker.add",
        obj=speaker,
        organisation=event.mission_id,
        person=person.pk,
        changes={"event": [None, event.pk], "topic": [None, speaker.topic]},
    )
    return speaker


@transaction.atomic
def remove_speaker(*, actor: User, speaker_id: int) -> None:
    speaker = (
        OrientationSpeaker.objects.select_related("event").select_for_update(of=("self",)).get(pk=speaker_id)
    )
    _require_manager(actor, speaker.event.mission_id)
    audit.record(
        actor=actor,
        action="orientation_speaker.remove",
        obj=speaker,
        organisation=speaker.event.mission_id,
        person=speaker.person_id,
        changes={"topic": [speaker.topic, None]},
    )
    speaker.delete()


# --- the candidates' checklists ---------------------------------------------------------------------------


@transaction.atomic
def open_checklists(*, actor: User, mission_id: int, intake_year: int) -> int:
    """Open the checklist of every candidate of the mission's intake year who has none yet."""
    mission = _mission(mission_id)
    _require_manager(actor, mission.pk)
    apps = list(
        selectors.eligible_candidates(mission.pk, intake_year)
        .filter(checklist__isnull=True)
        .only("pk", "person_id")
    )
    created = CandidateChecklist.objects.bulk_create([CandidateChecklist(application_id=a.pk) for a in apps])
    if len(created) and created[0].pk is None:
        created = list(CandidateChecklist.objects.filter(application_id__in=[a.pk for a in apps]))
    person_of = {a.pk: a.person_id for a in apps}
    audit.record_many(
        [
            audit.event(
                actor=actor,
                action="checklist.open",
                obj=c,
                organisation=mission.pk,
                person=person_of[c.application_id],
                changes={"application": [None, c.application_id]},
            )
            for c in created
        ]
    )
    return len(created)


@transaction.atomic
def report_visa(*, actor: User, checklist_id: int, step: str, note: str = "") -> CandidateChecklist:
    """The contracting organisation or CLAIR reports the next step of the visa paperwork."""
    try:
        checklist = (
            CandidateChecklist.objects.select_for_update(of=("self",))
            .select_related("application")
            .get(pk=checklist_id)
        )
    except CandidateChecklist.DoesNotExist as exc:
        raise NotFound(_("No such record.")) from exc
    if step not in {t.name for t in VISA.transitions}:
        raise DomainError(_("Choose the step of the visa paperwork to report."), field="step")
    if len(note) > 500:
        raise DomainError(_("The note is limited to 500 characters."), field="note")
    return workflow.perform(  # type: ignore[no-any-return]
        VISA, checklist, step, actor=actor, values={"visa_note": note.strip()}
    )


# --- the send-off evaluation -------------------------------------------------------------------------------


def _sendoff_checks(evaluation: SendoffEvaluation) -> list[tuple[str | None, str]]:
    errors: list[tuple[str | None, str]] = []
    if not (evaluation.screening_schedule.strip() or evaluation.screening_content.strip()):
        errors.append(
            ("screening_content", _("Evaluate the screening (its schedule or content) before submitting."))
        )
    if not (evaluation.sendoff_schedule.strip() or evaluation.sendoff_content.strip()):
        errors.append(
            ("sendoff_content", _("Evaluate the send-off (its schedule or content) before submitting."))
        )
    return errors


SENDOFF_REPORT = services_reports.ReportKind(
    workflow=SENDOFF,
    not_writer=gettext_lazy("Only the mission's staff may write its send-off evaluation."),
    exists=gettext_lazy("The send-off evaluation of %(year)s already exists."),
    not_editable=gettext_lazy("A send-off evaluation that was submitted can no longer be changed."),
    no_comment=gettext_lazy("Write MOFA's comment on the send-off evaluation."),
    submit_checks=_sendoff_checks,
)


@transaction.atomic
def create_sendoff(*, actor: User, mission_id: int, fiscal_year: int) -> SendoffEvaluation:
    """Open the draft send-off evaluation of a mission's year (one per mission and year)."""
    return services_reports.open_draft(  # type: ignore[no-any-return]
        SENDOFF_REPORT, actor=actor, mission_id=mission_id, fiscal_year=fiscal_year
    )


@transaction.atomic
def update_sendoff(*, actor: User, sendoff_id: int, texts: dict[str, str]) -> SendoffEvaluation:
    return services_reports.save_texts(  # type: ignore[no-any-return]
        SENDOFF_REPORT, actor=actor, report_id=sendoff_id, texts=texts
    )


def _frozen_figures(evaluation: SendoffEvaluation) -> dict[str, object]:
    return {
        "figures": selectors.orientation_figures(evaluation.mission_id, evaluation.fiscal_year),
        "desk_figures": selectors.desk_figures_snapshot(evaluation.mission_id, evaluation.fiscal_year),
    }


@transaction.atomic
def submit_sendoff(*, actor: User, sendoff_id: int) -> SendoffEvaluation:
    """Submit to MOFA HQ: the orientations' figures and the Q&A desk's are frozen as they are now."""
    return services_reports.submit(  # type: ignore[no-any-return]
        SENDOFF_REPORT, actor=actor, report_id=sendoff_id, freeze=_frozen_figures
    )


@transaction.atomic
def review_sendoff(*, actor: User, sendoff_id: int, comment: str) -> SendoffEvaluation:
    """MOFA HQ reviews a submitted send-off evaluation with a comment; it is final."""
    return services_reports.review(  # type: ignore[no-any-return]
        SENDOFF_REPORT, actor=actor, report_id=sendoff_id, comment=comment
    )
