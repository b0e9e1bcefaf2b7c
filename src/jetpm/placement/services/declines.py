"""A participant declines their published placement (or CLAIR records it on their behalf): the decline is
recorded (it bars applying next year), the application is withdrawn, the appointment made at publication is
undone (by the appointments app, through ``jetpm.placement.appointing``: a term not started yet is deleted and
the person is an applicant again; a started one ends as resigned), and the seat reopens — the run page shows
it, and CLAIR fills it with an upgraded alternate in a correction run."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from jetpm.applications.models import Application
from jetpm.applications.services.transitions import lock, move
from jetpm.applications.states import ApplicationStatus
from jetpm.applications.workflows import APPLICATIONS
from jetpm.core import audit, workflow
from jetpm.core.errors import DomainError, PermissionDenied
from jetpm.core.models import User
from jetpm.core.scoping import scope_of
from jetpm.placement import appointing
from jetpm.placement.models import Placement, PlacementDecline
from jetpm.placement.permissions import can_decline
from jetpm.placement.states import RunStatus


def check_decline(*, actor: User, application: Application) -> None:
    """What refuses the decline now, said before the page asks for a confirmation (the decline checks again):
    declined already, or the application cannot be withdrawn by this user in its status."""
    if PlacementDecline.objects.filter(application=application).exists():
        raise DomainError(_("This placement has already been declined."), field="application")
    workflow.check(
        APPLICATIONS,
        application,
        workflow.step_to(APPLICATIONS, application, ApplicationStatus.WITHDRAWN),
        actor=actor,
    )


@transaction.atomic
def decline(*, actor: User, application_id: int, reason: str) -> PlacementDecline:
    application = lock(application_id)
    if not can_decline(scope_of(actor), application):
        raise PermissionDenied(_("Only the participant or CLAIR may decline this placement."))
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("A reason is required."), field="reason")
    placement = (
        Placement.objects.select_related("run")
        .defer("run__instance", "run__result")
        .filter(application=application, run__status=RunStatus.PUBLISHED, contracting_org__isnull=False)
        .first()
    )
    if placement is None:
        raise DomainError(_("There is no published placement to decline."), field="application")
    if PlacementDecline.objects.filter(application=application).exists():
        raise DomainError(_("This placement has already been declined."), field="application")
    record = PlacementDecline.objects.create(
        application=application,
        run=placement.run,
        contracting_org_id=placement.contracting_org_id,
        position=placement.position,
        reason=reason[:500],
        recorded_by=actor,
    )
    move(
        application,
        ApplicationStatus.WITHDRAWN,
        actor=actor,
        reason=f"declined placement: {reason}"[:500],
        action="placement.decline",
    )
    appointment = appointing.appointer().unappoint(
        actor=actor, application=application, reason=f"declined placement: {reason}"
    )
    audit.record(
        actor=actor,
        action="placement.placement.decline",
        obj=record,
        changes={
            "run": placement.run_id,
            "organisation": placement.contracting_org_id,
            "reason": reason,
            "appointment": appointment,
        },
        organisation=placement.contracting_org_id,
        person=application.person_id,
    )
    return record
