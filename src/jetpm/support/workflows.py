"""The support desk's workflow (core/workflow.py): one for every case, question or consultation.

open → answered (the mission or CLAIR answers) → follow-up (the opener writes again) → answered …; any of them
→ closed (by either side). Answering and following up write a message too (services.py)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy

from jetpm.core.access import Actions
from jetpm.core.scoping import Scope
from jetpm.core.workflow import NOW, Transition, Workflow
from jetpm.support.permissions import handles, handles_or_opened, opened, staffs_desk
from jetpm.support.states import CaseKind
from jetpm.support.states import CaseStatus as S


def _audit_target(case: Any) -> dict[str, Any]:
    """A question is filed under its mission and candidate; a consultation under its contracting organisation
    (advice it opened) and person. A counselling case under nobody: its events carry no content and only the
    counsellors list them (rules.py)."""
    if case.kind == CaseKind.COUNSELLING:
        return {}
    return {"organisation": case.mission_id or case.organisation_id, "person": case.person_id}


def _notify_answer(case: Any, actor: Any) -> None:
    from jetpm.support.notices import tell_answered

    tell_answered(case)


def _notify_close(case: Any, actor: Any) -> None:
    """Whoever opened the case is told when the other side closed it."""
    from jetpm.core.scoping import scope_of
    from jetpm.support.notices import tell_closed

    if not opened(scope_of(actor), case):
        tell_closed(case)


CASES = Workflow(
    key="support_case",
    model="support.Case",
    audit_target=_audit_target,
    transitions=(
        Transition(
            "answer",
            {S.OPEN, S.FOLLOW_UP},
            S.ANSWERED,
            who=handles,
            label=gettext_lazy("Answer"),
            audit_action="support_case.answer",
            stamps={"answered_at": NOW},
            notify=_notify_answer,
            denied=gettext_lazy(
                "Only the staff of the question's own mission answer a question; only CLAIR's staff answer "
                "advice, and only CLAIR's counsellors counselling."
            ),
        ),
        Transition(
            "follow_up",
            {S.ANSWERED},
            S.FOLLOW_UP,
            who=opened,
            label=gettext_lazy("Follow up"),
            audit_action="support_case.follow_up",
            denied=gettext_lazy("Only whoever opened the case may follow it up."),
        ),
        Transition(
            "close",
            {S.OPEN, S.ANSWERED, S.FOLLOW_UP},
            S.CLOSED,
            who=handles_or_opened,
            label=gettext_lazy("Close"),
            audit_action="support_case.close",
            stamps={"closed_at": NOW},
            notify=_notify_close,
            denied=gettext_lazy("Only whoever opened the case or whoever answers it may close it."),
        ),
    ),
)

WORKFLOWS = (CASES,)


def _publisher(scope: Scope, case: Any) -> bool:
    return case.kind == CaseKind.QUESTION and staffs_desk(scope, case.mission_id)


def _faq_editor(scope: Scope, entry: Any) -> bool:
    return staffs_desk(scope, entry.mission_id)


CASE_ACTIONS = Actions(workflow=CASES, assign=handles, publish=_publisher)
FAQ_ACTIONS = Actions(withdraw=_faq_editor)
