"""Every read of the orientations, the checklists and the send-off evaluations, scoped through
jetpm.core.scoping (and what the portal reads of them: :func:`for_person`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import (
    Avg,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce

from jetpm.applications.models import Application, Document
from jetpm.applications.states import AFTER_ACCEPTANCE_UPLOADS, DocumentKind
from jetpm.core import desk_figures, workflow
from jetpm.core.access import access
from jetpm.core.models import Organisation, Person, User
from jetpm.core.scoping import scope_of, visible_to
from jetpm.core.states import OrgKind, PersonKind
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
from jetpm.predeparture.orientations.states import (
    CANDIDATE_STATUSES,
    Attendance,
    EventKind,
    EventStatus,
    SendoffStatus,
    VisaStatus,
)
from jetpm.predeparture.orientations.workflows import (
    CHECKLIST_ACTIONS,
    EVENT_ACTIONS,
    EVENTS,
    INVITATION_ACTIONS,
    SENDOFF,
    SENDOFF_ACTIONS,
    VISA,
)


def missions_for(user: User) -> QuerySet[Organisation]:
    return visible_to(user, Organisation).filter(kind=OrgKind.MISSION).order_by("code")


def eligible_candidates(mission_id: int, intake_year: int) -> QuerySet[Application]:
    """The mission's candidates of an intake year: the offer accepted, or cleared for placement."""
    return Application.objects.filter(
        mission_id=mission_id, intake_year=intake_year, status__in=CANDIDATE_STATUSES
    ).order_by("reference")


# --- events -----------------------------------------------------------------------------------------------


def events_for(
    user: User, *, intake_year: int | None = None, mission_id: int | None = None, kind: str = ""
) -> QuerySet[OrientationEvent]:
    qs = visible_to(user, OrientationEvent).select_related("mission", "departure_group")
    if intake_year is not None:
        qs = qs.filter(intake_year=intake_year)
    if mission_id is not None:
        qs = qs.filter(mission_id=mission_id)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.annotate(
        invited=Count("invitations", distinct=True),
        attended=Count("invitations", filter=Q(invitations__status=Attendance.ATTENDED), distinct=True),
    ).order_by("date", "mission__code", "id")


def groups_for_events(user: User, mission_ids: list[int], years: list[int]) -> QuerySet[DepartureGroup]:
    """The departure groups an event of these missions and intake years may be for."""
    return (
        visible_to(user, DepartureGroup)
        .filter(mission_id__in=mission_ids, intake_year__in=years)
        .select_related("mission")
        .order_by("-intake_year", "mission__code", "departure_date", "code")
    )


def groups_of_event(user: User, event: OrientationEvent) -> QuerySet[DepartureGroup]:
    """The departure groups that may be invited to the event: its mission's of its intake year, each with how
    many of its members are still to invite (one query)."""
    invitable = (
        eligible_candidates(event.mission_id, event.intake_year)
        .filter(
            departures__group=OuterRef("pk"),
            departures__status__in=[DepartureStatus.ASSIGNED, DepartureStatus.ARRIVED],
        )
        .exclude(orientation_invitations__event=event)
        .order_by()
        .values("departures__group")
        .annotate(n=Count("pk", distinct=True))
        .values("n")
    )
    return groups_for_events(user, [event.mission_id], [event.intake_year]).annotate(
        to_invite=Coalesce(Subquery(invitable, output_field=IntegerField()), Value(0))
    )


def access_event(user: User, event_id: int, *, action: str | None = None) -> OrientationEvent:
    return access(
        user,
        OrientationEvent.objects.select_related("mission", "departure_group"),
        action=action,
        actions=EVENT_ACTIONS,
        pk=event_id,
    )


def access_invitation(user: User, invitation_id: int, *, action: str | None = None) -> OrientationInvitation:
    return access(
        user,
        OrientationInvitation.objects.select_related("event__mission", "application__person"),
        action=action,
        actions=INVITATION_ACTIONS,
        pk=invitation_id,
    )


