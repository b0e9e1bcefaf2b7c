"""Every read of the alumni surveys, scoped: the engine's rules (the sender, the owner, the respondent) and,
for a mission, its jurisdiction."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from jetpm.alumni.surveys.defaults import SurveyPurpose
from jetpm.core.errors import NotFound
from jetpm.core.models import JetaaRegion, Organisation, User
from jetpm.core.scoping import scope_of
from jetpm.core.states import OrgKind
from jetpm.questionnaires import selectors as engine
from jetpm.questionnaires.models import Questionnaire, Response

REGION_OF = {
    SurveyPurpose.MEMBERSHIP: "organisation__region",
    SurveyPurpose.STATUS: "person__alumnus_profile__country__jetaa_region",
}


def surveys_for(user: User) -> QuerySet[Questionnaire]:
    return engine.questionnaires_for(user).filter(purpose__in=SurveyPurpose.values)


def access_survey(user: User, questionnaire_id: int, *, action: str | None = None) -> Questionnaire:
    q = engine.access_questionnaire(user, questionnaire_id, action=action)
    if q.purpose not in SurveyPurpose.values:
        raise NotFound("No such record.")
    return q


def access_answer(user: User, response_id: int, *, action: str | None = None) -> Response:
    r = engine.access_response(user, response_id, action=action)
    if r.questionnaire.purpose not in SurveyPurpose.values:
        raise NotFound("No such record.")
    return r


def my_surveys(user: User) -> QuerySet[Response]:
    """The surveys the user answers: as the alumnus, or for their chapter."""
    return engine.own_responses(user).filter(questionnaire__purpose__in=SurveyPurpose.values)


def sending_missions(user: User) -> QuerySet[Organisation]:
    """The missions the user sends surveys for."""
    scope = scope_of(user)
    qs = Organisation.objects.filter(kind=OrgKind.MISSION)
    return qs if scope.is_superuser else qs.filter(pk__in=scope.mission_ids)


def responses(user: User, q: Questionnaire, *, region_id: int | None = None) -> QuerySet[Response]:
    qs = engine.responses_for(user, q)
    if region_id is not None:
        qs = qs.filter(**{REGION_OF[SurveyPurpose(q.purpose)]: region_id})
    return qs


@dataclass(frozen=True)
class Line:
    name: str
    invited: int
    answered: int
    percent: int


def progress_by_mission(user: User, q: Questionnaire) -> list[Line]:
    rows = engine.progress(engine.responses_for(user, q), by="via")
    names = {o.pk: o.name for o in Organisation.objects.filter(pk__in=[r.key for r in rows])}
    return [Line(names.get(r.key, "—"), r.invited, r.answered, r.percent) for r in rows]


def progress_by_region(user: User, q: Questionnaire) -> list[Line]:
    rows = engine.progress(engine.responses_for(user, q), by=REGION_OF[SurveyPurpose(q.purpose)])
    names: dict[Any, str] = {r.pk: r.name for r in JetaaRegion.objects.all()}
    return [Line(names.get(r.key, "—"), r.invited, r.answered, r.percent) for r in rows]


def regions() -> QuerySet[JetaaRegion]:
    return JetaaRegion.objects.order_by("code")
