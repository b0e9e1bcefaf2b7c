"""The departure assignment's workflow (core/workflow.py): travelling → arrived (confirmed by the receiving
CO or CLAIR), → did not arrive (a no-show, with its reason), → withdrew before departure (recorded by the
mission or CLAIR, with its reason). Each is final; the services (departure/services.py) do what follows:
the first term's dates, the seat reopened."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy

from jetpm.core.access import Actions
from jetpm.core.workflow import ACTOR, NOW, Transition, Workflow
from jetpm.predeparture.departure.permissions import (
    can_confirm_arrival,
    can_record_withdrawal,
    manages_assignment,
    manages_group,
)
from jetpm.predeparture.departure.states import DepartureStatus

S = DepartureStatus


def _target(assignment: Any) -> dict[str, Any]:
    return {"organisation": assignment.contracting_org_id, "person": assignment.person_id}


DEPARTURES = Workflow(
    key="departure",
    model="predeparture.DepartureAssignment",
    audit_target=_target,
    transitions=(
        Transition(
            "confirm_arrival",
            {S.ASSIGNED},
            S.ARRIVED,
            who=can_confirm_arrival,
            label=gettext_lazy("Confirm arrival"),
            audit_action="departure.arrive",
            stamps={"decided_at": NOW, "decided_by": ACTOR},
            denied=gettext_lazy("Only the receiving contracting organisation or CLAIR may confirm arrival."),
            confirm=True,
        ),
        Transition(
            "no_show",
            {S.ASSIGNED},
            S.NO_SHOW,
            who=can_confirm_arrival,
            label=gettext_lazy("Did not arrive"),
            audit_action="departure.no_show",
            stamps={"decided_at": NOW, "decided_by": ACTOR},
            reason_field="reason",
            reason_required=gettext_lazy("Say why the participant did not arrive."),
            denied=gettext_lazy("Only the receiving contracting organisation or CLAIR may record a no-show."),
            confirm=True,
        ),
        Transition(
            "withdraw",
            {S.ASSIGNED},
            S.WITHDRAWN,
            who=can_record_withdrawal,
            label=gettext_lazy("Withdrew before departure"),
            audit_action="departure.withdraw",
            stamps={"decided_at": NOW, "decided_by": ACTOR},
            reason_field="reason",
            reason_required=gettext_lazy("Say why the participant withdrew."),
            denied=gettext_lazy("Only the mission or CLAIR may record a withdrawal."),
            confirm=True,
        ),
    ),
)

# The named permissions of a group and of an assignment (``access_<x>(user, id, action=…)``).
GROUP_ACTIONS = Actions(manage=manages_group)
ASSIGNMENT_ACTIONS = Actions(workflow=DEPARTURES, move=manages_assignment)
