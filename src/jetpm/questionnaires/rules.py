"""Visibility rules of the questionnaire engine (see jetpm.core.scoping).

A questionnaire: the national bodies see all; its owner sees its own in every status; once opened, anyone
acting for an organisation sees it (the missions that send it, the chapters and local governments that
answer it), and a person sees those they were sent. A response: the national bodies, the questionnaire's
owner, the organisation that sent it (``via``) and the respondent (the person, or whoever acts for the
responding organisation)."""

from django.db.models import Q

from jetpm.core.scoping import NOTHING, Scope, register, register_url_parameter
from jetpm.questionnaires.models import Questionnaire, Response
from jetpm.questionnaires.states import QuestionnaireStatus


@register(Questionnaire)
def questionnaire_rule(scope: Scope) -> Q:
    if scope.national or scope.is_superuser:
        return Q()
    rule = NOTHING
    if scope.org_ids:
        rule |= Q(owner_id__in=scope.org_ids) | ~Q(status=QuestionnaireStatus.DRAFT)
    if scope.person_id is not None:
        mine = Response.objects.filter(person_id=scope.person_id).values("questionnaire_id")
        rule |= Q(pk__in=mine) & ~Q(status=QuestionnaireStatus.DRAFT)
    return rule


@register(Response)
def response_rule(scope: Scope) -> Q:
    if scope.national or scope.is_superuser:
        return Q()
    rule = NOTHING
    if scope.org_ids:
        rule |= (
            Q(via_id__in=scope.org_ids)
            | Q(organisation_id__in=scope.org_ids)
            | Q(questionnaire__owner_id__in=scope.org_ids)
        )
    if scope.person_id is not None:
        rule |= Q(person_id=scope.person_id)
    return rule


register_url_parameter("questionnaire_id", "questionnaires.Questionnaire")
register_url_parameter("response_id", "questionnaires.Response")