def access_material(user: User, material_id: int) -> OrientationMaterial:
    return access(user, OrientationMaterial.objects.select_related("event"), pk=material_id)


def access_speaker(user: User, speaker_id: int, *, action: str | None = None) -> OrientationSpeaker:
    obj = access(user, OrientationSpeaker.objects.select_related("event"), pk=speaker_id)
    if action is not None:
        from jetpm.core.access import require

        require(user, obj.event, action=action, actions=EVENT_ACTIONS)
    return obj


def invitations_of(event: OrientationEvent) -> QuerySet[OrientationInvitation]:
    return event.invitations.select_related("application__person").order_by("application__reference")


def uninvited(event: OrientationEvent) -> QuerySet[Application]:
    return (
        eligible_candidates(event.mission_id, event.intake_year)
        .exclude(orientation_invitations__event=event)
        .select_related("person")
    )


def event_abilities(user: User, event: OrientationEvent) -> dict[str, bool]:
    steps = {t.name for t in workflow.available(EVENTS, user, event)}
    manage = EVENT_ACTIONS.allows(user, event, "manage")
    planned = event.status == EventStatus.PLANNED
    return {
        "can_manage": manage,
        "can_edit": manage and planned,
        "can_invite": manage and planned,
        "can_record": manage and event.status != EventStatus.CANCELLED,
        "can_hold": "hold" in steps,
        "can_cancel": "cancel" in steps,
    }


def feedback_summary(event: OrientationEvent) -> dict[str, Any]:
    row = event.invitations.filter(feedback_at__isnull=False).aggregate(
        n=Count("pk"), avg=Avg("feedback_rating")
    )
    return {"count": row["n"], "average": round(float(row["avg"]), 1) if row["avg"] is not None else None}


def alumni_for(user: User) -> QuerySet[Person]:
    """The alumni the user may choose as speakers."""
    return visible_to(user, Person).filter(kind=PersonKind.ALUMNUS).order_by("family_name", "given_name")


def alumnus_by_jet_id(user: User, jet_id: str) -> Person | None:
    """The alumnus with this JET number, when the user may see them."""
    number = (jet_id or "").strip()
    return alumni_for(user).filter(participant__jet_id__iexact=number).first() if number else None


# --- the candidate's own (read by jetpm.portal) -------------------------------------------------------------


@dataclass(frozen=True)
class InvitationForPerson:
    pk: int
    title: str
    kind_label: str
    date: date
    place: str
    status_label: str
    attended: bool
    feedback_given: bool
    materials: list[tuple[int, str, str]] = field(default_factory=list)  # (id, title, language label)


@dataclass(frozen=True)
class ChecklistForPerson:
    missing_labels: list[str]
    visa_label: str


@dataclass(frozen=True)
class PredepartureForPerson:
    invitations: list[InvitationForPerson] = field(default_factory=list)
    checklist: ChecklistForPerson | None = None


def my_invitations(user: User, *, application_id: int | None = None) -> list[InvitationForPerson]:
    person_id = scope_of(user).person_id or 0
    qs = OrientationInvitation.objects.filter(application__person_id=person_id).select_related("event")
    if application_id is not None:
        qs = qs.filter(application_id=application_id)
    rows = list(qs.exclude(event__status=EventStatus.CANCELLED).order_by("event__date", "pk"))
    materials: dict[int, list[tuple[int, str, str]]] = {}
    for m in OrientationMaterial.objects.filter(event_id__in=[r.event_id for r in rows]).order_by(
        "language", "title"
    ):
        materials.setdefault(m.event_id, []).append((m.pk, m.title, str(m.get_language_display())))
    return [
        InvitationForPerson(
            pk=r.pk,
            title=r.event.title,
            kind_label=str(r.event.get_kind_display()),
            date=r.event.date,
            place=r.event.place,
            status_label=str(r.get_status_display()),
            attended=r.status == Attendance.ATTENDED,
            feedback_given=r.feedback_at is not None,
            materials=materials.get(r.event_id, []),
        )
        for r in rows
    ]


