"""Visibility rules of outreach's records (see jetpm.core.scoping)."""

from django.db.models import Q

from jetpm.core.scoping import NOTHING, Scope, register, register_url_parameter
from jetpm.outreach.models import OutreachActivity, SelfEvaluation


def _missions(scope: Scope) -> Q:
    """National bodies: every mission's; a mission's staff, approvers and administrators: their mission's."""
    if scope.national or scope.is_superuser:
        return Q()
    return Q(mission_id__in=scope.mission_ids) if scope.mission_ids else NOTHING


@register(OutreachActivity)
def activity_rule(scope: Scope) -> Q:
    return _missions(scope)


@register(SelfEvaluation)
def evaluation_rule(scope: Scope) -> Q:
    return _missions(scope)


register_url_parameter("activity_id", "outreach.OutreachActivity")
register_url_parameter("evaluation_id", "outreach.SelfEvaluation")
