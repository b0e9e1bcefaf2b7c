"""Visibility rules of evaluation's records (see jetpm.core.scoping)."""

from django.db.models import Q

from jetpm.core.scoping import NOTHING, Scope, register, register_url_parameter
from jetpm.evaluation.models import ExaminationRules, Finding, FindingChange
from jetpm.evaluation.states import DocumentStatus


@register(ExaminationRules)
def examination_rules_rule(scope: Scope) -> Q:
    """As the guideline: agencies and the Council see drafts too; every signed-in user the approved ones."""
    if scope.national or scope.is_superuser:
        return Q()
    return Q(status=DocumentStatus.APPROVED) if scope.is_authenticated else NOTHING


def _national(scope: Scope) -> Q:
    return Q() if scope.national or scope.is_superuser else NOTHING


@register(Finding)
def finding_rule(scope: Scope) -> Q:
    """The Council's findings: the Council and the agencies."""
    return _national(scope)


@register(FindingChange)
def finding_change_rule(scope: Scope) -> Q:
    return _national(scope)


register_url_parameter("examination_rules_id", "evaluation.ExaminationRules")
register_url_parameter("finding_id", "evaluation.Finding")
