"""Planning's workflows, declared once (core/workflow.py): requests, country plans and guidelines.

Who may take each step is a predicate of ``planning/permissions.py``; the services call
:func:`jetpm.core.workflow.perform` with the transition's name, and the pages draw their buttons from
:func:`jetpm.core.workflow.available`."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jetpm.core.access import Actions
from jetpm.core.calendar import fiscal_year_label
from jetpm.core.errors import DomainError
from jetpm.core.models import Organisation
from jetpm.core.scoping import Scope
from jetpm.core.states import OrgKind
from jetpm.core.workflow import ACTOR, NOW, Transition, Workflow
from jetpm.planning import permissions as perms
from jetpm.planning.selectors.windows import requests_window
from jetpm.planning.states import GuidelineStatus, PlanStatus, RequestStatus

# --- requests (配置要望) ---------------------------------------------------------------------------------


def window_refusal(intake_year: int) -> str:
    """Why the requests window of the intake year is not open today ("" when it is)."""
    window = requests_window(intake_year)
    year = fiscal_year_label(intake_year)
    if window is None:
        return _("There is no requests window for %(year)s: its recruitment cycle has not been opened.") % {
            "year": year
        }
    today = timezone.localdate()
    if today < window.starts_on:
        return _("The requests window for %(year)s opens on %(date)s.") % {
            "year": year,
            "date": date_format(window.starts_on),
        }
    if today > window.ends_on:
        return _(
            "The requests window for %(year)s closed on %(date)s: only MIC or CLAIR staff may change "
            "requests now."
        ) % {"year": year, "date": date_format(window.ends_on)}
    return ""


def require_window(intake_year: int) -> None:
    """Refuse unless the requests window of the intake year is open today."""
    refusal = window_refusal(intake_year)
    if refusal:
        raise DomainError(refusal)


def request_writer(scope: Scope, req: Any) -> bool:
    """The contracting organisation's coordinators while the window is open; MIC/CLAIR staff at any time."""
    if perms.is_request_agency(scope):
        return True
    if not perms.is_request_writer(scope, req.organisation_id):
        return False
    require_window(req.intake_year)
    return True


def request_host(scope: Scope, req: Any) -> bool:
    """The host organisation's coordinators, while the window is open."""
    if not perms.is_request_host(scope, req.organisation.host_org_id):
        return False
    require_window(req.intake_year)
    return True


def request_returner(scope: Scope, req: Any) -> bool:
    """MIC/CLAIR return a submitted or forwarded request; the host organisation only what was submitted to
    it (and not yet forwarded), while the window is open."""
    if perms.is_request_agency(scope):
        return True
    if not request_host(scope, req):
        return False
    if req.status == RequestStatus.FORWARDED:
        raise DomainError(_("The request was already forwarded: only MIC or CLAIR may return it now."))
    return True


def _request_agency(scope: Scope, req: Any) -> bool:
    return perms.is_request_agency(scope)


def _has_lines(req: Any) -> None:
    if not req.lines.exists():
        raise DomainError(_("Add at least one line before submitting the request."))


def _request_audit(req: Any) -> dict[str, Any]:
    return {"organisation": req.organisation_id}


R = RequestStatus
REQUESTS = Workflow(
    key="request",
    model="planning.PlacementRequest",
    audit_target=_request_audit,
    transitions=(
        Transition(
            "submit",
            {R.DRAFT, R.RETURNED},
            R.SUBMITTED,
            who=request_writer,
            label=gettext_lazy("Submit to the host organisation"),
            audit_action="request.submit",
            stamps={"submitted_at": NOW},
            guards=(_has_lines,),
            denied=gettext_lazy("Only the contracting organisation's coordinators may change its request."),
        ),
        Transition(
            "forward",
            {R.SUBMITTED},
            R.FORWARDED,
            who=request_host,
            label=gettext_lazy("Forward to MIC/CLAIR"),
            audit_action="request.forward",
            stamps={"forwarded_at": NOW},
            denied=gettext_lazy("Only the coordinators of the host organisation may forward or return it."),
        ),
        Transition(
            "accept",
            {R.SUBMITTED, R.FORWARDED},
            R.ACCEPTED,
            who=_request_agency,
            label=gettext_lazy("Accept"),
            audit_action="request.accept",
            stamps={"decided_at": NOW},
            denied=gettext_lazy("Only MIC or CLAIR staff may accept requests."),
        ),
        Transition(
            "return",
            {R.SUBMITTED, R.FORWARDED},
            R.RETURNED,
            who=request_returner,
            label=gettext_lazy("Return with a reason"),
            audit_action="request.return",
            stamps={"decided_at": NOW},
            reason_required=gettext_lazy("Give the reason for returning the request."),
            denied=gettext_lazy("Only the coordinators of the host organisation may forward or return it."),
        ),
    ),
)


