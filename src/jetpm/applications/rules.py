"""Visibility rules of applications (see jetpm.core.scoping).

- HQ and the national bodies: every submitted application (drafts stay the applicant's own);
- a mission's staff: its submitted applications;
- a panel member (staff or external): the applications assigned to their panels;
- the applicant: their own;
- and nobody sees an application they declared a conflict of interest with (the national bodies aside).

Panels and conflicts are screening's: it provides them through ``later_stages.provide_reach`` (applications
imports no later stage).
"""

from __future__ import annotations

from django.db.models import Q

from jetpm.applications import later_stages
from jetpm.applications.models import Application, Document, Notice, Referee
from jetpm.applications.states import ApplicationStatus
from jetpm.core.scoping import Scope, register, register_url_parameter


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
        reached = f(mission_id__in=scope.mission_ids)
        never: list[Q] = []
        for also, excluded in later_stages.reach(scope, f):  # screening: panels, declared conflicts
            reached |= also
            never.append(excluded)
        q = reached & not_draft
        for excluded in never:
            q &= ~excluded
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
