"""Visibility rules of appointments' records (see jetpm.core.scoping)."""

from django.db.models import Q

from jetpm.appointments.models import (
    AppointmentTerm,
    Participant,
    ProgrammeYearRules,
    ReappointmentDecision,
    SalaryRate,
    TermEnding,
)
from jetpm.core.scoping import NOTHING, Scope, register, register_url_parameter

register_url_parameter("participant_id", "appointments.Participant")


def _term_orgs(scope: Scope, prefix: str = "") -> Q:
    """Terms at the contracting organisations a user acts for, directly or as their host organisation."""
    q = NOTHING
    if scope.co_ids:
        q |= Q(**{f"{prefix}contracting_org_id__in": scope.co_ids})
    if scope.host_ids:
        q |= Q(**{f"{prefix}contracting_org__host_org_id__in": scope.host_ids})
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


@register(ReappointmentDecision)
def reappointment_rule(scope: Scope) -> Q:
    """Like the current term: national bodies all, coordinators their organisation's, a participant theirs."""
    if scope.national or scope.is_superuser:
        return Q()
    q = _term_orgs(scope, "term__")
    if scope.person_id is not None:
        q |= Q(term__participant__person_id=scope.person_id)
    return q


@register(ProgrammeYearRules)
def programme_year_rules_rule(scope: Scope) -> Q:
    """The rules of each programme year are public to every signed-in user."""
    return Q() if scope.is_authenticated else NOTHING


@register(SalaryRate)
def salary_rate_rule(scope: Scope) -> Q:
    """The salary tables are public to every signed-in user."""
    return Q() if scope.is_authenticated else NOTHING


@register(TermEnding)
def term_ending_rule(scope: Scope) -> Q:
    """Like the term that ended."""
    if scope.national or scope.is_superuser:
        return Q()
    q = _term_orgs(scope, "term__")
    if scope.person_id is not None:
        q |= Q(term__participant__person_id=scope.person_id)
    return q
