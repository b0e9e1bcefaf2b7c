"""The mail of JETAA support's decisions, sent after the commit to the organisation that has to act next,
each user in their language, with a link to the record and nothing more of its content: a chapter's plan
returned (to the chapter's officers), a mission's plan assessed (to the mission's staff)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext as _

from jetpm.core.mail import absolute_url
from jetpm.core.models import Membership
from jetpm.core.states import Role

STAFF_ROLES = (Role.STAFF, Role.APPROVER, Role.ADMIN)


def _link(name: str, **kwargs: Any) -> str:
    try:
        return absolute_url(reverse(f"jetaa:{name}", kwargs=kwargs))
    except NoReverseMatch:  # the pages are not mounted (a domain-only build)
        return absolute_url("/jetaa/")


def tell(organisation_id: int, roles: tuple[str, ...], write: Callable[[], tuple[str, str]]) -> int:
    """Mail every user holding one of ``roles`` in the organisation (``write`` gives the subject and body in
    the active language). Returns how many were sent."""
    users = {
        m.user_id: m.user
        for m in Membership.objects.filter(organisation_id=organisation_id, role__in=roles)
        .exclude(user__email="")
        .filter(user__is_active=True)
        .select_related("user")
    }
    sent = 0
    for user in users.values():
        with translation.override(user.language or settings.LANGUAGE_CODE):
            subject, body = write()
        sent += send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email], fail_silently=True)
    return sent


def plan_returned(plan: Any, actor: Any) -> None:
    """Called after the commit of a chapter's plan returned by its mission."""
    link = _link("chapter_plan", chapter_plan_id=plan.pk)

    def write() -> tuple[str, str]:
        return (
            _("JETAA support: your chapter's plan has been returned"),
            _(
                "Your mission has returned the plan (%(plan)s) with its reason. Read it and submit again: "
                "%(link)s"
            )
            % {"plan": str(plan), "link": link},
        )

    tell(plan.chapter_id, (Role.OFFICER, Role.ADMIN), write)


def plan_assessed(plan: Any, actor: Any) -> None:
    """Called after the commit of HQ's completed assessment of a mission's execution plan."""
    link = _link("execution_plan", execution_plan_id=plan.pk)

    def write() -> tuple[str, str]:
        return (
            _("JETAA support: HQ has assessed your execution plan"),
            _("HQ has completed the assessment of %(plan)s. See the decisions line by line: %(link)s")
            % {"plan": str(plan), "link": link},
        )

    tell(plan.mission_id, STAFF_ROLES, write)
