"""Visibility rules of the final selection (see jetpm.core.scoping).

Selection lists and their entries: the national bodies (HQ prepares, the Council approves); a mission sees
the entries of its own applicants once the list is published. Offers: the national bodies, the mission,
the applicant. Vacancies: the national bodies.
"""

from __future__ import annotations

from django.db.models import Q

from jetpm.core.scoping import NOTHING, Scope, register, register_url_parameter
from jetpm.selection.models import Offer, SelectionEntry, SelectionList, Vacancy
from jetpm.selection.states import ListStatus


@register(SelectionList)
def list_rule(scope: Scope) -> Q:
    if scope.national or scope.is_superuser:
        return Q()
    return NOTHING


@register(SelectionEntry)
def entry_rule(scope: Scope) -> Q:
    if scope.national or scope.is_superuser:
        return Q()
    if scope.mission_ids:
        return Q(selection__status=ListStatus.PUBLISHED, application__mission_id__in=scope.mission_ids)
    return NOTHING


@register(Offer)
def offer_rule(scope: Scope) -> Q:
    if scope.national or scope.is_superuser:
        return Q()
    q = Q(application__mission_id__in=scope.mission_ids)
    if scope.person_id is not None:
        q |= Q(application__person_id=scope.person_id)
    return q


@register(Vacancy)
def vacancy_rule(scope: Scope) -> Q:
    if scope.national or scope.is_superuser:
        return Q()
    return NOTHING


register_url_parameter("selection_id", "selection.SelectionList")
register_url_parameter("offer_id", "selection.Offer")
register_url_parameter("vacancy_id", "selection.Vacancy")
