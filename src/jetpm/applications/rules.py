"""Visibility rules of applications (see jetpm.core.scoping).

- HQ and the national bodies: every submitted application (drafts stay the applicant's own);
- a mission's staff: its submitted applications;
- a panel member (staff or external): the applications assigned to their panels (screening/rules.py);
- the applicant: their own;
- and nobody sees an application they declared a conflict of interest with (the national bodies aside;
  screening/rules.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Q

from jetpm.applications.models import Application, Document, Notice, Referee
from jetpm.applications.states import ApplicationStatus
from jetpm.core.scoping import Scope, register, register_url_parameter

# The panels and the conflicts belong to a later stage: screening adds them here when Django starts (its
# rules module: the members of a panel also see the applications assigned to it; a declared conflict hides the
# application), so that applications imports no later stage (the architecture contract "stages"). Each
# returns lookups on Application (``{"assignment__panel_id__in": …}``) for a user acting for no national body.
Lookups = Callable[[Scope], dict[str, Any]]
_ALSO_VISIBLE: list[Lookups] = []
_HIDDEN: list[Lookups] = []


def also_visible(fn: Lookups) -> Lookups:
    """Register the applications a user sees besides their missions' (still never a draft)."""
    _ALSO_VISIBLE.append(fn)
    return fn


def hidden(fn: Lookups) -> Lookups:
    """Register the applications a user never sees (the national bodies aside)."""
    _HIDDEN.append(fn)
    return fn


def application_q(scope: Scope, prefix: str = "") -> Q:
    def f(**kw: object) -> Q:
        return Q(**{f"{prefix}{k}": v for k, v in kw.items()})

    if scope.is_superuser:
        return Q()
    own = f(person_id=scope.person_id) if scope.person_id is not None else None
    not_draft = ~f(status=ApplicationStatus.DRAFT)
    if scope.national:
        q = not_draft
    else:
        seen = f(mission_id__in=scope.mission_ids)
        for lookups in _ALSO_VISIBLE:
            seen |= f(**lookups(scope))
        q = seen & not_draft
        for lookups in _HIDDEN:
            q &= ~f(**lookups(scope))
    return q | own if own is not None else q


@register(Application)
def application_rule(scope: Scope) -> Q:
    return application_q(scope)


@register(Document)
def document_rule(scope: Scope) -> Q:
    return application_q(scope, "application__")


@register(Referee)
def referee_rule(scope: Scope) -> Q:
    return application_q(scope, "application__")


@register(Notice)
def notice_rule(scope: Scope) -> Q:
    return application_q(scope, "application__")


register_url_parameter("application_id", "applications.Application")
register_url_parameter("document_id", "applications.Document")
