"""Visibility rules of the orientations, checklists and send-off evaluations (see jetpm.core.scoping): the
national bodies see every mission's; a mission its own; a candidate their own invitations (and the
materials of the events they are invited to); the contracting organisation the checklists of the
candidates placed with it."""

from django.db.models import Q

from jetpm.core.scoping import NOTHING, Scope, register, register_url_parameter
from jetpm.placement.models import Placement
from jetpm.placement.states import RunStatus
from jetpm.predeparture.models_orientations import (
    CandidateChecklist,
    OrientationEvent,
    OrientationInvitation,
    OrientationMaterial,
    OrientationSpeaker,
    SendoffEvaluation,
)


def _all(scope: Scope) -> bool:
    return scope.national or scope.is_superuser


@register(OrientationEvent)
def event_rule(scope: Scope) -> Q:
    if _all(scope):
        return Q()
    return Q(mission_id__in=scope.mission_ids) if scope.mission_ids else NOTHING


@register(OrientationInvitation)
def invitation_rule(scope: Scope) -> Q:
    if _all(scope):
        return Q()
    q = Q(event__mission_id__in=scope.mission_ids) if scope.mission_ids else NOTHING
    if scope.person_id is not None:
        q |= Q(application__person_id=scope.person_id)
    return q


@register(OrientationMaterial)
def material_rule(scope: Scope) -> Q:
    if _all(scope):
        return Q()
    q = Q(event__mission_id__in=scope.mission_ids) if scope.mission_ids else NOTHING
    if scope.person_id is not None:
        invited = OrientationInvitation.objects.filter(application__person_id=scope.person_id).values(
            "event_id"
        )
        q |= Q(event_id__in=invited)
    return q


@register(OrientationSpeaker)
def speaker_rule(scope: Scope) -> Q:
    if _all(scope):
        return Q()
    return Q(event__mission_id__in=scope.mission_ids) if scope.mission_ids else NOTHING


@register(CandidateChecklist)
def checklist_rule(scope: Scope) -> Q:
    if _all(scope):
        return Q()
    q = Q(application__mission_id__in=scope.mission_ids) if scope.mission_ids else NOTHING
    if scope.co_ids:
        placed = Placement.objects.filter(
            contracting_org_id__in=scope.co_ids, run__status=RunStatus.PUBLISHED
        ).values("application_id")
        q |= Q(application_id__in=placed)
    if scope.person_id is not None:
        q |= Q(application__person_id=scope.person_id)
    return q


@register(SendoffEvaluation)
def sendoff_rule(scope: Scope) -> Q:
    if _all(scope):
        return Q()
    return Q(mission_id__in=scope.mission_ids) if scope.mission_ids else NOTHING


register_url_parameter("orientation_id", "predeparture.OrientationEvent")
register_url_parameter("orientation_invitation_id", "predeparture.OrientationInvitation")
register_url_parameter("material_id", "predeparture.OrientationMaterial")
register_url_parameter("speaker_id", "predeparture.OrientationSpeaker")
register_url_parameter("checklist_id", "predeparture.CandidateChecklist")
register_url_parameter("sendoff_id", "predeparture.SendoffEvaluation")
