"""The workflows of evaluation: the examination rules (draft → approved → superseded, as the guideline) and
the Council's findings (under discussion → adopted, or withdrawn with a reason)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jetpm.core.access import Actions
from jetpm.core.errors import DomainError
from jetpm.core.models import Organisation
from jetpm.core.scoping import Scope
from jetpm.core.states import OrgKind
from jetpm.core.workflow import ACTOR, NOW, Transition, Workflow
from jetpm.evaluation import permissions as perms
from jetpm.evaluation.states import DocumentStatus, FindingStatus


def _drafter(scope: Scope, obj: Any) -> bool:
    return perms.is_drafter(scope)


def _approver(scope: Scope, obj: Any) -> bool:
    return perms.is_council_approver(scope)


def _member(scope: Scope, obj: Any) -> bool:
    return perms.is_council_member(scope)


def _council_audit(obj: Any) -> dict[str, Any]:
    council = Organisation.objects.filter(kind=OrgKind.COUNCIL).order_by("pk").first()
    return {"organisation": council}


D = DocumentStatus
EXAMINATION_RULES = Workflow(
    key="examination_rules",
    highlight=frozenset({D.APPROVED}),
    model="evaluation.ExaminationRules",
    audit_target=_council_audit,
    transitions=(
        Transition(
            "approve",
            {D.DRAFT},
            D.APPROVED,
            who=_approver,
            label=gettext_lazy("Approve"),
            audit_action="examination_rules.approve",
            stamps={"approved_by": ACTOR, "approved_at": NOW},
            denied=gettext_lazy("Only the Council's approver may approve the examination rules."),
            confirm=True,
        ),
        Transition(
            "supersede",
            {D.APPROVED},
            D.SUPERSEDED,
            who=_approver,
            label=gettext_lazy("Supersede"),
            audit_action="examination_rules.supersede",
        ),
    ),
)


def _has_changes(finding: Any) -> None:
    if not finding.changes.exists():
        raise DomainError(
            _("Link the finding to at least one change in next year's documents before adopting it.")
        )


F = FindingStatus
FINDINGS = Workflow(
    key="finding",
    model="evaluation.Finding",
    audit_target=_council_audit,
    highlight=frozenset({F.ADOPTED}),
    transitions=(
        Transition(
            "adopt",
            {F.OPEN},
            F.ADOPTED,
            who=_approver,
            label=gettext_lazy("Adopt"),
            audit_action="finding.approve",
            stamps={"adopted_by": ACTOR, "adopted_at": NOW},
            guards=(_has_changes,),
            denied=gettext_lazy("Only the Council's approver may adopt a finding."),
            confirm=True,
        ),
        Transition(
            "withdraw",
            {F.OPEN},
            F.WITHDRAWN,
            who=_member,
            label=gettext_lazy("Withdraw"),
            audit_action="finding.withdraw",
            reason_field="withdraw_reason",
            reason_required=gettext_lazy("Say why the finding is withdrawn."),
            denied=gettext_lazy("Only the Council's members may withdraw a finding."),
        ),
    ),
)

WORKFLOWS = (EXAMINATION_RULES, FINDINGS)

EXAMINATION_RULES_ACTIONS = Actions(
    workflow=EXAMINATION_RULES, edit=_drafter, new_version=_drafter, copy=_drafter
)
FINDING_ACTIONS = Actions(workflow=FINDINGS, edit=_member, link=_member)