# --- country plans and guidelines: the agencies draft, the Council approves ------------------------------


def _drafter(scope: Scope, obj: Any) -> bool:
    return perms.is_drafter(scope)


def _approver(scope: Scope, obj: Any) -> bool:
    return perms.is_council_approver(scope)


def _plan_has_lines(plan: Any) -> None:
    if not plan.lines.exists():
        raise DomainError(_("The plan has no lines yet: compute a proposal or add lines first."))


P = PlanStatus
PLANS = Workflow(
    key="plan",
    highlight=frozenset({P.APPROVED}),
    model="planning.CountryPlan",
    transitions=(
        Transition(
            "propose",
            {P.DRAFT},
            P.PROPOSED,
            who=_drafter,
            label=gettext_lazy("Propose to the Council"),
            audit_action="plan.propose",
            stamps={"proposed_at": NOW},
            guards=(_plan_has_lines,),
            denied=gettext_lazy("Only staff of MIC, MOFA, MEXT or CLAIR may change the country plan."),
        ),
        Transition(
            "send_back",
            {P.PROPOSED},
            P.DRAFT,
            who=_approver,
            label=gettext_lazy("Send back to the planners"),
            audit_action="plan.send_back",
            reason_required=gettext_lazy("Say why the plan is sent back to the planners."),
            denied=gettext_lazy("Only the Council's approvers may approve the country plan or send it back."),
        ),
        Transition(
            "approve",
            {P.PROPOSED},
            P.APPROVED,
            who=_approver,
            label=gettext_lazy("Approve"),
            audit_action="plan.approve",
            stamps={"approved_by": ACTOR, "approved_at": NOW},
            denied=gettext_lazy("Only the Council's approvers may approve the country plan or send it back."),
            confirm=True,
        ),
        Transition(
            "supersede",
            {P.APPROVED},
            P.SUPERSEDED,
            who=_approver,
            label=gettext_lazy("Supersede"),
            audit_action="plan.supersede",
        ),
    ),
)


def _council_audit(obj: Any) -> dict[str, Any]:
    council = Organisation.objects.filter(kind=OrgKind.COUNCIL).order_by("pk").first()
    return {"organisation": council}


G = GuidelineStatus
GUIDELINES = Workflow(
    key="guideline",
    highlight=frozenset({G.APPROVED}),
    model="planning.Guideline",
    audit_target=_council_audit,
    transitions=(
        Transition(
            "approve",
            {G.DRAFT},
            G.APPROVED,
            who=_approver,
            label=gettext_lazy("Approve"),
            audit_action="guideline.approve",
            stamps={"approved_by": ACTOR, "approved_at": NOW},
            denied=gettext_lazy("Only the Council's approver may approve the guidelines."),
            confirm=True,
        ),
        Transition(
            "supersede",
            {G.APPROVED},
            G.SUPERSEDED,
            who=_approver,
            label=gettext_lazy("Supersede"),
            audit_action="guideline.supersede",
        ),
    ),
)

WORKFLOWS = (REQUESTS, PLANS, GUIDELINES)


# --- the records' actions (core/access.py): what ``access_<x>_by_id(user, id, action=…)`` checks ----------


def _request_editor(scope: Scope, req: Any) -> bool:
    """Change a request's lines and note: its coordinators (while the window is open: the service says so
    when it is not) and MIC/CLAIR staff."""
    return request_writer(scope, req)


def _area_coordinator(scope: Scope, host: Any) -> bool:
    return perms.can_upload_requests(scope, host.pk)


REQUEST_ACTIONS = Actions(workflow=REQUESTS, edit=_request_editor)
HOST_ORG_ACTIONS = Actions(upload=_area_coordinator)
PLAN_ACTIONS = Actions(workflow=PLANS, edit=_drafter, new_version=_drafter)
GUIDELINE_ACTIONS = Actions(workflow=GUIDELINES, edit=_drafter, copy=_drafter, new_version=_drafter)
CRITERION_ACTIONS = Actions(edit=_drafter)
