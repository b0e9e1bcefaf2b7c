"""Visibility rules of the bulletins and engagement records (see jetpm.core.scoping); the surveys' records
are the questionnaire engine's (jetpm.questionnaires.rules)."""

from django.db.models import Q

from jetpm.alumni.bulletins.models import Bulletin, BulletinDelivery
from jetpm.alumni.engagement.models import Engagement
from jetpm.core.scoping import NOTHING, Scope, register, register_url_parameter


@register(Bulletin)
def bulletin_rule(scope: Scope) -> Q:
    """The national bodies; the sender; the recipients (a chapter's officers, the alumnus)."""
    if scope.national or scope.is_superuser:
        return Q()
    received = Q(pk__in=[])
    if scope.org_ids:
        received |= Q(chapter_id__in=scope.org_ids)
    if scope.person_id is not None:
        received |= Q(person_id=scope.person_id)
    rule = NOTHING
    if scope.org_ids:
        rule |= Q(sender_id__in=scope.org_ids)
    if scope.org_ids or scope.person_id is not None:
        rule |= Q(pk__in=BulletinDelivery.objects.filter(received).values("bulletin_id"))
    return rule


@register(BulletinDelivery)
def delivery_rule(scope: Scope) -> Q:
    if scope.national or scope.is_superuser:
        return Q()
    rule = NOTHING
    if scope.org_ids:
        rule |= Q(bulletin__sender_id__in=scope.org_ids) | Q(chapter_id__in=scope.org_ids)
    if scope.person_id is not None:
        rule |= Q(person_id=scope.person_id)
    return rule


@register(Engagement)
def engagement_rule(scope: Scope) -> Q:
    """The national bodies; the mission that recorded it; the alumnus."""
    if scope.national or scope.is_superuser:
        return Q()
    rule = NOTHING
    if scope.mission_ids:
        rule |= Q(mission_id__in=scope.mission_ids)
    if scope.person_id is not None:
        rule |= Q(person_id=scope.person_id)
    return rule


register_url_parameter("bulletin_id", "alumni.Bulletin")
register_url_parameter("delivery_id", "alumni.BulletinDelivery")
register_url_parameter("engagement_id", "alumni.Engagement")
