"""Every read of the Council's findings and the examination rules, scoped (evaluation/rules.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet

from jetpm.core import workflow
from jetpm.core.access import access
from jetpm.core.models import User
from jetpm.core.scoping import scope_of, visible_to
from jetpm.evaluation.models import ExaminationRules, Finding, FindingChange
from jetpm.evaluation.permissions import can_read_rule_drafts
from jetpm.evaluation.states import DOCUMENT_EDITABLE, DocumentStatus, FindingStatus
from jetpm.evaluation.workflows import (
    EXAMINATION_RULES,
    EXAMINATION_RULES_ACTIONS,
    FINDING_ACTIONS,
    FINDINGS,
)
from jetpm.planning.models import Criterion, Guideline
from jetpm.planning.selectors.guidelines import GuidelineText, text_in_language

# --- the examination rules ----------------------------------------------------------------------------------


def examination_rules_for(user: User) -> QuerySet[ExaminationRules]:
    return (
        visible_to(user, ExaminationRules)
        .annotate(n_findings=Count("finding_changes__finding", distinct=True))
        .order_by("-intake_year", "-version")
    )


def access_examination_rules(
    user: User, examination_rules_id: int, *, action: str | None = None
) -> ExaminationRules:
    """Rules the user may see and, with ``action`` (``"edit"``, ``"new_version"`` or a step of the workflow),
    may act on; else :class:`NotFound`."""
    return access(
        user,
        ExaminationRules.objects.select_related("approved_by", "supersedes"),
        action=action,
        actions=EXAMINATION_RULES_ACTIONS,
        pk=examination_rules_id,
    )


def is_editable(rules: ExaminationRules) -> bool:
    return rules.status in DOCUMENT_EDITABLE


def examination_rules_abilities(user: User, rules: ExaminationRules) -> dict[str, bool]:
    steps = {t.name for t in workflow.available(EXAMINATION_RULES, user, rules)}

    def may(action: str) -> bool:
        return EXAMINATION_RULES_ACTIONS.allows(user, rules, action)

    return {
        "can_edit": is_editable(rules) and may("edit"),
        "can_approve": "approve" in steps,
        "can_correct": rules.status == DocumentStatus.APPROVED and may("new_version"),
        "sees_history": can_read_rule_drafts(scope_of(user)),
    }


def rules_text(rules: ExaminationRules, language: str | None = None) -> GuidelineText:
    """The text in the reader's language with the other one available (as the guideline's)."""
    return text_in_language(rules, language)  # type: ignore[arg-type]  # the same two text fields


# --- findings ---------------------------------------------------------------------------------------------


def findings_for(
    user: User, *, year: int | None = None, status: str = "", source: str = ""
) -> QuerySet[Finding]:
    qs = visible_to(user, Finding).annotate(n_changes=Count("changes"))
    if year is not None:
        qs = qs.filter(fiscal_year=year)
    if status:
        qs = qs.filter(status=status)
    if source:
        qs = qs.filter(source=source)
    return qs.order_by("-fiscal_year", "status", "pk")


def finding_years(user: User) -> list[int]:
    return list(
        visible_to(user, Finding).order_by("-fiscal_year").values_list("fiscal_year", flat=True).distinct()
    )


def access_finding(user: User, finding_id: int, *, action: str | None = None) -> Finding:
    """A finding the user may see and, with ``action`` (``"edit"``, ``"link"`` or a step), may act on."""
    return access(
        user,
        Finding.objects.select_related("recorded_by", "adopted_by"),
        action=action,
        actions=FINDING_ACTIONS,
        pk=finding_id,
    )


def changes_of(user: User, finding: Finding) -> list[FindingChange]:
    return list(
        visible_to(user, FindingChange)
        .filter(finding=finding)
        .select_related("guideline", "criterion", "examination_rules")
        .order_by("pk")
    )


def finding_abilities(user: User, finding: Finding) -> dict[str, bool]:
    steps = {t.name for t in workflow.available(FINDINGS, user, finding)}
    is_open = finding.status == FindingStatus.OPEN
    return {
        "can_edit": is_open and FINDING_ACTIONS.allows(user, finding, "edit"),
        "can_link": is_open and FINDING_ACTIONS.allows(user, finding, "link"),
        "can_adopt": "adopt" in steps,
        "can_withdraw": "withdraw" in steps,
    }


@dataclass(frozen=True)
class NextYearDrafts:
    """What a finding of the discussion may change: next year's draft guideline and its criteria, and next
    year's draft examination rules (None when the year has no draft)."""

    year: int
    guideline: Guideline | None
    criteria: list[Criterion]
    examination_rules: ExaminationRules | None


def next_year_drafts(user: User, finding: Finding) -> NextYearDrafts:
    year = finding.target_year
    guideline = (
        visible_to(user, Guideline)
        .filter(intake_year=year, status=DocumentStatus.DRAFT)
        .order_by("-version")
        .first()
    )
    criteria = (
        list(visible_to(user, Criterion).filter(guideline=guideline).order_by("stage", "order", "code"))
        if guideline
        else []
    )
    rules = (
        visible_to(user, ExaminationRules)
        .filter(intake_year=year, status=DocumentStatus.DRAFT)
        .order_by("-version")
        .first()
    )
    return NextYearDrafts(year=year, guideline=guideline, criteria=criteria, examination_rules=rules)


def _with_findings(user: User, qs: QuerySet[FindingChange]) -> list[FindingChange]:
    return list(
        qs.filter(finding__in=visible_to(user, Finding))
        .select_related("finding", "criterion")
        .order_by("finding__fiscal_year", "finding_id", "pk")
    )


def changes_to_guideline(user: User, guideline: Guideline) -> list[FindingChange]:
    """The findings' changes to the guideline of this intake year (any version) and its criteria: what the
    draft shows of the findings that changed it. Empty for a user who may not read findings."""
    return _with_findings(
        user, visible_to(user, FindingChange).filter(guideline__intake_year=guideline.intake_year)
    )


def changes_to_examination_rules(user: User, rules: ExaminationRules) -> list[FindingChange]:
    return _with_findings(
        user, visible_to(user, FindingChange).filter(examination_rules__intake_year=rules.intake_year)
    )


def by_finding(changes: list[FindingChange]) -> list[dict[str, Any]]:
    """The changes grouped by their finding, in order: ``[{"finding": f, "changes": [...]}, …]``."""
    out: list[dict[str, Any]] = []
    for change in changes:
        if not out or out[-1]["finding"].pk != change.finding_id:
            out.append({"finding": change.finding, "changes": []})
        out[-1]["changes"].append(change)
    return out
