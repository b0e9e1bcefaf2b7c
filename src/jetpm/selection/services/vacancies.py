"""Freed places and upgrades. A place is freed when a short-listed (or upgraded) candidate declines, lets the
deadline pass, withdraws or is disqualified — wherever that happened: the freed places are derived by query,
not by hooks. HQ confirms the upgrade of the proposed next alternate (or records that none is left)."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from jetpm.applications.models import Application
from jetpm.applications.services.transitions import lock, move
from jetpm.applications.states import ApplicationStatus
from jetpm.core import audit, workflow
from jetpm.core.errors import DomainError, PermissionDenied
from jetpm.core.models import User
from jetpm.core.scoping import scope_of
from jetpm.selection.models import Offer, SelectionEntry, Vacancy
from jetpm.selection.notices import send_result
from jetpm.selection.permissions import can_prepare
from jetpm.selection.states import ListStatus, OfferOrigin, OfferStatus, Result, VacancyStatus
from jetpm.selection.workflows import OFFERS

FREEING_STATUSES = (ApplicationStatus.DECLINED, ApplicationStatus.WITHDRAWN, ApplicationStatus.DISQUALIFIED)


def freed_applications() -> QuerySet[Application]:
    """Applications that held a place (short-listed in a published list, or offered a place) and gave it up,
    whose place has no vacancy recorded yet."""
    shortlisted = SelectionEntry.objects.filter(
        application=OuterRef("pk"), result=Result.SHORTLISTED, selection__status=ListStatus.PUBLISHED
    )
    published = SelectionEntry.objects.filter(
        application=OuterRef("pk"), selection__status=ListStatus.PUBLISHED
    )
    offered = Offer.objects.filter(application=OuterRef("pk"))
    return (
        Application.objects.filter(status__in=FREEING_STATUSES)
        .filter(Exists(shortlisted) | (Exists(offered) & Exists(published)))
        .filter(~Q(Exists(Vacancy.objects.filter(freed_by=OuterRef("pk")))))
    )


def next_alternate(selection_id: int) -> SelectionEntry | None:
    """The alternate with the lowest rank of the list who is still an alternate."""
    return (
        SelectionEntry.objects.select_related("application")
        .filter(
            selection_id=selection_id,
            result=Result.ALTERNATE,
            application__status=ApplicationStatus.ALTERNATE,
        )
        .order_by("alternate_rank")
        .first()
    )


def reason_of(application: Application) -> str:
    return str(dict(ApplicationStatus.choices).get(application.status, application.status))


@transaction.atomic
def confirm(*, actor: User, application_id: int, deadline: date, today: date | None = None) -> Vacancy:
    """Record the place freed by ``application_id`` and fill it with the next alternate of the same list: the
    alternate is short-listed with their own offer (reply by ``deadline``) and told so. No alternate left:
    the vacancy is recorded as unfilled."""
    if not can_prepare(scope_of(actor)):
        raise PermissionDenied(_("Only HQ may confirm an upgrade."))
    today = today or timezone.localdate()
    freed = lock(application_id)
    if not freed_applications().filter(pk=freed.pk).exists():
        raise DomainError(_("Application %(ref)s has not freed a place.") % {"ref": freed.reference})
    entry = SelectionEntry.objects.select_related("selection").get(application=freed)
    selection = entry.selection
    # the freed candidate's own offer, if still standing, ends with the withdrawal
    offer = Offer.objects.select_for_update(of=("self",)).filter(application=freed).first()
    if offer is not None and workflow.may_go(OFFERS, offer.status, OfferStatus.WITHDRAWN):
        workflow.perform(OFFERS, offer, "withdraw", actor=actor, reason=reason_of(freed))
    candidate = next_alternate(selection.pk)
    # a vacancy is recorded once decided: filled by the next alternate, or unfilled
    recorded = {
        "selection": selection,
        "freed_by": freed,
        "reason": reason_of(freed)[:300],
        "confirmed_by": actor,
    }
    if candidate is None:
        vacancy = Vacancy.objects.create(status=VacancyStatus.UNFILLED, **recorded)
        audit.record(
            actor=actor,
            action="selection.vacancy.unfilled",
            obj=vacancy,
            changes={"freed_by": freed.reference, "status": vacancy.status},
            organisation=freed.mission_id,
        )
        return vacancy
    if deadline <= today:
        raise DomainError(_("The reply deadline must be after today."), field="deadline")
    upgraded = lock(candidate.application_id)
    move(upgraded, ApplicationStatus.SHORTLISTED, actor=actor, action="selection.upgrade.status")
    new_offer = Offer.objects.create(application=upgraded, origin=OfferOrigin.UPGRADE, deadline=deadline)
    vacancy = Vacancy.objects.create(
        status=VacancyStatus.FILLED, filled_by=upgraded, filled_at=timezone.now(), **recorded
    )
    audit.record(
        actor=actor,
        action="selection.vacancy.fill",
        obj=vacancy,
        changes={
            "freed_by": freed.reference,
            "filled_by": upgraded.reference,
            "alternate_rank": candidate.alternate_rank,
            "deadline": deadline,
        },
        organisation=upgraded.mission_id,
        person=upgraded.person_id,
    )
    audit.record(
        actor=actor,
        action="selection.offer.create",
        obj=new_offer,
        changes={"origin": new_offer.origin, "deadline": deadline},
        organisation=upgraded.mission_id,
        person=upgraded.person_id,
    )
    send_result(application=upgraded, result="upgraded", deadline=deadline, offer_id=new_offer.pk)
    return vacancy
