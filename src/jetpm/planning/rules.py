"""Visibility rules of planning's records (see jetpm.core.scoping)."""

from django.db.models import Q

from jetpm.core.scoping import Scope, register, register_url_parameter
from jetpm.planning.models import (
    CountryLanguage,
    CountryPlan,
    Criterion,
    Guideline,
    PlacementRequest,
    PlanLine,
    RequestLine,
)
from jetpm.planning.states import GuidelineStatus, PlanStatus


def _requests(scope: Scope, prefix: str = "") -> Q:
    if scope.national or scope.is_superuser:
        return Q()
    return Q(**{f"{prefix}organisation_id__in": scope.co_ids}) | Q(
        **{f"{prefix}organisation__host_org_id__in": scope.host_ids}
    )


@register(PlacementRequest)
def request_rule(scope: Scope) -> Q:
    """Agencies and the Council: all; a contracting organisation: its own; a host organisation: its area's."""
    return _requests(scope)


@register(RequestLine)
def request_line_rule(scope: Scope) -> Q:
    return _requests(scope, "request__")


def _plans(scope: Scope, prefix: str = "") -> Q:
    if scope.national or scope.is_superuser:
        return Q()
    if scope.mission_ids:  # missions recruit against the approved plan
        return Q(**{f"{prefix}status__in": [PlanStatus.APPROVED, PlanStatus.SUPERSEDED]})
    return Q(pk__in=[])


@register(CountryPlan)
def plan_rule(scope: Scope) -> Q:
    """Agencies and the Council: every version; missions: approved ones; nobody else."""
    return _plans(scope)


@register(PlanLine)
def plan_line_rule(scope: Scope) -> Q:
    return _plans(scope, "plan__")


def _guidelines(scope: Scope, prefix: str = "") -> Q:
    if scope.national or scope.is_superuser:
        return Q()
    return Q(**{f"{prefix}status": GuidelineStatus.APPROVED})


@register(Guideline)
def guideline_rule(scope: Scope) -> Q:
    """Agencies and the Council: drafts too; everyone else: approved guidelines (applicants read them)."""
    return _guidelines(scope)


@register(Criterion)
def criterion_rule(scope: Scope) -> Q:
    return _guidelines(scope, "guideline__")


register_url_parameter("request_id", "planning.PlacementRequest")
register_url_parameter("plan_id", "planning.CountryPlan")
register_url_parameter("guideline_id", "planning.Guideline")


@register(CountryLanguage)
def country_language_rule(scope: Scope) -> Q:
    """Which countries recruit which language is public to every signed-in user."""
    return Q() if scope.is_authenticated else Q(pk__in=[])
