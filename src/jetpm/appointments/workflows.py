"""Appointments' workflows (core/workflow.py): the reappointment decision (final once decided) and the
appointment term (a serving term ends early by resignation or dismissal)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy

from jetpm.appointments.permissions import can_manage_reappointment, can_state_intention
from jetpm.appointments.states import DecisionStatus, TermStatus
from jetpm.core.access import Actions
from jetpm.core.scoping import Scope
from jetpm.core.states import PersonKind
from jetpm.core.workflow import ACTOR, NOW, Transition, Workflow
from jetpm.placement.permissions import can_manage_runs


def _coordinator(scope: Scope, obj: Any) -> bool:
    """The coordinators of the term's contracting organisation."""
    return can_manage_reappointment(scope, obj.contracting_org_id)


def _decision_coordinator(scope: Scope, decision: Any) -> bool:
    return can_manage_reappointment(scope, decision.term.contracting_org_id)


def _coordinator_or_placement(scope: Scope, term: Any) -> bool:
    """The organisation's coordinators; CLAIR, when a placement correction undoes a started appointment; the
    participant, when they decline their placement after the term has started."""
    own = scope.person_id is not None and scope.person_id == term.participant.person_id
    return _coordinator(scope, term) or can_manage_runs(scope) or own


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


def _placement(scope: Scope, person: Any) -> bool:
    """CLAIR, whose publication appoints a person or whose correction undoes it."""
    return can_manage_runs(scope)


def _declining(scope: Scope, person: Any) -> bool:
    """CLAIR, or the person themselves when they decline their placement."""
    return can_manage_runs(scope) or (scope.person_id is not None and scope.person_id == person.pk)


def _leaving(scope: Scope, person: Any) -> bool:
    """A participant leaves: the organisation's coordinators, CLAIR, or the person declining their post."""
    co = person.contracting_org_id  # None would mean "any organisation they coordinate"
    return (co is not None and can_manage_reappointment(scope, co)) or _declining(scope, person)


K = PersonKind
# The person's kind: an applicant (or an alumnus applying again) becomes a participant when a publication
# appoints them; a correction that undoes an appointment not yet started makes them an applicant again;
# the end of their service makes them an alumnus.
PERSONS = Workflow(
    key="person_kind",
    model="core.Person",
    field="kind",
    audit_target=lambda person: {"person": person.pk},
    transitions=(
        Transition(
            "appoint",
            {K.APPLICANT, K.ALUMNUS},
            K.PARTICIPANT,
            who=_placement,
            label=gettext_lazy("Appointed"),
            audit_action="person.appoint",
        ),
        Transition(
            "unappoint",
            {K.PARTICIPANT},
            K.APPLICANT,
            who=_declining,
            label=gettext_lazy("Appointment undone"),
            audit_action="person.unappoint",
        ),
        Transition(
            "leave",
            {K.PARTICIPANT},
            K.ALUMNUS,
            who=_leaving,
            label=gettext_lazy("Left the programme"),
            audit_action="person.leave",
        ),
    ),
)

WORKFLOWS = (DECISIONS, TERMS, PERSONS)


def _participant_coordinator(scope: Scope, participant: Any) -> bool:
    """The coordinators of the participant's (current) contracting organisation."""
    return can_manage_reappointment(scope, participant.person.contracting_org_id)


# The named permissions of each record, for ``access_<x>(user, id, action=…)`` (core/access.py).
PARTICIPANT_ACTIONS = Actions(manage=_participant_coordinator)
TERM_ACTIONS = Actions(
    workflow=TERMS,
    intention=can_state_intention,
    assess=_coordinator,
    decide=_coordinator,  # the term's decision (DECISIONS "decide": its term's coordinators)
    end=_coordinator,
)
DECISION_ACTIONS = Actions(workflow=DECISIONS)
PERSON_ACTIONS = Actions(workflow=PERSONS)
