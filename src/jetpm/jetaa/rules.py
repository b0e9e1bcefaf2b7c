"""Visibility rules of JETAA support's records (jetpm.core.scoping): HQ and the national bodies see all; a
mission the plans sent to it and its own execution plan, envelope and evaluation; a chapter's officers their
own chapter's plan, lines, support, reports and evaluations."""

from django.db.models import Q

from jetpm.core.scoping import NOTHING, Scope, register, register_url_parameter
from jetpm.jetaa.models import (
    Assessment,
    ChapterPlan,
    Commitment,
    ExecutionPlan,
    HQEvaluation,
    MissionEnvelope,
    MissionEvaluation,
    Payment,
    ProjectLine,
    ProjectReport,
    ReportPhoto,
    SupportYear,
)
from jetpm.jetaa.permissions import sees_everything
from jetpm.jetaa.states import PolicyStatus

register_url_parameter("support_year_id", "jetaa.SupportYear")
register_url_parameter("execution_plan_id", "jetaa.ExecutionPlan")
register_url_parameter("chapter_plan_id", "jetaa.ChapterPlan")
register_url_parameter("jetaa_line_id", "jetaa.ProjectLine")
register_url_parameter("jetaa_report_id", "jetaa.ProjectReport")
register_url_parameter("jetaa_photo_id", "jetaa.ReportPhoto")
register_url_parameter("jetaa_commitment_id", "jetaa.Commitment")


def plan_q(scope: Scope, prefix: str = "") -> Q:
    """Chapters' plans (or records reaching one through ``prefix``) the user may see."""
    if sees_everything(scope):
        return Q()
    q = NOTHING
    if scope.mission_ids:
        q |= Q(**{f"{prefix}mission_id__in": scope.mission_ids})
    if scope.chapter_ids:
        q |= Q(**{f"{prefix}chapter_id__in": scope.chapter_ids})
    return q


def mission_q(scope: Scope, prefix: str = "") -> Q:
    if sees_everything(scope):
        return Q()
    if scope.mission_ids:
        return Q(**{f"{prefix}mission_id__in": scope.mission_ids})
    return NOTHING


@register(SupportYear)
def year_rule(scope: Scope) -> Q:
    """The year's policy: HQ and the national bodies every version, drafts too; missions and chapters the
    approved versions (and those they superseded)."""
    if sees_everything(scope):
        return Q()
    if scope.mission_ids or scope.chapter_ids:
        return ~Q(status=PolicyStatus.DRAFT)
    return NOTHING


@register(MissionEnvelope)
def envelope_rule(scope: Scope) -> Q:
    return mission_q(scope)


@register(ExecutionPlan)
def execution_plan_rule(scope: Scope) -> Q:
    return mission_q(scope)


@register(HQEvaluation)
def hq_evaluation_rule(scope: Scope) -> Q:
    return mission_q(scope, "execution_plan__")


@register(ChapterPlan)
def chapter_plan_rule(scope: Scope) -> Q:
    return plan_q(scope)


@register(ProjectLine)
def line_rule(scope: Scope) -> Q:
    return plan_q(scope, "plan__")


@register(Assessment)
def assessment_rule(scope: Scope) -> Q:
    return plan_q(scope, "line__plan__")


@register(Commitment)
def commitment_rule(scope: Scope) -> Q:
    return plan_q(scope, "line__plan__")


@register(Payment)
def payment_rule(scope: Scope) -> Q:
    return plan_q(scope, "commitment__line__plan__")


@register(ProjectReport)
def report_rule(scope: Scope) -> Q:
    return plan_q(scope, "line__plan__")


@register(ReportPhoto)
def photo_rule(scope: Scope) -> Q:
    return plan_q(scope, "report__line__plan__")


@register(MissionEvaluation)
def evaluation_rule(scope: Scope) -> Q:
    return plan_q(scope, "line__plan__")