def for_person(user: User, *, application_id: int) -> PredepartureForPerson:
    """Pre-departure's part of the candidate's own application page (nothing for another's application)."""
    person_id = scope_of(user).person_id or 0
    invitations = my_invitations(user, application_id=application_id)
    checklist = (
        CandidateChecklist.objects.filter(application_id=application_id, application__person_id=person_id)
        .select_related("application")
        .first()
    )
    if checklist is None:
        return PredepartureForPerson(invitations=invitations)
    return PredepartureForPerson(
        invitations=invitations,
        checklist=ChecklistForPerson(
            missing_labels=missing_labels(checklist.application),
            visa_label=str(checklist.get_visa_status_display()),
        ),
    )


# --- the checklists ---------------------------------------------------------------------------------------


def _has(kind: str) -> Exists:
    return Exists(Document.objects.filter(application_id=OuterRef("application_id"), kind=kind))


def checklists_for(
    user: User, *, intake_year: int | None = None, mission_id: int | None = None, missing_only: bool = False
) -> QuerySet[CandidateChecklist]:
    """The checklists the user sees, each with what is still due (certificates, documents with a problem
    noted, the visa) — one query."""
    qs = visible_to(user, CandidateChecklist).select_related("application__person", "application__mission")
    if intake_year is not None:
        qs = qs.filter(application__intake_year=intake_year)
    if mission_id is not None:
        qs = qs.filter(application__mission_id=mission_id)
    qs = qs.annotate(
        has_health=_has(DocumentKind.HEALTH),
        has_criminal_record=_has(DocumentKind.CRIMINAL_RECORD),
        documents_with_problem=Coalesce(
            Subquery(
                Document.objects.filter(application_id=OuterRef("application_id"))
                .exclude(problem="")
                .order_by()
                .values("application_id")
                .annotate(n=Count("pk"))
                .values("n"),
                output_field=IntegerField(),
            ),
            Value(0),
        ),
    )
    if missing_only:
        qs = qs.filter(
            Q(has_health=False)
            | Q(has_criminal_record=False)
            | Q(documents_with_problem__gt=0)
            | ~Q(visa_status=VisaStatus.VISA_ISSUED)
        )
    return qs.order_by("application__mission__code", "application__reference")


def missing_of(row: CandidateChecklist) -> list[str]:
    """What is still due on a row of :func:`checklists_for`, as labels."""
    kinds = dict(DocumentKind.choices)
    out = []
    if not getattr(row, "has_health", True):
        out.append(str(kinds[DocumentKind.HEALTH]))
    if not getattr(row, "has_criminal_record", True):
        out.append(str(kinds[DocumentKind.CRIMINAL_RECORD]))
    problems = getattr(row, "documents_with_problem", 0)
    if problems:
        from django.utils.translation import ngettext

        out.append(
            ngettext("%(n)s document to send again", "%(n)s documents to send again", problems)
            % {"n": problems}
        )
    if row.visa_status != VisaStatus.VISA_ISSUED:
        from django.utils.translation import gettext as _

        out.append(_("Visa: %(status)s") % {"status": row.get_visa_status_display()})
    return out


def missing_labels(application: Application) -> list[str]:
    """The certificates and documents still due on one application (for the candidate's own page)."""
    kinds = dict(DocumentKind.choices)
    have = set(application.documents.values_list("kind", flat=True))
    out = [str(kinds[k]) for k in AFTER_ACCEPTANCE_UPLOADS if k not in have]
    out += [
        str(kinds.get(k, k)) for k in application.documents.exclude(problem="").values_list("kind", flat=True)
    ]
    return out


def without_checklist(user: User, mission_id: int, intake_year: int) -> int:
    return (
        visible_to(user, Application)
        .filter(
            pk__in=eligible_candidates(mission_id, intake_year).filter(checklist__isnull=True).values("pk")
        )
        .count()
    )


