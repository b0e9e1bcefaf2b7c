"""The year's policy in force and the windows of its calendar: each check raises a domain error naming the
rule (the window and its dates) when the step is taken outside it."""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from jetpm.core.calendar import fiscal_year_label
from jetpm.core.errors import DomainError
from jetpm.jetaa.models import SupportYear
from jetpm.jetaa.states import PolicyStatus

WINDOWS = {
    "chapter_plans": ("chapter_plans_from", "chapter_plans_until"),
    "mission_plans": ("mission_plans_from", "mission_plans_until"),
    "assessment": ("assessment_from", "assessment_until"),
}


def policy_in_force(fiscal_year: int) -> SupportYear | None:
    """The approved version of the year's guidelines and assessment policy, if HQ has approved one."""
    return SupportYear.objects.filter(fiscal_year=fiscal_year, status=PolicyStatus.APPROVED).first()


def require_policy(fiscal_year: int, *, field: str | None = None) -> SupportYear:
    policy = policy_in_force(fiscal_year)
    if policy is None:
        raise DomainError(
            _("HQ has not approved the JETAA support policy of %(year)s yet: nothing can be planned for it.")
            % {"year": fiscal_year_label(fiscal_year)},
            field=field,
        )
    return policy


def window_label(name: str) -> str:
    return {
        "chapter_plans": _("the window for chapters' plans"),
        "mission_plans": _("the window for missions' execution plans"),
        "assessment": _("the assessment window"),
        "reports": _("the window for project reports"),
        "evaluations": _("the window for evaluations"),
    }[name]


def require_open(
    fiscal_year: int, name: str, *, on: date | None = None, field: str | None = None
) -> SupportYear:
    """The policy in force, when ``on`` (today) is inside its window ``name``; otherwise a domain error."""
    policy = require_policy(fiscal_year, field=field)
    on = on or timezone.localdate()
    if name in WINDOWS:
        start, end = (getattr(policy, f) for f in WINDOWS[name])
    elif name == "reports":
        start, end = policy.chapter_plans_from, policy.reports_until
    else:
        start, end = policy.chapter_plans_from, policy.evaluations_until
    if not start <= on <= end:
        raise DomainError(
            _("Outside %(window)s of %(year)s (%(start)s to %(end)s).")
            % {
                "window": window_label(name),
                "year": fiscal_year_label(fiscal_year),
                "start": date_format(start, "DATE_FORMAT"),
                "end": date_format(end, "DATE_FORMAT"),
            },
            field=field,
        )
    return policy


def window_problem(fiscal_year: int, name: str) -> str | None:
    """Why the window ``name`` of ``fiscal_year`` is closed today (or has no policy), for a form that collects
    every error before it refuses; None when it is open."""
    try:
        require_open(fiscal_year, name)
    except DomainError as exc:
        return exc.message
    return None
