"""Every read of the bulletins, scoped through jetpm.core.scoping."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from jetpm.alumni.bulletins.models import Bulletin, BulletinDelivery
from jetpm.alumni.outreach_permissions import can_send_bulletin_as
from jetpm.core.access import Actions, access
from jetpm.core.models import Organisation, User
from jetpm.core.scoping import scope_of, visible_to
from jetpm.core.states import OrgKind


def _recipient(scope, delivery) -> bool:  # type: ignore[no-untyped-def]
    return delivery.person_id == scope.person_id or delivery.chapter_id in scope.org_ids


DELIVERY_ACTIONS = Actions(read=_recipient)


def senders_for(user: User) -> QuerySet[Organisation]:
    """The organisations the user may send bulletins as (their mission, MOFA)."""
    scope = scope_of(user)
    qs = Organisation.objects.filter(kind__in=[OrgKind.MISSION, OrgKind.MOFA]).order_by("kind", "code")
    if scope.is_superuser:
        return qs
    return qs.filter(pk__in=[o for o, kind, _r in scope.roles if can_send_bulletin_as(scope, o, kind)])


def sent_bulletins(user: User) -> QuerySet[Bulletin]:
    """The bulletins the user's organisations sent (the national bodies: all), with their counts."""
    scope = scope_of(user)
    qs = visible_to(user, Bulletin)
    if not (scope.national or scope.is_superuser):
        qs = qs.filter(sender_id__in=scope.org_ids)
    return (
        qs.select_related("sender")
        .annotate(
            recipients=Count("deliveries"),
            opened=Count("deliveries", filter=Q(deliveries__opened_at__isnull=False)),
        )
        .order_by("-sent_at", "-id")
    )


def received(user: User) -> QuerySet[BulletinDelivery]:
    """The bulletins delivered to the user (as the alumnus, or to their chapter)."""
    scope = scope_of(user)
    mine = Q(pk__in=[])
    if scope.person_id is not None:
        mine |= Q(person_id=scope.person_id)
    if scope.chapter_ids:
        mine |= Q(chapter_id__in=scope.chapter_ids)
    return (
        visible_to(user, BulletinDelivery)
        .filter(mine)
        .select_related("bulletin__sender", "chapter")
        .order_by("-bulletin__sent_at", "-id")
    )


def access_bulletin(user: User, bulletin_id: int) -> Bulletin:
    return access(user, Bulletin.objects.select_related("sender", "sent_by"), pk=bulletin_id)


def access_delivery(user: User, delivery_id: int, *, action: str | None = None) -> BulletinDelivery:
    return access(
        user,
        BulletinDelivery.objects.select_related("bulletin__sender", "chapter", "person"),
        action=action,
        actions=DELIVERY_ACTIONS,
        pk=delivery_id,
    )


def deliveries_of(user: User, bulletin: Bulletin) -> QuerySet[BulletinDelivery]:
    return (
        visible_to(user, BulletinDelivery)
        .filter(bulletin=bulletin)
        .select_related("chapter", "person")
        .order_by("id")
    )


def counts(bulletin: Bulletin) -> dict[str, int]:
    row = bulletin.deliveries.aggregate(
        recipients=Count("id"),
        delivered=Count("id", filter=Q(delivered_at__isnull=False)),
        opened=Count("id", filter=Q(opened_at__isnull=False)),
        chapters=Count("id", filter=Q(chapter__isnull=False)),
        alumni=Count("id", filter=Q(person__isnull=False)),
    )
    return {k: int(v or 0) for k, v in row.items()}
