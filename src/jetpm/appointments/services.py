"""Writes of appointments' terms (the reappointment round: ``reappointment/services.py``; the participant
history: ``history/services.py``)."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from jetpm.appointments.models import AppointmentTerm, ReappointmentDecision, TermEnding
from jetpm.appointments.states import DecisionStatus
from jetpm.appointments.workflows import TERMS
from jetpm.core import workflow
from jetpm.core.calendar import fiscal_year_bounds
from jetpm.core.errors import DomainError
from jetpm.core.models import User
from jetpm.core.scoping import get_visible


@transaction.atomic
def end_term(*, actor: User, term_id: int, status: str, ended_on: date, reason: str) -> TermEnding:
    """A serving term ends early: resigned or dismissed, on a day of its fiscal year, with the reason.
    A draft reappointment of the term is dropped (a decided one stays: it is final)."""
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Give the reason."), field="reason")
    term = get_visible(
        actor,
        AppointmentTerm.objects.select_for_update(of=("self",)).select_related("participant"),
        pk=term_id,
    )
    step = workflow.step_to(TERMS, term, status)
    workflow.check(TERMS, term, step, actor=actor)
    first, last = fiscal_year_bounds(term.fiscal_year)
    if not first <= ended_on <= last:
        raise DomainError(
            _("The end date must fall within the term's fiscal year (%(first)s to %(last)s).")
            % {"first": date_format(first, "DATE_FORMAT"), "last": date_format(last, "DATE_FORMAT")},
            field="ended_on",
        )
    workflow.perform(
        TERMS, term, step, actor=actor, reason=reason, changes={"ended_on": [None, ended_on.isoformat()]}
    )
    ending = TermEnding.objects.create(term=term, ended_on=ended_on, reason=reason, recorded_by=actor)
    ReappointmentDecision.objects.filter(term=term, status=DecisionStatus.DRAFT).delete()
    return ending