def access_checklist(user: User, checklist_id: int, *, action: str | None = None) -> CandidateChecklist:
    return access(
        user,
        CandidateChecklist.objects.select_related("application__person", "application__mission"),
        action=action,
        actions=CHECKLIST_ACTIONS,
        pk=checklist_id,
    )


def visa_steps(user: User, checklist: CandidateChecklist) -> list[workflow.Transition]:
    return workflow.available(VISA, user, checklist)


# --- the send-off evaluation ------------------------------------------------------------------------------


def orientation_figures(mission_id: int, fiscal_year: int) -> dict[str, Any]:
    """The orientations of a mission for the candidates of a year, in figures (two queries)."""
    events = OrientationEvent.objects.filter(mission_id=mission_id, intake_year=fiscal_year)
    by = events.order_by().aggregate(
        orientations=Count("pk", filter=Q(kind=EventKind.ORIENTATION, status=EventStatus.HELD)),
        receptions=Count("pk", filter=Q(kind=EventKind.RECEPTION, status=EventStatus.HELD)),
        cancelled=Count("pk", filter=Q(status=EventStatus.CANCELLED)),
        planned=Count("pk", filter=Q(status=EventStatus.PLANNED)),
    )
    inv = (
        OrientationInvitation.objects.filter(event__in=events.filter(status=EventStatus.HELD))
        .order_by()
        .aggregate(
            invited=Count("pk"),
            attended=Count("pk", filter=Q(status=Attendance.ATTENDED)),
            feedback=Count("pk", filter=Q(feedback_at__isnull=False)),
            rating=Avg("feedback_rating"),
        )
    )
    speakers = OrientationSpeaker.objects.filter(event__in=events.filter(status=EventStatus.HELD)).count()
    invited, attended = int(inv["invited"]), int(inv["attended"])
    return {
        "orientations": int(by["orientations"]),
        "receptions": int(by["receptions"]),
        "planned": int(by["planned"]),
        "cancelled": int(by["cancelled"]),
        "invited": invited,
        "attended": attended,
        "attendance_rate": round(100 * attended / invited, 1) if invited else None,
        "feedback": int(inv["feedback"]),
        "average_rating": round(float(inv["rating"]), 2) if inv["rating"] is not None else None,
        "speakers": speakers,
    }


def sendoff_figures(evaluation: SendoffEvaluation) -> dict[str, Any]:
    """The snapshot once submitted; live figures while a draft."""
    if evaluation.status != SendoffStatus.DRAFT and evaluation.figures:
        return dict(evaluation.figures)
    return orientation_figures(evaluation.mission_id, evaluation.fiscal_year)


@dataclass(frozen=True)
class SendoffDesk:
    """The Q&A desk's figures shown on a send-off evaluation: ``figures`` None when no desk serves;
    ``frozen`` when they are the snapshot taken at submission."""

    figures: desk_figures.DeskFigures | None
    frozen: bool


def sendoff_desk_figures(evaluation: SendoffEvaluation) -> SendoffDesk:
    """The desk's figures for the mission's candidates of the year, read through core (the support desk
    provides them): the snapshot once submitted; live while a draft, or when the snapshot holds none."""
    if evaluation.status != SendoffStatus.DRAFT:
        frozen = desk_figures.DeskFigures.from_dict(evaluation.desk_figures or {})
        if frozen is not None:
            return SendoffDesk(figures=frozen, frozen=True)
    live = desk_figures.desk_figures_of(evaluation.mission_id, intake_year=evaluation.fiscal_year)
    return SendoffDesk(figures=live, frozen=False)


def desk_figures_snapshot(mission_id: int, fiscal_year: int) -> dict[str, Any]:
    """What is frozen at submission ({} without a desk)."""
    live = desk_figures.desk_figures_of(mission_id, intake_year=fiscal_year)
    return {} if live is None else live.as_dict()


