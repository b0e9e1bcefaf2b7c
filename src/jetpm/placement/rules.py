"""Visibility rules of placement (see jetpm.core.scoping).

Runs and their decisions: CLAIR, MIC and MOFA. Placements: those too; a contracting organisation (or its
host organisation) the placed participants of a published run; the participant their own published place;
a mission its applicants' published places. Declines: the readers of runs and the participant."""

from __future__ import annotations

from django.db.models import Q

from jetpm.core.scoping import NOTHING, Scope, register, register_url_parameter
from jetpm.placement.models import ManualDecision, Placement, PlacementDecline, PlacementRun
from jetpm.placement.permissions import can_view_runs
from jetpm.placement.states import RunStatus


@register(PlacementRun)
def run_rule(scope: Scope) -> Q:
    return Q() if can_view_runs(scope) else NOTHING


@register(ManualDecision)
def decision_rule(scope: Scope) -> Q:
    return Q() if can_view_runs(scope) else NOTHING


@register(Placement)
def placement_rule(scope: Scope) -> Q:
    if can_view_runs(scope):
        return Q()
    published = Q(run__status=RunStatus.PUBLISHED, contracting_org__isnull=False)
    q = NOTHING
    if scope.co_ids:
        q |= published & Q(contracting_org_id__in=scope.co_ids)
    if scope.host_ids:
        q |= published & Q(contracting_org__host_org_id__in=scope.host_ids)
    if scope.mission_ids:
        q |= published & Q(application__mission_id__in=scope.mission_ids)
    if scope.person_id is not None:
        q |= published & Q(application__person_id=scope.person_id)
    return q


@register(PlacementDecline)
def decline_rule(scope: Scope) -> Q:
    if can_view_runs(scope):
        return Q()
    if scope.person_id is not None:
        return Q(application__person_id=scope.person_id)
    return NOTHING


register_url_parameter("run_id", "placement.PlacementRun")
