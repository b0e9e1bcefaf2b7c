"""Visibility rules of appointments' records (see jetpm.core.scoping)."""

from django.db.models import Q

from jetpm.appointments.models import AppointmentTerm, Participant
from jetpm.core.scoping import NOTHING, Scope, register


def _term_orgs(scope: Scope) -> Q:
    """Terms at the contracting organisations a user acts for, directly or as their host organisation."""
    q = NOTHING
    if scope.co_ids:
        q |= Q(contracting_org_id__in=scope.co_ids)
    if scope.host_ids:
        q |= Q(contracting_org__host_org_id__in=scope.host_ids)
    return q


@register(Participant)
def participant_rule(scope: Scope) -> Q:
    """National bodies: all; coordinators: the participants with a term at their organisation (or in their
    host organisation's area); the participant: their own record; anyone else: nothing."""
    if scope.national or scope.is_superuser:
        return Q()
    q = NOTHING
    if scope.co_ids or scope.host_ids:
        q |= Q(pk__in=AppointmentTerm.objects.filter(_term_orgs(scope)).values("participant_id"))
    if scope.person_id is not None:
        q |= Q(person_id=scope.person_id)
    return q


@register(AppointmentTerm)
def term_rule(scope: Scope) -> Q:
    """National bodies: all; coordinators: the terms at their organisation or area; a participant: theirs."""
    if scope.national or scope.is_superuser:
        return Q()
    q = _term_orgs(scope)
    if scope.person_id is not None:
        q |= Q(participant__person_id=scope.person_id)
    return q