def review_desk_figures(missions: Any, fiscal_year: int) -> dict[int, desk_figures.DeskFigures] | None:
    """The desk's figures of a page of the side-by-side review (one provider call for the page)."""
    return desk_figures.desk_figures([m.pk for m in missions], intake_year=fiscal_year)


def access_sendoff(user: User, sendoff_id: int, *, action: str | None = None) -> SendoffEvaluation:
    return access(
        user,
        SendoffEvaluation.objects.select_related("mission", "submitted_by", "reviewed_by"),
        action=action,
        actions=SENDOFF_ACTIONS,
        pk=sendoff_id,
    )


def sendoff_abilities(user: User, evaluation: SendoffEvaluation) -> dict[str, bool]:
    steps = {t.name for t in workflow.available(SENDOFF, user, evaluation)}
    live = evaluation.status == SendoffStatus.DRAFT
    return {
        "live": live,
        "can_edit": live and SENDOFF_ACTIONS.allows(user, evaluation, "edit"),
        "can_submit": "submit" in steps,
        "can_review": "review" in steps,
    }


def sendoffs_for(user: User, *, fiscal_year: int | None = None) -> QuerySet[SendoffEvaluation]:
    qs = visible_to(user, SendoffEvaluation).select_related("mission")
    if fiscal_year is not None:
        qs = qs.filter(fiscal_year=fiscal_year)
    return qs.order_by("-fiscal_year", "mission__code")


def _held(fiscal_year: int, kind: str) -> Coalesce:
    agg = (
        OrientationEvent.objects.filter(
            mission_id=OuterRef("pk"), intake_year=fiscal_year, kind=kind, status=EventStatus.HELD
        )
        .order_by()
        .values("mission_id")
        .annotate(v=Count("pk"))
        .values("v")
    )
    return Coalesce(Subquery(agg, output_field=IntegerField()), Value(0))


def _invitations(fiscal_year: int, status: str | None) -> Coalesce:
    qs = OrientationInvitation.objects.filter(
        event__mission_id=OuterRef("pk"), event__intake_year=fiscal_year, event__status=EventStatus.HELD
    )
    if status is not None:
        qs = qs.filter(status=status)
    agg = qs.order_by().values("event__mission_id").annotate(v=Count("pk")).values("v")
    return Coalesce(Subquery(agg, output_field=IntegerField()), Value(0))


def review_rows(user: User, fiscal_year: int) -> QuerySet[Organisation]:
    """Every mission the user sees with its year's orientations in figures and its send-off evaluation (its
    sections for the side-by-side reading) — one query per page."""
    evaluation = SendoffEvaluation.objects.filter(mission_id=OuterRef("pk"), fiscal_year=fiscal_year)
    rating = (
        OrientationInvitation.objects.filter(
            event__mission_id=OuterRef("pk"), event__intake_year=fiscal_year, feedback_rating__isnull=False
        )
        .order_by()
        .values("event__mission_id")
        .annotate(v=Avg("feedback_rating"))
        .values("v")
    )
    return (
        missions_for(user)
        .annotate(
            orientations=_held(fiscal_year, EventKind.ORIENTATION),
            receptions=_held(fiscal_year, EventKind.RECEPTION),
            invited=_invitations(fiscal_year, None),
            attended=_invitations(fiscal_year, Attendance.ATTENDED),
            average_rating=Subquery(rating),
            sendoff_id=Subquery(evaluation.values("id")[:1]),
            sendoff_status=Subquery(evaluation.values("status")[:1]),
            sendoff_screening=Subquery(evaluation.values("screening_content")[:1]),
            sendoff_content=Subquery(evaluation.values("sendoff_content")[:1]),
            sendoff_changes=Subquery(evaluation.values("changes_next_year")[:1]),
        )
        .order_by("code")
    )


def review_status_label(status: str | None) -> str:
    from django.utils.translation import gettext as _

    if not status:
        return str(_("Not started"))
    return str(SendoffStatus(status).label)
