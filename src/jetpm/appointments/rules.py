"""Visibility rules of appointments' records (see jetpm.core.scoping)."""

from django.db.models import Q

from jetpm.appointments.models import (
    AppointmentTerm,
    CostRates,
    Participant,
    ProgrammeYearRules,
    ReappointmentDecision,
    SalaryRate,
    SummerStart,
    TermEnding,
    TrainingEvent,
    TrainingInvitation,
)
from jetpm.appointments.permissions import training_organiser_ids
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


# --- training and costs -----------------------------------------------------------------------------------

register_url_parameter("training_event_id", "appointments.TrainingEvent")
register_url_parameter("invitation_id", "appointments.TrainingInvitation")


def _invitation_q(scope: Scope, prefix: str = "") -> Q:
    """Invitations the user may see: of events they organise; of participants with a term at their
    organisation (or area); their own."""
    q = NOTHING
    organisers = training_organiser_ids(scope)
    if organisers:
        q |= Q(**{f"{prefix}event__organiser_id__in": organisers})
    if scope.co_ids or scope.host_ids:
        q |= Q(
            **{
                f"{prefix}participant_id__in": AppointmentTerm.objects.filter(_term_orgs(scope)).values(
                    "participant_id"
                )
            }
        )
    if scope.person_id is not None:
        q |= Q(**{f"{prefix}participant__person_id": scope.person_id})
    return q


@register(TrainingEvent)
def training_event_rule(scope: Scope) -> Q:
    """National bodies: all; organisers (CLAIR, MEXT, host organisations): their own events; contracting
    organisations and participants: the events their participants (or they) are invited to."""
    if scope.national or scope.is_superuser:
        return Q()
    q = NOTHING
    organisers = training_organiser_ids(scope)
    if organisers:
        q |= Q(organiser_id__in=organisers)
    if scope.co_ids or scope.host_ids or scope.person_id is not None:
        q |= Q(pk__in=TrainingInvitation.objects.filter(_invitation_q(scope)).values("event_id"))
    return q


@register(TrainingInvitation)
def training_invitation_rule(scope: Scope) -> Q:
    if scope.national or scope.is_superuser:
        return Q()
    return _invitation_q(scope)


@register(SummerStart)
def summer_start_rule(scope: Scope) -> Q:
    """The programme years' summer start dates are public to every signed-in user."""
    return Q() if scope.is_authenticated else NOTHING


@register(CostRates)
def cost_rates_rule(scope: Scope) -> Q:
    """The year's flat cost amounts are public to every signed-in user."""
    return Q() if scope.is_authenticated else NOTHING
