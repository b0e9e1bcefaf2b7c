"""The application status machine: one service moves an application, checking the table and the actor."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jetpm.applications.models import Application
from jetpm.applications.permissions import actors_of
from jetpm.applications.states import ALLOWED, REASON_REQUIRED, Actor, ApplicationStatus
from jetpm.core import audit
from jetpm.core.errors import DomainError, PermissionDenied
from jetpm.core.models import User
from jetpm.core.scoping import scope_of
from jetpm.core.transitions import check_transition


def _status_label(status: str) -> str:
    return str(dict(ApplicationStatus.choices).get(status, status))


def lock(application_id: int) -> Application:
    """The application, locked for the rest of the transaction."""
    return Application.objects.select_for_update(of=("self",)).get(pk=application_id)


def allowed_targets(user: User | None, application: Application) -> list[str]:
    """The statuses this user may move the application to now (for buttons and menus)."""
    mine = actors_of(scope_of(user), application) if user is not None else frozenset({Actor.SYSTEM})
    return [to for to, who in ALLOWED.get(application.status, {}).items() if who & mine]


def move(
    application: Application,
    to: str,
    *,
    actor: User | None,
    reason: str = "",
    system: bool = False,
    action: str = "application.status",
) -> Application:
    """Move a locked application to ``to`` (inside the caller's transaction; lock it with :func:`lock`).

    ``actor`` None with ``system=True`` is the platform itself (a deadline that passed)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("move() runs inside the service's transaction, on a locked row")
    old = check_transition(application, to, ALLOWED)
    if system and actor is None:
        mine: frozenset[str] = frozenset({Actor.SYSTEM})
    else:
        mine = actors_of(scope_of(actor), application)
    allowed_for = ALLOWED[old][to]
    if not (allowed_for & mine):
        raise PermissionDenied(
            _("You may not move application %(ref)s to “%(to)s”.")
            % {"ref": application.reference, "to": _status_label(to)}
        )
    reason = reason.strip()
    if to in REASON_REQUIRED and not reason:
        raise DomainError(_("A reason is required."), field="reason")
    application.status = to
    application.status_reason = reason[:500]
    application.status_changed_at = timezone.now()
    application.save(update_fields=["status", "status_reason", "status_changed_at", "updated_at"])
    audit.record(
        actor=actor,
        action=action,
        obj=application,
        changes={"status": [old, to], **({"reason": reason} if reason else {})},
        organisation=application.mission_id,
        person=application.person_id,
    )
    return application


@transaction.atomic
def transition(*, actor: User, application_id: int, to: str, reason: str = "") -> Application:
    """Move one application (a page's button): lock, check, change, audit."""
    return move(lock(application_id), to, actor=actor, reason=reason)
