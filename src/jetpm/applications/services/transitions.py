"""The application status machine: one service moves an application, checking the table and the actor."""

from __future__ import annotations

from django.db import transaction

from jetpm.applications.models import Application
from jetpm.applications.workflows import APPLICATIONS
from jetpm.core import workflow
from jetpm.core.models import User


def lock(application_id: int, *, related: tuple[str, ...] = ()) -> Application:
    """The application, locked for the rest of the transaction (only its own row, with the ``related``
    records read in the same query)."""
    qs = Application.objects.select_for_update(of=("self",))
    if related:
        qs = qs.select_related(*related)
    return qs.get(pk=application_id)


def allowed_targets(user: User | None, application: Application) -> list[str]:
    """The statuses this user may move the application to now (for buttons and menus)."""
    return [t.target for t in workflow.available(APPLICATIONS, user, application)]


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
    step = workflow.step_to(APPLICATIONS, application, to)
    who = workflow.SYSTEM if system and actor is None else actor
    return workflow.perform(APPLICATIONS, application, step, actor=who, reason=reason, action=action)


@transaction.atomic
def transition(*, actor: User, application_id: int, to: str, reason: str = "") -> Application:
    """Move one application (a page's button): lock, check, change, audit."""
    return move(lock(application_id), to, actor=actor, reason=reason)
