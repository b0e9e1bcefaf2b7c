"""Appointments' workflows (core/workflow.py): the reappointment decision (final once decided) and the
appointment term (a serving term ends early by resignation or dismissal)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy

from jetpm.appointments.permissions import can_manage_reappointment
from jetpm.appointments.states import DecisionStatus, TermStatus
from jetpm.core.scoping import Scope
from jetpm.core.workflow import ACTOR, NOW, Transition, Workflow
from jetpm.placement.permissions import can_manage_runs


def _coordinator(scope: Scope, obj: Any) -> bool:
    """The coordinators of the term's contracting organisation."""
    return can_manage_reappointment(scope, obj.contracting_org_id)


def _decision_coordinator(scope: Scope, decision: Any) -> bool:
    return can_manage_reappointment(scope, decision.term.contracting_org_id)


def _coordinator_or_placement(scope: Scope, term: Any) -> bool:
    """The organisation's coordinators; CLAIR, when a placement correction undoes a started appointment."""
    return _coordinator(scope, term) or can_manage_runs(scope)


DECISIONS = Workflow(
    key="reappointment",
    model="appointments.ReappointmentDecision",
    audit_target=lambda d: {
        "organisation": d.term.contracting_org_id,
        "person": d.term.participant.person_id,
    },
    transitions=(
        Transition(
            "decide",
            {DecisionStatus.DRAFT},
            DecisionStatus.DECIDED,
            who=_decision_coordinator,
            label=gettext_lazy("Decide"),
            audit_action="reappointment.decide",
            stamps={"decided_at": NOW, "decided_by": ACTOR},
            denied=gettext_lazy("You may not decide this reappointment."),
            confirm=True,
        ),
    ),
)

TERMS = Workflow(
    key="appointment_term",
    model="appointments.AppointmentTerm",
    audit_target=lambda term: {"organisation": term.contracting_org_id, "person": term.participant.person_id},
    transitions=(
        Transition(
            "resign",
            {TermStatus.SERVING},
            TermStatus.RESIGNED,
            who=_coordinator_or_placement,
            label=gettext_lazy("Resigned"),
            audit_action="appointment_term.end",
            denied=gettext_lazy("You may not end this term."),
            confirm=True,
        ),
        Transition(
            "dismiss",
            {TermStatus.SERVING},
            TermStatus.DISMISSED,
            who=_coordinator,
            label=gettext_lazy("Dismissed"),
            audit_action="appointment_term.end",
            denied=gettext_lazy("You may not end this term."),
            confirm=True,
        ),
    ),
)

WORKFLOWS = (DECISIONS, TERMS)
