"""Planning's tasks on the home dashboard (jetpm.core.dashboard).

While a requests window is open: a contracting organisation's coordinators are asked for its request until it
is submitted (again, when it was returned); a host organisation's coordinators see the submitted requests of
their area waiting to be forwarded and the organisations that have not submitted yet; MIC and CLAIR the
forwarded requests waiting for acceptance. At any time the Council's approvers see the country plans
proposed to them. (Registered by importing this module from the app's ready().)"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from jetpm.core.calendar import Window, fiscal_year_label
from jetpm.core.dashboard import Task, task_provider
from jetpm.core.models import Organisation
from jetpm.core.scoping import Scope
from jetpm.core.states import MilestoneKind, OrgKind, Role
from jetpm.planning import permissions as perms
from jetpm.planning.models import CountryPlan, PlacementRequest
from jetpm.planning.states import PlanStatus, RequestStatus

NOT_IN = (RequestStatus.DRAFT, RequestStatus.RETURNED)


@task_provider
def planning_tasks(user: Any, scope: Scope, today: date, windows: list[Window]) -> list[Task]:
    tasks: list[Task] = []
    if scope.has_role(Role.APPROVER, kinds={OrgKind.COUNCIL}):
        for plan in CountryPlan.objects.filter(status=PlanStatus.PROPOSED).order_by("intake_year", "version"):
            tasks.append(
                Task(
                    _("The country plan for %(year)s (version %(version)s) waits for your approval")
                    % {"year": fiscal_year_label(plan.intake_year), "version": plan.version},
                    url=reverse("planning:plan_detail", kwargs={"plan_id": plan.pk}),
                    priority=15,
                )
            )
    for w in windows:
        if w.kind == MilestoneKind.REQUESTS:
            tasks += _request_tasks(scope, w)
    return tasks


def _request_tasks(scope: Scope, w: Window) -> list[Task]:
    values = {"year": fiscal_year_label(w.intake_year), "date": date_format(w.ends_on)}
    tasks: list[Task] = []
    writer_of = [o for o in scope.co_ids if perms.is_request_writer(scope, o)]
    if writer_of:
        status = dict(
            PlacementRequest.objects.filter(organisation_id__in=writer_of, intake_year=w.intake_year)
            .order_by()
            .values_list("organisation_id", "status")
        )
        for org_id in sorted(writer_of):
            if status.get(org_id) == RequestStatus.RETURNED:
                title = _(
                    "Your request for %(year)s was returned: correct it and submit it again by %(date)s"
                )
            elif status.get(org_id, RequestStatus.DRAFT) == RequestStatus.DRAFT:
                title = _("Submit the requests for %(year)s by %(date)s")
            else:
                continue
            tasks.append(
                Task(title % values, due=w.ends_on, url=reverse("planning:request_list"), priority=20)
            )
    hosts = [h for h in scope.host_ids if perms.is_request_host(scope, h)]
    if hosts:
        requests = PlacementRequest.objects.filter(
            organisation__host_org_id__in=hosts, intake_year=w.intake_year
        )
        waiting = requests.filter(status=RequestStatus.SUBMITTED).count()
        if waiting:
            tasks.append(
                Task(
                    _("%(n)s submitted requests of %(year)s wait for you to forward them to MIC/CLAIR")
                    % {"n": waiting, **values},
                    due=w.ends_on,
                    url=reverse("planning:request_list"),
                    priority=20,
                )
            )
        missing = (
            Organisation.objects.filter(kind=OrgKind.CONTRACTING_ORG, host_org_id__in=hosts)
            .exclude(
                pk__in=requests.exclude(status__in=NOT_IN).values("organisation_id"),
            )
            .count()
        )
        if missing:
            tasks.append(
                Task(
                    ngettext(
                        "%(n)s contracting organisation has not submitted its requests for %(year)s yet",
                        "%(n)s contracting organisations have not submitted their requests for %(year)s yet",
                        missing,
                    )
                    % {"n": missing, **values},
                    due=w.ends_on,
                    url=reverse("planning:request_list"),
                    priority=30,
                )
            )
    if perms.is_request_agency(scope) and not scope.is_superuser:
        forwarded = PlacementRequest.objects.filter(
            intake_year=w.intake_year, status=RequestStatus.FORWARDED
        ).count()
        if forwarded:
            tasks.append(
                Task(
                    ngettext(
                        "%(n)s forwarded request of %(year)s waits for acceptance",
                        "%(n)s forwarded requests of %(year)s wait for acceptance",
                        forwarded,
                    )
                    % {"n": forwarded, **values},
                    url=reverse("planning:request_list"),
                    priority=25,
                )
            )
    return tasks
