"""The workflows of the orientations (an event held or cancelled; a candidate's attendance), of the
checklist's visa paperwork (as the contracting organisation or CLAIR reports it) and of the send-off
evaluation (submitted to MOFA HQ, reviewed there)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, gettext_lazy

from jetpm.core.access import Actions
from jetpm.core.errors import DomainError
from jetpm.core.scoping import Scope
from jetpm.core.workflow import ACTOR, NOW, Transition, Workflow
from jetpm.outreach.workflows import report_workflow
from jetpm.predeparture.orientations.permissions import (
    can_draft_sendoff,
    can_manage_orientations,
    can_report_visa,
    is_own_invitation,
)
from jetpm.predeparture.orientations.states import Attendance as A
from jetpm.predeparture.orientations.states import EventStatus as E
from jetpm.predeparture.orientations.states import VisaStatus as V


def _event_manager(scope: Scope, event: Any) -> bool:
    return can_manage_orientations(scope, event.mission_id)


def _invitation_manager(scope: Scope, invitation: Any) -> bool:
    return can_manage_orientations(scope, invitation.event.mission_id)


def event_has_taken_place(event: Any) -> None:
    """Rule: an event is held, and attendance recorded, once its day has come."""
    if event.date > timezone.localdate():
        raise DomainError(
            gettext("The event of %(date)s has not taken place yet.")
            % {"date": date_format(event.date, "DATE_FORMAT")},
            field="date",
        )


def _attendance_day(invitation: Any) -> None:
    event_has_taken_place(invitation.event)
    if invitation.event.status == E.CANCELLED:
        raise DomainError(gettext("The event was cancelled: no attendance is recorded."))


EVENTS = Workflow(
    key="orientation_event",
    model="predeparture.OrientationEvent",
    audit_target=lambda event: {"organisation": event.mission_id},
    transitions=(
        Transition(
            "hold",
            {E.PLANNED},
            E.HELD,
            who=_event_manager,
            label=gettext_lazy("Mark as held"),
            audit_action="orientation_event.hold",
            stamps={"held_at": NOW},
            guards=(event_has_taken_place,),
            denied=gettext_lazy("Only the mission's staff may record its orientations."),
        ),
        Transition(
            "cancel",
            {E.PLANNED},
            E.CANCELLED,
            who=_event_manager,
            label=gettext_lazy("Cancel the event"),
            audit_action="orientation_event.cancel",
            reason_field="cancel_reason",
            reason_required=gettext_lazy("Give the reason for cancelling the event."),
            denied=gettext_lazy("Only the mission's staff may cancel its orientations."),
            confirm=True,
        ),
    ),
)

ATTENDANCE = Workflow(
    key="orientation_attendance",
    model="predeparture.OrientationInvitation",
    audit_target=lambda inv: {"organisation": inv.event.mission_id, "person": inv.application.person_id},
    transitions=(
        Transition(
            "attend",
            {A.INVITED, A.ABSENT},
            A.ATTENDED,
            who=_invitation_manager,
            label=gettext_lazy("Attended"),
            audit_action="orientation_invitation.attended",
            stamps={"attendance_at": NOW},
            guards=(_attendance_day,),
            denied=gettext_lazy("Only the mission's staff may record attendance."),
        ),
        Transition(
            "absent",
            {A.INVITED, A.ATTENDED},
            A.ABSENT,
            who=_invitation_manager,
            label=gettext_lazy("Absent"),
            audit_action="orientation_invitation.absent",
            stamps={"attendance_at": NOW},
            guards=(_attendance_day,),
            denied=gettext_lazy("Only the mission's staff may record attendance."),
        ),
    ),
)


def _visa_reporter(scope: Scope, checklist: Any) -> bool:
    return can_report_visa(scope, checklist.application_id)


_VISA_DENIED = gettext_lazy(
    "Only CLAIR or the contracting organisation the candidate is placed with may report the visa paperwork."
)

VISA = Workflow(
    key="visa_paperwork",
    model="predeparture.CandidateChecklist",
    field="visa_status",
    audit_target=lambda c: {"organisation": c.application.mission_id, "person": c.application.person_id},
    transitions=(
        Transition(
            "apply_coe",
            {V.NOT_STARTED},
            V.COE_APPLIED,
            who=_visa_reporter,
            label=gettext_lazy("Certificate of Eligibility applied for"),
            audit_action="checklist.visa.coe_applied",
            stamps={"visa_updated_at": NOW, "visa_updated_by": ACTOR},
            denied=_VISA_DENIED,
        ),
        Transition(
            "issue_coe",
            {V.COE_APPLIED},
            V.COE_ISSUED,
            who=_visa_reporter,
            label=gettext_lazy("Certificate of Eligibility issued"),
            audit_action="checklist.visa.coe_issued",
            stamps={"visa_updated_at": NOW, "visa_updated_by": ACTOR},
            denied=_VISA_DENIED,
        ),
        Transition(
            "issue_visa",
            {V.COE_ISSUED},
            V.VISA_ISSUED,
            who=_visa_reporter,
            label=gettext_lazy("Visa issued"),
            audit_action="checklist.visa.issued",
            stamps={"visa_updated_at": NOW, "visa_updated_by": ACTOR},
            denied=_VISA_DENIED,
        ),
    ),
)


SENDOFF = report_workflow(
    key="sendoff_evaluation",
    model="predeparture.SendoffEvaluation",
    submit_denied=gettext_lazy(
        "Only the mission's approver or administrator may submit its send-off evaluation."
    ),
    review_denied=gettext_lazy("Only MOFA's staff may review the missions' send-off evaluations."),
)

ORIENTATION_WORKFLOWS = (EVENTS, ATTENDANCE, VISA, SENDOFF)


# --- the records' actions (core/access.py) ------------------------------------------------------------


def _sendoff_writer(scope: Scope, evaluation: Any) -> bool:
    return can_draft_sendoff(scope, evaluation.mission_id)


EVENT_ACTIONS = Actions(workflow=EVENTS, manage=_event_manager)
INVITATION_ACTIONS = Actions(workflow=ATTENDANCE, feedback=is_own_invitation, manage=_invitation_manager)
CHECKLIST_ACTIONS = Actions(workflow=VISA, report=_visa_reporter)
SENDOFF_ACTIONS = Actions(workflow=SENDOFF, edit=_sendoff_writer)
