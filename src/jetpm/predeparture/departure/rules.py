"""Visibility rules of departure groups and arrivals (see jetpm.core.scoping)."""

from django.db.models import Q

from jetpm.core.scoping import NOTHING, Scope, register, register_url_parameter
from jetpm.predeparture.departure.permissions import is_clair_staff
from jetpm.predeparture.models import DepartureAssignment, DepartureChange, DepartureGroup

register_url_parameter("departure_group_id", "predeparture.DepartureGroup")
register_url_parameter("departure_id", "predeparture.DepartureAssignment")


def _national(scope: Scope) -> bool:
    return scope.is_superuser or scope.national or is_clair_staff(scope)


@register(DepartureGroup)
def group_rule(scope: Scope) -> Q:
    """National bodies: all; a mission: its own groups; a CO: the groups bringing its participants; a
    participant: their own group."""
    if _national(scope):
        return Q()
    q = NOTHING
    if scope.mission_ids:
        q |= Q(mission_id__in=scope.mission_ids)
    if scope.co_ids:
        q |= Q(
            pk__in=DepartureAssignment.objects.filter(contracting_org_id__in=scope.co_ids).values("group_id")
        )
    if scope.person_id is not None:
        q |= Q(pk__in=DepartureAssignment.objects.filter(person_id=scope.person_id).values("group_id"))
    return q


def _assignment_q(scope: Scope, prefix: str = "") -> Q:
    q = NOTHING
    if scope.mission_ids:
        q |= Q(**{f"{prefix}group__mission_id__in": scope.mission_ids})
    if scope.co_ids:
        q |= Q(**{f"{prefix}contracting_org_id__in": scope.co_ids})
    if scope.person_id is not None:
        q |= Q(**{f"{prefix}person_id": scope.person_id})
    return q


@register(DepartureAssignment)
def assignment_rule(scope: Scope) -> Q:
    """National bodies: all; a mission: its groups' participants; a CO: those who arrive at it; a
    participant: their own."""
    if _national(scope):
        return Q()
    return _assignment_q(scope)


@register(DepartureChange)
def change_rule(scope: Scope) -> Q:
    """A group's own changes (dates, flight) with the group; a participant's with their assignment."""
    if _national(scope):
        return Q()
    q = _assignment_q(scope, "assignment__")
    if scope.mission_ids:
        q |= Q(group__mission_id__in=scope.mission_ids)
    if scope.co_ids:
        q |= Q(
            assignment__isnull=True,
            group_id__in=DepartureAssignment.objects.filter(contracting_org_id__in=scope.co_ids).values(
                "group_id"
            ),
        )
    return q
